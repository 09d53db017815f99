"""Django's admin app under our own site class (settings INSTALLED_APPS names it)."""

from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    """Django's admin, with the site class that knows about two-factor sign-in."""

    default_site = "promises.admin.site.EditorsAdminSite"
