"""Staff accounts in each role, as the tests sign them in."""

PASSWORD = "Ett-langt-losenord-2024"


def make_staff_user(role, username=None):
    """A staff member in one of the roles: "admin", "coordinator" (of Södra Fyrbodal),
    "coordinator:<area slug>" or a partner's slug."""
    from django.contrib.auth.models import Group, User

    from promises.editing import roles
    from promises.models import Area, Partner

    user = User.objects.create_user(
        username or f"{role}@example.se", password=PASSWORD, is_staff=True
    )
    if role == "admin":
        user.groups.add(Group.objects.get(name=roles.SITE_ADMINS))
    elif role == "coordinator" or role.startswith("coordinator:"):
        slug = role.partition(":")[2] or "sodra-fyrbodal"
        user.groups.add(roles.sync_coordinator_group(Area.objects.get(slug=slug)))
    else:
        user.groups.add(Partner.objects.get(slug=role).editor_group)
    return user
