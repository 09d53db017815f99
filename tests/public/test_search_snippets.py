"""Search snippets: cut around the first match, the found words marked, the rest escaped, and
taken from the field that matched (issue 22, item 6)."""

import re

import pytest

from promises.models import Action, FollowUp, Partner, Promise, PromisePeriod
from promises.public import search, snippets

from ..support.follow_ups import police_promises, report

pytestmark = pytest.mark.django_db


def marks(html):
    return re.findall(r"<mark>(.*?)</mark>", html)


def results(client, query):
    html = client.get("/sok/", {"q": query}).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_snippet_is_cut_around_the_first_match_with_every_form_of_the_word_marked():
    text = "Inledning. " * 40 + "Attityder kring **narkotika** och Narkotikabrott. " + "Slut. " * 40
    html = snippets.snippet(text, search.terms("narkotikan"))
    assert marks(html) == ["narkotika", "Narkotikabrott"]
    assert html.startswith("…") and html.endswith("…")
    assert len(re.sub(r"<[^>]+>", "", html)) <= snippets.LENGTH + 2
    assert "**" not in html  # the editors' Markdown is read as plain text
    # The cut falls between words.
    assert html.startswith("…Inledning.")


def test_everything_but_the_marks_is_escaped():
    html = snippets.snippet('<script>alert("narkotika")</script> & narkotika', ["narkotik"])
    assert "<script>" not in html
    assert html == (
        "&lt;script&gt;alert(&quot;<mark>narkotika</mark>&quot;)&lt;/script&gt; &amp; "
        "<mark>narkotika</mark>"
    )
    # A mark inside the editor's text is text, not a mark.
    assert marks(snippets.marked("<mark>x</mark> EPA-traktorer", ["epa-traktor"])) == [
        "EPA-traktorer"
    ]


def test_marking_follows_the_searchs_normalisation():
    assert marks(snippets.marked("TJÖRNS KOMMUN", search.terms("tjörn"))) == ["TJÖRNS"]
    # "ﬁ" is two letters after NFKC; a decomposed "é" is one: the marks land on the original.
    assert marks(snippets.marked("ﬁnska caf\u0065\u0301et", search.terms("finska caféet"))) == [
        "ﬁnska",
        "caf\u0065\u0301et",
    ]


def test_the_lagesbild_snippet_shows_the_word_searched_for(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    assert "narkotika" not in " ".join(period.situation_text.split()[:30]).lower()
    page = results(client, "narkotika")
    section = re.search(r'<li class="search-result">[^\n]*#lagesbild".*?</li>', page, re.S).group(0)
    assert "<mark>narkotika</mark>" in section.lower()


def test_a_promise_found_through_a_follow_up_shows_that_follow_ups_words(client):
    promise = police_promises()[0]
    report(
        promise, "done", "2024-01-01", text="Vi ordnade en nattvandring med föräldrar i Kållekärr."
    )
    page = results(client, "nattvandringen")
    item = re.search(rf'<li id="lofte-{promise.pk}">(.*?)</li>', page, re.S).group(1)
    assert "Ur en uppföljning:" in item
    assert "<mark>nattvandring</mark>" in item
    # The follow-up's own result has its snippet too.
    follow_up = re.search(r'<li class="search-result">[^\n]*#uppfoljning-.*?</li>', page, re.S)
    assert "<mark>nattvandring</mark>" in follow_up.group(0)


def test_a_promise_found_by_its_own_words_is_marked_without_another_snippet(client):
    promise = Promise.objects.get(text__endswith="EPA-traktorer.")
    page = results(client, "EPA-traktorer")
    item = re.search(rf'<li id="lofte-{promise.pk}">(.*?)</li>', page, re.S).group(1)
    assert "<mark>EPA-traktorer</mark>" in item
    assert "search-snippet" not in item


def test_an_action_that_matched_gives_the_snippet(client):
    promise = police_promises()[1]
    Action.objects.create(
        promise=promise,
        responsible=Partner.objects.get(slug="lokalpolisomrade-sodra-fyrbodal"),
        title="Kontroller av mopedbilar vid skolorna",
        goal="Färre olyckor.",
        key="test-mopedbilar",
        is_published=True,
    )
    item = re.search(rf'<li id="lofte-{promise.pk}">(.*?)</li>', results(client, "mopedbil"), re.S)
    assert "Ur en åtgärd:" in item.group(1)
    assert "<mark>mopedbilar</mark>" in item.group(1)


def test_a_draft_follow_up_is_never_a_snippet(client):
    promise = police_promises()[0]
    report(promise, "done", "2024-01-01", text="Hemlig nattvandring.", published=False)
    assert "Hemlig" not in results(client, "nattvandring")
    assert not FollowUp.objects.filter(is_published=True).exists()
