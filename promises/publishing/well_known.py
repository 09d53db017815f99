"""Files that browsers, crawlers and security researchers ask for at fixed addresses.

- `/favicon.ico`: browsers and crawlers ask for it whatever the page links. It answers with the
  site's one icon, `static/favicon.svg`, as `image/svg+xml` (browsers decide by the type, not
  by the name), directly: no redirect to the hashed static address.
- `/.well-known/security.txt` (RFC 9116): whom to tell about a vulnerability. It exists only
  once an operator has set SECURITY_TXT_CONTACT; until then it answers 404 and
  `check --deploy` warns (promises/checks.py). Nothing in it is made up.
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

# RFC 9116 asks for an expiry less than a year ahead, so a file nobody maintains stops being
# trusted. It is counted from the day this process started, i.e. from the deploy: every
# instance deployed on the same day says the same, and each deploy or restart renews it.
SECURITY_TXT_LIFETIME = datetime.timedelta(days=180)
STARTED_ON = timezone.now().date()


@functools.cache
def favicon_bytes() -> bytes:
    with open(finders.find("favicon.svg"), "rb") as icon:
        return icon.read()


def favicon_etag(request) -> str:
    return hashlib.sha256(favicon_bytes()).hexdigest()[:16]


@require_safe
@condition(etag_func=favicon_etag)
def favicon(request):
    response = HttpResponse(favicon_bytes(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


def contact_uris() -> list[str]:
    """The contacts as URIs; a plain e-mail address becomes a mailto: link."""
    return [
        contact if ":" in contact else f"mailto:{contact}"
        for contact in (value.strip() for value in settings.SECURITY_TXT_CONTACT)
        if contact
    ]


def security_txt_expires() -> datetime.datetime:
    expires = datetime.datetime.combine(STARTED_ON + SECURITY_TXT_LIFETIME, datetime.time.min)
    return expires.replace(tzinfo=datetime.UTC)


@require_safe
def security_txt(request):
    contacts = contact_uris()
    if not contacts:
        raise Http404("SECURITY_TXT_CONTACT is not set.")
    lines = [
        *(f"Contact: {contact}" for contact in contacts),
        f"Expires: {security_txt_expires().strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response
