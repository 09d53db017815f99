"""An indicator as the geometry of a server-drawn line chart (inline SVG, no script).

The measured values are a solid line with a round dot per measurement; the straight path from
baseline to target, which the verdict "on track" is judged against, is a dashed line without
dots; the target is a square. Lines differ by pattern and marker, never by colour alone. The
value axis has round steps with a light line each, dates are Swedish months ("nov 2024"). The
chart is hidden from screen readers; the summary sentence before it and a real table beside it
hold every figure, so nothing depends on seeing the chart or its colours. No queries of its
own: it reads the indicator's prefetched values.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils import timezone

from promises.public.indicator_reading import month, summary, swedish_number, table_rows

# Drawing units; the SVG scales to the content width with CSS. 360 units wide keeps the
# 20-unit labels at 16 px on a 320 px screen (288 px of content), and at 20 px from 390 px on.
WIDTH = 360
HEIGHT = 250
RIGHT = 18
TOP = 14
BOTTOM = 36  # room for the date labels
LABEL_SIZE = 20  # .chart__label's font size, in drawing units
DIGIT_WIDTH = 11  # about the width of one character of a label, in drawing units
TICKS = 4  # about this many steps on the value axis


@dataclass
class Dot:
    x: float
    y: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    measured: list[Dot] = field(default_factory=list)
    planned: list[Dot] = field(default_factory=list)
    target: Dot | None = None
    axis_left: float = 0
    axis_bottom: int = HEIGHT - BOTTOM
    axis_right: int = WIDTH - RIGHT
    gridlines: list[float] = field(default_factory=list)
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)

    @property
    def target_box(self):
        """The target's square, centred on its point."""
        return Dot(round(self.target.x - 6, 1), round(self.target.y - 6, 1))

    @property
    def measured_points(self):
        return " ".join(f"{dot.x:.1f},{dot.y:.1f}" for dot in self.measured)


@dataclass
class IndicatorView:
    indicator: object
    verdict: object
    latest: object
    chart: Chart | None
    rows: list
    summary: str = ""


def value_ticks(low: Decimal, high: Decimal, count: int = TICKS) -> list[Decimal]:
    """Round values from at most `low` to at least `high`, 1, 2, 2.5 or 5 times a power of ten
    apart, so a reader can place any point between two labels."""
    span = high - low
    if span <= 0:
        span = abs(high) or Decimal(1)
    rough = span / count
    power = Decimal(1).scaleb(rough.adjusted())
    step = next(
        power * factor
        for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if power * factor >= rough
    )
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    if last == first:
        last = first + step
    steps = int((last - first) / step)
    return [first + step * number for number in range(steps + 1)]


def indicator_chart(indicator) -> Chart | None:
    points = indicator.points()
    if not points:
        return None  # nothing measured: no line to draw, and the page says so in words
    baseline, target = indicator.baseline, indicator.target
    dated = [*points, target, *([baseline] if baseline else [])]
    first = min(point.on for point in dated)
    last = max(point.on for point in dated)
    ticks = value_ticks(min(Decimal(0), *(p.value for p in dated)), max(p.value for p in dated))
    low, high = ticks[0], ticks[-1]
    tick_texts = [swedish_number(tick) for tick in ticks]
    left = max(40, 14 + DIGIT_WIDTH * max(len(text) for text in tick_texts))
    days = max((last - first).days, 1)
    span = high - low
    plot_width = WIDTH - left - RIGHT
    bottom = HEIGHT - BOTTOM
    plot_height = bottom - TOP

    def y_of(value):
        return round(TOP + plot_height * float((high - value) / span), 1)

    def dot(point):
        x = left + plot_width * (point.on - first).days / days
        return Dot(round(x, 1), y_of(point.value))

    chart = Chart(measured=[dot(point) for point in points], target=dot(target), axis_left=left)
    if baseline:
        chart.planned = [dot(baseline), dot(target)]
    chart.gridlines = [y_of(tick) for tick in ticks]
    # A label's baseline sits a third of its height below the line it names.
    chart.labels = [
        (left - 8, round(y + LABEL_SIZE / 3, 1), "end", text)
        for y, text in zip(chart.gridlines, tick_texts, strict=True)
    ]
    first_month, last_month = month(first), month(last)
    chart.labels.append((left, bottom + 26, "start", first_month))
    if last_month != first_month:
        chart.labels.append((WIDTH - RIGHT, bottom + 26, "end", last_month))
    return chart


def indicator_views(indicators, today=None) -> list[IndicatorView]:
    today = today or timezone.localdate()
    views = []
    for indicator in indicators:
        values = sorted(indicator.values.all(), key=lambda v: (v.measured_on, v.pk))
        views.append(
            IndicatorView(
                indicator=indicator,
                verdict=indicator.verdict(today),
                latest=values[-1] if values else None,
                chart=indicator_chart(indicator),
                rows=table_rows(indicator, values),
                summary=summary(indicator),
            )
        )
    return views
