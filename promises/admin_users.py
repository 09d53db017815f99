"""Accounts, groups and authenticators in the admin: site administrators manage them, but only
superusers create or change superusers or decide what a group may do, so nobody can give
themselves (or anyone) more rights than they were given."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_lists import CheckedListMixin

# Fields that would let someone with the right to change accounts grant rights beyond
# their own group's.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


class GuardedUserAdmin(CheckedListMixin, UserAdmin):
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
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._touches_a_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)


class GuardedGroupAdmin(CheckedListMixin, GroupAdmin):
    """Others may see what a group may do and who is in it; only superusers change its rights,
    or a group could carry any permission to anyone put in it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, "permissions")


class GuardedTOTPDeviceAdmin(CheckedListMixin, TOTPDeviceAdmin):
    """A superuser's authenticator is theirs alone: removing it would leave their sign-in
    guarded by the password only, so nobody with fewer rights sees or removes it."""

    def get_queryset(self, request):
        devices = super().get_queryset(request)
        if request.user.is_superuser:
            return devices
        return devices.filter(user__is_superuser=False)


# django-axes' lists of sign-in attempts: its admins as they are, with bad filter input
# answered by a Swedish 400 like every other list (admin_lists.py).
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
