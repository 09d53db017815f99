"""Whole-response cache for anonymous visitors, correct with any number of processes.

A page is stored under a key that holds the content stamp of the page's scope read from the
database on this very request (and today's date, since a period's status follows the clock), so
every edit, publish or delete the page shows makes its stored copy unreachable at once, in every
process: nothing has to be purged, and a process whose cache is its own (the default, locmem)
can hold an old page but never reach it. An edit in one area moves only that area's stamp and
the site's, so other areas' stored pages stay reachable. A warm request touches no template and
asks the database one question by key (the stamp of its scope); then it is one cache read.
"""

import contextlib
import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language, override

from medborgarlofte.compression import accepts_gzip
from promises.caching import content_stamp
from promises.caching.filter_addresses import LISTS, canonical_filters
from promises.caching.validators import code_fingerprint, shown_since

STORED_FOR_SECONDS = 24 * 60 * 60
# The request headers that can turn a stored page into a 304 or 412 (Django's
# get_conditional_response reads exactly these).
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def list_parameters() -> dict[str, tuple[str, ...]]:
    """Each filtered or numbered list's path (in the address's language) and the parameters
    it is filed under."""
    return lists_in(get_language())


@functools.cache
def lists_in(language: str) -> dict[str, tuple[str, ...]]:
    with override(language):
        return {reverse(name): parameters for name, parameters in LISTS.items()}


def stored_address(request) -> str | None:
    """The address a page is filed under, or None when the answer must be rendered.

    Addresses with a query (searches, tracking tags) are endless in number and would let
    anyone fill the cache, so they are rendered. The exceptions are the lists in
    `filter_addresses.LISTS` (the filtered promise list, numbered pages) and the views that
    declare their parameters (a sitemap's pages): filed under their canonical parameters,
    their valid combinations are a finite set (an invalid filter or page number answers 400
    or 404, which is never stored).
    """
    if not request.META.get("QUERY_STRING"):
        return request.path
    parameters = list_parameters().get(request.path)
    if parameters is None:
        parameters = parameters_declared_at(request.path_info, address_language(request))
    if not parameters:
        return None
    chosen = canonical_filters(request.GET, parameters)
    # Nothing chosen (or only page 1, or only unknown parameters) is the list's plain page.
    return f"{request.path}?{urlencode(chosen)}" if chosen else request.path


def page_scope(request) -> content_stamp.Scope:
    """The scope the view at this address declares (`public_page(scope=...)`), found before
    the view runs; an address no view answers has the site's."""
    return scope_at(request.path_info, address_language(request))


def address_language(request) -> str:
    # The language middleware notes the address's language on the request: reading it there
    # spares a warm page two thread-local lookups of the active language.
    return getattr(request, "LANGUAGE_CODE", None) or get_language()


# Resolving the address was a sixth of a warm page's time in Django (about 40 µs of 290), and
# an address's view never changes while the process runs. The language is part of the key
# because language-prefixed addresses resolve by the active language. Bounded: anyone can
# send endless addresses.
@functools.lru_cache(maxsize=4096)
def view_at(path: str, language: str | None):
    """The view's match at this address, or None where no view answers."""
    try:
        # In the address's language, whoever asks: the replay (replay.py) asks before any
        # language is active.
        with override(language) if language else contextlib.nullcontext():
            return resolve(path)
    except Resolver404:
        return None


def scope_at(path: str, language: str | None) -> content_stamp.Scope:
    match = view_at(path, language)
    if match is None:
        return content_stamp.SITE
    kind = getattr(match.func, "content_scope", content_stamp.SITE.kind)
    return content_stamp.scope_of(kind, match.kwargs)


def parameters_declared_at(path: str, language: str | None) -> tuple[str, ...]:
    """The query parameters the view at this address files its pages under
    (`public_page(stored_parameters=...)`, the sitemap's page number); none for most."""
    match = view_at(path, language)
    return getattr(match.func, "stored_parameters", ()) if match is not None else ()


def page_version(request, *, changed_at=None, scope=content_stamp.SITE) -> int:
    """Since when (a Unix time) pages of `scope` have looked as they do now: part of every key,
    so each edit and each midnight files the pages anew."""
    return int(shown_since(request, changed_at=changed_at, scope=scope).timestamp())


def cache_key(request, address: str, *, changed_at=None, scope=None, version=None) -> str:
    # A response varies only on Accept-Encoding (GZipMiddleware's Vary), so that is the one
    # header in the key, decided exactly as the middleware decides it. The address alone
    # decides the scope, and a stamp only ever moves to a moment no stamp had, so the key
    # needs no scope of its own. The address also decides the language (its prefix,
    # medborgarlofte/languages.py); the language is in the key all the same, so that no
    # future address shared by two languages could replay one language's page in the other.
    compressed = accepts_gzip(request)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    if version is None:
        if scope is None:
            scope = page_scope(request)
        version = page_version(request, changed_at=changed_at, scope=scope)
    language = address_language(request)
    return f"page:{code_fingerprint()}:{version}:{int(compressed)}:{language}:{digest}"


def is_cacheable_request(request) -> bool:
    # Anyone with a session may be an editor who sees drafts: never share their pages.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and "public" in cache_control
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


def is_canonical_address(request) -> bool:
    """Whether the path is the one the site itself links to for the page it names.

    Converters accept more than one spelling of some addresses (an id with leading zeros);
    storing every spelling would let anyone fill the cache with copies of one page.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    try:
        return reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs) == (
            request.path
        )
    except NoReverseMatch:
        return False


def note_version(response, version: int):
    """Say on the response that it is the stored page of `version`: the process's replay
    (replay.py) may then keep the bytes Django sends for it."""
    response.stored_page_version = version
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = stored_address(request) if is_cacheable_request(request) else None
        if address is None:
            return self.get_response(request)
        # A stored page must not answer a host the site does not serve: on a miss Django
        # refuses it (400) further in, so a hit has to refuse it here, before anything else.
        request.get_host()
        scope = page_scope(request)
        try:
            version = page_version(request, scope=scope)
        except DatabaseError:
            return self.answer_without_database(request, address, scope)
        key = cache_key(request, address, version=version)
        stored = cache.get(key)
        if stored is not None:
            return note_version(self.replay(request, stored), version)
        response = self.get_response(request)
        if is_cacheable_response(response) and is_canonical_address(request):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, STORED_FOR_SECONDS)
            note_version(response, version)
        return response

    def answer_without_database(self, request, address, scope):
        # Nobody can change content while the database is down, so the page this process
        # stored under the last moment it read for the page's scope is still the newest it
        # can know of.
        changed_at = content_stamp.last_seen(scope)
        if changed_at is not None:
            stored = cache.get(cache_key(request, address, changed_at=changed_at, scope=scope))
            if stored is not None:
                return self.replay(request, stored)
        return self.get_response(request)  # the view answers with the 503 page

    def replay(self, request, stored):
        # Most requests ask for the page itself; only a conditional one needs its validators
        # read back (parsing the stored date cost a warm page about a tenth of its time).
        if not any(header in request.META for header in CONDITIONAL_HEADERS):
            return self.whole(request, stored)
        conditional = get_conditional_response(
            request,
            etag=stored.get("ETag"),
            last_modified=parse_http_date_safe(stored.get("Last-Modified", "")),
            response=stored,
        )
        if conditional is not stored:
            return conditional
        return self.whole(request, stored)

    def whole(self, request, stored):
        if request.method == "HEAD":
            # Django's own HEAD handling strips bodies later for views; a replay bypasses it.
            stored = HttpResponse(b"", status=stored.status_code, headers=dict(stored.items()))
        return stored
