"""Several instances sharing a cache through CACHE_URL share stored pages, and an edit through
one reaches the other (the stamp is read from the database; the cache only saves renders).

A real redis-server runs for the session. Each "instance" is a thread with its own Django
cache client (Django keeps cache clients per thread, as two processes would have their own)
and its own database connection; they share only Redis and the database.
"""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from promises.caching import content_stamp as content
from promises.caching import page_cache
from promises.models import Promise

from ..support.html import visible_text


@pytest.fixture
def shared_redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def in_other_instance(work):
    """Run `work` as a second instance would: own cache client, own database connection."""
    outcome = {}

    def run():
        try:
            outcome["cache"] = caches["default"]
            outcome["value"] = work()
        except BaseException as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    assert outcome["cache"] is not caches["default"], "the instances must not share a client"
    return outcome["value"]


def edit_a_promise(text):
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text = text
    promise.save()


def queries_and_result(work):
    with CaptureQueriesContext(connection) as queries:
        result = work()
    return len(queries), result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_marked_in_one_instance_is_seen_by_the_other(shared_redis_cache):
    before = content.last_changed()
    assert in_other_instance(content.last_changed) == before

    edit_a_promise("Fokusera på brottsoffer – ändrad i den ena instansen.")
    after = content.last_changed()
    assert after > before

    # The other instance reads the new moment where it lives: one question to the database.
    queries, seen = in_other_instance(lambda: queries_and_result(content.last_changed))
    assert seen == after
    assert queries == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_cached_by_one_instance_is_invalidated_for_the_other(shared_redis_cache):
    def home():
        # A new request each time: a request remembers the stamp it read.
        return RequestFactory().get("/", HTTP_ACCEPT_ENCODING="")

    first = Client().get("/")
    assert first.status_code == 200
    old_key = page_cache.cache_key(home(), "/")

    def other_serves_home():
        stored = caches["default"].get(page_cache.cache_key(home(), "/")) is not None
        queries, response = queries_and_result(lambda: Client().get("/"))
        return stored, queries, response

    # The page this instance rendered is served by the other from Redis, after reading the
    # stamp (the only query).
    stored, queries, response = in_other_instance(other_serves_home)
    assert stored
    assert queries == 1
    assert response.content == first.content

    new_text = "Fokusera på brottsoffer – ny lydelse från den andra instansen."
    edit_a_promise(new_text)
    assert page_cache.cache_key(home(), "/") != old_key

    stored, queries, response = in_other_instance(other_serves_home)
    assert not stored  # the edit made the old copy unreachable for every instance
    assert queries > 0
    assert new_text in visible_text(response.content.decode())
    # And the page the other instance rendered now serves this one.
    queries, again = queries_and_result(lambda: Client().get("/"))
    assert queries == 1
    assert again.content == response.content
