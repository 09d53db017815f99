"""Asking for a new password link: the page an expired or used first-password link points to.

Django's own form skips accounts without a usable password, which are exactly the new editors
whose `create_editor` link ran out; here every active staff account gets the same kind of link
(the link works once: its token changes when the password does). Other addresses get nothing,
and the page answers the same either way, so it does not tell who has an account.

The page needs no sign-in, so anyone could make it mail a real editor again and again, or try
address after address from one machine. Each clock hour it sends at most
`MAILS_PER_ADDRESS_PER_HOUR` links to one e-mail address and answers at most
`POSTS_PER_CLIENT_PER_HOUR` requests from one client address (an IPv6 address by its /64);
past either, it sends nothing and still answers exactly as when it sends, so the limits tell
no more than the page does. The counts live in the database (ReportCount, the public forms'
hourly counts), so they hold whichever worker or machine answers; both are kept under a keyed
hash, never in clear, and only for their hour.
"""

import time
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare
from django.utils.crypto import salted_hmac

from promises.client_ip import counted_address
from promises.models import ReportCount

POSTS_PER_CLIENT_PER_HOUR = 10
MAILS_PER_ADDRESS_PER_HOUR = 3
_SALT = "promises.admin.password_reset"


def this_hour() -> int:
    return int(time.time()) // (60 * 60)


def _counted(kind: str, value: str) -> str:
    # "pw:" plus a short kind and a 64-character hash fits ReportCount's 80-character key.
    return f"pw:{kind}:" + salted_hmac(_SALT, value, algorithm="sha256").hexdigest()


def _mailbox(email: str) -> str:
    # The same folding Django uses to match the address to an account, so "ANNA@…" and
    # "anna@…" share one allowance.
    return unicodedata.normalize("NFKC", email).casefold().strip()


def within_allowance(request, email: str) -> bool:
    """Count this request; True while the client and the mailbox are within this hour's."""
    hour = this_hour()
    ReportCount.objects.forget_before(hour)
    posts = ReportCount.objects.add_one(_counted("client", counted_address(request)), hour)
    if posts > POSTS_PER_CLIENT_PER_HOUR:
        return False
    mails = ReportCount.objects.add_one(_counted("mail", _mailbox(email)), hour)
    return mails <= MAILS_PER_ADDRESS_PER_HOUR


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        User = get_user_model()
        field = User.get_email_field_name()
        staff = User._default_manager.filter(
            **{f"{field}__iexact": email}, is_active=True, is_staff=True
        )
        return (user for user in staff if _unicode_ci_compare(email, getattr(user, field)))

    def save(self, *args, request=None, **kwargs):
        # The view passes the request; without one (a script) there is no client to count.
        if request is not None and not within_allowance(request, self.cleaned_data["email"]):
            return
        super().save(*args, request=request, **kwargs)
