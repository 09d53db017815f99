"""Create the editor roles as groups with Swedish names (docs/architecture.md "Roles").

Idempotent: groups and permissions are added when missing, never duplicated. Reversible:
going back removes the groups this migration creates and the partners' links to them.
"""

from django.apps import apps as global_apps
from django.db import migrations

SITE_ADMINS = "Webbplatsadministratörer"
COORDINATORS = "Samordnare"
EDITOR_GROUP_PREFIX = "Redaktörer – "

EDITORS = {
    "promises": [
        "view_partner",
        "change_partner",
        "view_promiseperiod",
        "change_promiseperiod",
        "view_promise",
        "add_promise",
        "change_promise",
        "delete_promise",
    ],
}
COORDINATOR_PERMISSIONS = {
    "promises": [
        "view_partner",
        "view_promiseperiod",
        "change_promiseperiod",
        "publish_promiseperiod",
        "view_promise",
    ],
}
ADMINISTRATOR_PERMISSIONS = {
    "promises": [
        f"{action}_{model}"
        for model in ("partner", "promiseperiod", "promise")
        for action in ("view", "add", "change", "delete")
    ]
    + ["publish_promiseperiod"],
    "auth": [
        f"{action}_{model}"
        for model in ("user", "group")
        for action in ("view", "add", "change", "delete")
    ],
    "axes": [
        "view_accessattempt",
        "delete_accessattempt",
        "view_accesslog",
        "view_accessfailurelog",
    ],
    "otp_totp": ["view_totpdevice", "delete_totpdevice"],
}


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; these groups need them now."""
    from django.contrib.auth.management import create_permissions

    for label in ("auth", "promises", "axes", "otp_totp"):
        app_config = global_apps.get_app_config(label)
        create_permissions(app_config, verbosity=0, apps=apps)


def grant(apps, group, permissions):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in permissions.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Partner = apps.get_model("promises", "Partner")
    ensure_permissions(apps)
    grant(apps, Group.objects.get_or_create(name=SITE_ADMINS)[0], ADMINISTRATOR_PERMISSIONS)
    grant(apps, Group.objects.get_or_create(name=COORDINATORS)[0], COORDINATOR_PERMISSIONS)
    for partner in Partner.objects.filter(editor_group__isnull=True):
        group, _created = Group.objects.get_or_create(
            name=(EDITOR_GROUP_PREFIX + partner.name)[:150]
        )
        grant(apps, group, EDITORS)
        partner.editor_group = group
        partner.save(update_fields=["editor_group"])


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Partner = apps.get_model("promises", "Partner")
    names = [SITE_ADMINS, COORDINATORS]
    names += [(EDITOR_GROUP_PREFIX + p.name)[:150] for p in Partner.objects.all()]
    Partner.objects.update(editor_group=None)
    groups = Group.objects.filter(name__in=names)
    group_ids = list(groups.values_list("pk", flat=True))
    # Remove the links first and then the rows directly: a cascading delete would walk
    # relations of models that this historical state renders differently.
    Group.permissions.through.objects.filter(group_id__in=group_ids).delete()
    apps.get_model("auth", "User").groups.through.objects.filter(group_id__in=group_ids).delete()
    groups._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0004_editor_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
