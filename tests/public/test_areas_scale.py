"""The register's pages cost the same queries with 3 areas and with 30 (none per area), and its
start page and area list stay small with 300 areas (well under 100 kB: 47 kB each when
written)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import Area, PromisePeriod

from ..support.areas import NORTH, SOUTH, make_area, make_many_areas, publish_follow_up

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/omraden/",
    "/omraden/?q=Tj%C3%B6rn",
    "/omraden/?q=l%C3%A5tsask%C3%B6ping",
    "/omraden/testomrade-norr/",
    "/omraden/testomrade-norr/flode.atom",
    "/flode.atom",
    "/medborgarloften/testomrade-norr-{year}/",
    "/sitemap.xml",
    "/sitemap-lattlast.xml",
    "/bevaka/omrade/testomrade-norr/",
]


def query_counts(client) -> dict[str, int]:
    year = datetime.date.today().year
    counts = {}
    client.get("/")  # the first request of a test creates the content stamp
    for page in PAGES:
        url = page.format(year=year)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200, url
        counts[url] = len(context.captured_queries)
    return counts


def test_the_register_costs_the_same_queries_with_3_and_30_areas(client):
    north = make_area(NORTH, periods=2)
    make_area(SOUTH)
    publish_follow_up(north.periods.first().promises.first())
    with_three = query_counts(client)
    for area in make_many_areas(27):
        publish_follow_up(area.periods.first().promises.first())
    assert Area.objects.with_published_periods().count() == 30
    with_thirty = query_counts(client)
    assert with_thirty == with_three
    assert max(with_thirty.values()) <= 12, with_thirty


def test_the_start_page_of_300_areas_stays_small(client):
    # Rows straight into the tables: only the list's size is measured here.
    counties = ["01", "03", "04", "05", "12", "14", "25"]
    areas = Area.objects.bulk_create(
        Area(
            name=f"Påhittat område {number:03d}",
            slug=f"pahittat-omrade-{number:03d}",
            county=counties[number % len(counties)],
            places=f"Låtsasköping {number:03d} och Påhittsta {number:03d}",
        )
        for number in range(300)
    )
    PromisePeriod.objects.bulk_create(
        PromisePeriod(
            area=area,
            title=f"Medborgarlöfte {area.name} 2026–2027",
            slug=f"{area.slug}-2026",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            is_published=True,
        )
        for area in areas
    )
    response = client.get("/")
    page = response.content
    assert response.status_code == 200
    assert page.count(b'href="/omraden/pahittat-omrade-') == 300
    assert len(page) < 60_000, len(page)
    listed = client.get("/omraden/").content
    assert listed.count(b'href="/omraden/pahittat-omrade-') == 300
    assert len(listed) < 60_000, len(listed)
