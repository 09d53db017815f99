"""Coordinators per area: every area gets its coordinator group ("Samordnare – <area>",
`Area.coordinator_group`), and the members of the site-wide group "Samordnare" of before move
into Södra Fyrbodal's, the area every existing row belongs to (migration 0022), so an existing
install keeps working. The site-wide group is then removed: a coordinator is a coordinator of
an area (docs/architecture.md "Roles").

Reversible: going back puts every area coordinator into a site-wide "Samordnare" again with
that group's rights of before, and removes the area groups.
"""

from django.apps import apps as global_apps
from django.db import migrations

OLD_COORDINATORS = "Samordnare"
PREFIX = "Samordnare – "
SEED_AREA = "sodra-fyrbodal"

# Kept in step with promises/editing/roles.py COORDINATOR_PERMISSIONS.
AREA_COORDINATOR_PERMISSIONS = [
    "view_partner",
    "add_partner",
    "change_partner",
    "view_promiseperiod",
    "add_promiseperiod",
    "change_promiseperiod",
    "publish_promiseperiod",
    "view_promise",
    "view_followup",
    "view_action",
    "view_indicator",
    "view_area",
    "view_focusarea",
    "add_focusarea",
    "change_focusarea",
    "delete_focusarea",
    "view_statusdefinition",
    "change_statusdefinition",
    "view_glossaryterm",
    "add_glossaryterm",
    "change_glossaryterm",
    "delete_glossaryterm",
    "view_accessibilitystatement",
    "change_accessibilitystatement",
    "view_accessibilityreport",
    "change_accessibilityreport",
]
# Accounts for their area's partners' editors (the users admin keeps them to those).
AREA_COORDINATOR_AUTH_PERMISSIONS = ["view_user", "add_user", "change_user"]
# The site-wide group's rights before this migration (0005, 0008, 0011, 0015).
OLD_COORDINATOR_PERMISSIONS = [
    codename
    for codename in AREA_COORDINATOR_PERMISSIONS
    if codename not in ("add_partner", "change_partner", "add_promiseperiod", "view_area")
]


def permissions(apps, codenames, app_label="promises"):
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


SITE_ADMINS = "Webbplatsadministratörer"
SITE_ADMIN_PERMISSIONS = [f"{action}_area" for action in ("view", "add", "change", "delete")]


def give_areas_coordinator_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Area = apps.get_model("promises", "Area")
    Membership = apps.get_model("auth", "User").groups.through
    granted = list(permissions(apps, AREA_COORDINATOR_PERMISSIONS))
    granted += permissions(apps, AREA_COORDINATOR_AUTH_PERMISSIONS, "auth")
    for site_admins in Group.objects.filter(name=SITE_ADMINS):
        site_admins.permissions.add(*permissions(apps, SITE_ADMIN_PERMISSIONS))
    for area in Area.objects.filter(coordinator_group__isnull=True):
        group, _created = Group.objects.get_or_create(name=(PREFIX + area.name)[:150])
        group.permissions.add(*granted)
        area.coordinator_group = group
        area.save(update_fields=["coordinator_group"])
    old = Group.objects.filter(name=OLD_COORDINATORS).first()
    if old is None:
        return
    seed = Area.objects.filter(slug=SEED_AREA).first()
    if seed is not None:
        members = Membership.objects.filter(group_id=old.pk).values_list("user_id", flat=True)
        for user_id in members:
            Membership.objects.get_or_create(user_id=user_id, group_id=seed.coordinator_group_id)
    Group.permissions.through.objects.filter(group_id=old.pk).delete()
    Membership.objects.filter(group_id=old.pk).delete()
    Group.objects.filter(pk=old.pk)._raw_delete(schema_editor.connection.alias)


def back_to_one_coordinator_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for site_admins in Group.objects.filter(name=SITE_ADMINS):
        site_admins.permissions.remove(*permissions(apps, SITE_ADMIN_PERMISSIONS))
    Area = apps.get_model("promises", "Area")
    Membership = apps.get_model("auth", "User").groups.through
    old, _created = Group.objects.get_or_create(name=OLD_COORDINATORS)
    old.permissions.add(*permissions(apps, OLD_COORDINATOR_PERMISSIONS))
    group_ids = list(
        Area.objects.exclude(coordinator_group=None).values_list("coordinator_group", flat=True)
    )
    users = set(Membership.objects.filter(group_id__in=group_ids).values_list("user_id", flat=True))
    for user_id in users:
        Membership.objects.get_or_create(user_id=user_id, group_id=old.pk)
    Area.objects.update(coordinator_group=None)
    Group.permissions.through.objects.filter(group_id__in=group_ids).delete()
    Membership.objects.filter(group_id__in=group_ids).delete()
    Group.objects.filter(pk__in=group_ids)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("promises", "0023_subscription_area")]

    operations = [
        migrations.RunPython(give_areas_coordinator_groups, back_to_one_coordinator_group)
    ]
