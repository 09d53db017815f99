"""When public content last changed, per scope: rows in the database, the only truth.

Two kinds of stamp. The site's stamp (`ContentStamp`, one row) moves on every change of public
content; pages that list across areas (the start page of a register, /omraden/, /loften/,
search, feeds, the sitemap) key on it. Each area's stamp (`AreaContentStamp`, one row per
area) moves only with changes its pages show, and with content every page shows (glossary,
statuses, the statement, areas themselves): so an edit in one area leaves every other area's
stored pages reachable.

Every save or delete of content calls `mark_changed(areas)` right after the change (in the same
transaction when there is one, as in every admin save), so a stamp never moves before the
content does; validators and the page cache call `last_changed(request, scope)`, which reads
the one row the page's scope names in one query (the area found through the page's own slug
in the same statement). There is deliberately no copy of a moment in any process or cache that
outlives a request: with several gunicorn workers, or several machines, a copy kept by one
process goes stale the moment another process saves an edit, and nothing would tell it.

Every moment written is the site's new moment, one second past the site's previous one, and
an area's row is only ever set to such a moment: so whatever scope an address resolves to, a
change it shows gives it a moment no stored page of it can have been filed under.
"""

import contextlib
import datetime
import functools
from typing import NamedTuple

from django.db import connections, router, transaction
from django.db.models import BooleanField, DateTimeField, F, Subquery, Value
from django.db.models.functions import Greatest
from django.utils import timezone

ONE_SECOND = datetime.timedelta(seconds=1)
SITE_ROW = 1
_REQUEST_ATTRIBUTE = "_content_last_changed"
# Stands for the page's slug in each scope's compiled query, replaced on every read.
_SLUG = "\x00slug\x00"
# The last moment this process read per scope, used only while the database cannot be reached
# (see `last_seen()`); never used to answer a request while the database answers. Bounded: a
# scope is named by an address's slug, and addresses are anyone's to make up.
_last_seen: dict = {}
REMEMBERED_SCOPES = 10_000


class Scope(NamedTuple):
    """What a page shows: the whole site (`kind` "site"), or one area's content, found by the
    area's, one of its periods' or one of its partners' slug."""

    kind: str = "site"
    slug: str = ""


SITE = Scope()
AREA = "area"
PERIOD = "period"
PARTNER = "partner"
KINDS = (SITE.kind, AREA, PERIOD, PARTNER)


def _area_rows(kind):
    from promises.models import Area, AreaContentStamp, Partner, PromisePeriod

    # The area's id through the page's unique slug, as a scalar subquery: two lookups by key
    # in the same statement as the site's row.
    area_id = {
        AREA: Area.objects.filter(slug=_SLUG).values("pk"),
        PERIOD: PromisePeriod.objects.filter(slug=_SLUG).values("area_id"),
        PARTNER: Partner.objects.filter(slug=_SLUG).values("area_id"),
    }[kind]
    return AreaContentStamp.objects.filter(area_id=Subquery(area_id.order_by()[:1]))


def scope_of(kind: str, kwargs) -> Scope:
    """The scope a page of `kind` has at the address whose captured values are `kwargs`."""
    slug = kwargs.get("slug")
    if kind == SITE.kind or not isinstance(slug, str):
        return SITE
    return Scope(kind, slug)


def last_changed(request=None, scope: Scope = SITE) -> datetime.datetime:
    """The moment content shown in `scope` last changed, read from the database (once per
    request and scope)."""
    seen = getattr(request, _REQUEST_ATTRIBUTE, None) if request is not None else None
    if seen is not None and scope in seen:
        return seen[scope]
    changed_at = _read(scope)
    if changed_at is None:
        changed_at = _record(timezone.now())
    _remember(scope, changed_at)
    if request is not None:
        if seen is None:
            seen = {}
            setattr(request, _REQUEST_ATTRIBUTE, seen)
        seen[scope] = changed_at
    return changed_at


def _remember(scope, changed_at):
    if scope not in _last_seen and len(_last_seen) >= REMEMBERED_SCOPES:
        # The oldest first; another thread of this process may have just dropped it.
        with contextlib.suppress(StopIteration, RuntimeError):
            _last_seen.pop(next(iter(_last_seen)), None)
    _last_seen[scope] = changed_at


def _read(scope: Scope) -> datetime.datetime | None:
    # Every public request asks this, so it skips the ORM's per-query work: building and
    # compiling a queryset and `.first()` cost several times the query itself (on SQLite about
    # 0.3 ms against 0.05 ms, timeit on a 2-core machine). The SQL is still the ORM's, compiled
    # once per process and scope kind.
    from promises.models import ContentStamp

    connection = connections[router.db_for_read(ContentStamp)]
    sql, params = _stamp_query(connection.alias, scope.kind)
    params = tuple(scope.slug if param == _SLUG else param for param in params)
    if connection.queries_logged:
        # DEBUG, or a test counting queries: through Django's cursor, which records it.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        rows = _fetch_directly(connection, scope.kind, params)
    # The area's row when the slug names an area that has one, else the site's, which is never
    # older than any area's.
    rows.sort(key=lambda row: bool(row[0]), reverse=True)
    if not rows:
        return None
    moment = rows[0][1]
    # The backend's own conversion (SQLite returns text); PostgreSQL's driver needs none.
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(moment, None, connection) if convert else moment


def _fetch_directly(connection, kind: str, params: tuple) -> list:
    """The stamp's rows through the driver's own cursor, on Django's connection.

    Django's cursor wrappers (the SQL rewritten for SQLite's placeholders on every execute,
    the execute wrappers, the error-translating layers) cost a warm page about a sixth of its
    time: 44-79 µs against 21-27 µs for the same read (timeit, 2-core machine, 6 December
    2026). What they do that matters here is kept: the connection's health check and
    (re)connection, and database errors raised as Django's, which the page cache turns into
    the stored page while the database is down.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(_native_stamp_query(connection.alias, kind), params)
            return cursor.fetchall()
        finally:
            cursor.close()


@functools.cache
def _native_stamp_query(alias: str, kind: str) -> str:
    """The stamp query in the driver's own placeholder style (SQLite's `?`; PostgreSQL's
    driver takes Django's `%s`), converted once per process as Django converts it on each
    execute."""
    sql, _params = _stamp_query(alias, kind)
    if connections[alias].vendor != "sqlite":
        return sql
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    return SQLiteCursorWrapper.convert_query(None, sql)


@functools.cache
def _stamp_query(alias: str, kind: str) -> tuple[str, tuple]:
    from promises.models import ContentStamp

    site = ContentStamp.objects.filter(pk=SITE_ROW).values_list(
        Value(False, output_field=BooleanField()), "changed_at"
    )
    if kind != SITE.kind:
        area = _area_rows(kind).values_list(Value(True, output_field=BooleanField()), "changed_at")
        site = site.order_by().union(area.order_by(), all=True)
    return site.query.get_compiler(alias).as_sql()


def last_seen(scope: Scope = SITE) -> datetime.datetime | None:
    """The moment this process last read for `scope`, for serving stored pages while the
    database is down.

    Nobody can publish through a database that is down, so a page stored under this moment is
    still the newest content this process can know of; once the database answers again, every
    request reads the real moment.
    """
    return _last_seen.get(scope)


def hold() -> None:
    """Inside a transaction, wait for every other change being marked to commit, and make the
    next ones wait for this transaction: call it before working out which areas a change
    reaches.

    The areas are read from the rows as they are (a partner's area, a period's givers); read
    before another transaction that moves those rows has committed, they would name the areas
    as they were, and the stamps of the areas the rows have moved to would stay behind. The
    site's row is the lock every change takes anyway (`mark_changed`), only taken earlier.
    Outside a transaction each statement commits at once and there is nothing to hold.
    """
    from promises.models import ContentStamp

    using = router.db_for_write(ContentStamp)
    if transaction.get_connection(using).in_atomic_block:
        list(ContentStamp.objects.using(using).select_for_update().filter(pk=SITE_ROW).values("pk"))


def mark_changed(areas=None) -> None:
    """Move the stamps of the pages a change shows on: `areas`, the ids of the areas whose
    pages show it (pages across areas always follow), or None for content every page shows.

    When in doubt, mark wider: a page keyed on a stamp that did not move keeps showing what it
    showed.
    """
    from promises.models import Area, AreaContentStamp

    with transaction.atomic(using=router.db_for_write(AreaContentStamp), savepoint=False):
        # The site's row first, in every change: it serialises concurrent changes, and each
        # area's row then takes the site's new moment.
        moment = _record(timezone.now())
        rows = AreaContentStamp.objects.all()
        if areas is None:
            rows.update(changed_at=moment)
            # A new area is content every page shows: its row starts here.
            wanted = set(
                Area.objects.exclude(pk__in=rows.values("area_id")).values_list("pk", flat=True)
            )
            _create(wanted, moment)
            return
        wanted = {area for area in areas if area is not None}
        if not wanted:
            return
        if rows.filter(area__in=wanted).update(changed_at=moment) == len(wanted):
            return
        have = set(rows.filter(area__in=wanted).values_list("area_id", flat=True))
        _create(wanted - have, moment)


def _create(areas, moment):
    from promises.models import AreaContentStamp

    if areas:
        AreaContentStamp.objects.bulk_create(
            [AreaContentStamp(area_id=area, changed_at=moment) for area in areas],
            ignore_conflicts=True,
        )


def _record(moment) -> datetime.datetime:
    from promises.models import ContentStamp

    # Whole seconds: HTTP dates have no fractions, and validators must compare equal. Each
    # change moves the moment forward by at least a second, so two edits in the same second
    # (or from machines whose clocks disagree) still give two different moments. One UPDATE
    # computes the new value from the stored one, so two processes saving at once cannot both
    # write the same moment: the database serialises the row.
    moment = moment.replace(microsecond=0)
    stamps = ContentStamp.objects.filter(pk=SITE_ROW)
    if not stamps.update(
        changed_at=Greatest(
            Value(moment, output_field=DateTimeField()), F("changed_at") + ONE_SECOND
        )
    ):
        ContentStamp.objects.get_or_create(pk=SITE_ROW, defaults={"changed_at": moment})
    moment = stamps.values_list("changed_at", flat=True).get()
    if timezone.localtime(moment).time() == datetime.time.min:
        # Pages are filed under the later of the stamp and the start of today
        # (validators.shown_since): a stamp on a midnight would be that day's own moment, under
        # which pages from before the change are already stored. Step past it.
        stamps.update(changed_at=F("changed_at") + ONE_SECOND)
        moment += ONE_SECOND
    return moment
