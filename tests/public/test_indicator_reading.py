"""An indicator read on a phone (issue 22, item 3): the summary sentence first, Swedish numbers
and dates, units where Swedish puts them, round value-axis steps and lines told apart by
pattern and marker, and a link to it all near the promise's status."""

import itertools
import re
from decimal import Decimal

import pytest

from promises.public.indicator_chart import indicator_chart, value_ticks
from promises.public.indicator_reading import (
    month,
    short_date,
    summary,
    swedish_number,
    with_unit,
)

from ..support.actions import POLICE, day, indicator, promise_given_by
from ..support.html import visible_text

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("64.50", "64,5"),
        ("30.00", "30"),
        ("0.00", "0"),
        ("100", "100"),  # Decimal.normalize() would give "1E+2"
        ("2.05", "2,05"),
        ("-3.25", "-3,25"),
        ("1234", "1234"),
        ("12500.50", "12\u00a0500,5"),
        ("1000000", "1\u00a0000\u00a0000"),
    ],
)
def test_numbers_are_swedish_without_needless_decimals(value, shown):
    assert swedish_number(Decimal(value)) == shown


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("antal", "30"),
        ("Antal", "30"),
        ("st", "30"),
        ("procent", "30\u00a0%"),
        ("kr", "30\u00a0kr"),
    ],
)
def test_units_are_placed_the_way_swedish_writes_them(unit, shown):
    assert with_unit(Decimal("30.00"), unit) == shown


def test_dates_are_swedish_and_short():
    assert month(day("2024-11-20")) == "nov 2024"
    assert short_date(day("2024-11-20")) == "20 nov 2024"
    assert short_date(day("2024-05-01")) == "1 maj 2024"


@pytest.mark.django_db
def test_the_summary_says_from_where_to_where_against_which_target():
    measured = indicator(
        promise_given_by(POLICE),
        baseline=("48", "2023-01-15"),
        values=[("40", "2024-03-01"), ("33", "2024-11-20")],
        target=("30", "2024-12-31"),
        direction="minska",
    )
    assert summary(measured) == "Från 48 (jan 2023) till 33 (nov 2024), mål 30 senast dec 2024."


@pytest.mark.django_db
def test_the_summary_without_a_baseline_or_without_measurements():
    promise = promise_given_by(POLICE)
    once = indicator(promise, name="En", unit="procent", values=[("64.50", "2024-06-03")])
    assert summary(once) == "Uppmätt 64,5\u00a0% (jun 2024), mål 100\u00a0% senast dec 2024."
    twice = indicator(promise, name="Två", values=[("2", "2024-02-01"), ("5", "2024-06-01")])
    assert summary(twice) == "Från 2 (feb 2024) till 5 (jun 2024), mål 100 senast dec 2024."
    never = indicator(promise, name="Ingen")
    assert summary(never) == "Ingen mätning än. Mål: 100 senast dec 2024."


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, 48), (0, 6), (0, 11), (0, "64.5"), (0, 100), (0, 1), (0, "0.3"), (-5, 20), (0, 12500)],
)
def test_the_value_axis_has_round_steps_covering_every_value(low, high):
    ticks = value_ticks(Decimal(low), Decimal(high))
    assert ticks[0] <= Decimal(low) and ticks[-1] >= Decimal(high)
    assert 3 <= len(ticks) <= 6
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)}


@pytest.mark.django_db
def test_the_chart_labels_several_values_and_swedish_months_in_readable_sizes():
    chart = indicator_chart(
        indicator(
            promise_given_by(POLICE),
            baseline=("48", "2023-01-15"),
            values=[("40", "2024-03-01"), ("33", "2024-11-20")],
            target=("30", "2024-12-31"),
            direction="minska",
        )
    )
    texts = [label[3] for label in chart.labels]
    assert texts == ["0", "20", "40", "60", "jan 2023", "dec 2024"]
    assert not any(ISO_DATE.search(text) for text in texts)
    assert len(chart.gridlines) == 4
    # 20-unit labels on a 360-unit chart are 16 px where the chart is 288 px wide (320 px).
    assert chart.width == 360
    # Every point lies inside the plot.
    for dot in [*chart.measured, *chart.planned, chart.target]:
        assert chart.axis_left <= dot.x <= chart.axis_right
        assert 0 <= dot.y <= chart.axis_bottom


@pytest.mark.django_db
def test_the_promise_page_reads_well_from_the_top(client, frozen_today):
    frozen_today(2024, 12, 1)
    promise = promise_given_by(POLICE)
    measured = indicator(
        promise,
        name="Anmälda brott",
        baseline=("48", "2023-01-15"),
        values=[("40.00", "2024-03-01"), ("33.50", "2024-11-20")],
        target=("30", "2024-12-31"),
        direction="minska",
    )
    html = client.get(promise.get_absolute_url()).content.decode()
    main = html.split("<main", 1)[1]
    sentence = "Från 48 (jan 2023) till 33,5 (nov 2024), mål 30 senast dec 2024."
    # Near the status, before the follow-ups and actions: the sentence and a link to the chart.
    top = main.split('class="timeline"', 1)[0].split('id="atgarder"', 1)[0]
    assert f'<a href="#{measured.anchor}">Anmälda brott</a>: {sentence}' in top
    # In the indicator's own section the sentence comes before the chart.
    section = main.split(f'<section id="{measured.anchor}"', 1)[1].split("</section>", 1)[0]
    assert section.index(sentence) < section.index("<svg")
    # The legend is short and says what each line is, by pattern and marker.
    legend = visible_text(section.split('<ul class="chart-legend">', 1)[1].split("</ul>", 1)[0])
    assert legend == "Mätningar Väg till målet Mål"
    assert section.count('class="indicator-chart__planned"') == 2  # the line and its sample
    # The table: Swedish figures, the unit in the heading, each cell labelled for phones.
    table = section.split("<table", 1)[1].split("</table>", 1)[0]
    assert ">Värde (antal)</th>" in table
    assert ">33,5</td>" in table and ">40</td>" in table
    assert "33,50" not in table and "40,00" not in table and " antal<" not in table
    assert '<time datetime="2024-11-20">20 nov 2024</time>' in table
    assert 'data-label="Värde (antal)"' in table and 'data-label="Källa"' in table
    assert not ISO_DATE.search(visible_text(section))


@pytest.mark.django_db
def test_a_promise_without_indicators_shows_no_summary_box(client):
    promise = promise_given_by(POLICE)
    html = client.get(promise.get_absolute_url()).content.decode()
    assert "indicator-summaries" not in html
