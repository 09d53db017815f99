"""What a search finds: every kind of public text, ranked by relevance, one page at a time.

Each kind (promises, follow-ups, actions, indicators, partners, the lägesbild, the goal,
glossary words) is asked once for its matching rows' ids and ranks (`Kind.queryset` reuses the
published querysets, so drafts are never searched). The hits are ranked together in Python
(rank, then the kind's order, then id: the same search gives the same pages), and only the
page's rows are loaded and given their snippets, one query per kind on the page plus its
prefetches. The queries per search therefore depend on the kinds, never on the number of hits
or areas.

The matching and ranking themselves are the backend's: PostgreSQL's full-text search
(`search_postgres`) or the portable substring search with Swedish endings (`search_portable`,
SQLite). docs/architecture.md "Search" compares them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, Value
from django.utils.translation import gettext_lazy as _

from promises.models import (
    Action,
    FollowUp,
    GlossaryTerm,
    Indicator,
    Partner,
    Promise,
    PromisePeriod,
)
from promises.public import search

PER_PAGE = 20


@dataclass(frozen=True)
class Kind:
    """One kind of searched text. `title` is shown marked in full, `body` as a snippet; the
    fields' weights are A for `title`, B for `body` on both backends."""

    key: str
    label: object
    model: type
    title: str | None
    body: str | None
    vector: str
    # The stored normalised text the portable search reads instead of folding the fields.
    stored_text: str | None = None
    related: tuple = field(default=())
    # The path to the row's area, for `?polisomrade=`; None: the row belongs to no area.
    area: str | None = "promise__period__area"

    @property
    def fields(self):
        return [name for name in (self.title, self.body) if name]

    def queryset(self):
        return PUBLISHED[self.key]()


PROMISE = Kind(
    "promise",
    _("Promise"),
    Promise,
    "text",
    None,
    "search_vector",
    "search_text",
    area="period__area",
)
FOLLOW_UP = Kind(
    "follow_up",
    _("Follow-up"),
    FollowUp,
    None,
    "text",
    "search_vector",
    "search_text",
    ("promise__period", "reported_by"),
)
ACTION = Kind(
    "action",
    _("Action"),
    Action,
    "title",
    "goal",
    "search_vector",
    "search_text",
    ("promise__period", "responsible"),
)
INDICATOR = Kind(
    "indicator",
    _("Indicator"),
    Indicator,
    "name",
    None,
    "search_vector",
    None,
    ("promise__period",),
)
PARTNER = Kind(
    "partner", _("Partner"), Partner, "name", None, "search_vector", None, ("area",), "area"
)
SITUATION = Kind(
    "situation",
    _("Local situation"),
    PromisePeriod,
    "situation_heading",
    "situation_text",
    "situation_vector",
    area="area",
)
GOAL = Kind(
    "goal", _("Goal"), PromisePeriod, "goal_heading", "goal_text", "goal_vector", area="area"
)
TERM = Kind(
    "term", _("Glossary word"), GlossaryTerm, "term", "definition", "search_vector", area=None
)

# In this order on equal rank.
KINDS = (PROMISE, FOLLOW_UP, ACTION, INDICATOR, PARTNER, SITUATION, GOAL, TERM)
ORDER = {kind.key: number for number, kind in enumerate(KINDS)}
KIND = {kind.key: kind for kind in KINDS}

PUBLISHED = {
    "promise": lambda: Promise.objects.public(),
    "follow_up": lambda: FollowUp.objects.public(),
    "action": lambda: Action.objects.public(),
    "indicator": lambda: Indicator.objects.public(),
    "partner": lambda: Partner.objects.all(),
    "situation": lambda: PromisePeriod.objects.published(),
    "goal": lambda: PromisePeriod.objects.published(),
    "term": lambda: GlossaryTerm.objects.all(),
}


def backend():
    """PostgreSQL's full-text search there, the portable search on every other database."""
    if connection.vendor == "postgresql":
        from promises.public import search_postgres

        return search_postgres
    from promises.public import search_portable

    return search_portable


def matching(kind, words, engine):
    """A condition: the row holds every word. A promise also holds a word that one of its
    published follow-ups or actions, or the name of one of its givers, holds ("Tjörn trafik"
    finds what Tjörns kommun promises about traffic)."""
    condition = Q()
    for word in words:
        own = engine.holds(kind, word)
        if kind is PROMISE:
            own |= Q(
                Exists(
                    FollowUp.objects.published()
                    .filter(promise=OuterRef("pk"))
                    .filter(engine.holds(FOLLOW_UP, word))
                )
            )
            own |= Q(
                Exists(
                    Action.objects.published()
                    .filter(promise=OuterRef("pk"))
                    .filter(engine.holds(ACTION, word))
                )
            )
            givers = Partner.objects.filter(engine.holds(PARTNER, word))
            own |= Q(
                Exists(
                    Promise.givers.through.objects.filter(
                        promise=OuterRef("pk"), partner__in=givers
                    )
                )
            )
        condition &= own
    return condition


@dataclass(frozen=True)
class Hit:
    rank: float
    kind: str
    pk: int

    def order(self):
        return (-self.rank, ORDER[self.kind], self.pk)


@dataclass
class Result:
    """One hit on the page: the row, its kind, and its marked title and snippet (safe HTML)."""

    kind: Kind
    row: object
    title: str = ""
    snippet: str = ""

    @property
    def template(self):
        return f"promises/search/{self.kind.key}.html"


class Outcome:
    """Every hit of one search, ranked, and its `counts` per kind; with an `area`, only what
    belongs to that area (the glossary belongs to none)."""

    def __init__(self, query: str, area=None):
        self.words = search.terms(query)
        self.engine = backend()
        hits = []
        if self.words:
            kinds = [kind for kind in KINDS if area is None or kind.area is not None]
            for key, pk, *values in self.matches(kinds, area):
                hits.append(Hit(self.engine.rank(KIND[key], values, self.words), key, pk))
        self.hits = sorted(hits, key=Hit.order)
        self.counts = Counter(hit.kind for hit in self.hits)
        # The searched-for givers: their own statuses are shown on the promises found.
        self.partner_ids = {hit.pk for hit in self.hits if hit.kind == PARTNER.key}

    def matches(self, kinds, area):
        """(kind, id, rank columns...) of every matching row of every kind: one query, each
        kind's rows a part of a UNION ALL."""
        parts = []
        for kind in kinds:
            rows = kind.queryset().filter(matching(kind, self.words, self.engine))
            if area is not None:
                rows = rows.filter(**{kind.area: area})
            columns = self.engine.rank_columns(kind, self.words)
            key = Value(kind.key, output_field=CharField())
            parts.append(rows.order_by().values_list(key, "pk", *columns))
        # Without order_by() Django orders the union by the first model's Meta.ordering, which
        # is no column of it (DatabaseError); the hits are sorted in Python anyway.
        return parts[0].union(*parts[1:], all=True).order_by()

    def results(self, page) -> list[Result]:
        """The page's hits as results, in rank order, each kind loaded in one query."""
        by_kind = {}
        for hit in page.object_list:
            by_kind.setdefault(hit.kind, []).append(hit.pk)
        loaded = {}
        for kind in KINDS:
            if kind.key in by_kind:
                rows = loader(kind).filter(pk__in=by_kind[kind.key])
                for row, title, snippet in self.engine.marked(rows, kind, self.words):
                    if kind is PROMISE:
                        row.read_status()
                    loaded[kind.key, row.pk] = Result(kind, row, title, snippet)
        return [loaded[hit.kind, hit.pk] for hit in page.object_list]


def loader(kind):
    """The kind's rows with what their result shows (the period, the reporter, ...)."""
    rows = kind.queryset()
    if kind.related:
        rows = rows.select_related(*kind.related)
    if kind is PROMISE:
        rows = (
            rows.with_giver_statuses("text")
            .select_related("period")
            .prefetch_related(
                "givers",
                "focus_areas",
                Prefetch(
                    "actions",
                    queryset=Action.objects.published().only("pk", "promise_id", "title", "goal"),
                    to_attr="searched_actions",
                ),
            )
        )
    return rows
