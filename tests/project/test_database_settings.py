"""PostgreSQL connections never compile queries just in time (medborgarlofte/settings.py).

With the statistics a live database has, the planner's cost estimate for a search at 300 areas
passed `jit_above_cost`, and PostgreSQL spent 30-50 ms compiling a query that runs in 4 ms
(docs/benchmarks.md, "Search at 300 areas").
"""

import pytest
from django.db import connection

from .test_settings import manage

POSTGRES_URL = "postgres://site:secret@127.0.0.1:5432/site"


def options_for(url):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = manage("shell", "-c", code, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_settings_turn_jit_off_and_keep_the_addresss_own_options():
    assert "-c jit=off" in options_for(POSTGRES_URL)
    own = options_for(POSTGRES_URL + "?options=-c%20statement_timeout%3D5000")
    assert "-c statement_timeout=5000 -c jit=off" in own


@pytest.mark.django_db
def test_a_postgresql_connection_has_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no just-in-time compiler")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
