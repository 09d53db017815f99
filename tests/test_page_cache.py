"""Whole pages come from the shared cache: no database work when warm, fresh after any edit."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User

from promises.models import Promise, PromisePeriod

from .conftest import STOCKHOLM
from .html import visible_text
from .public_pages import PUBLIC_PAGES as PAGES


@pytest.mark.django_db
@pytest.mark.parametrize("url", [page for page in PAGES if "?" not in page])
def test_a_warm_page_needs_no_database(client, real_cache, django_assert_num_queries, url):
    cold = client.get(url)
    assert cold.status_code == 200
    with django_assert_num_queries(0):
        warm = client.get(url)
        head = client.head(url)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=cold["ETag"])
    assert warm.content == cold.content
    assert warm["ETag"] == cold["ETag"]
    assert head.status_code == 200 and head.content == b""
    assert not_modified.status_code == 304


@pytest.mark.django_db
def test_compressed_and_plain_visitors_get_their_own_copies(client, real_cache):
    plain = client.get("/")
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert client.get("/").content == plain.content


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
    client.logout()
    assert client.get("/medborgarloften/utkast/").status_code == 404
    assert real_cache.get("promises:content-last-changed") is not None


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
@pytest.mark.parametrize("url", ["/sok/?q=trafik", "/loften/?givare=polisen", "/?utm_source=x"])
def test_addresses_with_a_query_are_not_stored(client, real_cache, url):
    assert client.get(url).status_code == 200
    assert not [key for key in real_cache._cache if ":page:" in key]
