import pytest

from ..support.live_server import live_server_on_this_connection


@pytest.fixture(scope="module")
def world_server(shared_world):
    """A live server that sees the module's shared world: it answers on the test's own
    database connection, inside the world's transaction and each test's savepoint
    (tests/support/live_server.py), so what a test makes it do is rolled back with the test."""
    with live_server_on_this_connection() as server:
        yield server
