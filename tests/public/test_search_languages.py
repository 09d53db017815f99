"""The search finds the editors' Swedish texts: on English and Arabic pages its titles and
snippets are marked as Swedish (and the page's note says so), on Swedish pages nothing is."""

import re

import pytest

pytestmark = pytest.mark.django_db

MARK = {"": None, "/en": ' lang="sv"', "/ar": ' lang="sv" dir="ltr"'}


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_search_titles_and_snippets_are_marked_swedish_on_other_languages_pages(client, prefix):
    html = client.get(f"{prefix}/sok/", {"q": "trygghet"}).content.decode()
    snippets = re.findall(r'<span class="search-snippet"([^>]*)>', html)
    kinds = re.findall(r'search-result__kind">([^<]+)', html)
    assert len(snippets) >= 3 and len(kinds) >= 3
    if MARK[prefix] is None:
        assert set(snippets) == {""}
        assert 'lang="sv"' not in html[html.index("<main") :]
    else:
        assert set(snippets) == {MARK[prefix]}
        # The term's title (a Swedish word) is marked too.
        assert re.search(r'#ord-[\w-]+"' + re.escape(MARK[prefix]) + ">", html)
