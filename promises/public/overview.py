"""How many of a period's promises have each status, for the police and the municipalities,
as numbers for a table and as the geometry of a server-drawn bar chart (inline SVG).

The chart carries its numbers and status names as text, and the table beside it holds the
same figures, so nothing depends on colour or on seeing the chart. Computed in Python from the
period's prefetched promises (annotated with their status): no queries of its own.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from promises.models import NO_FOLLOW_UP, Partner, all_statuses

POLICE = "polisen"
MUNICIPALITIES = "kommunerna"

# The chart's drawing units (the SVG scales to the page width with CSS).
LABEL_WIDTH = 190
BAR_WIDTH = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 18


@dataclass
class Bar:
    code: str
    label: str
    count: int
    y: int = 0
    width: int = 0

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4

    @property
    def count_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass
class Column:
    """The promises one side gives, counted by status."""

    key: str
    name: str
    total: int
    bars: list[Bar] = field(default_factory=list)

    @property
    def chart_height(self):
        return ROW_HEIGHT * len(self.bars)

    @property
    def chart_width(self):
        return LABEL_WIDTH + BAR_WIDTH + 50

    @property
    def bar_x(self):
        return LABEL_WIDTH


@dataclass
class Row:
    code: str
    label: str
    counts: list[tuple[Column, int]]
    total: int


@dataclass
class Overview:
    columns: list[Column]
    rows: list[Row]
    total: int
    published_follow_ups: bool


def _column(key, name, statuses) -> Column:
    total = len(statuses)
    column = Column(key, name, total)
    for index, (code, label) in enumerate(all_statuses()):
        count = statuses.count(code)
        width = round(BAR_WIDTH * count / total) if total else 0
        column.bars.append(Bar(code, str(label), count, y=index * ROW_HEIGHT + 6, width=width))
    return column


def period_overview(promises) -> Overview:
    """`promises`: the period's promises with `givers` prefetched and `with_status()`."""
    sides = {POLICE: [], MUNICIPALITIES: []}
    everyone = []
    for promise in promises:
        kinds = {giver.kind for giver in promise.givers.all()}
        everyone.append(promise.status)
        if Partner.Kind.POLICE_AREA in kinds:
            sides[POLICE].append(promise.status)
        if Partner.Kind.MUNICIPALITY in kinds:
            sides[MUNICIPALITIES].append(promise.status)
    names = {POLICE: _("The police"), MUNICIPALITIES: _("The municipalities")}
    columns = [_column(key, names[key], statuses) for key, statuses in sides.items() if statuses]
    rows = [
        Row(
            code,
            str(label),
            [(column, column.bars[index].count) for column in columns],
            everyone.count(code),
        )
        for index, (code, label) in enumerate(all_statuses())
    ]
    return Overview(
        columns=columns,
        rows=rows,
        total=len(everyone),
        published_follow_ups=any(status != NO_FOLLOW_UP for status in everyone),
    )
