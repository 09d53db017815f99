"""Helpers for tests of follow-ups: test data is made here, never in the seed."""

import datetime
import re

from promises.models import FollowUp, Partner, Promise

from .html import visible_text

POLICE = "lokalpolisomrade-sodra-fyrbodal"


def police_promises():
    return list(Promise.objects.filter(givers__slug=POLICE).order_by("order", "pk"))


def municipal_promises():
    return list(Promise.objects.filter(givers__kind=Partner.Kind.MUNICIPALITY).distinct())


def report(promise, status, day, published=True, text=None, by=None):
    """A follow-up reported by `by` (a partner), by default the promise's first giver.

    `by="all"`: every giver reports the same status, one follow-up each; the first is returned.
    """
    givers = list(promise.givers.order_by("order", "name"))
    reporters = givers if by == "all" else [by or (givers[0] if givers else None)]
    made = [
        FollowUp.objects.create(
            promise=promise,
            reported_by=reporter,
            status=status,
            reported_on=datetime.date.fromisoformat(day),
            text=text or f"Testuppföljning {status} {day}.",
            is_published=published,
        )
        for reporter in reporters
    ]
    return made[0]


def overall_status(promise):
    """The overall status by the rule on "Så följer vi upp", computed here from the rows
    independently of the site's code: the status every giver's latest own report shares,
    "mixed" when they differ, "no_follow_up" for a giver without one."""
    own = []
    for giver in promise.givers.all():
        latest = (
            FollowUp.objects.filter(promise=promise, reported_by=giver, is_published=True)
            .order_by("-reported_on", "-pk")
            .first()
        )
        own.append(latest.status if latest else "no_follow_up")
    if not own:
        return "no_follow_up"
    return own[0] if len(set(own)) == 1 else "mixed"


def overview_table(html):
    """The overview table as {status label: [cell texts]} and its column headings."""
    table = re.search(r'<table class="overview-table[^"]*">(.*?)</table>', html, re.S).group(1)
    head = [visible_text(th) for th in re.findall(r"<th scope=\"col\">(.*?)</th>", table, re.S)]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        label = visible_text(re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S).group(1))
        cells = [
            visible_text(td).split(" ")[0] for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows[label] = [int(cell) for cell in cells]
    return head, rows


def listed_promise_texts(html):
    """The promise texts in a page's result list, in order."""
    items = re.findall(r'<li id="lofte-\d+">\s*<a [^>]*>(.*?)</a>', html, re.S)
    return [visible_text(item) for item in items]
