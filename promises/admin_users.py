"""Accounts in the admin: site administrators manage them, but only superusers create or
change superusers, so nobody can give themselves more rights than they were given."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

# Fields that would let someone with the right to change accounts grant rights beyond
# their own group's.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


class GuardedUserAdmin(UserAdmin):
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


admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)
