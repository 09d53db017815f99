"""Asking for a new password link: the page an expired or used first-password link points to.

Django's own form skips accounts without a usable password, which are exactly the new editors
whose `create_editor` link ran out; here every active staff account gets the same kind of link
(the link works once: its token changes when the password does). Other addresses get nothing,
and the page answers the same either way, so it does not tell who has an account.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        User = get_user_model()
        field = User.get_email_field_name()
        staff = User._default_manager.filter(
            **{f"{field}__iexact": email}, is_active=True, is_staff=True
        )
        return (user for user in staff if _unicode_ci_compare(email, getattr(user, field)))
