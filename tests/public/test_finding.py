"""Focus areas, the filters on /loften/ and search on /sok/: exactly the right promises."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import FocusArea, Partner, Promise, PromisePeriod
from promises.public import search

from ..support.follow_ups import listed_promise_texts, municipal_promises, police_promises, report
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

SEED_AREAS = [
    "psykisk ohälsa och kränkningar bland ungdomar",
    "trygghetsfrågor",
    "attityder kring alkohol och narkotika",
    "droghandel",
    "buskörning",
    "skadegörelse",
]


def texts(promises):
    return sorted(promise.text for promise in promises)


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return sorted(listed_promise_texts(response.content.decode()))


def test_focus_areas_are_the_lagesbild_areas_verbatim_and_attached_to_nothing(seed_text):
    lagesbild = " ".join(seed_text.split())
    sentence = lagesbild[lagesbild.index("vilka är:") : lagesbild.index("Målet")]
    assert [area.name for area in FocusArea.objects.all()] == SEED_AREAS
    for name in SEED_AREAS:
        assert name in sentence
    # Which promise works on which area is for editors to decide, not for the migration.
    assert not Promise.focus_areas.through.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_area_migration_is_reversible_and_idempotent():
    call_command("migrate", "promises", "0006", verbosity=0)
    assert not FocusArea.objects.exists()
    call_command("migrate", "promises", verbosity=0)
    assert [area.name for area in FocusArea.objects.all()] == SEED_AREAS
    assert Promise.objects.exclude(search_text="").count() == Promise.objects.count()


@pytest.fixture
def tagged():
    """Test data: two focus areas attached, a few follow-ups."""
    police, municipal = police_promises(), municipal_promises()
    drugs = FocusArea.objects.get(slug="droghandel")
    driving = FocusArea.objects.get(slug="buskorning")
    police[2].focus_areas.add(drugs)
    municipal[3].focus_areas.add(drugs)
    police[1].focus_areas.add(driving)
    municipal[1].focus_areas.add(driving)
    report(police[1], "in_progress", "2023-05-01")
    report(municipal[1], "done", "2024-05-01", by="all")
    report(municipal[3], "in_progress", "2023-05-01", published=False)
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    only_tjorn = Promise.objects.create(
        period=police[0].period, text="Ett löfte bara från Tjörn.", order=99
    )
    only_tjorn.givers.set([tjorn])
    only_tjorn.focus_areas.add(drugs)
    return {"police": police, "municipal": municipal, "tjorn": only_tjorn}


def test_filters_return_exactly_the_right_promises(client, tagged):
    police, municipal = tagged["police"], tagged["municipal"]
    everything = texts(Promise.objects.all())
    assert shown(client, "/loften/") == everything
    assert shown(client, "/loften/?givare=polisen") == texts(police)
    assert shown(client, "/loften/?givare=kommunerna") == texts([*municipal, tagged["tjorn"]])
    assert shown(client, "/loften/?givare=orust-kommun") == texts(municipal)
    assert shown(client, "/loften/?givare=tjorns-kommun") == texts([*municipal, tagged["tjorn"]])
    assert shown(client, "/loften/?omrade=droghandel") == texts(
        [police[2], municipal[3], tagged["tjorn"]]
    )
    assert shown(client, "/loften/?omrade=buskorning&givare=polisen") == texts([police[1]])
    assert shown(client, "/loften/?status=in_progress") == texts([police[1]])
    assert shown(client, "/loften/?status=done&givare=kommunerna") == texts([municipal[1]])
    no_follow_up = [p for p in Promise.objects.all() if p not in (police[1], municipal[1])]
    assert shown(client, "/loften/?status=no_follow_up") == texts(no_follow_up)
    assert shown(client, "/loften/?omrade=skadegorelse") == []
    assert shown(client, "/loften/?period=2023-2024&omrade=&givare=&status=") == everything


def test_filter_page_works_as_a_plain_form_with_shareable_links(client, tagged):
    html = client.get("/loften/?omrade=droghandel").content.decode()
    assert '<form method="get" action="/loften/"' in html
    # Each focus area in use says how many published promises work on it.
    assert '<option value="droghandel" selected>Droghandel (3 löften)</option>' in html
    assert "Valda filter: Fokusområde: Droghandel" in visible_text(html)
    assert "<script" not in html.replace('<script type="application/ld+json">', "")
    promise_page = client.get(tagged["police"][2].get_absolute_url()).content.decode()
    assert 'href="/loften/?omrade=droghandel">Droghandel</a>' in promise_page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("omrade=finns-inte", "Det finns inget fokusområde som heter ”finns-inte”."),
        ("givare=brandkaren", "”brandkaren” är inte en av parterna."),
        ("status=klart", "”klart” är ingen status."),
        ("period=1999", "Det finns ingen publicerad period som heter ”1999”."),
        ("status=%00%27%3Cscript%3E", "är ingen status."),
    ],
)
def test_invalid_filters_get_a_swedish_message(client, query, message):
    response = client.get(f"/loften/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in visible_text(html)
    assert "Filtret gick inte att använda" in html
    assert "<script>" not in html
    assert "ETag" not in response


def test_a_draft_period_is_not_a_filter_value_and_its_promises_are_not_listed(client):
    draft = PromisePeriod.objects.create(
        title="Utkast", slug="utkast", starts_on="2025-01-01", ends_on="2025-12-31"
    )
    Promise.objects.create(period=draft, text="Utkastets löfte.", order=1)
    assert client.get("/loften/?period=utkast").status_code == 400
    assert "Utkastets löfte." not in client.get("/loften/").content.decode()


def test_filter_queries_do_not_grow_with_the_results(client, tagged):
    counts = []
    # An empty result skips the prefetches; any non-empty one costs the same. Every address
    # has a query, so none of them is a page-cache candidate that reads the content stamp.
    for url in (
        "/loften/?omrade=droghandel",
        "/loften/?period=2023-2024",
        "/loften/?givare=polisen",
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_search_folds_swedish_case_identically_on_every_database(client):
    # "TRAFIKSÄKERHETEN" must find "trafiksäkerheten": SQLite's LIKE alone would not fold Ä.
    wanted = texts(p for p in Promise.objects.all() if "trafiksäkerheten" in p.text.lower())
    assert len(wanted) == 2
    for query in ("TRAFIKSÄKERHETEN", "trafiksäkerheten", "TrafikSäkerheten", "ÖKA TRAFIK"):
        found = shown(client, f"/sok/?q={query}")
        expected = texts(
            p
            for p in Promise.objects.all()
            if all(word in p.text.casefold() for word in query.casefold().split())
        )
        assert found == expected, query
    assert shown(client, "/sok/?q=TRAFIKSÄKERHETEN") == wanted
    assert shown(client, "/sok/?q=ÖKA%20TRAFIK") == [
        "Genomföra insatser för att öka trafiksäkerheten och minska buskörningen, "
        "speciella insatser riktade mot A-traktorer och EPA-traktorer."
    ]
    # Decomposed å (a + ring) finds the composed one.
    assert shown(client, "/sok/?q=m%C3%B6jliga") == shown(client, "/sok/?q=mo%CC%88jliga")


def test_search_finds_promises_through_their_published_follow_ups(client):
    promise = police_promises()[4]
    report(promise, "done", "2024-05-01", text="Vi höll Föräldramöten i Stenungsund.")
    report(
        police_promises()[0], "done", "2024-05-01", published=False, text="FÖRÄLDRAMÖTEN hemligt"
    )
    html = client.get("/sok/?q=föräldramöten").content.decode()
    assert sorted(listed_promise_texts(html)) == [promise.text]
    assert "1 uppföljning" in visible_text(html)
    assert "hemligt" not in html.casefold()
    # Wildcards are literal characters, not patterns.
    assert shown(client, "/sok/?q=%25") == []
    assert shown(client, "/sok/?q=_") == []


def test_search_refuses_overlong_queries_and_handles_empty_ones(client):
    response = client.get("/sok/?q=" + "a" * (search.MAX_QUERY_LENGTH + 1))
    assert response.status_code == 400
    assert "Sökningen är för lång" in response.content.decode()
    empty = client.get("/sok/?q=%20%20")
    assert empty.status_code == 200
    assert 'id="loften"' not in empty.content.decode()  # no result lists, just the form
