"""An attacker's reading of the replay (promises/caching/replay.py).

The replay answers before Django's handler with bytes Django once sent. Its contract: a request
gets either Django's own answer to it, or bytes equal to what Django would send for it now.
Each test here sends requests an attacker (or an odd client, proxy or race) could make and
checks that contract against Django's handler alone, or checks that what must reach Django
does. Same in-process WSGI approach as tests/caching/test_replay.py, whose helpers these are.
"""

import tracemalloc
from types import SimpleNamespace

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError
from django.test import Client

from medborgarlofte import outage
from promises.caching import content_stamp, page_cache, replay
from promises.models import Promise, PromisePeriod

from ..support.html import visible_text
from . import test_replay
from .test_replay import Django, ask, environ_for, send

# Stored pages are filed under the day too (page_cache.page_version): on a fixed day, no
# test's store-then-hit can straddle Stockholm's midnight (tests/conftest.py `mid_hour`).
pytestmark = pytest.mark.usefixtures("mid_hour")

# test_replay's fixtures, the same here: Django's handler counting the requests that reach it,
# the replay around it, and the test's database connection kept across requests.
connection_kept_for_the_test = test_replay.connection_kept_for_the_test
django_behind = test_replay.django_behind
site = test_replay.site

PERIOD = "/medborgarloften/2023-2024/"


def replay_matches_django(site, django_behind, environ):
    """Send `environ` twice through the replay and once to Django's handler alone; whatever the
    replay sent without Django must be what Django sends. Returns the replay's answers."""
    answers = []
    for _ in range(2):
        before = django_behind.requests
        answer = send(site, environ)
        answers.append(answer)
        if django_behind.requests == before:
            assert answer == send(WSGIHandler(), environ), environ
    assert not answers[0][0].startswith("5") and not answers[1][0].startswith("5")
    return answers


def environ_with(path=PERIOD, **changes):
    environ = environ_for(path, accept_encoding="identity")
    environ.update(changes)
    return environ


# Headers and environ entries that are not among the replay's facts: Django's answer for a
# stored page must not depend on them, or the replay would send one request's answer to another.
OUTSIDE_THE_FACTS = {
    "user agent": {"HTTP_USER_AGENT": "curl/8.0"},
    "browser language": {"HTTP_ACCEPT_LANGUAGE": "en, ar;q=0.8"},
    "client address": {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "198.51.100.1"},
    "basic auth": {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="},
    "range": {"HTTP_RANGE": "bytes=0-10"},
    "rewrite headers": {"HTTP_X_ORIGINAL_URL": "/admin/", "HTTP_X_REWRITE_URL": "/admin/"},
    "rfc 7239": {"HTTP_FORWARDED": "for=1.2.3.4;host=evil.example;proto=https"},
    "accept json": {"HTTP_ACCEPT": "application/json"},
    "method override": {"HTTP_X_HTTP_METHOD_OVERRIDE": "DELETE"},
    "fetch metadata": {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
    "a body on a get": {"CONTENT_LENGTH": "5", "CONTENT_TYPE": "application/json"},
    "HTTP/1.0": {"SERVER_PROTOCOL": "HTTP/1.0"},
    "HTTPS variable": {"HTTPS": "on"},
    "raw uri": {"RAW_URI": "/admin/", "REQUEST_URI": "/admin/"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("changes", OUTSIDE_THE_FACTS.values(), ids=OUTSIDE_THE_FACTS.keys())
def test_headers_outside_the_facts_do_not_change_djangos_answer(site, django_behind, changes):
    plain = send(site, environ_with())
    first, _again = replay_matches_django(site, django_behind, environ_with(**changes))
    # Not one of the facts, so the plain request's kept answer was sent: Django agrees.
    assert first == plain and django_behind.requests == 1


# Spellings of host, scheme and address: each must get Django's own answer, never another
# spelling's kept one (and never a 500).
SPELLINGS = {
    "host with port": {"HTTP_HOST": "localhost:8000"},
    "host in capitals": {"HTTP_HOST": "LOCALHOST"},
    "host with dot": {"HTTP_HOST": "localhost."},
    "disallowed host": {"HTTP_HOST": "evil.example"},
    "host with userinfo": {"HTTP_HOST": "localhost@evil.example"},
    "host with two ports": {"HTTP_HOST": "localhost:80:80"},
    "no host header": {"HTTP_HOST": None, "SERVER_NAME": "localhost"},
    "disallowed server name": {"HTTP_HOST": None, "SERVER_NAME": "evil.example"},
    "forwarded host": {"HTTP_X_FORWARDED_HOST": "evil.example"},
    "forwarded port": {"HTTP_X_FORWARDED_PORT": "8443"},
    "forwarded proto without a proxy": {"HTTP_X_FORWARDED_PROTO": "https"},
    "https scheme": {"wsgi.url_scheme": "https"},
    "script name": {"SCRIPT_NAME": "/prefix"},
    "script url": {"SCRIPT_URL": "/prefix" + PERIOD},
    "redirect url": {"REDIRECT_URL": "//prefix" + PERIOD},
    "no trailing slash": {"PATH_INFO": PERIOD.rstrip("/")},
    "double slash": {"PATH_INFO": "/" + PERIOD},
    "inner double slash": {"PATH_INFO": "/medborgarloften//2023-2024/"},
    "dot segment": {"PATH_INFO": "/medborgarloften/./2023-2024/"},
    "dot dot": {"PATH_INFO": "/omraden/../medborgarloften/2023-2024/"},
    "percent left encoded": {"PATH_INFO": "/medborgarloften/2023%2D2024/"},
    "not utf-8": {"PATH_INFO": "/medborgarloften/2023-2024/\xff/"},
    "latin-1 utf-8 bytes": {"PATH_INFO": "/medborgarl\xc3\xb6ften/"},
    "empty path": {"PATH_INFO": ""},
    "no path": {"PATH_INFO": None},
    "nul byte": {"PATH_INFO": "/medborgarloften/2023-2024/\x00"},
    "english": {"PATH_INFO": "/en" + PERIOD},
    "arabic": {"PATH_INFO": "/ar" + PERIOD},
    "language in capitals": {"PATH_INFO": "/EN" + PERIOD},
    "language switched off": {"PATH_INFO": "/de" + PERIOD},
    "swedish prefix": {"PATH_INFO": "/sv" + PERIOD},
    "easy read": {"PATH_INFO": "/lattlast/"},
    "easy read in english": {"PATH_INFO": "/en/lattlast/"},
    "embed": {"PATH_INFO": "/inbaddning/2023-2024/"},
    "static file": {"PATH_INFO": "/static/css/site.css"},
    "gzip spelt oddly": {"HTTP_ACCEPT_ENCODING": "GZIP"},
    "huge headers": {f"HTTP_X_JUNK_{n}": "x" * 8000 for n in range(20)}
    | {"HTTP_X_FORWARDED_HOST": "h" * 8000},
}


def spelt(changes):
    environ = environ_with()
    for name, value in changes.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return environ


@pytest.mark.django_db
@pytest.mark.parametrize("changes", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_spelling_gets_djangos_answer(site, django_behind, changes):
    # Every path, host and scheme kept first, then the odd spelling.
    send(site, environ_with())
    send(site, environ_with())
    replay_matches_django(site, django_behind, spelt(changes))


@pytest.mark.django_db
def test_a_disallowed_host_never_gets_a_kept_answer(site, django_behind):
    for spelling in ("evil.example", "localhost.evil.example", "localhost:80@evil.example"):
        send(site, environ_with())
        for _ in range(2):
            status, _headers, _body = send(site, environ_with(HTTP_HOST=spelling))
            assert status.startswith("400"), spelling


# Behind a proxy (BEHIND_PROXY, HTTPS): the scheme comes from X-Forwarded-Proto, which decides
# the HTTPS redirect and HSTS.
FORWARDED_PROTOS = ["https", "http", "https, http", "http, https", "HTTPS", " https", "", None]


@pytest.mark.django_db
@pytest.mark.parametrize("proto", FORWARDED_PROTOS)
def test_behind_a_proxy_each_scheme_gets_djangos_answer(settings, real_cache, proto):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    django_behind = Django()
    site = replay.ReplayStoredPages(django_behind, limit=1024 * 1024)
    for _ in range(2):
        send(site, environ_with(HTTP_X_FORWARDED_PROTO="https"))
    (status, headers, _body), _again = replay_matches_django(
        site, django_behind, spelt({"HTTP_X_FORWARDED_PROTO": proto})
    )
    secure = proto is not None and proto.split(",")[0].strip() == "https"
    assert status.startswith("200" if secure else "301"), status
    assert ("Strict-Transport-Security" in dict(headers)) == secure


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["http", "HTTPS", "ftp"])
def test_without_a_proxy_each_scheme_gets_djangos_answer(settings, real_cache, scheme):
    # HTTPS=true on a server that speaks TLS itself: the scheme is the server's word.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    django_behind = Django()
    site = replay.ReplayStoredPages(django_behind, limit=1024 * 1024)
    for _ in range(2):
        assert send(site, environ_with(**{"wsgi.url_scheme": "https"}))[0] == "200 OK"
    (status, _headers, _body), _again = replay_matches_django(
        site, django_behind, environ_with(**{"wsgi.url_scheme": scheme})
    )
    assert status.startswith("301")


# --- 2. Edits, publishing, drafts, races and the database going away.


@pytest.mark.django_db
def test_unpublishing_a_period_ends_its_kept_pages_at_once(site, django_behind):
    promise = Promise.objects.get(text__startswith="Fokusera")
    pages = [PERIOD, "/en" + PERIOD, "/inbaddning/2023-2024/", promise.get_absolute_url()]
    pages.append("/oppna-data/medborgarloften/2023-2024.json")
    for path in pages:
        for _ in range(2):
            assert ask(site, path)[0] == "200 OK", path
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.is_published = False
    period.save()
    for path in pages:
        for _ in range(2):
            assert ask(site, path)[0].startswith("404"), path
    # Published again: the pages come back, rendered anew.
    period.is_published = True
    period.save()
    for path in pages:
        assert ask(site, path)[0] == "200 OK", path


@pytest.mark.django_db
def test_a_deleted_promise_is_never_replayed(site, django_behind):
    promise = Promise.objects.get(text__startswith="Fokusera")
    path = promise.get_absolute_url()
    ask(site, path)
    ask(site, path)
    ask(site, PERIOD, accept_encoding="identity")
    promise.delete()
    assert ask(site, path)[0].startswith("404")
    body = ask(site, PERIOD, accept_encoding="identity")[2].decode()
    assert "Fokusera" not in visible_text(body)


@pytest.mark.django_db
def test_an_editors_draft_is_never_kept_nor_sent_to_visitors(site, django_behind, staff_user):
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.is_published = False
    period.save()
    client = Client()
    client.force_login(staff_user("admin"))
    session = client.cookies["sessionid"].value
    for _ in range(2):
        status, headers, _body = ask(site, PERIOD, cookie=f"sessionid={session}")
        assert status == "200 OK" and "no-store" in dict(headers)["Cache-Control"]
    for _ in range(2):
        assert ask(site, PERIOD)[0].startswith("404")
    assert len(site.answers) == 0


@pytest.mark.django_db
def test_an_edit_during_rendering_is_never_hidden_by_the_kept_answer(
    site, django_behind, monkeypatch
):
    # The page cache reads the version, then the view reads the content: an edit saved in
    # between gives newer content under the older version. The kept answer must not then hide
    # the edit, nor outlive a later one.
    promise = Promise.objects.get(text__startswith="Fokusera")
    read_version = page_cache.page_version
    edits = ["Fokusera på brottsoffer – ändrad under visningen."]

    def edit_after_reading(request, **options):
        version = read_version(request, **options)
        if edits and request is not None:
            promise.text = edits.pop()
            promise.save()
        return version

    monkeypatch.setattr(page_cache, "page_version", edit_after_reading)
    for _ in range(3):
        body = ask(site, PERIOD, accept_encoding="identity")[2].decode()
        assert "ändrad under visningen" in visible_text(body)
    promise.text = "Fokusera på brottsoffer – sista lydelsen."
    promise.save()
    for _ in range(2):
        body = ask(site, PERIOD, accept_encoding="identity")[2].decode()
        assert "sista lydelsen" in visible_text(body)


@pytest.mark.django_db
def test_nothing_is_kept_while_the_database_is_down(site, django_behind, monkeypatch):
    ask(site, "/")
    kept = site.answers.get(replay.request_facts(environ_for("/")))

    def database_down(scope):
        raise OperationalError("the database is down")

    with monkeypatch.context() as patched:
        patched.setattr(content_stamp, "_read", database_down)
        patched.setattr(outage, "is_database_reachable", lambda alias="default": False)
        # The outage page closes the broken connections; here the one connection is the
        # test's, whose transaction holds the test's data (PostgreSQL).
        patched.setattr(outage, "connections", SimpleNamespace(all=list))
        for path in ("/", PERIOD, "/omraden/"):
            for _ in range(2):
                status, _headers, _body = ask(site, path)
                # The stored page, or the outage page for a page this process never stored.
                assert status in ("200 OK", "503 Service Unavailable"), (path, status)
        # Only the answer kept before the outage, and that one unchanged.
        assert len(site.answers) == 1
        assert site.answers.get(replay.request_facts(environ_for("/"))) is kept
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text = "Fokusera på brottsoffer – efter avbrottet."
    promise.save()
    body = ask(site, PERIOD, accept_encoding="identity")[2].decode()
    assert "efter avbrottet" in visible_text(body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/bevaka/avsluta/0123456789abcdef0123456789abcdef/",
        "/bevaka/bekrafta/not-a-token/",
        "/lattlast/valj/",
        "/admin/login/",
    ],
)
def test_pages_for_one_person_or_never_stored_reach_django_every_time(site, django_behind, path):
    for _ in range(3):
        ask(site, path)
    assert django_behind.requests == 3 and len(site.answers) == 0


# --- 3. Memory.


@pytest.mark.django_db
def test_the_byte_limit_counts_what_an_answer_is_filed_under(real_cache):
    # The facts are the request's own headers: a Host with an 8 KB port (ALLOWED_HOSTS ignores
    # the port, so the page is served) makes each kept copy of a small page cost 8 KB more
    # than its answer. The limit must hold for all that the process keeps, facts included.
    limit = 200 * 1024
    site = replay.ReplayStoredPages(Django(), limit=limit)
    ask(site, "/robots.txt", accept_encoding="identity")  # the page stored, Django warm
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for n in range(60):
            status, _headers, _body = ask(
                site, "/robots.txt", accept_encoding="identity", host=f"localhost:{n:08000d}"
            )
            assert status == "200 OK"
        grown = sum(
            stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename")
        )
    finally:
        tracemalloc.stop()
    assert len(site.answers) > 0 and site.answers.size <= limit
    held = sum(
        replay.kept_size(kept) + sum(len(str(fact)) for fact in facts)
        for facts, kept in site.answers._answers.items()
    )
    assert held <= limit
    # And what the process really holds for them, Python's objects included (a margin for
    # what else a request leaves behind; without the facts counted it was over 3 times).
    assert grown <= 1.5 * limit, grown


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT"])
def test_proxy_headers_django_ignores_file_no_answers(site, django_behind, header):
    # Without USE_X_FORWARDED_HOST/PORT (the settings') Django reads neither: made-up values
    # get the one kept answer, and cannot push other pages' answers out.
    send(site, environ_with())
    for n in range(5):
        replay_matches_django(site, django_behind, environ_with(**{header: f"{n}.example"}))
    assert len(site.answers) == 1 and django_behind.requests == 1


@pytest.mark.django_db
def test_a_forwarded_host_django_reads_is_a_fact(settings, real_cache):
    settings.USE_X_FORWARDED_HOST = True
    django_behind = Django()
    site = replay.ReplayStoredPages(django_behind, limit=1024 * 1024)
    send(site, environ_with(HTTP_X_FORWARDED_HOST="localhost"))
    for _ in range(2):
        status, _headers, _body = send(site, environ_with(HTTP_X_FORWARDED_HOST="evil.example"))
        assert status.startswith("400")
    assert django_behind.requests == 3


@pytest.mark.django_db
def test_an_answer_bigger_than_the_limit_is_never_kept(real_cache, django_behind):
    site = replay.ReplayStoredPages(django_behind, limit=1024)
    for _ in range(2):
        ask(site, PERIOD, accept_encoding="identity")
    assert len(site.answers) == 0 and django_behind.requests == 2
