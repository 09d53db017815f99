"""Build a large made-up world (dozens of areas) without the per-row bookkeeping of the content
signals, then do that bookkeeping once.

Every saved promise, follow-up, action or link asks which areas show it, moves their content
stamps and touches its period (promises/signals.py): about two thirds of the time it took to
build 40 areas one row at a time, for stamps that are all moved again by the next row. Inside
`content_signals_muted()` those receivers are left out; the others (each area's coordinator
group and each partner's editor group, search texts, alerts) run as always, so the rows are
exactly those the plain build makes. On leaving, every period made inside is touched and
every stamp moved once, which is what the muted receivers would have ended with.

Only for building worlds in fixtures: a test of what a change marks must never run inside it.

`alerts_muted()` leaves out the e-mail alerts' receiver as well, for worlds with no subscriber
whose tests read no alert events: each published follow-up or action would otherwise record
its news with a headline in every language (half the time of building 40 areas).
"""

import contextlib
import weakref

from django.db.models.signals import m2m_changed, post_save, pre_save

from promises import signals as content_signals
from promises.caching import content_stamp
from promises.models import PromisePeriod

# What they do is moving stamps and `updated_at` for the pages a row shows on.
MUTED = {
    content_signals.content_saving,
    content_signals.content_saved,
    content_signals.relation_changed,
    content_signals.period_identity_before,
    content_signals.period_identity_after,
    content_signals.promise_changed,
    content_signals.promise_givers_changed,
    content_signals.partner_changed,
    content_signals.period_partners_changed,
    content_signals.follow_up_changed,
    content_signals.follow_up_detail_changed,
    content_signals.action_or_indicator_changed,
    content_signals.action_note_changed,
    content_signals.indicator_value_changed,
}
SIGNALS = (pre_save, post_save, m2m_changed)
_depth = 0


def _function(receiver):
    return receiver() if isinstance(receiver, weakref.ReferenceType) else receiver


@contextlib.contextmanager
def _receivers_left_out(signals, left_out):
    """Inside, the signals' receivers in `left_out` do not run; on leaving, every receiver is
    back as it was."""
    kept, found = {}, set()
    for signal in signals:
        with signal.lock:
            kept[signal] = signal.receivers
            found |= {_function(entry[1]) for entry in signal.receivers} & left_out
            signal.receivers = [
                entry for entry in signal.receivers if _function(entry[1]) not in left_out
            ]
            signal.sender_receivers_cache.clear()
    # A receiver renamed or moved in promises/signals.py would otherwise run unnoticed.
    assert found == left_out, left_out - found
    try:
        yield
    finally:
        for signal in signals:
            with signal.lock:
                signal.receivers = kept[signal]
                signal.sender_receivers_cache.clear()


@contextlib.contextmanager
def content_signals_muted():
    """Rows saved inside skip the content stamps' and `updated_at` receivers; on leaving,
    the periods made inside are touched and every content stamp moves."""
    global _depth
    if _depth:  # inside another: that one restores the receivers and moves the stamps
        yield
        return
    newest_period = PromisePeriod.objects.order_by("-pk").values_list("pk", flat=True).first()
    with _receivers_left_out(SIGNALS, MUTED):
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
    PromisePeriod.objects.filter(pk__gt=newest_period or 0).touch()
    content_stamp.mark_changed()


@contextlib.contextmanager
def alerts_muted():
    """Rows saved inside record no news for e-mail alerts (no AlertEvent): only for worlds
    with no subscriber, built for tests that read no alert events (no public or admin page
    does; promises/publishing/alerts.py is their only reader besides the mail queue)."""
    with _receivers_left_out((post_save,), {content_signals.news_published}):
        yield
