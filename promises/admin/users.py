"""Accounts, groups and authenticators in the admin: site administrators manage them, but only
superusers create or change superusers or decide what a group may do, so nobody can give
themselves (or anyone) more rights than they were given. An area's coordinators give accounts
to their area's partners' editors, and see and change no other account
(`roles.accounts_in_reach`)."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from promises.admin.lists import CheckedListMixin
from promises.admin.permission_names import permission_label
from promises.editing import roles

# Fields that would let someone with the right to change accounts grant rights beyond
# their own group's.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions_shown")


class SwedishPermissionsMixin:
    """Lists permissions by their Swedish names, in the form and where they are read-only.

    A read-only many-to-many field would show each permission's English name from the
    database, so where it is read-only the field gives way to a list with Swedish names.
    """

    PERMISSION_FIELDS = {
        "permissions": "permissions_shown",
        "user_permissions": "user_permissions_shown",
    }

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.PERMISSION_FIELDS and field is not None:
            field.label_from_instance = permission_label
        return field

    def _shown_read_only(self, request, obj):
        return not request.user.is_superuser or not self.has_change_permission(request, obj)

    def _swap(self, names):
        return [self.PERMISSION_FIELDS.get(name, name) for name in names]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return self._swap(fields) if self._shown_read_only(request, obj) else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._shown_read_only(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": self._swap(options["fields"])})
            for name, options in fieldsets
        ]

    def _permission_list(self, permissions):
        return ", ".join(sorted(permission_label(p) for p in permissions)) or "–"

    @admin.display(description=_("permissions"))
    def permissions_shown(self, obj):
        return self._permission_list(obj.permissions.select_related("content_type"))

    @admin.display(description=_("user permissions"))
    def user_permissions_shown(self, obj):
        return self._permission_list(obj.user_permissions.select_related("content_type"))


# What a coordinator fills in for an editor: the account, the name and the partner's editor
# group; never staff or superuser status, single permissions or another group.
COORDINATOR_ADD_FIELDSETS = (
    (None, {"fields": ("username", "usable_password", "password1", "password2")}),
    (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
    (_("Editor group"), {"fields": ("groups",)}),
)
COORDINATOR_CHANGE_FIELDSETS = (
    (None, {"fields": ("username",)}),
    (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
    (_("Editor group"), {"fields": ("is_active", "groups")}),
)


class GuardedUserAdmin(CheckedListMixin, SwedishPermissionsMixin, UserAdmin):
    def _for_coordinator(self, request):
        return not roles.is_site_admin(request.user)

    def get_queryset(self, request):
        return roles.accounts_in_reach(request.user, super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        if not self._for_coordinator(request):
            return super().get_fieldsets(request, obj)
        return COORDINATOR_CHANGE_FIELDSETS if obj else COORDINATOR_ADD_FIELDSETS

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and self._for_coordinator(request):
            kwargs["queryset"] = roles.editor_groups_in_reach(request.user)
            kwargs["required"] = True
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if self._for_coordinator(request):
            # An editor signs in to the admin; nothing more.
            obj.is_staff = True
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        # The person chooses their own password (the link from "Glömt lösenordet?"): a
        # coordinator who could set an editor's password could sign in as them.
        if self._for_coordinator(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + SUPERUSER_ONLY_FIELDS

    def _touches_a_superuser(self, request, obj):
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        # Includes the password view: taking over a superuser's password is taking their rights.
        if self._touches_a_superuser(request, obj):
            return False
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or not self._for_coordinator(request):
            return allowed
        return roles.accounts_in_reach(request.user, User.objects.filter(pk=obj.pk)).exists()

    def has_delete_permission(self, request, obj=None):
        if self._touches_a_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)


class GuardedGroupAdmin(CheckedListMixin, SwedishPermissionsMixin, GroupAdmin):
    """Others may see what a group may do and who is in it; only superusers change its rights,
    or a group could carry any permission to anyone put in it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, "permissions_shown")


# django-otp names its form's sections in plain English.
TOTP_FIELDSET_NAMES = {
    "Identity": _("Account and name"),
    "Timestamps": _("Dates"),
    "Configuration": _("Settings"),
    "State": _("Clock"),
    "Throttling": _("Wrong codes"),
}


class GuardedTOTPDeviceAdmin(CheckedListMixin, TOTPDeviceAdmin):
    """A superuser's authenticator is theirs alone: removing it would leave their sign-in
    guarded by the password only, so nobody with fewer rights sees or removes it."""

    search_help_text = _("Search by the user's user name or e-mail address.")

    def get_fieldsets(self, request, obj=None):
        return [
            (TOTP_FIELDSET_NAMES.get(name, name), options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_queryset(self, request):
        devices = super().get_queryset(request)
        if request.user.is_superuser:
            return devices
        return devices.filter(user__is_superuser=False)


# django-axes' lists of sign-in attempts: its admins as they are, with bad filter input
# answered by a Swedish 400 like every other list (admin/lists.py).
class CheckedAccessAttemptAdmin(CheckedListMixin, AccessAttemptAdmin):
    pass


class CheckedAccessLogAdmin(CheckedListMixin, AccessLogAdmin):
    pass


class CheckedAccessFailureLogAdmin(CheckedListMixin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (User, GuardedUserAdmin),
    (Group, GuardedGroupAdmin),
    (TOTPDevice, GuardedTOTPDeviceAdmin),
    (AccessAttempt, CheckedAccessAttemptAdmin),
    (AccessLog, CheckedAccessLogAdmin),
    (AccessFailureLog, CheckedAccessFailureLogAdmin),
):
    if not admin.site.is_registered(model):
        continue  # AXES_ENABLE_ADMIN=False: no list to replace
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
