"""Stored pages answered before Django's handler (promises/caching/replay.py).

Each test calls the WSGI application as a server does, with Django's own handler behind the
replay, counting the requests that reach Django. A replayed answer must be, byte for byte, what
Django sent for the same request at the same content version; anything the replay must not
answer has to reach Django. tests/multiprocess/ shows the same over HTTP with several gunicorn
workers and instances, which serve medborgarlofte.wsgi and so the replay.
"""

import datetime
import io
import sys

import pytest
import time_machine
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from promises.caching import content_stamp, page_cache, replay
from promises.models import ContentStamp, Promise

from ..conftest import STOCKHOLM
from ..support.html import visible_text
from ..support.public_pages import PUBLIC_PAGES

# Stored pages are filed under the day too (page_cache.page_version): on a fixed day, no
# test's store-then-hit can straddle Stockholm's midnight (tests/conftest.py `mid_hour`).
pytestmark = pytest.mark.usefixtures("mid_hour")

PLAIN_STORED_PAGES = [page for page in PUBLIC_PAGES if "?" not in page] + [
    "/en/",
    "/ar/medborgarloften/2023-2024/",
]


class Django:
    """Django's handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.requests = 0

    def __call__(self, environ, start_response):
        self.requests += 1
        return self.handler(environ, start_response)


@pytest.fixture(autouse=True)
def connection_kept_for_the_test():
    """What Django's test client does around each request: a test's transaction leaves the
    connection's autocommit other than its settings', so the request signals' receiver would
    close it, and the test's data with it (PostgreSQL)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def django_behind(real_cache):
    return Django()


@pytest.fixture
def site(django_behind):
    return replay.ReplayStoredPages(django_behind, limit=8 * 1024 * 1024)


def environ_for(path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    return environ


def ask(app, path, **options):
    """(status, headers, body) as a WSGI server would send them."""
    return send(app, environ_for(path, **options))


def send(app, environ):
    """(status, headers, body) for a whole environ (Django's request writes into it, so each
    call gets its own copy)."""
    environ = {**environ, "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr}
    sent = []
    result = app(environ, lambda status, headers, exc_info=None: sent.append((status, headers)))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    ((status, headers),) = sent
    return status, list(headers), body


@pytest.mark.django_db
@pytest.mark.parametrize("path", PLAIN_STORED_PAGES)
def test_a_replayed_page_is_what_django_sent(site, django_behind, path):
    for encoding in ("gzip", "identity"):
        first = ask(site, path, accept_encoding=encoding)
        assert first[0] == "200 OK", (path, first[0])
        reached = django_behind.requests
        with CaptureQueriesContext(connection) as queries:
            again = ask(site, path, accept_encoding=encoding)
        assert django_behind.requests == reached, f"{path} reached Django again"
        assert again == first
        # Its one database question is the content stamp, as for any warm page.
        assert len(queries) == 1 and ContentStamp._meta.db_table in queries[0]["sql"]


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_the_replay_reads_the_stamp_of_the_pages_own_scope(language):
    # The replay works out the scope before any language is active: an address in another
    # language must still resolve to its period, not fall back on the whole site's scope.
    page_cache.view_at.cache_clear()
    prefix = "" if language == "sv" else f"/{language}"
    with translation.override("sv"):
        scope = page_cache.scope_at(f"{prefix}/medborgarloften/2023-2024/", language)
    assert scope == content_stamp.Scope(content_stamp.PERIOD, "2023-2024")


@pytest.mark.django_db
def test_the_embed_keeps_this_processs_framing_policy(settings, real_cache):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.orust.se"]
    django_behind = Django()
    site = replay.ReplayStoredPages(django_behind, limit=1024 * 1024)
    first = ask(site, "/inbaddning/2023-2024/")
    again = ask(site, "/inbaddning/2023-2024/")
    assert again == first and django_behind.requests == 1
    assert "frame-ancestors https://www.orust.se" in dict(again[1])["Content-Security-Policy"]


STORED_LISTS = [
    ("/loften/", "givare=polisen&status=no_follow_up"),
    ("/loften/", "status=no_follow_up&givare=polisen&utm_source=nyhetsbrev"),
    ("/parter/", "polisomrade=sodra-fyrbodal"),
    ("/medborgarloften/", "sida=1"),
    ("/oppna-data/", "polisomrade=sodra-fyrbodal"),
    ("/loften/", ""),
]


@pytest.mark.django_db
def test_the_stored_lists_are_replayed_each_spelling_apart(site, django_behind):
    answers = {}
    for path, query in STORED_LISTS:
        answers[path, query] = ask(site, path, query=query, accept_encoding="identity")
        assert answers[path, query][0] == "200 OK", (path, query)
    reached = django_behind.requests
    for (path, query), first in answers.items():
        assert ask(site, path, query=query, accept_encoding="identity") == first
    assert django_behind.requests == reached
    # Two spellings of one choice: one page, as from the page cache.
    first, reordered = (answers[STORED_LISTS[index]] for index in (0, 1))
    assert first[2] == reordered[2]
    # Another choice, another page.
    assert answers["/loften/", ""][2] != first[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/sok/", "q=trafiks%C3%A4kerheten"),
        ("/omraden/", "q=Tj%C3%B6rn"),
        ("/", "utm_source=nyhetsbrev"),
        ("/loften/", "status=inget-sadant"),
        ("/medborgarloften/", "sida=999"),
    ],
)
def test_queries_the_page_cache_does_not_store_reach_django_every_time(
    site, django_behind, path, query
):
    # Searches and tracking tags are never stored; an invalid filter or page number is an
    # error page.
    for turn in range(1, 4):
        ask(site, path, query=query)
        assert django_behind.requests == turn
    assert len(site.answers) == 0


@pytest.mark.django_db
def test_an_edit_reaches_django_and_shows_at_once(site, django_behind):
    path = "/medborgarloften/2023-2024/"
    ask(site, path, accept_encoding="identity")
    ask(site, path, accept_encoding="identity")
    assert django_behind.requests == 1
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text = "Fokusera på brottsoffer – ny lydelse."
    promise.save()
    _status, _headers, body = ask(site, path, accept_encoding="identity")
    assert django_behind.requests == 2
    assert "Fokusera på brottsoffer – ny lydelse." in visible_text(body.decode())
    # And the new answer is kept in its turn.
    assert ask(site, path, accept_encoding="identity")[2] == body
    assert django_behind.requests == 2


@pytest.mark.django_db
def test_midnight_files_pages_anew(site, django_behind):
    # A period's status follows the date, so the version moves at midnight in Stockholm.
    evening = datetime.datetime(2026, 12, 6, 23, 59, tzinfo=STOCKHOLM)
    with time_machine.travel(evening, tick=False):
        ask(site, "/")
        ask(site, "/")
        assert django_behind.requests == 1
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        ask(site, "/")
        assert django_behind.requests == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "request_options",
    [
        {"method": "HEAD"},
        {"method": "POST"},
        {"cookie": "sessionid=abc"},
        {"cookie": "csrftoken=abc"},
        {"if_none_match": '"anything"'},
        {"if_modified_since": "Sun, 06 Dec 2026 10:00:00 GMT"},
    ],
    ids=lambda options: ",".join(options),
)
def test_requests_that_are_never_replayed_reach_django(site, django_behind, request_options):
    ask(site, "/")
    ask(site, "/")
    for _ in range(2):
        before = django_behind.requests
        ask(site, "/", **request_options)
        assert django_behind.requests == before + 1


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_is_refused_every_time(site, django_behind):
    ask(site, "/")
    for _ in range(2):
        status, _headers, _body = ask(site, "/", host="evil.example")
        assert status.startswith("400")
    assert django_behind.requests == 3


@pytest.mark.django_db
def test_each_encoding_and_address_has_its_own_answer(site, django_behind):
    gzipped = ask(site, "/", accept_encoding="gzip")
    plain = ask(site, "/", accept_encoding="identity")
    english = ask(site, "/en/", accept_encoding="identity")
    assert ("Content-Encoding", "gzip") in gzipped[1]
    assert "Content-Encoding" not in dict(plain[1])
    assert ("Content-Language", "en") in english[1] and ("Content-Language", "sv") in plain[1]
    assert django_behind.requests == 3
    assert ask(site, "/", accept_encoding="gzip") == gzipped
    assert ask(site, "/", accept_encoding="identity") == plain
    # Spelt differently, the same choice: the same answer, as from the page cache.
    assert ask(site, "/", accept_encoding="deflate, gzip;q=1.0, br") == gzipped
    assert ask(site, "/", accept_encoding="xgzip") == plain
    assert django_behind.requests == 3


@pytest.mark.django_db
def test_the_https_redirect_is_never_skipped(settings, real_cache):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    django_behind = Django()
    site = replay.ReplayStoredPages(django_behind, limit=1024 * 1024)
    secure = ask(site, "/", x_forwarded_proto="https")
    assert ask(site, "/", x_forwarded_proto="https") == secure
    assert "Strict-Transport-Security" in dict(secure[1])
    for _ in range(2):
        status, headers, _body = ask(site, "/")
        assert status.startswith("301") and dict(headers)["Location"] == "https://localhost/"
    assert django_behind.requests == 3


@pytest.mark.django_db
def test_without_the_database_django_answers(site, django_behind, monkeypatch):
    ask(site, "/")

    def database_down(scope):
        raise OperationalError("the database is down")

    monkeypatch.setattr(content_stamp, "_read", database_down)
    status, _headers, body = ask(site, "/")
    # The page cache answers with the page this process stored under the last moment it read.
    assert status == "200 OK" and body
    assert django_behind.requests == 2


@pytest.mark.django_db
def test_an_answer_the_page_cache_would_not_share_is_never_kept(site, django_behind):
    # A 404 (no stored page) and the report form (every rendering its own, never stored).
    for path in ("/medborgarloften/1999-2000/", "/tillganglighet/rapportera/"):
        ask(site, path)
        ask(site, path)
    assert django_behind.requests == 4
    assert len(site.answers) == 0


def test_the_kept_answers_stay_within_their_bytes():
    answers = replay.KeptAnswers(limit=14_000)
    page = (1, "200 OK", (("Content-Type", "text/html"),), b"x" * 4_000)

    def facts(n):
        return (f"/{n}/", False)

    for n in range(3):
        answers.put(facts(n), page)
    assert len(answers) == 2 and answers.size <= 14_000
    assert answers.get(facts(0)) is None
    # Sending an answer makes it the last to go.
    assert answers.get(facts(1)) is page
    answers.put(facts(3), page)
    assert answers.get(facts(1)) is page and answers.get(facts(2)) is None
    # A newer version replaces the older one under the same facts.
    newer = (2, "200 OK", (), b"y" * 10)
    answers.put(facts(1), newer)
    assert answers.get(facts(1)) is newer
    assert answers.size == replay.entry_size(facts(3), page) + replay.entry_size(facts(1), newer)
    answers.put(facts(4), (1, "200 OK", (), b"x" * 20_000))
    assert answers.get(facts(4)) is None


@pytest.mark.django_db
def test_a_request_with_nothing_kept_reads_no_stamp_before_django(site, monkeypatch):
    # The static file, the admin's sign-in page: nothing is kept for them, and the replay
    # must not add a database read to their way.
    reads = []
    original = replay.current_version

    def counted(environ):
        reads.append(environ["PATH_INFO"])
        return original(environ)

    monkeypatch.setattr(replay, "current_version", counted)
    for path in ("/static/css/site.css", "/admin/login/", "/"):
        ask(site, path)
    assert reads == []
    ask(site, "/")
    assert reads == ["/"]


def test_every_middleware_outside_the_page_cache_is_one_the_replay_knows():
    """A middleware added before the page cache runs on stored pages too: what it reads must
    be in replay.REQUEST_FACTS, so review that list, then add the middleware here."""
    outside = settings.MIDDLEWARE[
        : settings.MIDDLEWARE.index("promises.caching.page_cache.PageCacheMiddleware")
    ]
    assert tuple(outside) == replay.OUTSIDE_THE_PAGE_CACHE


def test_the_deployed_application_is_the_replay_around_django():
    from medborgarlofte.wsgi import application

    assert isinstance(application, replay.ReplayStoredPages)
    assert isinstance(application.application, WSGIHandler)
