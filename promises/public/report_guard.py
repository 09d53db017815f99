"""The accessibility report form's limits: a `FormGuard` (promises/public/form_guard.py,
which explains the checks) with the report form's own token salt and allowances."""

from promises.public import form_guard
from promises.public.form_guard import Flood, TokenProblem, client_address, is_same_site

TOKEN_SALT = "promises.accessibility-report"  # noqa: S105 - a namespace, not a secret
# Kept for this form: its message is typed by the person (no browser fills it in), which
# takes longer than this; a refused post keeps what was written, and its resend counts from
# when the form was first shown (FormGuard.new_token), so pressing "Skicka" again passes.
MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 24 * 60 * 60
REPORTS_PER_HOUR = 5
ATTEMPTS_PER_HOUR = 30
SITE_REPORTS_PER_HOUR = 100
HOUR = form_guard.HOUR


def guard() -> form_guard.FormGuard:
    # Built on each use from the constants above, so a test (or an operator's patch) that
    # changes one is obeyed at once.
    return form_guard.FormGuard(
        salt=TOKEN_SALT,
        min_seconds_to_fill=MIN_SECONDS_TO_FILL,
        max_seconds_to_fill=MAX_SECONDS_TO_FILL,
        stored_per_hour=REPORTS_PER_HOUR,
        attempts_per_hour=ATTEMPTS_PER_HOUR,
        site_stored_per_hour=SITE_REPORTS_PER_HOUR,
    )


def new_token() -> str:
    return guard().new_token()


def token_problem(token: str) -> str | None:
    return guard().token_problem(token)


def claim_token(token: str) -> bool:
    return guard().claim_token(token)


def release_token(token: str) -> None:
    guard().release_token(token)


def flooding(request) -> str | None:
    return guard().flooding(request)


def take_report_slot(request) -> str | None:
    return guard().take_slot(request)


def give_back_report_slot(request) -> None:
    guard().give_back_slot(request)


__all__ = [
    "ATTEMPTS_PER_HOUR",
    "HOUR",
    "MAX_SECONDS_TO_FILL",
    "MIN_SECONDS_TO_FILL",
    "REPORTS_PER_HOUR",
    "SITE_REPORTS_PER_HOUR",
    "TOKEN_SALT",
    "Flood",
    "TokenProblem",
    "claim_token",
    "client_address",
    "flooding",
    "give_back_report_slot",
    "guard",
    "is_same_site",
    "new_token",
    "release_token",
    "take_report_slot",
    "token_problem",
]
