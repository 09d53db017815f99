"""Spam and flood protection for the accessibility report form, without any cookie.

Visitors get no cookies on this site, so Django's CSRF protection (which needs the csrftoken
cookie) cannot guard this one public form. What CSRF protects against, another site making a
visitor's browser post, is guarded instead by the Origin/Referer check below; the form has no
login and changes nothing but adding a report, so there is no session to ride on. Spam and
floods are held back by three cheap, cookie-free checks:

- a signed timestamp token in the form (django.core.signing): a post must come from a form we
  rendered, no sooner than a person can fill it in and no later than a day after;
- a honeypot field hidden from people (CSS `display: none`) that simple bots fill in;
- a per-address limit on reports per hour, counted in the shared cache.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache

TOKEN_SALT = "promises.accessibility-report"  # noqa: S105 - a namespace, not a secret
MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 24 * 60 * 60
REPORTS_PER_HOUR = 5


class TokenProblem:
    INVALID = "invalid"
    TOO_FAST = "too-fast"
    EXPIRED = "expired"


def new_token() -> str:
    return signing.dumps({"issued": int(time.time())}, salt=TOKEN_SALT, compress=True)


def token_problem(token: str) -> str | None:
    """None when the token is ours and the form took a believable time to fill in."""
    try:
        issued = signing.loads(token, salt=TOKEN_SALT, max_age=MAX_SECONDS_TO_FILL)["issued"]
    except signing.SignatureExpired:
        return TokenProblem.EXPIRED
    except (signing.BadSignature, KeyError, TypeError):
        return TokenProblem.INVALID
    if time.time() - issued < MIN_SECONDS_TO_FILL:
        return TokenProblem.TOO_FAST
    return None


def is_same_site(request) -> bool:
    """True when the browser says the post comes from a page on this site."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def client_address(request) -> str:
    if settings.BEHIND_PROXY:
        # The proxy appends the address it saw; anything before it the client may have forged.
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def is_flooding(request) -> bool:
    """Count this post against its address; True once the hourly allowance is used up."""
    key = f"accessibility-reports:{client_address(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first post of a new hour.
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > REPORTS_PER_HOUR
