"""A live server that answers one request at a time on one thread, as a gunicorn sync worker
does, keeping its database connection between requests.

pytest-django's live server (Django's `LiveServerThread`) answers each request on a new thread;
on PostgreSQL every thread opens its own connection (a new server process and a password
exchange) and closes it after one request. For the history attacks, about 2,000 requests per
role, that was a third of the test's CPU and most of its PostgreSQL time (measured in
docs/benchmarks.md). Production's workers keep their connection (`CONN_MAX_AGE`), so this is
also the closer shape. Clients must not hold a connection open between requests: the server
sends `Connection: close` (Django does so for a server without threads), so urllib's one
request per connection is what it expects.
"""

from django.core.servers.basehttp import WSGIServer
from pytest_django.live_server_helper import LiveServer


class _OneThreadWSGIServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The serving thread itself holds the overridden connections (LiveServerThread.run),
        # and with no request threads there is nobody else to hand them to.
        super().__init__(*args, **kwargs)


def one_thread_live_server(host="localhost") -> LiveServer:
    server = LiveServer(host, start=False)
    server.thread.server_class = _OneThreadWSGIServer
    server.start()
    return server
