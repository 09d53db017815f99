"""The database goes away: visitors get a Swedish 503 page, and the site recovers by itself."""

import pytest
from django.db import connection

from ..support.html import visible_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Closing an in-memory SQLite connection destroys the database itself, so the outage tests
# need a database that outlives its connection: they run in the PostgreSQL pass of the suite.
needs_server_database = pytest.mark.skipif(
    connection.vendor == "sqlite" and ":memory:" in str(connection.settings_dict["NAME"]),
    reason="in-memory SQLite cannot be disconnected and reconnected",
)


@pytest.fixture
def break_database():
    """Point the live connection at a database that cannot be reached, then restore it."""
    original = dict(connection.settings_dict)

    def broken():
        connection.close()
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = "/nonexistent-directory/db.sqlite3"
        else:
            connection.settings_dict["HOST"] = "127.0.0.1"
            connection.settings_dict["PORT"] = "1"  # nothing listens there

    def restore():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    yield broken, restore
    restore()


@needs_server_database
def test_pages_say_temporarily_unavailable_and_recover(client, break_database):
    broken, restore = break_database
    assert client.get("/").status_code == 200
    broken()
    client.raise_request_exception = False
    for url in [
        "/",
        "/medborgarloften/2023-2024/",
        "/parter/orust-kommun/",
        "/oppna-data/medborgarloften.json",
    ]:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        assert "Tillfälligt otillgänglig" in visible_text(html)
        assert "Traceback" not in html
    health = client.get("/halsa/")
    assert health.status_code == 503
    restore()
    assert client.get("/").status_code == 200
    assert client.get("/halsa/").content == b"ok\n"


@needs_server_database
def test_a_warm_page_survives_an_outage(client, real_cache, break_database):
    broken, restore = break_database
    warm = client.get("/medborgarloften/2023-2024/")
    broken()
    during = client.get("/medborgarloften/2023-2024/")
    assert during.status_code == 200
    assert during.content == warm.content
    restore()


def test_health_endpoint_is_never_cached(client):
    response = client.get("/halsa/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
