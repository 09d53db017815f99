"""An indicator as the geometry of a server-drawn line chart (inline SVG, no script).

The measured values are a line with a dot per measurement; the straight path from baseline to
target, which the verdict "on track" is judged against, is a dashed line; the target is a
marked point. The chart is hidden from screen readers and a real table beside it holds every
figure, so nothing depends on seeing the chart or its colours. No queries of its own: it reads
the indicator's prefetched values.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format

# Drawing units; the SVG scales to the page width with CSS.
WIDTH = 560
HEIGHT = 240
LEFT = 70  # room for the value labels
RIGHT = 20
TOP = 16
BOTTOM = 40  # room for the date labels


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
    axis_left: int = LEFT
    axis_bottom: int = HEIGHT - BOTTOM
    axis_right: int = WIDTH - RIGHT
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)

    @property
    def target_box(self):
        """The target's square, centred on its point."""
        return Dot(round(self.target.x - 5, 1), round(self.target.y - 5, 1))

    @property
    def measured_points(self):
        return " ".join(f"{dot.x:.1f},{dot.y:.1f}" for dot in self.measured)


def _value_text(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value)


@dataclass
class IndicatorView:
    indicator: object
    verdict: object
    latest: object
    chart: Chart | None
    rows: list


def indicator_chart(indicator) -> Chart | None:
    points = indicator.points()
    if not points:
        return None  # nothing measured: no line to draw, and the page says so in words
    baseline, target = indicator.baseline, indicator.target
    dated = [*points, target, *([baseline] if baseline else [])]
    first = min(point.on for point in dated)
    last = max(point.on for point in dated)
    low = min(Decimal(0), *(point.value for point in dated))
    high = max(point.value for point in dated)
    days = max((last - first).days, 1)
    span = high - low or Decimal(1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def dot(point):
        x = LEFT + plot_width * (point.on - first).days / days
        y = TOP + plot_height * float((high - point.value) / span)
        return Dot(round(x, 1), round(y, 1))

    chart = Chart(measured=[dot(point) for point in points], target=dot(target))
    if baseline:
        chart.planned = [dot(baseline), dot(target)]
    bottom = HEIGHT - BOTTOM
    chart.labels = [
        (LEFT - 6, TOP + 5, "end", _value_text(high)),
        (LEFT - 6, bottom, "end", _value_text(low)),
        (LEFT, bottom + 20, "start", date_format(first, "Y-m-d")),
        (WIDTH - RIGHT, bottom + 20, "end", date_format(last, "Y-m-d")),
    ]
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
                rows=values,
            )
        )
    return views
