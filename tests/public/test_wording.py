"""Lighter wording for residents (issue 22, item 10): glossary words linked where they first
appear on a promise page, one giver per partner, one name per page, no empty filter."""

import re

import pytest

from promises.models import FocusArea, GlossaryTerm, Promise
from promises.templatetags.glossary import glossary_links

from ..support.html import visible_text

pytestmark = pytest.mark.django_db


def glossary_anchors(html):
    return re.findall(r'<a class="glossary-link" href="/ordlista/#ord-([\w-]+)">(.*?)</a>', html)


def test_a_promise_page_links_each_glossary_word_once_where_it_first_appears(client):
    promise = Promise.objects.get(text__endswith="A-traktorer och EPA-traktorer.")
    html = client.get(promise.get_absolute_url()).content.decode()
    heading = re.search(r'<h1 id="rubrik"[^>]*>(.*?)</h1>', html, re.S).group(1)
    # "A-traktor" is not found inside "EPA-traktorer", which has its own entry.
    assert glossary_anchors(heading) == [
        ("buskorning", "buskörningen"),
        ("a-traktor", "A-traktorer"),
        ("epa-traktor", "EPA-traktorer"),
    ]
    assert re.sub(r"<[^>]+>", "", heading) == promise.text
    assert len(glossary_anchors(html)) == 3
    glossary = client.get("/ordlista/").content.decode()
    assert 'id="ord-a-traktor"' in glossary and 'id="ord-epa-traktor"' in glossary


def test_only_the_first_appearance_is_linked_and_everything_is_escaped():
    terms = [GlossaryTerm(term="Lägesbild", slug="lagesbild"), GlossaryTerm(term="A<b>", slug="x")]
    html = glossary_links("<i>lägesbilden</i> och Lägesbild igen & A<b>c", terms)
    assert html == (
        '&lt;i&gt;<a class="glossary-link" href="/ordlista/#ord-lagesbild">lägesbilden</a>'
        "&lt;/i&gt; och Lägesbild igen &amp; "
        '<a class="glossary-link" href="/ordlista/#ord-x">A&lt;b&gt;c</a>'
    )
    assert glossary_links("Inget ord här.", terms) == "Inget ord här."


def test_a_glossary_word_an_editor_adds_is_linked_at_once(client):
    promise = Promise.objects.get(text__startswith="Fokusera")
    GlossaryTerm.objects.create(term="brottsoffer", slug="brottsoffer", definition="Den som …")
    html = client.get(promise.get_absolute_url()).content.decode()
    assert ("brottsoffer", "brottsoffer") in glossary_anchors(html)


def test_the_period_list_has_one_name_everywhere(client):
    html = client.get("/medborgarloften/").content.decode()
    assert "<h1>Alla medborgarlöften</h1>" in html
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="/medborgarloften/">Alla medborgarlöften</a>' in footer
    for url in ("/", "/medborgarloften/", "/loften/"):
        assert "Alla perioder" not in client.get(url).content.decode(), url


def test_a_focus_area_filter_with_nothing_to_choose_is_not_shown(client):
    assert not Promise.focus_areas.through.objects.exists()
    html = client.get("/loften/").content.decode()
    assert 'name="omrade"' not in html and "Fokusområde" not in visible_text(html)
    # A shared link with an area still answers as before.
    assert client.get("/loften/?omrade=droghandel").status_code == 200
    assert client.get("/loften/?omrade=finns-inte").status_code == 400
    Promise.objects.first().focus_areas.add(FocusArea.objects.get(slug="droghandel"))
    html = client.get("/loften/").content.decode()
    assert 'name="omrade"' in html
