"""Indicators: the verdict in words for crafted series around the target and its date, and the
chart with its table on the promise page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from promises.models import Direction, IndicatorValue, Verdict, verdict
from promises.models.indicators import Point, expected_value

from ..support.actions import POLICE, day, indicator, promise_given_by
from ..support.html import visible_text

BASELINE = Point(day("2024-01-01"), Decimal(10))
TARGET_UP = Point(day("2025-01-01"), Decimal(20))  # 366 days later
TARGET_DOWN = Point(day("2025-01-01"), Decimal(0))


def points(*pairs):
    return [Point(day(on), Decimal(value)) for value, on in pairs]


def judge(
    measured, target=TARGET_UP, direction=Direction.UP, today="2024-07-01", baseline=BASELINE
):
    return verdict(points(*measured), baseline, target, direction, day(today))


def test_the_straight_line_from_baseline_to_target():
    assert expected_value(BASELINE, TARGET_UP, day("2024-01-01")) == 10
    assert expected_value(BASELINE, TARGET_UP, day("2025-01-01")) == 20
    assert expected_value(BASELINE, TARGET_UP, day("2023-06-01")) == 10
    halfway = expected_value(BASELINE, TARGET_UP, day("2024-07-02"))  # day 183 of 366
    assert halfway == Decimal(15)


@pytest.mark.parametrize(
    ("measured", "today", "expected"),
    [
        # No data: never a verdict, whatever the dates.
        ((), "2024-07-01", Verdict.NO_DATA),
        ((), "2026-01-01", Verdict.NO_DATA),
        # Exactly the target counts as met, before and after the target date.
        ((("20", "2024-06-01"),), "2024-07-01", Verdict.MET),
        ((("20", "2024-12-31"),), "2026-01-01", Verdict.MET),
        ((("19.99", "2024-12-31"),), "2026-01-01", Verdict.MISSED),
        # On the target date itself it is not yet missed; the day after it is.
        # (the line is at 11.64 on 1 March)
        ((("11", "2024-03-01"),), "2025-01-01", Verdict.BEHIND),
        ((("11", "2024-03-01"),), "2025-01-02", Verdict.MISSED),
        ((("12", "2024-03-01"),), "2025-01-01", Verdict.ON_TRACK),
        # Halfway in time: on the line is on track, just under it is behind.
        ((("15", "2024-07-02"),), "2024-07-10", Verdict.ON_TRACK),
        ((("14.99", "2024-07-02"),), "2024-07-10", Verdict.BEHIND),
        # The latest measurement decides, whatever the order they were entered in.
        ((("18", "2024-09-01"), ("11", "2024-03-01")), "2024-09-10", Verdict.ON_TRACK),
        ((("11", "2024-09-01"), ("18", "2024-03-01")), "2024-09-10", Verdict.BEHIND),
    ],
)
def test_verdict_for_an_indicator_that_should_increase(measured, today, expected):
    assert judge(measured, today=today) == expected


@pytest.mark.parametrize(
    ("measured", "today", "expected"),
    [
        ((("0", "2024-10-01"),), "2024-10-02", Verdict.MET),
        ((("5", "2024-07-02"),), "2024-07-10", Verdict.ON_TRACK),  # the line is at 5
        ((("5.01", "2024-07-02"),), "2024-07-10", Verdict.BEHIND),
        ((("1", "2024-12-01"),), "2025-02-01", Verdict.MISSED),
    ],
)
def test_verdict_for_an_indicator_that_should_decrease(measured, today, expected):
    assert judge(measured, target=TARGET_DOWN, direction=Direction.DOWN, today=today) == expected


def test_without_a_baseline_the_pace_is_not_judged_but_met_and_missed_are():
    assert judge((("12", "2024-03-01"),), baseline=None) == Verdict.NO_PACE
    assert judge((("21", "2024-03-01"),), baseline=None) == Verdict.MET
    assert judge((("12", "2024-03-01"),), baseline=None, today="2025-06-01") == Verdict.MISSED


def test_the_verdicts_read_in_swedish():
    assert str(Verdict.NO_DATA.label) == "Ingen mätning ännu"
    assert str(Verdict.MET.label) == "Målet är nått"
    assert str(Verdict.MISSED.label) == "Målet nåddes inte"


@pytest.mark.django_db
def test_one_value_per_indicator_and_day():
    measured = indicator(promise_given_by(POLICE), values=[("3", "2024-02-01")])
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=measured, measured_on=day("2024-02-01"), value=4, source_title="Källa"
        )


@pytest.mark.django_db
def test_a_baseline_needs_a_value_and_a_date():
    from promises.models import Indicator

    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            promise=promise_given_by(POLICE),
            name="Halv",
            unit="antal",
            baseline_value=3,
            target_value=5,
            target_on=day("2025-01-01"),
            direction="oka",
        )


@pytest.mark.django_db
def test_the_promise_page_draws_each_indicator_with_its_table_and_verdict(client, frozen_today):
    frozen_today(2024, 9, 10)
    promise = promise_given_by(POLICE)
    indicator(
        promise,
        name="Genomförda insatser",
        baseline=("0", "2024-01-01"),
        target=("6", "2024-12-31"),
        values=[("2", "2024-03-31"), ("11", "2024-08-31")],
    )
    indicator(promise, name="Upplevd trygghet", unit="procent", target=("80", "2025-06-30"))
    html = client.get(promise.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert "Genomförda insatser" in text
    assert "Bedömning: Målet är nått" in text
    assert "Från 0 (jan 2024) till 11 (aug 2024), mål 6 senast dec 2024." in text
    assert "11 antal" not in text  # "antal" names what is counted; it is no unit
    # The unmeasured indicator gets no chart and no verdict beyond saying so.
    assert "Upplevd trygghet" in text
    assert "Bedömning: Ingen mätning ännu" in text
    assert html.count('class="chart__svg"') == 1
    svg = re.search(r'<svg class="chart__svg".*?</svg>', html, re.S).group(0)
    assert 'aria-hidden="true"' in svg
    assert svg.count("<circle") == 2  # the legend's sample dot is outside the chart
    assert "style=" not in svg and "<script" not in svg
    # Coordinates are plain numbers, not Swedish decimals ("185,9" is no SVG length).
    coordinates = re.findall(r' (?:x1|y1|x2|y2|cx|cy|x|y)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
    # The table beside it holds every figure: baseline, both measurements, the target.
    table = re.search(r'<table class="overview-table indicator-table[^"]*">.*?</table>', html, re.S)
    rows = [visible_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)]
    assert rows[1:] == [
        "Utgångsvärde 1 jan 2024 0",
        "Mätning 31 mar 2024 2 Testkälla",
        "Mätning 31 aug 2024 11 Testkälla",
        "Mål 31 dec 2024 6",
    ]


@pytest.mark.django_db
def test_a_verdict_follows_the_date(client, frozen_today):
    frozen_today(2025, 2, 1)
    promise = promise_given_by(POLICE)
    indicator(
        promise,
        baseline=("0", "2024-01-01"),
        target=("6", "2024-12-31"),
        values=[("2", "2024-03-31")],
    )
    text = visible_text(client.get(promise.get_absolute_url()).content.decode())
    assert "Bedömning: Målet nåddes inte" in text
    assert datetime.date.today() == datetime.date(2025, 2, 1)
