"""An attacker's and a resident's second reading of the languages (issue 26): error pages in
the address's language, with its direction."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HTML = re.compile(r"<html[^>]*>")


@pytest.mark.parametrize(
    ("prefix", "html", "words"),
    [
        ("", '<html lang="sv" dir="ltr">', "Formuläret kunde inte läsas"),
        ("/en", '<html lang="en" dir="ltr">', "The form could not be read"),
        ("/ar", '<html lang="ar" dir="rtl">', "تعذّرت قراءة النموذج"),
    ],
)
def test_a_form_sent_without_its_csrf_token_gets_a_403_in_the_page_language(prefix, html, words):
    # The period page's alert form: a page kept open past its cookie, or a cookie blocked.
    response = Client(enforce_csrf_checks=True).post(
        f"{prefix}/medborgarloften/2023-2024/", {"email": "a@example.org"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert HTML.search(page).group(0) == html
    assert words in page
    # A whole page of the site's, its header's language links included.
    assert 'class="language-links"' in page


LINKS = re.compile(r'<nav class="language-links".*?</nav>', re.S)


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("/en/sok/?q=trafik&utm_source=nyhetsbrev&junk=xxxx&sida=1", "/sok/?q=trafik"),
        ("/ar/sok/?fbclid=1&q=trafik&polisomrade=sodra-fyrbodal", "/sok/?q=trafik&amp;polisomrade"),
        ("/en/omraden/?q=orust&utm_campaign=x", "/omraden/?q=orust"),
    ],
)
def test_the_language_links_of_a_search_keep_the_search_and_drop_tracking_and_junk(
    client, address, kept
):
    links = LINKS.search(client.get(address).content.decode()).group(0)
    assert f'href="{kept}' in links
    for junk in ("utm_", "junk", "fbclid", "sida"):
        assert junk not in links
