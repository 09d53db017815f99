"""Spam and flood protection for the accessibility report form, without any cookie.

Visitors get no cookies on this site, so Django's CSRF protection (which needs the csrftoken
cookie) cannot guard this one public form. What CSRF protects against, another site making a
visitor's browser post, is guarded instead by the Origin/Referer check below; the form has no
login and changes nothing but adding a report, so there is no session to ride on. Spam and
floods are held back by three cheap, cookie-free checks:

- a signed token in the form (django.core.signing): a post must come from a form we rendered,
  no sooner than a person can fill it in and no later than a day after, and each token stores
  at most one report (a replayed or double-clicked post is thanked but not stored again);
- a honeypot field hidden from people (CSS `display: none`) that simple bots fill in;
- limits per clock hour: stored reports per address (an IPv6 address counts by its /64,
  which one household or machine usually holds whole), posts per address whether or not they
  were stored, and stored reports from everyone together, so a flood from many addresses
  cannot fill the database either. A person who makes mistakes in the form does not use up
  their allowance of reports.

The used tokens and the counts live in the database (UsedReportToken, ReportCount), never in
a cache: the rules must hold whichever gunicorn worker or machine answers, and the default
cache is each process's own. Addresses are counted under a keyed hash, never stored in clear,
and a count is deleted once its hour has ended (by the next post to the form).
"""

import datetime
import hashlib
import ipaddress
import secrets
import time
from urllib.parse import urlsplit

from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

from promises.client_ip import client_ip
from promises.models import ReportCount, UsedReportToken

TOKEN_SALT = "promises.accessibility-report"  # noqa: S105 - a namespace, not a secret
MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 24 * 60 * 60
REPORTS_PER_HOUR = 5
ATTEMPTS_PER_HOUR = 30
SITE_REPORTS_PER_HOUR = 100
HOUR = 60 * 60
SITE_REPORTS_KEY = "reports:site"


class TokenProblem:
    INVALID = "invalid"
    TOO_FAST = "too-fast"
    EXPIRED = "expired"


def new_token() -> str:
    token = {"issued": int(time.time()), "nonce": secrets.token_urlsafe(12)}
    return signing.dumps(token, salt=TOKEN_SALT, compress=True)


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


def _nonce(token: str) -> str:
    nonce = signing.loads(token, salt=TOKEN_SALT).get("nonce")
    return nonce if isinstance(nonce, str) else hashlib.sha256(token.encode()).hexdigest()


def claim_token(token: str) -> bool:
    """True the first time a valid token is used to store a report, False ever after."""
    # Kept a little longer than the token can be posted, so it can never be claimed twice.
    usable_until = timezone.now() + datetime.timedelta(seconds=MAX_SECONDS_TO_FILL + 60)
    return UsedReportToken.objects.claim(_nonce(token), usable_until)


def release_token(token: str) -> None:
    """Make a claimed token usable again, when its report could not be stored after all."""
    UsedReportToken.objects.filter(nonce=_nonce(token)).delete()


def is_same_site(request) -> bool:
    """True when the browser says the post comes from a page on this site."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def client_address(request) -> str:
    # The same address django-axes locks out by (TRUSTED_PROXY_COUNT behind BEHIND_PROXY).
    return client_ip(request)


def address_key(request) -> str:
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        # An IPv4 visitor seen through a dual-stack socket: one address, not a /64 of them.
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _counted_address(request) -> str:
    # A keyed hash: the counts need to tell addresses apart, not to know them.
    return salted_hmac(TOKEN_SALT, address_key(request), algorithm="sha256").hexdigest()


def _this_hour() -> int:
    return int(time.time()) // HOUR


class Flood:
    ADDRESS = "address"
    SITE = "site"


def flooding(request) -> str | None:
    """Count this post as an attempt. None while within this hour's allowances; otherwise
    whose allowance is used up: this address's (Flood.ADDRESS) or everyone's (Flood.SITE)."""
    hour = _this_hour()
    ReportCount.objects.forget_before(hour)
    address = _counted_address(request)
    attempts = ReportCount.objects.add_one(f"attempts:{address}", hour)
    if (
        attempts > ATTEMPTS_PER_HOUR
        or ReportCount.objects.count_for(f"reports:{address}", hour) >= REPORTS_PER_HOUR
    ):
        return Flood.ADDRESS
    if ReportCount.objects.count_for(SITE_REPORTS_KEY, hour) >= SITE_REPORTS_PER_HOUR:
        return Flood.SITE
    return None


def take_report_slot(request) -> str | None:
    """Reserve room for one stored report in this hour's allowances, before it is stored.

    None when reserved; otherwise whose allowance is used up, and nothing stays reserved.
    Taking the slot is one atomic add that returns the new count, so posts that arrive at the
    same moment on different workers or machines cannot all pass a check made before any of
    them was counted.
    """
    hour = _this_hour()
    address = f"reports:{_counted_address(request)}"
    if ReportCount.objects.add_one(address, hour) > REPORTS_PER_HOUR:
        ReportCount.objects.take_one_back(address, hour)
        return Flood.ADDRESS
    if ReportCount.objects.add_one(SITE_REPORTS_KEY, hour) > SITE_REPORTS_PER_HOUR:
        ReportCount.objects.take_one_back(address, hour)
        ReportCount.objects.take_one_back(SITE_REPORTS_KEY, hour)
        return Flood.SITE
    return None


def give_back_report_slot(request) -> None:
    """Undo `take_report_slot` when the report could not be stored after all."""
    hour = _this_hour()
    ReportCount.objects.take_one_back(f"reports:{_counted_address(request)}", hour)
    ReportCount.objects.take_one_back(SITE_REPORTS_KEY, hour)
