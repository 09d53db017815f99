"""Database work per page does not grow with the content (no N+1)."""

import pytest

from promises.models import Partner, Promise, PromisePeriod

from ..support.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def set_promise_count(count):
    period = PromisePeriod.objects.get(slug="2023-2024")
    partners = list(Partner.objects.all())
    surplus = period.promises.order_by("-pk")[: max(0, period.promises.count() - count)]
    Promise.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
    existing = period.promises.count()
    promises = Promise.objects.bulk_create(
        Promise(period=period, text=f"Extra löfte {number}.", order=1000 + number)
        for number in range(count - existing)
    )
    through = Promise.givers.through
    through.objects.bulk_create(
        through(promise_id=promise.pk, partner_id=partners[number % len(partners)].pk)
        for number, promise in enumerate(promises)
    )
    assert period.promises.count() == count
    return period.promises.order_by("pk").last()


def pages(last_promise):
    return [*PUBLIC_PAGES, last_promise.get_absolute_url()]


def query_counts(client, django_assert_max_num_queries, count):
    last = set_promise_count(count)
    counts = {}
    client.get("/")  # the first request of a test creates the content stamp
    for url in pages(last):
        with django_assert_max_num_queries(12) as context:
            assert client.get(url).status_code == 200
        counts[url.replace(str(last.pk), "<pk>")] = len(context.captured_queries)
    return counts


def test_queries_per_page_stay_the_same_with_10_and_200_promises(
    client, django_assert_max_num_queries
):
    # 200 is four of the longest lists' pages (50 rows each) and 190 more rows than the first
    # count: one query per row, per giver or per page would show. 1,000 rows (the old figure)
    # found nothing more and cost ~6 s more CPU rendering the unpaged files (JSON, CSV, sitemap).
    with_ten = query_counts(client, django_assert_max_num_queries, 10)
    with_more = query_counts(client, django_assert_max_num_queries, 200)
    assert with_ten == with_more
