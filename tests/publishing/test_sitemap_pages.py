"""A section's sitemap in pages (`?p=2`): bounded, each page stored, only the index's spelling.

The seed's promises fit in one page at the real limit (2,000 addresses), so these tests lower
the limit until the promises' sitemap has three pages.
"""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import ContentStamp, Promise
from promises.publishing import sitemaps

from ..support.sitemaps import SITEMAP, path_of, section_locations

SECTION = "/sitemap-loften.xml"


@pytest.fixture
def pages_of_twelve(monkeypatch):
    monkeypatch.setattr(sitemaps.SiteUrlSitemap, "limit", 12)


def locations(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]


@pytest.mark.django_db
def test_the_index_lists_every_page_and_the_pages_list_every_promise_once(client, pages_of_twelve):
    promises = Promise.objects.public().count()
    addresses = promises * 3  # Swedish, English and Arabic
    pages = -(-addresses // 12)
    assert pages >= 3
    listed = [path_of(location) for location in section_locations(client)]
    assert [path for path in listed if path.startswith(SECTION)] == [
        SECTION,
        *(f"{SECTION}?p={number}" for number in range(2, pages + 1)),
    ]
    every = []
    for number in range(1, pages + 1):
        response = client.get(SECTION if number == 1 else f"{SECTION}?p={number}")
        assert response.status_code == 200
        page = locations(response)
        assert len(page) <= 12
        every += page
    assert len(every) == len(set(every)) == addresses


@pytest.mark.django_db
def test_each_page_is_stored_and_answered_with_the_stamp_alone(client, pages_of_twelve, real_cache):
    cold = client.get(f"{SECTION}?p=2")
    assert cold.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(f"{SECTION}?p=2")
    assert len(queries.captured_queries) == 1
    assert ContentStamp._meta.db_table in queries.captured_queries[0]["sql"]
    assert warm.content == cold.content
    # The same page asked for twice in one address is the same stored page.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{SECTION}?p=3&p=2").content == cold.content
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["02", "+2", "2_0", " 2", "2.0", "abc", "0", "-1", "", "99"])
def test_any_other_spelling_of_a_page_number_is_404_and_never_stored(
    client, pages_of_twelve, real_cache, number
):
    client.get(f"{SECTION}?p=2")
    stored = len(real_cache._cache)
    for _ in range(2):
        assert client.get(SECTION, {"p": number}).status_code == 404
    assert len(real_cache._cache) == stored


@pytest.mark.django_db
def test_at_the_real_limit_a_page_holds_two_thousand_addresses():
    assert sitemaps.SiteUrlSitemap.limit == 2_000
    for section in sitemaps.SITEMAPS.values():
        assert section().limit == 2_000
