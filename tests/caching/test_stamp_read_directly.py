"""The content stamp read through the driver's own cursor (promises/caching/content_stamp.py,
`_fetch_directly`) answers exactly what the same read through Django's cursor answers, for
every kind of scope, and a database error still reaches the page cache as Django's."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from promises.caching import content_stamp
from promises.caching.content_stamp import AREA, PARTNER, PERIOD, SITE, Scope
from promises.models import Area

from ..support.areas import NORTH, make_area

pytestmark = pytest.mark.django_db


def scopes(area):
    period = area.periods.order_by("pk").first()
    partner = area.partners.order_by("pk").first()
    return [
        SITE,
        Scope(AREA, area.slug),
        Scope(PERIOD, period.slug),
        Scope(PARTNER, partner.slug),
        # A slug no row has: the site's stamp answers.
        Scope(PERIOD, "finns-inte"),
        Scope(AREA, "x' OR '1'='1"),
    ]


def read_through_django(scope):
    with CaptureQueriesContext(connection) as queries:
        moment = content_stamp._read(scope)
    assert len(queries) == 1  # Django's cursor saw it
    return moment


def read_directly(scope):
    assert not connection.queries_logged  # so `_read` takes the driver's cursor
    return content_stamp._read(scope)


def test_the_direct_read_answers_as_djangos_cursor_for_every_scope():
    north = make_area(NORTH)
    content_stamp.mark_changed([north.pk])
    # An edit elsewhere: the site's stamp moves past the area's own row.
    other = Area.objects.exclude(pk=north.pk).first()
    content_stamp.mark_changed([other.pk])
    answers = {scope: read_directly(scope) for scope in scopes(north)}
    assert answers == {scope: read_through_django(scope) for scope in scopes(north)}
    # Both kinds of row were really read: the area's scopes answer its own, older moment.
    assert answers[Scope(AREA, north.slug)] < answers[SITE]
    assert answers[Scope(PERIOD, "finns-inte")] == answers[SITE]
    assert all(moment.tzinfo is not None for moment in answers.values())
    content_stamp.mark_changed(None)  # every area's row takes the site's next moment
    assert read_directly(Scope(PARTNER, north.partners.first().slug)) == read_directly(SITE)


def test_a_database_error_reaches_the_caller_as_djangos(monkeypatch):
    monkeypatch.setattr(content_stamp, "_native_stamp_query", lambda alias, kind: "SELECT x FROM")
    with pytest.raises(DatabaseError):
        content_stamp._read(SITE)
