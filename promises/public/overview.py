"""How many of a period's promises have each status, for the police and the municipalities,
as numbers for a table and as the geometry of a server-drawn bar chart (inline SVG).

The chart carries its numbers and status names as text, and the table beside it holds the
same figures, so nothing depends on colour or on seeing the chart. Computed in Python from the
period's prefetched promises (annotated with their status): no queries of its own.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from promises.models import MIXED, NO_FOLLOW_UP, Partner, all_statuses, swedish_date
from promises.models.promises import shared_code

POLICE = "polisen"
MUNICIPALITIES = "kommunerna"

# The chart's drawing units (the SVG scales to the page width with CSS).
LABEL_WIDTH = 250
BAR_WIDTH = 190
ROW_HEIGHT = 32
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
    """`promises`: the period's promises with `givers` prefetched, `with_status()` and
    `with_giver_statuses()`.

    Each side's column counts the status that side's own givers reported (the status they
    share, "mixed" when they differ), the same rule as the promise list's "Ges av" filter that
    each figure links to; the last column counts the overall status."""
    sides = {POLICE: [], MUNICIPALITIES: []}
    kinds = {POLICE: Partner.Kind.POLICE_AREA, MUNICIPALITIES: Partner.Kind.MUNICIPALITY}
    everyone = []
    for promise in promises:
        everyone.append(promise.status)
        own = promise.giver_statuses()
        for key, kind in kinds.items():
            codes = [status.code for status in own if status.giver.kind == kind]
            if codes:
                sides[key].append(shared_code(codes))
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


# How each status is counted in the start page's one-line result, singular and plural, in
# the order the sentence names them: what is done first, what has no follow-up last.
RESULT_PHRASES = {
    "done": lambda n: ngettext("%(count)d done", "%(count)d done", n),
    "partly_done": lambda n: ngettext("%(count)d partly done", "%(count)d partly done", n),
    "in_progress": lambda n: ngettext("%(count)d in progress", "%(count)d in progress", n),
    "not_started": lambda n: ngettext("%(count)d not started", "%(count)d not started", n),
    "not_done": lambda n: ngettext("%(count)d not done", "%(count)d not done", n),
    "unclear": lambda n: ngettext("%(count)d unclear", "%(count)d unclear", n),
    MIXED: lambda n: ngettext(
        "%(count)d different for different partners",
        "%(count)d different for different partners",
        n,
    ),
    NO_FOLLOW_UP: lambda n: ngettext(
        "%(count)d without follow-up", "%(count)d without follow-up", n
    ),
}


def result_sentence(promises) -> str:
    """The period's result in one line, e.g. "11 löften: 1 genomfört, 1 pågår, 9 utan
    uppföljning – senast rapporterat 15 december 2024." From promises annotated
    `with_status()`."""
    promises = list(promises)
    if not promises:
        return ""
    counts = Counter(promise.status for promise in promises)
    parts = [
        phrase(counts[code]) % {"count": counts[code]}
        for code, phrase in RESULT_PHRASES.items()
        if counts[code]
    ]
    sentence = ngettext(
        "%(total)d promise: %(parts)s", "%(total)d promises: %(parts)s", len(promises)
    ) % {
        "total": len(promises),
        "parts": ", ".join(parts),
    }
    reported = [p.status_reported_on for p in promises if p.status_reported_on]
    if reported:
        sentence += " – " + gettext("last reported %(date)s") % {
            "date": swedish_date(max(reported))
        }
    return sentence + "."
