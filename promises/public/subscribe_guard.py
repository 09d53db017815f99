"""The subscribe form's limits: a `FormGuard` (promises/public/form_guard.py, which explains the
checks) with its own salt and count keys, and one more allowance: messages per e-mail address,
so nobody can use the form to flood someone else's inbox with confirmations."""

import contextlib

from promises.public import form_guard

TOKEN_SALT = "promises.alerts-subscribe"  # noqa: S105 - a namespace, not a secret
# No minimum time: the form is one e-mail address, which browsers and password managers fill
# in at once, so residents sent it within 3 seconds and were refused. A script gains little
# by being fast here: nothing is published, the address only gets a confirmation link
# (double opt-in), the honeypot catches simple bots, and the hourly limits per connection,
# per inbox and for the whole site bound what any sender can do.
MIN_SECONDS_TO_FILL = 0
SUBSCRIPTIONS_PER_HOUR = 10
ATTEMPTS_PER_HOUR = 30
SITE_SUBSCRIPTIONS_PER_HOUR = 200
MESSAGES_PER_ADDRESS_PER_HOUR = 3


def guard() -> form_guard.FormGuard:
    # Built on each use from the constants above, so a changed constant is obeyed at once.
    return form_guard.FormGuard(
        salt=TOKEN_SALT,
        prefix="alerts:",
        min_seconds_to_fill=MIN_SECONDS_TO_FILL,
        stored_per_hour=SUBSCRIPTIONS_PER_HOUR,
        attempts_per_hour=ATTEMPTS_PER_HOUR,
        site_stored_per_hour=SITE_SUBSCRIPTIONS_PER_HOUR,
    )


def inbox(email: str) -> str:
    """The inbox an address reaches, as far as the allowance needs to tell: most providers
    (Gmail, Outlook, Fastmail, …) deliver `namn+tag@` to `namn@` and Gmail ignores dots, and a
    domain may be written in Unicode or in its IDNA (punycode) form. Only for counting: two
    people whose addresses differ only in dots share an allowance of messages, nothing more."""
    local, _at, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0].replace(".", "")
    # A name IDNA cannot encode is counted as written.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def email_allowance(email: str):
    """The per-inbox allowance, as an extra key for `FormGuard.take_slot`."""
    key = f"alerts:to:{guard().counted(inbox(email))}"
    return [(key, MESSAGES_PER_ADDRESS_PER_HOUR, form_guard.Flood.OTHER)]
