"""Give coordinators and administrators the accessibility statement, residents' reports and
the glossary: they are the site's shared texts, not any one partner's.

Partners' editors get none of them. Reports cannot be added by anyone (they come from the
public form) and the statement cannot be added or deleted (promises/admin.py refuses both).
Idempotent and reversible, like 0008.
"""

from django.apps import apps as global_apps
from django.db import migrations

SITE_ADMINS = "Webbplatsadministratörer"
COORDINATORS = "Samordnare"
SHARED_TEXTS = [
    "view_accessibilitystatement",
    "change_accessibilitystatement",
    "view_accessibilityreport",
    "change_accessibilityreport",
    *(f"{a}_glossaryterm" for a in ("view", "add", "change", "delete")),
]


def groups(apps):
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("promises"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    return Group.objects.filter(name__in=[SITE_ADMINS, COORDINATORS])


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="promises", codename__in=SHARED_TEXTS)


def grant(apps, schema_editor):
    for group in groups(apps):
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    for group in groups(apps):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("promises", "0010_accessibility_statement_and_glossary_content")]

    operations = [migrations.RunPython(grant, revoke)]
