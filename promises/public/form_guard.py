"""Spam and flood protection for the public forms, without any cookie.

Visitors get no cookies on this site, so Django's CSRF protection (which needs the csrftoken
cookie) cannot guard the public forms. What CSRF protects against, another site making a
visitor's browser post, is guarded instead by the Origin/Referer check below; the forms have
no login and change nothing but adding a row, so there is no session to ride on. Spam and
floods are held back by three cheap, cookie-free checks:

- a signed token in the form (django.core.signing): a post must come from a form we rendered,
  no sooner than a person can fill it in (a form may set no minimum: see subscribe_guard.py)
  and no later than a day after, and each token stores at most one row (a replayed or
  double-clicked post is thanked but not stored again);
- a honeypot field hidden from people (CSS `display: none`) that simple bots fill in;
- limits per clock hour: stored rows per address (an IPv6 address counts by its /64, which one
  household or machine usually holds whole), posts per address whether or not they were
  stored, and stored rows from everyone together, so a flood from many addresses cannot fill
  the database either. A form may add limits of its own kind (the subscribe form counts per
  e-mail address too) with `take_slot(..., extra_keys=...)`.

The used tokens and the counts live in the database (UsedReportToken, ReportCount, shared by
every form: each `FormGuard` has its own token salt and its own count keys), never in a cache:
the rules must hold whichever gunicorn worker or machine answers, and the default cache is
each process's own. Addresses are counted under a keyed hash, never stored in clear, and a
count is deleted once its hour has ended (by the next post to any form).
"""

import datetime
import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

from promises.client_ip import client_ip, counted_address
from promises.models import ReportCount, UsedReportToken

HOUR = 60 * 60


class TokenProblem:
    INVALID = "invalid"
    TOO_FAST = "too-fast"
    EXPIRED = "expired"


class Flood:
    ADDRESS = "address"
    SITE = "site"
    # Used up by a limit the form adds itself (e.g. per e-mail address): see take_slot.
    OTHER = "other"


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
    return counted_address(request)


def this_hour() -> int:
    return int(time.time()) // HOUR


@dataclass(frozen=True)
class FormGuard:
    """The token, honeypot-free limits and counts of one public form.

    `prefix` names the form's count keys ("" for the report form, whose keys predate the
    others); `salt` keeps one form's tokens from being used on another.
    """

    salt: str
    prefix: str = ""
    min_seconds_to_fill: int = 3
    max_seconds_to_fill: int = 24 * 60 * 60
    stored_per_hour: int = 5
    attempts_per_hour: int = 30
    site_stored_per_hour: int = 100

    # Tokens ---------------------------------------------------------------------------------

    def new_token(self, issued: int | None = None) -> str:
        """A token for a newly shown form. `issued` carries a resent form's first showing, so
        "too fast" counts from when the person first saw the form, not from the last answer:
        pressing "Skicka" again at once after a refusal must not be refused again."""
        token = {"issued": issued or int(time.time()), "nonce": secrets.token_urlsafe(12)}
        return signing.dumps(token, salt=self.salt, compress=True)

    def issued(self, token: str) -> int | None:
        """When the form behind a token of ours was first shown, or None for a bad token."""
        try:
            issued = signing.loads(token, salt=self.salt).get("issued")
        except (signing.BadSignature, AttributeError, TypeError):
            return None
        return issued if isinstance(issued, int) and issued <= time.time() else None

    def token_problem(self, token: str) -> str | None:
        """None when the token is ours and the form took a believable time to fill in."""
        try:
            issued = signing.loads(token, salt=self.salt, max_age=self.max_seconds_to_fill)[
                "issued"
            ]
        except signing.SignatureExpired:
            return TokenProblem.EXPIRED
        except (signing.BadSignature, KeyError, TypeError):
            return TokenProblem.INVALID
        if self.min_seconds_to_fill and time.time() - issued < self.min_seconds_to_fill:
            return TokenProblem.TOO_FAST
        return None

    def _nonce(self, token: str) -> str:
        nonce = signing.loads(token, salt=self.salt).get("nonce")
        return nonce if isinstance(nonce, str) else hashlib.sha256(token.encode()).hexdigest()

    def claim_token(self, token: str) -> bool:
        """True the first time a valid token is used to store a row, False ever after."""
        # Kept a little longer than the token can be posted, so it can never be claimed twice.
        usable_until = timezone.now() + datetime.timedelta(seconds=self.max_seconds_to_fill + 60)
        return UsedReportToken.objects.claim(self._nonce(token), usable_until)

    def release_token(self, token: str) -> None:
        """Make a claimed token usable again, when its row could not be stored after all."""
        UsedReportToken.objects.filter(nonce=self._nonce(token)).delete()

    # Counts ---------------------------------------------------------------------------------

    def counted(self, value: str) -> str:
        # A keyed hash: the counts need to tell values apart, not to know them.
        return salted_hmac(self.salt, value, algorithm="sha256").hexdigest()

    def _address(self, request) -> str:
        return self.counted(address_key(request))

    @property
    def site_key(self) -> str:
        return f"{self.prefix}reports:site"

    def flooding(self, request) -> str | None:
        """Count this post as an attempt. None while within this hour's allowances; otherwise
        whose allowance is used up: this address's (Flood.ADDRESS) or everyone's (Flood.SITE)."""
        hour = this_hour()
        ReportCount.objects.forget_before(hour)
        address = self._address(request)
        attempts = ReportCount.objects.add_one(f"{self.prefix}attempts:{address}", hour)
        if (
            attempts > self.attempts_per_hour
            or ReportCount.objects.count_for(f"{self.prefix}reports:{address}", hour)
            >= self.stored_per_hour
        ):
            return Flood.ADDRESS
        if ReportCount.objects.count_for(self.site_key, hour) >= self.site_stored_per_hour:
            return Flood.SITE
        return None

    def _slot_keys(self, request, extra_keys):
        return [
            (f"{self.prefix}reports:{self._address(request)}", self.stored_per_hour, Flood.ADDRESS),
            *extra_keys,
            (self.site_key, self.site_stored_per_hour, Flood.SITE),
        ]

    def take_slot(self, request, extra_keys=()) -> str | None:
        """Reserve room for one stored row in this hour's allowances, before it is stored.

        None when reserved; otherwise whose allowance is used up, and nothing stays reserved.
        `extra_keys` are further (key, limit, flood) allowances the form counts, e.g. per
        e-mail address. Taking the slot is one atomic add per allowance that returns the new
        count, so posts that arrive at the same moment on different workers or machines
        cannot all pass a check made before any of them was counted.
        """
        hour = this_hour()
        taken = []
        for key, limit, flood in self._slot_keys(request, extra_keys):
            taken.append(key)
            if ReportCount.objects.add_one(key, hour) > limit:
                for reserved in taken:
                    ReportCount.objects.take_one_back(reserved, hour)
                return flood
        return None

    def give_back_slot(self, request, extra_keys=()) -> None:
        """Undo `take_slot` when the row could not be stored after all."""
        hour = this_hour()
        for key, _limit, _flood in self._slot_keys(request, extra_keys):
            ReportCount.objects.take_one_back(key, hour)
