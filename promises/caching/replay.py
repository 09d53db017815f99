"""Stored pages answered before Django's handler, with the very bytes Django sent for them.

The page cache (page_cache.py) answers a warm page without rendering it, but the request still
passes Django's handler: the request object, the request signals and the middlewares around the
cache. That was most of a warm page's time (about 130 µs in-process against 85 µs for the
static file, 2-core machine, 6 December 2026).

So each process keeps, for the pages the page cache has answered, what Django sent: the status,
the headers and the body. An answer is filed under every part of the request that Django's
handler, the middlewares outside the page cache and the cache's own key read
(`REQUEST_FACTS`), and under the page's version, which the page cache stamped on it
(`page_cache.note_version`). The next request with the same facts reads the page's version from
the database, exactly as the page cache does on every request, and when that is the version on
file it gets the same bytes without entering Django. Any edit the page shows moves the version,
in every process at once, so a kept answer is never sent after an edit; the request then goes
through Django, which renders or reads the page anew and files the new answer.

Only plain requests are kept and answered: GET without cookies and without conditional
headers, for the pages the page cache stores (also its filtered and numbered lists, whose
query is one of the facts). Everything else (the admin, searches, 304s) goes through Django
as before, as does every request when the database does not answer. What the middlewares
outside the page cache read is listed in `REQUEST_FACTS`; `tests/caching/test_replay.py` fails
when a middleware is added there, so that the list is reviewed.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import get_path_info
from django.db import DatabaseError

from medborgarlofte.compression import takes_gzip
from medborgarlofte.languages import language_of_path
from promises.caching.page_cache import CONDITIONAL_HEADERS, page_version, scope_at

# The middlewares outside the page cache, which run on a stored page too: what they read
# must all be in REQUEST_FACTS.
OUTSIDE_THE_PAGE_CACHE = (
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "medborgarlofte.languages.AddressLanguageMiddleware",
    "medborgarlofte.embed_framing.EmbedFramingMiddleware",
)

# Everything in a plain GET that decides Django's answer for a stored page: the address
# (Django's script name and path), the host (ALLOWED_HOSTS) and the scheme the server saw.
# `proxy_facts` adds what a proxy's headers say of them, and `request_facts` whether the
# client takes gzip, decided as the page cache and GZipMiddleware decide it, so that
# browsers' many spellings of Accept-Encoding share one answer.
REQUEST_FACTS = (
    "PATH_INFO",
    # Only the lists the page cache stores have a query that can be kept (a search never is),
    # each spelling apart: the page cache gives every spelling of one filter choice one page.
    "QUERY_STRING",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
)


def request_facts(environ) -> tuple | None:
    """What an answer is filed under, or None for a request that is never replayed."""
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or "HTTP_COOKIE" in environ
        or any(header in environ for header in CONDITIONAL_HEADERS)
    ):
        return None
    gzip = takes_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
    return (*(environ.get(name) for name in REQUEST_FACTS), *proxy_facts(environ), gzip)


def proxy_facts(environ) -> tuple:
    """The proxy headers Django reads, and only while the settings tell it to (as
    `HttpRequest.scheme` and `get_host` do): a header Django ignores must not file the same
    answer over and over, pushing other pages' answers out."""
    secure_header = settings.SECURE_PROXY_SSL_HEADER
    return (
        environ.get(secure_header[0]) if secure_header else None,
        environ.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None,
        environ.get("HTTP_X_FORWARDED_PORT") if settings.USE_X_FORWARDED_PORT else None,
    )


def current_version(environ) -> int:
    """The version the page cache would file this address's page under now (one read of the
    page's content stamp)."""
    path = get_path_info(environ) or "/"  # as WSGIRequest reads it
    return page_version(None, scope=scope_at(path, language_of_path(path)))


class KeptAnswers:
    """The answers one process keeps: for each request's facts the newest answer and the
    version it was sent under (an older version is never asked for again: stamps only move
    forward), the least recently sent dropped first past `limit` bytes. Shared by the threads
    of a threaded worker, hence the lock."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._answers = OrderedDict()
        self._lock = threading.Lock()

    def get(self, facts) -> tuple | None:
        """(version, status, headers, body), or None."""
        with self._lock:
            kept = self._answers.get(facts)
            if kept is not None:
                self._answers.move_to_end(facts)
            return kept

    def put(self, facts, kept: tuple):
        size = entry_size(facts, kept)
        with self._lock:
            self._drop(facts)
            if size > self.limit:
                return
            self._answers[facts] = kept
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self._answers)))

    def discard(self, facts):
        with self._lock:
            self._drop(facts)

    def _drop(self, facts):
        kept = self._answers.pop(facts, None)
        if kept is not None:
            self.size -= entry_size(facts, kept)

    def __len__(self):
        return len(self._answers)


def kept_size(kept) -> int:
    _version, status, headers, body = kept
    return len(body) + sum(len(name) + len(value) for name, value in headers) + len(status)


# What Python spends on one entry besides the bytes counted (the strings' and tuples' own
# objects, the dictionary's slot): about 2 KB for a page's dozen headers and its facts
# (tracemalloc, 6 December 2026). Without it a flood of small pages would hold several times
# the limit.
ENTRY_OVERHEAD = 2 * 1024


def entry_size(facts, kept) -> int:
    """What keeping `kept` under `facts` costs. The facts count too: they are the request's
    own headers (a Host with any port, a list's query, a trusted proxy's headers are anyone's
    to fill, up to the server's 8 KB a header), so uncounted they let a flood of a small page's
    copies hold many times the limit."""
    return (
        kept_size(kept) + sum(len(fact) for fact in facts if isinstance(fact, str)) + ENTRY_OVERHEAD
    )


class ReplayStoredPages:
    """WSGI middleware around Django's handler (medborgarlofte/wsgi.py)."""

    def __init__(self, application, limit: int | None = None):
        self.application = application
        limit = settings.PAGE_REPLAY_BYTES if limit is None else limit
        self.answers = KeptAnswers(limit) if limit > 0 else None

    def __call__(self, environ, start_response):
        facts = request_facts(environ) if self.answers is not None else None
        if facts is None:
            return self.application(environ, start_response)
        kept = self.answers.get(facts)
        if kept is None:
            # Nothing kept for this request (a static file, a page not stored yet): no stamp
            # is read here, Django's handler does what it always does.
            return self.answer_and_keep(environ, start_response, facts)
        # As Django's handler starts every request: its receivers close a connection past its
        # age or broken by the last request before the stamp is read on it. A replay needs no
        # request_finished: it touches no cache and no URL configuration, and the next
        # request's start checks the connection again.
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            version = current_version(environ)
        except DatabaseError:
            # The page cache answers from what this process last read (or the view with the
            # outage page); Django's handler also clears the failed connection.
            return self.application(environ, start_response)
        kept_version, status, headers, body = kept
        if kept_version == version:
            start_response(status, list(headers))
            return [body]
        # The page has changed since: its new answer replaces this one, if it may be kept.
        self.answers.discard(facts)
        return self.answer_and_keep(environ, start_response, facts)

    def answer_and_keep(self, environ, start_response, facts):
        sent = []

        def start_and_note(status, headers, exc_info=None):
            sent.append((status, tuple(headers)))
            return start_response(status, headers, exc_info)

        response = self.application(environ, start_and_note)
        version = getattr(response, "stored_page_version", None)
        if (
            version is not None
            and len(sent) == 1
            and getattr(response, "status_code", None) == 200
            and not getattr(response, "streaming", True)
            and not response.cookies
        ):
            status, headers = sent[0]
            self.answers.put(facts, (version, status, headers, response.content))
        return response
