"""Search worth using (issue 25): ranked, paginated results with snippets around the match, the
same on SQLite (portable search) and PostgreSQL (full-text search), never a draft, never a
500, and a page that stays small and costs the same queries however many areas there are.

The world is built once for the module (40 made-up areas, texts about traffic and bicycles)
and rolled back after it.
"""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from promises.models import Action, FollowUp, GlossaryTerm, Indicator, Promise
from promises.public import search_results

from ..support.areas import NORTH, SOUTH, current_period, make_area, make_many_areas
from ..support.html import visible_text
from ..support.quiet_build import content_signals_muted

pytestmark = pytest.mark.django_db

FILLER = "Vi samarbetar med skolor, föreningar och näringsliv i hela området. " * 30


def first_promise(area):
    return current_period(area).promises.order_by("order").first()


def build_world():
    north = make_area(NORTH)
    south = make_area(SOUTH)
    many = make_many_areas(38)
    police = north.partners.get(kind="police_area")
    one, two = current_period(north).promises.order_by("order")
    one.text = "Bygga cykelbanor, laga cykelbanor och lysa upp cykelbanor vid skolorna."
    one.save()
    two.text = "Se över en cykelbana och arbeta med trafiksäkerhet på Tjörn."
    two.save()
    Action.objects.create(
        promise=one,
        responsible=police,
        title="Cykelhjälmar till alla elever",
        goal="Färre skador.",
        key="test-hjalmar-titel",
        is_published=True,
    )
    Action.objects.create(
        promise=one,
        responsible=police,
        title="Föräldramöten",
        goal="Föräldrar som pratar om cykelhjälmar.",
        key="test-hjalmar-mal",
        is_published=True,
    )
    FollowUp.objects.create(
        promise=one,
        reported_by=police,
        status="in_progress",
        reported_on="2026-11-02",
        text=FILLER + "Till sist: färre narkotikabrott nära skolan.",
        is_published=True,
    )
    FollowUp.objects.create(
        promise=two,
        reported_by=police,
        status="in_progress",
        reported_on="2026-11-03",
        text='<script>alert("x")</script> Nya cykelvägar <b>invigda</b> & fler planeras.',
        is_published=True,
    )
    Indicator.objects.create(
        promise=one,
        name="Andel trygga cyklister",
        unit="procent",
        target_value=80,
        target_on="2027-12-31",
        direction="up",
        is_published=True,
    )
    # Drafts everywhere: a word only they hold is never found.
    Indicator.objects.create(
        promise=one,
        name="Smygord indikator",
        unit="antal",
        target_value=1,
        target_on="2027-12-31",
        direction="up",
        is_published=False,
    )
    Action.objects.create(
        promise=one, responsible=police, title="Smygord åtgärd", key="test-smygord"
    )
    FollowUp.objects.create(
        promise=two,
        reported_by=police,
        status="done",
        reported_on="2026-11-04",
        text="Smygord uppföljning.",
        is_published=False,
    )
    hidden = make_area(
        {**SOUTH, "name": "Testområde Utkast", "slug": "testomrade-utkast"}
        | {"police": ("Lokalpolisområde Utkast", "lpo-utkast"), "municipalities": []},
        published=False,
    )
    draft_period = current_period(hidden)
    draft_period.situation_text = "Smygord i lägesbilden."
    draft_period.save()
    Promise.objects.filter(period=draft_period).update(text="Smygord i ett utkast.")
    # Every made-up area promises something about traffic, deep in a long text.
    for area in [south, *many]:
        promise = first_promise(area)
        promise.text = FILLER + f"Öka trafiksäkerheten i {area.name}."
        promise.save()
    GlossaryTerm.objects.create(
        term="Cykelfartsgräns", slug="cykelfartsgrans", definition="Påhittad förklaring."
    )
    return north


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with content_signals_muted():  # the stamps moved once (tests/support/quiet_build.py)
            north = build_world()
        yield north
        transaction.set_rollback(True)


def get(query, **extra):
    return Client().get("/sok/", {"q": query, **extra})


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def result_items(response):
    """Each result's HTML, in the page's order."""
    listed = main(response).split('<ol class="search-results', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<li (?:id="lofte-\d+"|class="search-result")>.*?</li>\n?', listed, re.S)


def test_more_matches_and_a_title_rank_higher(world):
    promises = [visible_text(item) for item in result_items(get("cykelbanor"))]
    assert promises[0].startswith("Bygga cykelbanor"), promises
    assert promises[1].startswith("Se över en cykelbana"), promises
    # An action's title outranks another action's goal.
    actions = [visible_text(i) for i in result_items(get("cykelhjälm")) if "Åtgärd" in i]
    assert actions[0].startswith("Åtgärd: Cykelhjälmar till alla elever"), actions
    assert "Föräldramöten" in actions[1]


def test_the_snippet_shows_the_word_deep_in_a_long_text(world):
    items = result_items(get("narkotikabrotten"))
    follow_up = next(item for item in items if "#uppfoljning-" in item)
    snippet = re.search(r'<span class="search-snippet">(.*?)</span>', follow_up, re.S).group(1)
    assert "<mark>narkotikabrott</mark>" in snippet
    assert snippet.startswith("…")
    assert len(visible_text(snippet)) < 400


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("narkotikan", "narkotikabrott"),
        ("trafiksäkerheten", "trafiksäkerhet"),
        ("Tjörns", "Tjörn"),
        ("CYKELBANAN", "cykelbana"),
    ],
)
def test_swedish_word_forms_find_each_other(world, query, found):
    marks = re.findall(r"<mark>(.*?)</mark>", main(get(query)))
    assert any(mark.casefold().startswith(found.casefold()) for mark in marks), marks


def test_draft_text_is_never_found(world):
    response = get("smygord")
    assert response.status_code == 200
    assert "0 träffar" in visible_text(main(response))
    assert "Smygord" not in response.content.decode()


def test_editor_html_in_a_snippet_is_escaped(world):
    response = get("cykelvägar")
    page = response.content.decode()
    assert "<script>" not in page and "<b>invigda</b>" not in page
    item = next(i for i in result_items(response) if "#uppfoljning-" in i)
    assert "<mark>cykelvägar</mark>" in item.casefold()
    assert "&amp; fler planeras" in item


def test_every_kind_of_public_text_is_searched(world):
    text = visible_text(main(get("cyklister")))
    assert "Indikator: Andel trygga cyklister" in text
    assert "Ord i ordlistan: Cykelfartsgräns" in visible_text(main(get("cykelfartsgräns")))
    assert "Part: Lokalpolisområde Testområde Norr" in visible_text(main(get("Testområde")))


def test_results_come_a_page_at_a_time_with_numbered_links(world):
    first = get("trafiksäkerhet")
    assert first.status_code == 200
    head = first.content.decode().split("</head>")[0]
    assert 'rel="next" href="/sok/?q=trafiks%C3%A4kerhet&amp;sida=2"' in head
    assert len(result_items(first)) == search_results.PER_PAGE
    # 39 made-up areas' promises, one on Tjörn, and the seed's two.
    assert hit_count(first) == 42
    second = get("trafiksäkerhet", sida="2")
    assert second.status_code == 200
    assert len(result_items(second)) == search_results.PER_PAGE
    assert not set(result_items(first)) & set(result_items(second))
    html = second.content.decode()
    assert 'rel="prev" href="/sok/?q=trafiks%C3%A4kerhet"' in html.split("</head>")[0]
    assert 'aria-label="Sidor"' in html and 'aria-current="page"' in html
    assert 'start="21"' in html


def hit_count(response):
    return int(re.search(r"(\d+) träff", visible_text(main(response))).group(1))


def test_a_page_of_many_areas_stays_small(world):
    response = get("trafiksäkerhet")
    assert len(response.content) < 100_000, len(response.content)
    # A result is a few hundred bytes however long its text: 300 areas' hits fit one page
    # because only PER_PAGE of them are on it.
    assert len(response.content) < 40_000, len(response.content)


@pytest.mark.parametrize(
    ("page", "status"),
    [("abc", 400), ("0", 400), ("-1", 400), ("2.5", 400), ("9" * 40, 400), ("4", 404)],
)
def test_a_page_that_is_not_there_is_a_clear_swedish_answer(world, page, status):
    response = get("trafiksäkerhet", sida=page)
    assert response.status_code == status
    text = visible_text(main(response))
    assert "sida" in text.casefold()
    assert "/sok/?q=trafiks%C3%A4kerhet" in response.content.decode()


def query_count(query):
    client = Client()
    client.get("/sok/", {"q": query})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sok/", {"q": query}).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_hits_or_the_areas(world):
    before = query_count("trafiksäkerhet")
    for area in make_many_areas(10, start=100):
        promise = first_promise(area)
        promise.text = f"Öka trafiksäkerheten i {area.name}."
        promise.save()
    assert hit_count(get("trafiksäkerhet")) == 52
    assert query_count("trafiksäkerhet") == before
    assert before <= 20


def test_an_area_filter_composes_with_the_words_and_the_pages(world):
    response = get("trafiksäkerhet", polisomrade="testomrade-o-sund")
    assert response.status_code == 200
    assert hit_count(response) == 1
    assert "Testområde Ö-sund" in visible_text(result_items(response)[0])
    assert "selected>Testområde Ö-sund</option>" in response.content.decode()
    page_two = visible_text(main(get("trafik", polisomrade="sodra-fyrbodal", sida="2")))
    assert "Det finns ingen sida 2" in page_two
    # An area that is not there answers 404 as the other lists' area choices do, and offers
    # the same search over every area.
    unknown = get("trafiksäkerhet", polisomrade="finns-inte")
    assert unknown.status_code == 404
    assert "Det finns inget område som heter ”finns-inte”" in visible_text(main(unknown))
    assert 'href="/sok/?q=trafiks%C3%A4kerhet"' in main(unknown)
    # A draft area is no filter value either.
    assert get("smygord", polisomrade="testomrade-utkast").status_code == 404
