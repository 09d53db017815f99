"""The admin site: Swedish titles and sign-in with an optional or required one-time code.

Staff who have set up an authenticator app (docs/operations.md "Two-factor sign-in") must
always give a code. With ADMIN_REQUIRE_2FA=true nobody reaches the admin without one: a staff
member who has no authenticator yet is sent to set one up right after the password.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

# Wrong codes in a row that may be followed at once by another try: a mistyped code, or one the
# app replaced just as it was sent. After these, django-otp's throttle applies as it is (the
# waits double: 4, 8, 16 … seconds), which still makes guessing six digits hopeless.
FREE_RETRIES = 3


def allow_quick_retry(device):
    """Let the next code through django-otp's throttle while the wrong ones are few.

    django-otp makes the user wait 1 second after one wrong code: the right code typed at once
    was refused with "För många felaktiga koder". Only this object forgets the last failure's
    time; a new failure is still counted and saved, so the throttle starts after FREE_RETRIES.
    """
    if device is not None and device.throttling_failure_count < FREE_RETRIES:
        device.throttling_failure_timestamp = None


def locked_device(device):
    """The device's row, locked until the sign-in's transaction ends: parallel guesses wait
    for each other and each sees the failures before it, so they cannot share a free retry."""
    if device is None:
        return None
    return type(device).objects.select_for_update().get(pk=device.pk)


class OneTimeCodeLoginForm(AdminAuthenticationForm, OTPAuthenticationFormMixin):
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        help_text=_("Only if you have set up two-factor sign-in: six digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
    otp_error_messages = {
        "token_required": _("Enter the code from your authenticator app."),
        "challenge_exception": _("The code could not be sent: %(error)s"),
        "not_interactive": _("Choose a device that shows a code."),
        "challenge_message": _("%(device)s: %(message)s"),
        "invalid_token": _("The code is wrong or too old. Enter the code the app shows now."),
        "n_failed_attempts": _(
            "Too many wrong codes. Wait a little and try again with the code the app shows now."
        ),
        "verification_not_allowed": _("Verification with this code is not allowed right now."),
        "device_required": _("Choose a device."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Autofocus would skip the skip link and the page's heading for keyboard and
        # screen-reader users (the browser tests check that the first Tab reaches the skip link).
        self.fields["username"].widget.attrs.pop("autofocus", None)

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned_data

    def _chosen_device(self, user):
        # Staff have one authenticator app each; use the first confirmed one. django-otp's
        # clean_otp calls this inside its transaction.
        return locked_device(next(iter(devices_for_user(user, confirmed=True)), None))

    def _verify_token(self, user, token, device=None):
        allow_quick_retry(device)
        return super()._verify_token(user, token, device)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, with the target admin's own words for each result when it has
    them (`autocomplete_label`, e.g. a promise's period and number) and the rows those words
    need loaded with the page (`autocomplete_queryset`), not one query per result."""

    def get_queryset(self):
        queryset = super().get_queryset()
        prepare = getattr(self.model_admin, "autocomplete_queryset", None)
        return prepare(queryset) if prepare else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class EditorsAdminSite(AdminSite):
    site_header = _("Citizen promise – editing")
    site_title = _("Citizen promise")
    index_title = _("Edit the website's content")
    login_form = OneTimeCodeLoginForm
    login_template = "admin/login_with_code.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if settings.ADMIN_REQUIRE_2FA or user_has_device(request.user, confirmed=True):
            return request.user.is_verified()
        return True

    def login(self, request, extra_context=None):
        user = request.user
        if (
            request.method == "GET"
            and user.is_active
            and user.is_staff
            and settings.ADMIN_REQUIRE_2FA
            and not user.is_verified()
            and not user_has_device(user, confirmed=True)
        ):
            return redirect("admin:two_factor_setup")
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and response.status_code == 302
            and settings.ADMIN_REQUIRE_2FA
            and getattr(request.user, "otp_device", None) is None
        ):
            return redirect("admin:two_factor_setup")
        return response

    def get_urls(self):
        from promises.admin import two_factor

        own = [
            path(
                "tvastegsinloggning/",
                two_factor.setup_view,
                name="two_factor_setup",
            ),
            # Before Django's own "r/", which redirects to any object's public address without
            # asking whether the user may see it (another partner's draft, for instance).
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            path(
                "oversattningar/",
                self.admin_view(self.missing_translations),
                name="missing_translations",
            ),
        ]
        return own + super().get_urls()

    def autocomplete_view(self, request):
        # A NUL in the search term would reach PostgreSQL as a 500; no person types one.
        if "\x00" in request.GET.get("term", ""):
            return JsonResponse({"error": gettext("The search term is not valid.")}, status=400)
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def view_on_site(self, request, content_type_id, object_id):
        """The "Visa på webbplatsen" link, only for objects the user can open in the admin."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def missing_translations(self, request):
        from promises.admin.translations import missing_translations

        return missing_translations(request, self)

    def index(self, request, extra_context=None):
        from promises.admin.notices import start_page_notices
        from promises.admin.translations import translates_anything
        from promises.admin.workspace import workspace

        context = {
            "notices": start_page_notices(request, self.name),
            "workspace": workspace(request, self.name),
            "missing_translations_url": reverse("admin:missing_translations", current_app=self.name)
            if translates_anything(request, self)
            else None,
            **(extra_context or {}),
        }
        return super().index(request, context)

    def each_context(self, request):
        context = super().each_context(request)
        context["two_factor_setup_url"] = reverse("admin:two_factor_setup", current_app=self.name)
        return context
