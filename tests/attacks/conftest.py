import pytest

from ..support.live_server import one_thread_live_server


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """The attacks' live server: one request at a time with one kept database connection
    (tests/support/live_server.py says why). It stops before the test database is dropped,
    which its connection would otherwise hold open."""
    server = one_thread_live_server()
    yield server
    server.stop()
