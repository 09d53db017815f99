"""Editors' translations on the English and Arabic pages: a published translation is shown as
the page's own language (not marked Swedish); a missing or draft one shows the Swedish text,
marked lang="sv" (left to right inside Arabic), and only then does the page carry its note."""

import re

import pytest
from django.utils import translation

from promises.models import GlossaryTerm, Promise, PromisePeriod

from ..support.follow_ups import report

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "The police and the municipalities write their texts in Swedish.",
    "ar": "تكتب الشرطة والبلديات نصوصها باللغة السويدية.",
}
# Made up for the tests: no one wrote these translations.
ENGLISH = "Test translation: focus on victims of crime"
ARABIC = "ترجمة تجريبية للوعد"


def opening_tag(html: str, text: str) -> str | None:
    """The opening tag of the element whose text begins with `text`."""
    found = re.search(r"(<[a-z0-9]+[^>]*>)\s*" + re.escape(text), html)
    return found.group(1) if found else None


@pytest.fixture
def promise():
    return Promise.objects.get(text__startswith="Fokusera")


def translate(row, language, published=True, **texts):
    for field, text in texts.items():
        setattr(row, f"{field}_{language}", text)
    setattr(row, f"translation_published_{language}", published)
    row.save()


def test_a_published_translation_is_shown_as_the_pages_own_language(client, promise):
    translate(promise, "en", text=ENGLISH)
    # The promise page names its period (meta line, breadcrumbs): translated too.
    translate(promise.period, "en", title="Test period title in English")
    html = client.get("/en" + promise.get_absolute_url()).content.decode()
    tag = opening_tag(html, ENGLISH)
    assert tag is not None and "lang=" not in tag
    assert promise.text not in html.split("<main", 1)[1].split("</h1>", 1)[0]
    # Nothing else on the page is an editor's Swedish text: no note.
    assert NOTE["en"] not in html
    # The period's page and its list item show it too.
    period_html = client.get("/en" + promise.period.get_absolute_url()).content.decode()
    assert "lang=" not in opening_tag(period_html, ENGLISH)
    # A follow-up in Swedish only brings the note back, once, and is marked.
    report(promise, "in_progress", "2024-03-01", text="Testuppföljning på svenska.")
    html = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert html.count(NOTE["en"]) == 1
    assert 'lang="sv"' in opening_tag(html, "<p>Testuppföljning")


@pytest.mark.parametrize("state", ["draft", "missing", "published but empty"])
def test_without_a_published_translation_the_swedish_text_is_shown_marked(client, promise, state):
    if state == "draft":
        translate(promise, "en", published=False, text=ENGLISH)
    elif state == "published but empty":
        translate(promise, "en", text="")
    html = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert ENGLISH not in html
    assert 'lang="sv"' in opening_tag(html, promise.text[:30])
    assert html.count(NOTE["en"]) == 1


def test_a_published_period_with_a_draft_translation_shows_swedish(client, promise):
    period = promise.period
    assert period.is_published
    translate(period, "en", published=False, title="Test translation: citizen promise")
    html = client.get("/en" + period.get_absolute_url()).content.decode()
    assert "Test translation: citizen promise" not in html
    heading = re.search(r'<h1 id="rubrik"[^>]*>([^<]*)</h1>', html)
    assert heading.group(1) == period.title
    assert 'lang="sv"' in heading.group(0)


def test_arabic_pages_set_the_direction_around_swedish_texts_only(client, promise):
    translate(promise, "ar", text=ARABIC)
    other = Promise.objects.filter(period=promise.period).exclude(pk=promise.pk).first()
    html = client.get("/ar" + promise.period.get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    translated = opening_tag(html, ARABIC)
    assert "lang=" not in translated and "dir=" not in translated
    swedish = opening_tag(html, other.text[:30])
    assert 'lang="sv"' in swedish and 'dir="ltr"' in swedish
    assert html.count(NOTE["ar"]) == 1


def test_the_note_is_left_out_when_every_text_on_the_page_is_translated(client):
    for number, term in enumerate(GlossaryTerm.objects.all()):
        translate(term, "en", term=f"Test word {number}", definition=f"Test meaning {number}.")
    html = client.get("/en/ordlista/").content.decode()
    assert "Test word 0" in html
    assert NOTE["en"] not in html
    assert 'lang="sv"' not in html.split("<main", 1)[1]
    # The Arabic page, with no translation, still shows the Swedish words and the note.
    assert NOTE["ar"] in client.get("/ar/ordlista/").content.decode()


def test_swedish_pages_always_show_the_swedish_text(client, promise):
    translate(promise, "en", text=ENGLISH)
    html = client.get(promise.get_absolute_url()).content.decode()
    assert ENGLISH not in html
    assert promise.text in html


def test_translated_texts_are_escaped(client, promise):
    translate(promise, "en", text='<script>alert("x")</script> Test translation')
    html = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_rich_text_translations_keep_their_formatting(client, promise):
    follow_up = report(promise, "in_progress", "2024-03-01")
    translate(follow_up, "en", text="Test translation with **bold** words.")
    html = client.get("/en" + promise.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html


def test_the_swedish_columns_and_queries_are_untouched_by_the_active_language(promise):
    translate(promise, "en", text=ENGLISH)
    with translation.override("en"):
        again = Promise.objects.get(pk=promise.pk)
        assert again.text.startswith("Fokusera")
        assert Promise.objects.filter(text=again.text).count() == 1
        assert not Promise.objects.filter(text=ENGLISH).exists()
        assert ENGLISH not in again.search_text
        assert PromisePeriod.objects.filter(title=promise.period.title).exists()
