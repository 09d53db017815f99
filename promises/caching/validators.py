"""HTTP caching for public pages: validators from the content stamp, and Cache-Control.

A page's ETag and Last-Modified come from `shown_since()` (moves with every edit the page's
scope shows, see content_stamp.py, and at midnight) and a fingerprint of the templates and
translations (moves on every deploy), so a conditional GET is answered with 304 without
rendering, and any change the page shows yields a new validator at once.
"""

import datetime
import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from promises.caching import content_stamp

# Settings that public pages and files print (absolute addresses, what the data catalogue
# lacks). Processes started with other values, as in a rolling restart sharing one Redis, must
# neither replay each other's pages nor answer 304 to them. (The embed's allowed origins are
# a header, written on every answer outside the cache: medborgarlofte/embed_framing.py.)
SETTINGS_SHOWN_ON_PAGES = (
    "SITE_URL",
    "OPEN_DATA_PUBLISHER",
    "OPEN_DATA_CONTACT_EMAIL",
    # Every page links its other languages (medborgarlofte/languages.py).
    "PUBLIC_LANGUAGES",
)


@functools.cache
def code_fingerprint() -> str:
    """A short hash of what shapes the HTML besides content: templates, the catalogue and the
    settings that pages print."""
    digest = hashlib.sha256()
    digest.update(repr([getattr(settings, name) for name in SETTINGS_SHOWN_ON_PAGES]).encode())
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "locale"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".mo"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# (start of today, start of tomorrow) in the site's time zone, worked out once a day: every
# request asks, and the time zone arithmetic cost a warm page about 5 % of its time.
_today = (None, None)


def today_started() -> datetime.datetime:
    global _today
    start, end = _today
    now = timezone.now()
    if start is None or not start <= now < end:
        today = timezone.localdate(now)
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        tomorrow = today + datetime.timedelta(days=1)
        end = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
        _today = (start, end)
    return start


def shown_since(request=None, *, changed_at=None, scope=content_stamp.SITE) -> datetime.datetime:
    """Since when the pages of `scope` have looked as they do now.

    Pages change when content changes, and also at midnight: a period's status ("Pågår",
    "Avslutad") is worked out from today's date.
    """
    start_of_today = today_started()
    if changed_at is None:
        changed_at = content_stamp.last_changed(request, scope)
    return max(changed_at, start_of_today)


def content_etag(request, scope=content_stamp.SITE) -> str:
    return f"{int(shown_since(request, scope=scope).timestamp())}-{code_fingerprint()}"


def content_last_modified(request, scope=content_stamp.SITE):
    return shown_since(request, scope=scope)


def public_page(exists=None, scope=content_stamp.SITE.kind, stored_parameters=()):
    """Validators and shared-cache headers for a page that every visitor sees the same way.

    `exists(request, **kwargs)` tells whether the address names public content; without it a
    crafted If-None-Match could turn a 404 into a 304. Responses that already say how they may
    be cached (a draft preview is `no-store`) keep their own Cache-Control and no validators.

    `scope` says whose content the page shows, so which stamp its validators and its stored
    copy follow: the whole site (the default, right for any page), or one area's, found by the
    address's `slug`: content_stamp.AREA, PERIOD or PARTNER. A page with an area's scope must
    show nothing another area's edit can change except through content every page shows
    (content_areas.py says which edits reach which areas). The page cache reads the same
    scope from the view before the view runs (`content_scope`).

    `stored_parameters` names the query parameters the page cache may file this view's pages
    under (as `filter_addresses.LISTS` does for the lists): only for a view that answers every
    value it does not show with an error, so that a finite set of addresses is stored.
    """
    if scope not in content_stamp.KINDS:
        raise ValueError(f"unknown scope {scope!r}: one of {content_stamp.KINDS}")

    def has_validators(request, **kwargs):
        # Both validator functions ask; look the address up once per request.
        if not hasattr(request, "_names_public_content"):
            request._names_public_content = exists is None or exists(request, **kwargs)
        return request._names_public_content

    def etag(request, *args, **kwargs):
        if not has_validators(request, **kwargs):
            return None
        return content_etag(request, content_stamp.scope_of(scope, kwargs))

    def last_modified(request, *args, **kwargs):
        if not has_validators(request, **kwargs):
            return None
        return content_last_modified(request, content_stamp.scope_of(scope, kwargs))

    def decorator(view):
        conditional_view = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = conditional_view(request, *args, **kwargs)
            if response.has_header("Cache-Control"):
                for header in ("ETag", "Last-Modified"):
                    if response.has_header(header):
                        del response.headers[header]
            elif response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            return response

        wrapper.content_scope = scope
        wrapper.stored_parameters = tuple(stored_parameters)
        return wrapper

    return decorator
