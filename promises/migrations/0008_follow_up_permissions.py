"""Give the roles their rights on follow-ups, focus areas and status definitions.

Partners' editors report on their own promises (the scope in promises/editing/roles.py decides which)
and see the focus areas to attach them; coordinators keep the focus areas and the status
definitions and see every follow-up; administrators may do everything. Idempotent (adding a
permission twice changes nothing) and reversible (the grants are taken back).
"""

from django.apps import apps as global_apps
from django.db import migrations

SITE_ADMINS = "Webbplatsadministratörer"
COORDINATORS = "Samordnare"
EDITOR_GROUP_PREFIX = "Redaktörer – "

ALL = ("view", "add", "change", "delete")
EDITORS = [f"{a}_followup" for a in ALL] + ["view_focusarea"]
COORDINATOR_PERMISSIONS = [
    "view_followup",
    *(f"{a}_focusarea" for a in ALL),
    "view_statusdefinition",
    "change_statusdefinition",
]
ADMINISTRATOR_PERMISSIONS = [
    *(f"{a}_{m}" for m in ("followup", "focusarea") for a in ALL),
    "view_statusdefinition",
    "change_statusdefinition",
]


def groups_and_permissions(apps):
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("promises"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Partner = apps.get_model("promises", "Partner")
    editor_groups = Group.objects.filter(
        pk__in=Partner.objects.exclude(editor_group=None).values("editor_group")
    )
    return [
        (Group.objects.filter(name=SITE_ADMINS), ADMINISTRATOR_PERMISSIONS),
        (Group.objects.filter(name=COORDINATORS), COORDINATOR_PERMISSIONS),
        (editor_groups, EDITORS),
    ]


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="promises", codename__in=codenames)


def grant(apps, schema_editor):
    for groups, codenames in groups_and_permissions(apps):
        for group in groups:
            group.permissions.add(*permissions(apps, codenames))


def revoke(apps, schema_editor):
    for groups, codenames in groups_and_permissions(apps):
        for group in groups:
            group.permissions.remove(*permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("promises", "0007_focus_areas_and_status_definitions")]

    operations = [migrations.RunPython(grant, revoke)]
