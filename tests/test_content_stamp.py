import pytest
from django.core.cache import cache

from promises import content
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


def test_the_stamp_is_shared_through_the_cache_and_survives_a_cold_cache():
    content.mark_changed()
    stored = ContentStamp.objects.get(pk=1).changed_at
    assert cache.get(content.CACHE_KEY) == stored
    cache.clear()
    assert content.last_changed() == stored
    assert stored.microsecond == 0
