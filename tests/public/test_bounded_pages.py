"""Every public list stays small and costs the same queries however many areas the register
holds (issue 25): measured once per module at 5 and at 40 made-up areas, each a police area
with three municipalities and a period of 11 promises with a follow-up each and an action.

A page passes when it is under 100 kB at 40 areas and its growth from 11 to 40 areas, carried
on in a straight line to 300 areas (or until a numbered page is full), keeps it under 100 kB;
and when its queries are the same at 11 and at 40 areas.
"""

import os
import re

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from promises.models import Action, Partner
from promises.models.organisation_numbers import luhn_is_valid
from promises.publishing.feeds import FEED_LENGTH

from ..support.areas import current_period, make_area, publish_follow_up
from ..support.html import visible_text
from ..support.quiet_build import alerts_muted, content_signals_muted

pytestmark = pytest.mark.django_db

SMALL, LARGE, REGISTER = 11, 40, 300  # areas, the seed's included: 121 promises at 11
LIMIT = 100_000  # bytes, uncompressed
AREA = "pahittat-omrade-003"

PAGES = [
    "/loften/",
    "/loften/?sida=2",
    f"/loften/?polisomrade={AREA}",
    f"/loften/?polisomrade={AREA}&givare=polisen",
    "/loften/?givare=kommunerna&status=in_progress",
    "/parter/",
    f"/parter/?polisomrade={AREA}",
    "/medborgarloften/",
    "/kontakt-och-delta/",
    f"/kontakt-och-delta/?polisomrade={AREA}",
    "/oppna-data/",
    f"/oppna-data/?polisomrade={AREA}",
    "/sitemap.xml",
    # Lättläst: the register's pages offer a choice of area, an area's pages show its own.
    "/lattlast/",
    "/lattlast/uppfoljning/",
    "/lattlast/kontakt/",
    f"/lattlast/omraden/{AREA}/",
    f"/lattlast/omraden/{AREA}/kontakt/",
]
# Files for machines: their size follows the content (a sitemap page holds up to 50,000
# addresses), but their queries must not.
MACHINE_FILES = [
    "/oppna-data/katalog.rdf",
    "/flode.atom",
    f"/omraden/{AREA}/flode.atom",
    "/sitemap-oversikt.xml",
    "/sitemap-omraden.xml",
    "/sitemap-perioder.xml",
    "/sitemap-loften.xml",
    "/sitemap-parter.xml",
    "/sitemap-atgardsplaner.xml",
]
# Lists of one line per area that show 50 a page: they grow until the page is full.
CAPPED = {"/parter/": 50, "/medborgarloften/": 50}


def spec(number: int) -> dict:
    return {
        "name": f"Påhittat område {number:03d}",
        "slug": f"pahittat-omrade-{number:03d}",
        "county": ["01", "03", "12", "14", "25"][number % 5],
        "places": f"Låtsasköping {number:03d}",
        "municipalities": [
            (f"Påhittade kommun {number:03d}-{k}", f"pahittade-kommun-{number:03d}-{k}", "")
            for k in (1, 2, 3)
        ],
        "police": (f"Lokalpolisområde påhittat {number:03d}", f"lpo-pahittat-{number:03d}"),
    }


def build(numbers):
    # The stamps moved once, and no news recorded for alerts: no page here reads it, and
    # the world has no subscriber (tests/support/quiet_build.py).
    with content_signals_muted(), alerts_muted():
        for number in numbers:
            area = make_area(spec(number), promises=11)
            police = area.partners.get(kind=Partner.Kind.POLICE_AREA)
            for promise in current_period(area).promises.all():
                publish_follow_up(promise)
            Action.objects.create(
                promise=current_period(area).promises.first(),
                responsible=police,
                title=f"Påhittad åtgärd i {area.name}.",
                is_published=True,
            )


def made_up_number(serial: int) -> str:
    """A ten-digit organisation number with a valid check digit, starting 99: made up, so
    that the data portal's catalogue is complete (as in tests/publishing/test_dcat.py)."""
    prefix = f"99{serial:07d}"
    return next(prefix + str(digit) for digit in range(10) if luhn_is_valid(prefix + str(digit)))


# The last measurement's bodies, for the tests that read the files.
contents = {}


def measure(client) -> dict[str, tuple[int, int, int]]:
    """Each page's (status, bytes, queries)."""
    for partner in Partner.objects.filter(organisation_number=""):
        Partner.objects.filter(pk=partner.pk).update(organisation_number=made_up_number(partner.pk))
    client.get("/")  # the content stamp is created by the first request
    measured = {}
    for url in PAGES + MACHINE_FILES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        measured[url] = (response.status_code, len(response.content), len(queries))
        contents[url] = response.content
    return measured


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Both sizes of the register, built once in a transaction that is rolled back."""
    client = Client()
    catalogue_settings = override_settings(
        OPEN_DATA_PUBLISHER="lokalpolisomrade-sodra-fyrbodal",
        OPEN_DATA_CONTACT_EMAIL="oppnadata@example.se",
    )
    with django_db_blocker.unblock(), transaction.atomic(), catalogue_settings:
        build(range(1, SMALL))
        small = measure(client)
        build(range(SMALL, LARGE))
        large = measure(client)
        transaction.set_rollback(True)
    if os.environ.get("PRINT_PAGE_SIZES"):
        for url in PAGES + MACHINE_FILES:
            print(f"{url}: {small[url]} -> {large[url]}")
    return small, large


@pytest.mark.parametrize("url", PAGES)
def test_the_page_stays_small_as_areas_are_added(measured, url):
    small, large = measured
    (status, small_size, _), (large_status, large_size, _) = small[url], large[url]
    assert status == large_status == 200, url
    assert large_size < LIMIT, (url, large_size)
    per_area = max(large_size - small_size, 0) / (LARGE - SMALL)
    grows_until = CAPPED.get(url, REGISTER)
    assert large_size + per_area * (grows_until - LARGE) < LIMIT, (url, small_size, large_size)


@pytest.mark.parametrize("url", PAGES + MACHINE_FILES)
def test_the_page_costs_the_same_queries_with_more_areas(measured, url):
    small, large = measured
    assert small[url][0] == large[url][0] == 200, url
    assert small[url][2] == large[url][2], (url, small[url], large[url])


@pytest.mark.parametrize("url", ["/flode.atom", f"/omraden/{AREA}/flode.atom"])
def test_a_feed_holds_the_latest_entries_only(measured, url):
    entries = contents[url].count(b"<entry>")
    # 40 areas changed 24 rows each; the site's feed shows the newest 50 of them.
    assert entries == (FEED_LENGTH if url == "/flode.atom" else 24), entries


def test_the_catalogue_still_describes_every_period_with_its_action_plan(measured):
    graph = Graph().parse(data=contents["/oppna-data/katalog.rdf"], format="xml")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == LARGE  # one published period per area
    plans = [url for url in graph.objects(None, DCAT.downloadURL) if "atgarder.json" in url]
    assert len(plans) == LARGE - 1  # every made-up period has an action; the seed's has none


def test_the_giver_choices_are_the_chosen_areas_only(client):
    build(range(1, 4))
    html = client.get("/loften/").content.decode()
    givers = re.search(r'<select name="givare".*?</select>', html, re.S).group(0)
    assert "Påhittade kommun" not in givers
    assert "Polisen" in givers and "Kommunerna (alla)" in givers
    areas = re.search(r'<select name="polisomrade".*?</select>', html, re.S).group(0)
    assert areas.count("<option") == 1 + 4  # "Alla", the seed's area and three made up
    assert "Välj ett område för att kunna välja bland dess perioder" in html
    chosen = client.get("/loften/?polisomrade=pahittat-omrade-002").content.decode()
    givers = re.search(r'<select name="givare".*?</select>', chosen, re.S).group(0)
    assert givers.count("Påhittade kommun 002-") == 3
    assert "Påhittade kommun 001-" not in givers
    assert "Tjörn" not in givers
    assert "Område: Påhittat område 002" in visible_text(chosen)
    assert "Välj ett område för att kunna välja" not in chosen
    # Every promise listed is the area's.
    assert set(re.findall(r"Påhittat löfte \d+ i ([^.<]+)\.", chosen)) == {"Påhittat område 002"}


def test_a_registers_partner_list_lists_areas_and_each_areas_partners(client):
    build(range(1, 3))
    html = client.get("/parter/").content.decode()
    assert 'href="/parter/?polisomrade=pahittat-omrade-001"' in html
    assert "Påhittade kommun" not in html
    one = client.get("/parter/?polisomrade=pahittat-omrade-001").content.decode()
    assert one.count('href="/parter/pahittade-kommun-001-') == 3
    assert 'href="/parter/lpo-pahittat-001/"' in one
    assert "pahittade-kommun-002" not in one
    assert (
        '<link rel="canonical" href="http://testserver/parter/?polisomrade=pahittat-omrade-001">'
        in one
    )


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/parter/?polisomrade=finns-inte", 404, "Det finns inget område som heter ”finns-inte”"),
        ("/parter/?polisomrade=pahittat-omrade-001&sida=2", 404, "Listan har bara en sida."),
        ("/parter/?sida=x", 400, "”x” är inget sidnummer"),
        ("/medborgarloften/?sida=2", 404, "Det finns ingen sida 2: listan har 1 sida."),
        ("/medborgarloften/?sida=%C3%A5", 400, "”å” är inget sidnummer"),
        ("/kontakt-och-delta/?polisomrade=%3Cb%3E", 404, "som heter ”<b>”"),
        ("/oppna-data/?polisomrade=x", 404, "Det finns inget område som heter ”x”"),
    ],
)
def test_a_bad_area_or_page_is_a_clear_answer(client, url, status, message):
    build(range(1, 2))
    response = client.get(url)
    assert response.status_code == status
    assert message in visible_text(response.content.decode())
    assert "<b>" not in response.content.decode()


def test_a_registers_contact_page_offers_the_areas_and_then_one_areas_partners(client):
    build(range(1, 3))
    html = client.get("/kontakt-och-delta/").content.decode()
    assert "tel:112" in html
    assert '<option value="pahittat-omrade-002">Påhittat område 002</option>' in html
    assert "Påhittade kommun" not in html
    one = client.get("/kontakt-och-delta/?polisomrade=pahittat-omrade-002").content.decode()
    assert "tel:112" in one
    assert one.count('<h3 id="kontakt-pahittade-kommun-002-') == 3
    assert "Påhittade kommun 001" not in one


def test_each_area_of_a_list_is_stored_apart(client, real_cache):
    build(range(1, 3))
    first = client.get("/parter/?polisomrade=pahittat-omrade-001").content
    second = client.get("/parter/?polisomrade=pahittat-omrade-002").content
    assert first != second
    with CaptureQueriesContext(connection) as queries:
        warm = client.get("/parter/?utm_source=x&polisomrade=pahittat-omrade-002")
    assert len(queries.captured_queries) == 1  # the content stamp: a stored page
    assert warm.content == second


@pytest.mark.parametrize(
    "url", ["/sitemap-finns-inte.xml", "/sitemap-loften.xml?p=abc", "/sitemap-loften.xml?p=2"]
)
def test_a_sitemap_that_does_not_exist_is_404(client, url):
    assert client.get(url).status_code == 404
