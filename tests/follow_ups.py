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


def report(promise, status, day, published=True, text=None):
    return FollowUp.objects.create(
        promise=promise,
        status=status,
        reported_on=datetime.date.fromisoformat(day),
        text=text or f"Testuppföljning {status} {day}.",
        is_published=published,
    )


def overview_table(html):
    """The overview table as {status label: [cell texts]} and its column headings."""
    table = re.search(r'<table class="overview-table">(.*?)</table>', html, re.S).group(1)
    head = [visible_text(th) for th in re.findall(r"<th scope=\"col\">(.*?)</th>", table, re.S)]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        label = visible_text(re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S).group(1))
        cells = [visible_text(td).split(" ")[0] for td in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows[label] = [int(cell) for cell in cells]
    return head, rows


def listed_promise_texts(html):
    """The promise texts in a page's result list, in order."""
    items = re.findall(r'<li id="lofte-\d+">\s*<a [^>]*>(.*?)</a>', html, re.S)
    return [visible_text(item) for item in items]
