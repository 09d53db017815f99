"""The admin lists editors scan: the follow-up, action and indicator lists start with the
promise's number and its first words (not the whole sentence that made the table 1,209 px
wide), then date, reporter, status and published; the start page shows the editor's own
partner's status first; promise choices carry the promise's number."""

import re

import pytest

from promises.models import Promise

from ..support import actions
from ..support.follow_ups import report
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

TJORN = "tjorns-kommun"


def long_joint_promise():
    """Tjörn's joint promise with the longest words, and its number in the period's list."""
    joint = [
        promise
        for promise in Promise.objects.filter(givers__slug=TJORN).with_number()
        if promise.givers.count() > 1
    ]
    promise = max(joint, key=lambda promise: len(promise.text))
    assert len(promise.text) > 80  # the seed has long promises, so the shortening is tested
    return promise


def header_classes(html):
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return re.findall(r'<th scope="col"\s+class="[^"]*column-(\w+)', head)


def first_cells(html):
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    return [visible_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def test_the_follow_up_list_starts_with_what_editors_scan(client_for):
    promise = long_joint_promise()
    report(promise, "partly_done", "2024-11-20", by=promise.givers.get(slug=TJORN))
    html = client_for(TJORN).get("/admin/promises/followup/").content.decode()
    assert header_classes(html) == [
        "promise_column",
        "reported_on",
        "reported_by",
        "status",
        "is_published",
    ]
    cells = first_cells(html)
    # cells[0] is the row's checkbox.
    assert cells[1].startswith(f"{promise.number}. {promise.text[:20]}")
    assert cells[1].endswith("…") and len(cells[1]) < 70
    assert cells[2:5] == ["20 november 2024", "Tjörns kommun", "Delvis genomfört"]


def test_the_action_and_indicator_lists_start_with_the_numbered_promise(client_for):
    promise = long_joint_promise()
    actions.action(promise, TJORN, title="Trygghetsvandring i Skärhamn.")
    actions.indicator(promise, name="Andel trygga")
    client = client_for(TJORN)
    html = client.get("/admin/promises/action/").content.decode()
    assert header_classes(html)[:3] == ["promise_column", "title", "responsible"]
    assert first_cells(html)[1].startswith(f"{promise.number}. ")
    html = client.get("/admin/promises/indicator/").content.decode()
    assert header_classes(html)[:2] == ["promise_column", "name"]
    assert first_cells(html)[1].startswith(f"{promise.number}. ")


def test_promise_choices_carry_the_promise_number(client_for):
    promise = long_joint_promise()
    html = client_for(TJORN).get("/admin/promises/followup/add/").content.decode()
    label = re.search(rf'<option value="{promise.pk}">(.*?)</option>', html).group(1)
    assert f": {promise.number}. " in label


def test_the_start_page_shows_the_editors_own_status_first(client_for):
    promise = long_joint_promise()
    for slug, status in (("stenungsunds-kommun", "done"), (TJORN, "partly_done")):
        report(promise, status, "2024-11-20", by=promise.givers.get(slug=slug))
    html = client_for(TJORN).get("/admin/").content.decode()
    row = next(
        row
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        if f"/admin/promises/promise/{promise.pk}/change/" in row
    )
    status_cell = visible_text(re.findall(r"<td>(.*?)</td>", row, re.S)[1])
    assert status_cell.startswith("Tjörns kommun: Delvis genomfört")
    assert "Stenungsunds kommun: Genomfört" in status_cell
    assert "Sammantaget: Olika för olika parter" in status_cell
    assert visible_text(re.findall(r"<td>(.*?)</td>", row, re.S)[0]).startswith(
        f"{promise.number}. "
    )


def test_the_start_page_breaks_lines_between_words_only():
    from ..conftest import REPO_ROOT

    css = (REPO_ROOT / "static" / "css" / "admin.css").read_text()
    rule = re.search(r"\.workspace-promises td \{([^}]*)\}", css).group(1)
    # "anywhere" let the browser break "Stenungsunds" as "Stenungsun ds".
    assert "anywhere" not in rule and "break-all" not in rule
