"""An indicator in words a resident reads at a glance: numbers, units and short dates as the
page's language writes them (Swedish: "Från 48 (jan 2023) till 33 (nov 2024), mål 30 senast
dec 2024."), and the one-sentence summary shown before the chart.

Pure functions of the indicator's prefetched values: no queries of their own.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

NO_BREAK = "\u00a0"

# Editors write the unit as a word ("antal", "procent"). "Antal" names what is counted, it is
# not a unit: "30 antal" is not Swedish, so counts are shown bare (the unit stays in the
# table's column heading). A percentage is written with the sign after a space ("64,5 %").
COUNT_UNITS = {"antal", "st", "st.", "stycken", "styck"}
PERCENT_UNITS = {"procent", "%", "percent", "procentenheter"}


def swedish_number(value: Decimal) -> str:
    """64.50 → "64,5", 30.00 → "30", 12500 → "12 500": a decimal comma, no needless
    decimals, and thousands grouped from five digits on (Språkrådet's advice).

    In another language its own separators (Django's locale formats: "64.5" and "12,500" in
    English; Arabic groups no digits)."""
    value = Decimal(value)
    if get_language() not in (None, "sv"):
        return local_number(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _dot, decimals = digits.partition(".")
    if len(whole) > 4:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = NO_BREAK.join(groups)
    return sign + whole + ("," + decimals if decimals else "")


def local_number(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _dot, decimals = digits.partition(".")
    if get_format("NUMBER_GROUPING") and len(whole) > 3:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = get_format("THOUSAND_SEPARATOR").join(groups)
    separator = get_format("DECIMAL_SEPARATOR")
    return sign + whole + (separator + decimals if decimals else "")


def with_unit(value: Decimal, unit: str) -> str:
    """A figure as a sentence writes it: "30", "64,5 %", "12 kr"."""
    number = swedish_number(value)
    kind = unit.strip().casefold()
    if not kind or kind in COUNT_UNITS:
        return number
    if kind in PERCENT_UNITS:
        return f"{number}{NO_BREAK}%"
    return f"{number}{NO_BREAK}{unit.strip()}"


def short_month_format() -> str:
    # Swedish writes short months in lower case ("nov"), English capitalised ("Nov").
    return "b" if get_language() in (None, "sv") else "M"


def month(day) -> str:
    """ "nov 2024": short enough for a chart's axis on a phone."""
    return date_format(day, f"{short_month_format()} Y")


def short_date(day) -> str:
    """ "20 nov 2024"."""
    return date_format(day, f"j {short_month_format()} Y")


def summary(indicator) -> str:
    """Where the indicator started, where it is now and where it should end, in one sentence."""
    points = indicator.points()
    unit = indicator.unit
    target = indicator.target
    goal = {"target": with_unit(target.value, unit), "target_on": month(target.on)}
    if not points:
        return _("No measurement yet; target %(target)s by %(target_on)s.") % goal
    latest = points[-1]
    start = indicator.baseline if indicator.baseline else points[0]
    if start.on >= latest.on:
        return _("Measured %(latest)s (%(latest_on)s); target %(target)s by %(target_on)s.") % {
            "latest": with_unit(latest.value, unit),
            "latest_on": month(latest.on),
            **goal,
        }
    return _(
        "From %(start)s (%(start_on)s) to %(latest)s (%(latest_on)s); "
        "target %(target)s by %(target_on)s."
    ) % {
        "start": with_unit(start.value, unit),
        "start_on": month(start.on),
        "latest": with_unit(latest.value, unit),
        "latest_on": month(latest.on),
        **goal,
    }


@dataclass
class TableRow:
    on: object
    kind: str
    value: str
    source_title: str = ""
    source_url: str = ""

    @property
    def date_text(self):
        return short_date(self.on)


BASELINE = gettext_lazy("Baseline")
MEASUREMENT = gettext_lazy("Measurement")
TARGET = gettext_lazy("Target")


def table_rows(indicator, values) -> list[TableRow]:
    """Baseline, measurements and target in date order's usual reading: start, steps, goal.
    Values are bare numbers; the unit is in the column heading."""
    rows = []
    if indicator.baseline:
        rows.append(
            TableRow(
                indicator.baseline_on,
                BASELINE,
                swedish_number(indicator.baseline_value),
                indicator.baseline_source,
            )
        )
    rows += [
        TableRow(v.measured_on, MEASUREMENT, swedish_number(v.value), v.source_title, v.source_url)
        for v in values
    ]
    rows.append(TableRow(indicator.target_on, TARGET, swedish_number(indicator.target_value)))
    return rows
