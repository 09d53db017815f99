"""Every public list stays small and costs the same queries however many areas the register
holds (issue 25): measured once per module at 5 and at 40 made-up areas, each a police area
with three municipalities and a period of 11 promises with a follow-up each and an action.

A page passes when it is under 100 kB at 40 areas and its growth from 5 to 40 areas, carried
on in a straight line, keeps it under 100 kB at 300; and when its queries are the same at 5 and
at 40 areas. Before pages were bounded, /loften/ was 290 kB at 40 areas and /parter/ 64 kB.
"""

import os
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from promises.models import Action, Partner

from ..support.areas import current_period, make_area, publish_follow_up
from ..support.html import visible_text

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
]


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


def measure(client) -> dict[str, tuple[int, int, int]]:
    """Each page's (status, bytes, queries)."""
    client.get("/")  # the content stamp is created by the first request
    measured = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        measured[url] = (response.status_code, len(response.content), len(queries))
    return measured


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Both sizes of the register, built once in a transaction that is rolled back."""
    client = Client()
    with django_db_blocker.unblock(), transaction.atomic():
        build(range(1, SMALL))
        small = measure(client)
        build(range(SMALL, LARGE))
        large = measure(client)
        transaction.set_rollback(True)
    if os.environ.get("PRINT_PAGE_SIZES"):
        for url in PAGES:
            print(f"{url}: {small[url]} -> {large[url]}")
    return small, large


@pytest.mark.parametrize("url", PAGES)
def test_the_page_stays_small_as_areas_are_added(measured, url):
    small, large = measured
    (status, small_size, _), (large_status, large_size, _) = small[url], large[url]
    assert status == large_status == 200, url
    assert large_size < LIMIT, (url, large_size)
    per_area = max(large_size - small_size, 0) / (LARGE - SMALL)
    assert large_size + per_area * (REGISTER - LARGE) < LIMIT, (url, small_size, large_size)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_costs_the_same_queries_with_more_areas(measured, url):
    small, large = measured
    assert small[url][2] == large[url][2], (url, small[url], large[url])


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
