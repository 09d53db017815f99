"""Editors' texts stay Swedish on English and Arabic pages until they are translated: each is in
an element marked lang="sv" (left to right inside Arabic), and the page says so once, in its
own language."""

import re

import pytest

from promises.models import Promise

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "The police and the municipalities write their texts in Swedish.",
    "ar": "تكتب الشرطة والبلديات نصوصها باللغة السويدية.",
}


def marked(html: str, text: str) -> str | None:
    """The opening tag of the element whose text begins with `text`."""
    found = re.search(r"(<[a-z0-9]+[^>]*>)\s*" + re.escape(text), html)
    return found.group(1) if found else None


@pytest.mark.parametrize(("prefix", "code"), [("/en", "en"), ("/ar", "ar")])
def test_a_promise_page_marks_the_swedish_texts(client, prefix, code):
    promise = Promise.objects.get(text__startswith="Fokusera")
    html = client.get(prefix + promise.get_absolute_url()).content.decode()
    tag = marked(html, "Fokusera")
    assert tag is not None and 'lang="sv"' in tag
    assert ('dir="ltr"' in tag) == (code == "ar")
    assert html.count(NOTE[code]) == 1
    period_html = client.get(prefix + promise.period.get_absolute_url()).content.decode()
    assert 'lang="sv"' in marked(period_html, promise.text[:20])
    assert period_html.count(NOTE[code]) == 1


def test_swedish_pages_need_no_marks(client):
    promise = Promise.objects.get(text__startswith="Fokusera")
    html = client.get(promise.get_absolute_url()).content.decode()
    body = html[html.index("<body") :]
    assert 'lang="sv"' not in body.replace('<a href="/" lang="sv"', "")
    assert NOTE["en"] not in html and NOTE["ar"] not in html


def test_the_embed_marks_them_too(client):
    html = client.get("/ar/inbaddning/2023-2024/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert NOTE["ar"] in html
    assert re.search(r'<a href="[^"]+" target="_top" lang="sv" dir="ltr">', html)
