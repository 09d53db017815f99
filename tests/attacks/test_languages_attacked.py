"""An attacker's and a resident's second reading of the languages (issue 26): error pages in
the address's language, with its direction."""

import json
import re

import pytest
from django.test import Client

from promises.models import Promise

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


def main_entity(page):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    graph = json.loads(found.group(1))["@graph"]
    return next(node["mainEntity"] for node in graph if node["@type"] == "WebPage")


def title_of(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


def test_title_description_and_structured_data_say_what_the_page_shows(client):
    promise = Promise.objects.filter(period__slug="2023-2024").first()
    period = promise.period
    promise.text_en, promise.translation_published_en = "Safer crossings in town", True
    promise.text_ar = "نص غير منشور"  # filled in, not published
    promise.save()
    period.title_en, period.translation_published_en = "Citizen promise 2023–2024", True
    period.save()
    english = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert "Safer crossings in town" in title_of(english)
    assert "Citizen promise 2023–2024" in title_of(english)
    assert main_entity(english)["name"] == "Safer crossings in town"
    assert main_entity(english)["inLanguage"] == "en"
    # Arabic: the translation is not published, so the Swedish text, said to be Swedish.
    arabic = client.get("/ar" + promise.get_absolute_url()).content.decode()
    assert "نص غير منشور" not in arabic
    assert main_entity(arabic)["name"] == promise.text
    assert main_entity(arabic)["inLanguage"] == "sv"
    swedish = client.get(promise.get_absolute_url()).content.decode()
    assert "Safer crossings" not in swedish


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/en/medborgarloften/finns-inte/", {"/", "/ar/"}),
        ("/ar/parter/finns-inte/", {"/", "/en/"}),
        ("/en/medborgarloften/2023-2024/loften/999/", {"/", "/ar/"}),
        # A page number past the list's end: the list's first page in the other languages.
        ("/ar/loften/?sida=99", {"/loften/", "/en/loften/"}),
    ],
)
def test_the_language_links_of_a_404_lead_to_the_start_pages(client, address, expected):
    response = client.get(address)
    assert response.status_code == 404
    links = LINKS.search(response.content.decode()).group(0)
    assert set(re.findall(r'href="([^"]*)"', links)) == expected
