"""A live server that answers one request at a time on one thread, as a gunicorn sync worker
does, on the test's own database connection.

pytest-django's live server (Django's `LiveServerThread`) answers each request on a new thread;
on PostgreSQL every thread opens its own connection (a new server process and a password
exchange) and closes it after one request. For the history attacks, about 2,000 requests per
role, that was a third of the test's CPU and most of its PostgreSQL time (measured in
docs/benchmarks.md).

This one shares the test's connection, as Django's live server already does for an in-memory
SQLite database: it answers only while the test waits for its answer, so the two never use the
connection at once. The server then sees what the test has written and not committed, so a
test using it needs no transactional flush: a module's world is built once in a transaction
(tests/support/shared_world.py) and each test's writes, the server's included, are rolled back
with the test's savepoint. Clients must not hold a connection open between requests: the
server sends `Connection: close` (Django does so for a server without threads), so urllib's
one request per connection is what it expects.
"""

import contextlib

from django.core.servers.basehttp import WSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from pytest_django.live_server_helper import LiveServer


class _OneThreadWSGIServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The serving thread itself holds the shared connection (LiveServerThread.run), and
        # with no request threads there is nobody else to hand it to.
        super().__init__(*args, **kwargs)
        self.shared = dict(connections_override or {})

    def serve_forever(self, *args, **kwargs):
        try:
            super().serve_forever(*args, **kwargs)
        finally:
            # The thread's last act (LiveServerThread.run) closes its connections: give it
            # unopened ones, so the test's own connection stays open.
            for alias in self.shared:
                connections[alias] = connections.create_connection(alias)


@contextlib.contextmanager
def live_server_on_this_connection(host="127.0.0.1"):
    """A started live server answering on the calling thread's default connection."""
    connection = connections[DEFAULT_DB_ALIAS]
    server = LiveServer(host, start=False)
    server.thread.server_class = _OneThreadWSGIServer
    server.thread.connections_override = {DEFAULT_DB_ALIAS: connection}
    # Every request ends with Django's check whether to close the connection, which closes one
    # inside a transaction (autocommit off): the test's. Django's test client skips the check
    # for its own requests; this server's connection skips it while the server runs.
    connection.close_if_unusable_or_obsolete = lambda: None
    server._live_server_modified_settings.enable()  # ALLOWED_HOSTS gets the host
    try:
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        server._live_server_modified_settings.disable()
        del connection.close_if_unusable_or_obsolete
