"""The report form's limits and used tokens live in the database, hold no address in clear,
and are forgotten once they are no longer needed (promises/public/report_guard.py)."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from promises.models import ReportCount, UsedReportToken
from promises.public import report_guard

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


def post_from(address):
    return RequestFactory().post("/tillganglighet/rapportera/", REMOTE_ADDR=address)


def test_counts_keep_no_address_in_clear(mid_hour):
    request = post_from(ADDRESS)
    assert report_guard.flooding(request) is None
    assert report_guard.take_report_slot(request) is None
    keys = list(ReportCount.objects.values_list("key", flat=True))
    assert len(keys) == 3  # attempts and reports for the address, reports for the site
    assert not [key for key in keys if ADDRESS in key or "198.51.100" in key]
    # Still told apart: another address has counts of its own.
    assert report_guard.take_report_slot(post_from("203.0.113.4")) is None
    assert ReportCount.objects.count() == 4


def test_counts_of_an_hour_that_has_ended_are_deleted_by_the_next_post():
    start = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        report_guard.flooding(post_from(ADDRESS))
        assert report_guard.take_report_slot(post_from(ADDRESS)) is None
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        report_guard.flooding(post_from("203.0.113.4"))
    assert set(ReportCount.objects.values_list("count", flat=True)) == {1}
    this_hour = ReportCount.objects.values_list("hour", flat=True).distinct()
    assert len(this_hour) == 1  # only the new hour's rows are left


def test_a_used_token_is_kept_only_while_it_could_be_posted():
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        first = report_guard.new_token()
        assert report_guard.claim_token(first)
        assert not report_guard.claim_token(first)
    later = start + datetime.timedelta(seconds=report_guard.MAX_SECONDS_TO_FILL + 61)
    with time_machine.travel(later, tick=False):
        assert report_guard.claim_token(report_guard.new_token())
    assert UsedReportToken.objects.count() == 1


def test_a_released_token_can_store_its_report_after_all():
    token = report_guard.new_token()
    assert report_guard.claim_token(token)
    report_guard.release_token(token)
    assert report_guard.claim_token(token)


def test_counting_adds_in_the_database():
    assert [ReportCount.objects.add_one("reports:site", 7) for _ in range(3)] == [1, 2, 3]
    assert ReportCount.objects.count_for("reports:site", 7) == 3
    assert ReportCount.objects.count_for("reports:site", 8) == 0
