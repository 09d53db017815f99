"""Swedish names for the apps we install from others, as the admin shows them to editors.

Django names an app by its AppConfig's `verbose_name`; django-axes, django-otp and
django-reversion ship none in Swedish (the admin said "Axes", "Otp_Totp" and "Reversion").
These subclasses keep each app's label, models and start-up code and only give it a name.
The models' own names are translated in our catalogue (promises/catalogue_gaps.py lists the
msgids that no installed catalogue has).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from reversion.apps import ReversionConfig


class SignInLockoutConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockout")

    def ready(self):
        super().ready()
        # django-axes names each row in plain English ("Attempted Access: …"), and the admin
        # shows that name in titles, breadcrumbs and delete confirmations.
        self.get_model("AccessAttempt").__str__ = attempt_name
        self.get_model("AccessFailureLog").__str__ = failure_name
        self.get_model("AccessLog").__str__ = sign_in_name


class AuthenticatorAppsConfig(TOTPAppConfig):
    verbose_name = _("Two-factor sign-in")

    def ready(self):
        super().ready()
        translatable_names(self.get_model("TOTPDevice"))


class HistoryConfig(ReversionConfig):
    verbose_name = _("Version history")


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i") if moment else ""


def attempt_name(attempt) -> str:
    return gettext("Sign-in attempts by %(user)s from %(address)s, %(time)s") % {
        "user": attempt.username,
        "address": attempt.ip_address,
        "time": when(attempt.attempt_time),
    }


def failure_name(failure) -> str:
    return gettext("Failed sign-in by %(user)s from %(address)s, %(time)s") % {
        "user": failure.username,
        "address": failure.ip_address,
        "time": when(failure.attempt_time),
    }


def sign_in_name(entry) -> str:
    return gettext("Sign-in by %(user)s, %(time)s") % {
        "user": entry.username,
        "time": when(entry.attempt_time),
    }


def translatable_names(model):
    """django-otp writes its model's and fields' names as plain strings, which no catalogue can
    translate. Wrapping the same text in gettext_lazy lets ours do it; with translations off
    (as makemigrations runs) they read exactly as before, so no migration sees a change."""
    meta = model._meta
    meta.verbose_name = _(str(meta.verbose_name))
    meta.verbose_name_plural = _(str(meta.verbose_name_plural))
    for field in meta.get_fields():
        if not field.concrete:
            continue
        field.verbose_name = _(str(field.verbose_name))
        if field.help_text:
            field.help_text = _(str(field.help_text))
