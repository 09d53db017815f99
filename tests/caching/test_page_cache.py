"""Whole pages come from the page cache: one database question when warm, fresh after any edit.

The one question is the content stamp, read from the database on every request so that every
process (and machine) sees an edit at once; tests/multiprocess/test_multiprocess.py shows that
over HTTP.
"""

import datetime
import gzip

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.models import ContentStamp, Promise, PromisePeriod

from ..conftest import STOCKHOLM
from ..support.html import visible_text
from ..support.public_pages import PUBLIC_PAGES as PAGES

# Stored pages are filed under the day too (page_cache.page_version): on a fixed day, no
# test's store-then-hit can straddle Stockholm's midnight (tests/conftest.py `mid_hour`).
pytestmark = pytest.mark.usefixtures("mid_hour")

STORED_PAGES = [page for page in PAGES if "?" not in page or page.startswith("/loften/?")]


def only_the_stamp_is_read(queries):
    """A warm answer's database work: the content stamp by primary key, nothing else."""
    assert len(queries) == 1, [query["sql"] for query in queries]
    assert ContentStamp._meta.db_table in queries[0]["sql"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STORED_PAGES)
def test_a_warm_page_needs_only_the_stamp(client, real_cache, url):
    answers = []
    cold = client.get(url)
    assert cold.status_code == 200
    for ask in (
        lambda: client.get(url),
        lambda: client.head(url),
        lambda: client.get(url, HTTP_IF_NONE_MATCH=cold["ETag"]),
        lambda: client.get(url, HTTP_IF_MODIFIED_SINCE=cold["Last-Modified"]),
        lambda: client.get(url, HTTP_IF_NONE_MATCH='"another"'),
    ):
        with CaptureQueriesContext(connection) as queries:
            answers.append(ask())
        only_the_stamp_is_read(queries.captured_queries)
    warm, head, not_modified, not_modified_since, changed = answers
    assert warm.content == changed.content == cold.content
    assert warm["ETag"] == cold["ETag"]
    assert head.status_code == 200 and head.content == b""
    assert not_modified.status_code == not_modified_since.status_code == 304
    assert changed.status_code == 200


@pytest.mark.django_db
def test_compressed_and_plain_visitors_get_their_own_copies(client, real_cache):
    plain = client.get("/")
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert client.get("/").content == plain.content


@pytest.mark.django_db
@pytest.mark.parametrize("not_gzip", ["xgzip", "gzipped", "br, deflate", "identity"])
def test_only_a_real_gzip_token_shares_the_compressed_copy(client, real_cache, not_gzip):
    # Decided as GZipMiddleware decides (the token "gzip"), so a look-alike cannot store an
    # uncompressed page where gzip clients are served, nor the other way round.
    plain = client.get("/", HTTP_ACCEPT_ENCODING=not_gzip)
    assert not plain.has_header("Content-Encoding")
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    again = client.get("/", HTTP_ACCEPT_ENCODING=not_gzip)
    assert not again.has_header("Content-Encoding")
    assert again.content == plain.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_reaches_visitors_at_once(client, real_cache):
    client.get("/")
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text = "Fokusera på brottsoffer – ny lydelse."
    promise.save()
    assert "Fokusera på brottsoffer – ny lydelse." in visible_text(client.get("/").content.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_and_unpublishing_reach_visitors_at_once(client, real_cache):
    draft = PromisePeriod.objects.create(
        title="Medborgarlöfte 2030", slug="2030", starts_on="2030-01-01", ends_on="2030-12-31"
    )
    assert "Medborgarlöfte 2030" not in client.get("/medborgarloften/").content.decode()
    draft.is_published = True
    draft.save()
    assert "Medborgarlöfte 2030" in client.get("/medborgarloften/").content.decode()
    draft.is_published = False
    draft.save()
    assert "Medborgarlöfte 2030" not in client.get("/medborgarloften/").content.decode()


@pytest.mark.django_db
def test_editors_never_get_or_leave_a_shared_copy(client, real_cache):
    editor = User.objects.create_user("redaktor", password="x", is_staff=True, is_superuser=True)
    PromisePeriod.objects.create(
        title="Hemligt utkast", slug="utkast", starts_on="2030-01-01", ends_on="2030-12-31"
    )
    client.force_login(editor)
    assert client.get("/medborgarloften/utkast/").status_code == 200
    client.get("/")
    assert not [key for key in real_cache._cache if ":page:" in key]
    client.logout()
    assert client.get("/medborgarloften/utkast/").status_code == 404


@pytest.mark.django_db
def test_not_found_is_not_stored(client, real_cache, django_assert_max_num_queries):
    client.get("/parter/finns-inte/")
    with django_assert_max_num_queries(5) as context:
        assert client.get("/parter/finns-inte/").status_code == 404
    assert len(context.captured_queries) >= 1


@pytest.mark.django_db
def test_a_period_ends_at_midnight_even_for_stored_pages(client, real_cache):
    with time_machine.travel(datetime.datetime(2024, 12, 31, 23, 0, tzinfo=STOCKHOLM), tick=False):
        before = client.get("/medborgarloften/2023-2024/")
        assert "Pågår" in visible_text(before.content.decode())
    with time_machine.travel(datetime.datetime(2025, 1, 1, 0, 30, tzinfo=STOCKHOLM), tick=False):
        after = client.get("/medborgarloften/2023-2024/", HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        assert "Avslutad" in visible_text(after.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/sok/?q=trafik", "/?utm_source=x", "/sa-foljer-vi-upp/?givare=polisen"]
)
def test_addresses_with_a_query_are_not_stored(client, real_cache, url):
    assert client.get(url).status_code == 200
    assert not [key for key in real_cache._cache if ":page:" in key]


def stored_pages(cache):
    return [key for key in cache._cache if ":page:" in key]


@pytest.mark.django_db
def test_a_valid_filter_page_is_stored_under_its_canonical_filters(client, real_cache):
    cold = client.get("/loften/?status=no_follow_up&givare=polisen")
    assert cold.status_code == 200
    assert len(stored_pages(real_cache)) == 1
    # The same filters in another order, with an empty filter and a parameter the form does
    # not know, are the same page: answered from the one stored copy.
    for same in (
        "/loften/?givare=polisen&status=no_follow_up",
        "/loften/?givare=polisen&period=&status=no_follow_up&utm_source=nyhetsbrev",
        "/loften/?givare=kommunerna&givare=polisen&status=no_follow_up",
    ):
        with CaptureQueriesContext(connection) as queries:
            warm = client.get(same)
        only_the_stamp_is_read(queries.captured_queries)
        assert warm.content == cold.content
    assert len(stored_pages(real_cache)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/loften/?status=finns-inte",
        "/loften/?givare=polisen&omrade=%3Cscript%3E",
        "/loften/?period=2023-2024&period=1999",
    ],
)
def test_an_invalid_filter_page_is_400_and_stores_nothing(client, real_cache, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 400
        assert "Cache-Control" not in response or "public" not in response["Cache-Control"]
    assert stored_pages(real_cache) == []
    # Nor does it disturb the valid page that shares its path.
    assert client.get("/loften/?period=2023-2024").status_code == 200


@pytest.mark.django_db
def test_junk_parameters_cannot_fill_the_cache(client, real_cache):
    for number in range(20):
        assert client.get(f"/loften/?junk{number}=x&utm={number}").status_code == 200
    assert len(stored_pages(real_cache)) == 1
