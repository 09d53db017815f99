"""Numbered pages of a long list (promises/public/pagination.py), on the promise list: page 2,
its links in the head and in the page, filters kept, bad page numbers answered in Swedish, and
each page filed by the page cache under its own address."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from promises.caching.filter_addresses import PARAMETERS
from promises.caching.page_cache import stored_address
from promises.models import PromisePeriod
from promises.public.finding import PROMISES_PER_PAGE
from promises.public.pagination import paginate

from ..support.areas import NORTH, make_area
from ..support.html import visible_text
from ..support.quiet_build import content_signals_muted

pytestmark = pytest.mark.django_db

# The seed's 11 promises and the made-up area's: more than two pages.
MADE_UP = 2 * PROMISES_PER_PAGE


@pytest.fixture(scope="module")
def many_promises(django_db_setup, django_db_blocker):
    """The made-up area, built once for the module in a transaction rolled back at its end;
    each test runs in a savepoint inside it, so what it writes is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        with content_signals_muted():  # the stamps moved once (tests/support/quiet_build.py)
            make_area(NORTH, promises=MADE_UP)
        yield
        transaction.set_rollback(True)


def listed(html: str) -> list[str]:
    return re.findall(r'href="(/medborgarloften/[^"]+/loften/\d+/)"', html)


def test_the_first_page_holds_one_page_of_promises_and_links_to_the_next(client, many_promises):
    html = client.get("/loften/").content.decode()
    assert len(listed(html)) == PROMISES_PER_PAGE
    assert '<link rel="next" href="/loften/?sida=2">' in html
    assert 'rel="prev"' not in html
    assert '<a href="/loften/" aria-current="page">' in html
    assert '<nav class="pagination" aria-label="Sidor">' in html
    assert "Sida 1 av 3" in visible_text(html)
    # The heading counts the whole list, not the page.
    assert f"{MADE_UP + 11} löften" in visible_text(html)


def test_page_two_is_its_own_page_with_links_both_ways(client, many_promises):
    first = client.get("/loften/").content.decode()
    second = client.get("/loften/?sida=2").content.decode()
    assert len(listed(second)) == PROMISES_PER_PAGE
    assert not set(listed(first)) & set(listed(second))
    assert '<link rel="prev" href="/loften/">' in second
    assert '<link rel="next" href="/loften/?sida=3">' in second
    assert '<a href="/loften/?sida=2" aria-current="page">' in second
    assert '<link rel="canonical" href="http://testserver/loften/?sida=2">' in second
    assert "Föregående" in visible_text(second) and "Nästa" in visible_text(second)
    last = client.get("/loften/?sida=3").content.decode()
    assert len(listed(last)) == 11
    assert 'rel="next"' not in last


def test_a_short_list_has_no_page_links(client, many_promises):
    # The made-up area's period a draft: the seed's 11 promises are left, one page.
    PromisePeriod.objects.filter(area__slug=NORTH["slug"]).update(is_published=False)
    html = client.get("/loften/").content.decode()
    assert len(listed(html)) == 11
    assert 'class="pagination"' not in html
    assert 'rel="next"' not in html


def test_filters_and_pages_compose_in_one_canonical_order(client, many_promises):
    response = client.get("/loften/?sida=2&givare=polisen&utm_source=x&status=no_follow_up")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(listed(html)) == PROMISES_PER_PAGE
    assert '<link rel="prev" href="/loften/?givare=polisen&amp;status=no_follow_up">' in html
    assert (
        '<link rel="next" href="/loften/?givare=polisen&amp;status=no_follow_up&amp;sida=3">'
        in html
    )
    assert "utm_source" not in html


@pytest.mark.parametrize("junk", ["abc", "0", "-1", "02", "1.5", "9999999", "2%00"])
def test_a_page_number_that_is_no_number_is_a_clear_400(client, many_promises, junk):
    response = client.get(f"/loften/?status=no_follow_up&sida={junk}")
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "är inget sidnummer" in text
    assert 'href="/loften/?status=no_follow_up"' in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_past_the_end_is_a_clear_404(client, many_promises):
    response = client.get("/loften/?sida=4")
    assert response.status_code == 404
    assert "Det finns ingen sida 4: listan har 3 sidor." in visible_text(response.content.decode())


def test_a_crafted_etag_does_not_turn_a_bad_page_into_304(client, many_promises):
    etag = client.get("/loften/")["ETag"]
    assert client.get("/loften/?sida=abc", HTTP_IF_NONE_MATCH=etag).status_code == 400


def test_the_page_number_is_part_of_the_stored_address(rf):
    assert stored_address(rf.get("/loften/?sida=2&status=no_follow_up")) == (
        "/loften/?status=no_follow_up&sida=2"
    )
    assert stored_address(rf.get("/loften/?sida=1")) == "/loften/"
    assert stored_address(rf.get("/loften/?x=1")) == "/loften/"


def test_the_page_cache_keeps_page_two_apart_from_page_one(
    client, real_cache, many_promises, mid_hour
):
    first = client.get("/loften/").content
    second = client.get("/loften/?sida=2").content
    assert first != second
    for url, expected in (("/loften/?sida=2", second), ("/loften/?sida=1", first)):
        with CaptureQueriesContext(connection) as queries:
            warm = client.get(url)
        assert len(queries.captured_queries) == 1  # the content stamp: a stored page
        assert warm.content == expected
    # A bad page number is never stored.
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/loften/?sida=7").status_code == 404
        assert len(queries.captured_queries) > 1


def test_many_pages_show_the_first_the_last_and_the_neighbours(rf):
    pages = paginate(rf.get("/loften/?status=done&sida=10"), range(1000), per_page=50)
    shown = [link.number for link in pages.links]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link.number for link in pages.links if link.current] == [10]
    assert pages.url(1) == "/loften/"  # only the parameters named are kept
    kept = paginate(
        rf.get("/loften/?status=done&sida=10"), range(1000), per_page=50, parameters=PARAMETERS
    )
    assert kept.url(11) == "/loften/?status=done&sida=11"
    assert kept.url(1) == "/loften/?status=done"
