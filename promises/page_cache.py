"""Whole-response cache for anonymous visitors, shared by every gunicorn instance.

A page is stored under a key that holds the site-wide content stamp (and today's date, since a
period's status follows the clock), so every edit, publish or delete makes all stored pages
unreachable at once; nothing has to be purged. A warm request
touches neither the database nor a template: it is one cache read (two when the stamp itself
is not yet known to this process's cache client).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from .http import code_fingerprint, shown_since

STORED_FOR_SECONDS = 24 * 60 * 60


def cache_key(request) -> str:
    # META rather than request.headers: building the headers mapping costs more than the rest
    # of a warm hit's key (measured with cProfile; see docs/benchmarks.md "Load (`bench/load`)").
    compressed = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    address = request.get_full_path()
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    version = int(shown_since().timestamp())
    return f"page:{code_fingerprint()}:{version}:{int(compressed)}:{digest}"


def is_cacheable_request(request) -> bool:
    # Anyone with a session may be an editor who sees drafts: never share their pages.
    # Addresses with a query (searches, filters, tracking tags) are endless in number and
    # would let anyone fill the shared cache; they are rendered, and still get validators.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.META.get("QUERY_STRING")
    )


def is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and "public" in cache_control
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = cache_key(request)
        except DatabaseError:
            # No stamp in the cache and no database: let the view answer (with a 503 page).
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return self.replay(request, stored)
        response = self.get_response(request)
        if is_cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, STORED_FOR_SECONDS)
        return response

    def replay(self, request, stored):
        conditional = get_conditional_response(
            request,
            etag=stored.get("ETag"),
            last_modified=parse_http_date_safe(stored.get("Last-Modified", "")),
            response=stored,
        )
        if conditional is not stored:
            return conditional
        if request.method == "HEAD":
            # Django's own HEAD handling strips bodies later for views; a replay bypasses it.
            stored = HttpResponse(b"", status=stored.status_code, headers=dict(stored.items()))
        return stored
