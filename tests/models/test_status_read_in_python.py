"""`Promise.read_status()` gives what `with_status()` computes, from the prefetched rows.

The promise list and the search read a page's statuses from its prefetched follow-ups instead
of three correlated subqueries; both ways must agree on every case of the rule ("Så följer vi
upp"): each giver's own latest published report, shared or "mixed", no report "no_follow_up",
and reports by nobody or by a partner that is no giver counting for none.
"""

import pytest

from promises.models import FollowUp, Promise

from ..support.areas import NORTH, SOUTH, current_period, make_area

pytestmark = pytest.mark.django_db


def report(promise, giver, status, day, *, published=True):
    return FollowUp.objects.create(
        promise=promise,
        reported_by=giver,
        status=status,
        reported_on=day,
        text="Påhittad uppföljning.",
        is_published=published,
    )


def both_ways(promise):
    computed = Promise.objects.with_status().get(pk=promise.pk)
    read = (
        Promise.objects.with_giver_statuses()
        .prefetch_related("givers")
        .get(pk=promise.pk)
        .read_status()
    )
    return (
        (computed.current_status, computed.status_reported_on),
        (read.current_status, read.status_reported_on),
    )


def test_every_case_of_the_rule_reads_as_the_database_computes_it():
    north = make_area(NORTH, promises=1)
    stranger = make_area(SOUTH).partners.first()
    promise = current_period(north).promises.get()
    police, municipality = promise.givers.order_by("order")
    seen = []

    def check():
        computed, read = both_ways(promise)
        assert read == computed
        seen.append(computed[0])

    check()  # nothing reported
    report(promise, None, "done", "2026-03-01")  # by nobody: counts for no giver
    report(promise, stranger, "done", "2026-03-02")  # by a partner that is no giver
    check()
    report(promise, police, "done", "2026-04-01")
    check()  # one giver done, the other silent: mixed
    report(promise, municipality, "done", "2026-04-02")
    check()  # both done
    report(promise, municipality, "not_done", "2026-05-01", published=False)
    check()  # a draft changes nothing
    report(promise, municipality, "in_progress", "2026-05-02")
    check()  # the municipality's latest differs: mixed, dated by the latest
    promise.givers.remove(municipality)
    check()  # only the police gives it now: its own status
    promise.givers.clear()
    check()  # no givers at all
    assert seen == [
        "no_follow_up",
        "no_follow_up",
        "mixed",
        "done",
        "done",
        "mixed",
        "done",
        "no_follow_up",
    ]
