import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from promises.caching import content_stamp as content
from promises.models import ContentStamp, Partner, Promise, PromisePeriod

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def empty_cache(real_cache):
    return real_cache


def changes(action):
    before = content.last_changed()
    action()
    after = content.last_changed()
    return after > before


def test_every_kind_of_edit_moves_the_stamp(frozen_today):
    frozen_today(2026, 1, 1)
    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = period.promises.first()
    partner = Partner.objects.get(slug="orust-kommun")

    def edit_promise():
        promise.text = "Ny text."
        promise.save()

    assert changes(edit_promise)
    assert changes(lambda: promise.givers.remove(partner))
    assert changes(lambda: period.partners.remove(partner))
    assert changes(lambda: Promise.objects.filter(pk=promise.pk).first().delete())
    assert changes(
        lambda: PromisePeriod.objects.create(
            title="x", slug="x", starts_on="2030-01-01", ends_on="2030-12-31"
        ).delete()
    )
    assert changes(lambda: Partner.objects.create(name="Ny part", slug="ny", kind="municipality"))


def test_the_stamp_is_read_from_the_database_and_no_process_keeps_a_copy():
    content.mark_changed()
    stored = ContentStamp.objects.get(pk=1).changed_at
    assert content.last_changed() == stored
    assert stored.microsecond == 0
    assert not list(cache._cache)  # nothing kept beside the database
    # Another process's save is an UPDATE of the row this process does not see happen.
    later = stored + datetime.timedelta(hours=1)
    ContentStamp.objects.filter(pk=1).update(changed_at=later)
    assert content.last_changed() == later


def test_a_request_reads_the_stamp_once():
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        first = content.last_changed(request)
        assert content.last_changed(request) == first
    assert len(queries) == 1
    # The next request asks again.
    ContentStamp.objects.filter(pk=1).update(changed_at=first + datetime.timedelta(seconds=5))
    assert content.last_changed(RequestFactory().get("/")) > first


def test_two_changes_in_the_same_second_give_two_moments(frozen_today):
    frozen_today(2026, 1, 1)
    content.mark_changed()
    first = content.last_changed()
    content.mark_changed()
    second = content.last_changed()
    assert second - first == datetime.timedelta(seconds=1)
