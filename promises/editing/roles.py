"""Who may do what: the editor roles and the one place that decides an editor's scope.

Three kinds of staff share the admin (docs/architecture.md "Roles"):

- site administrators (group "Webbplatsadministratörer", and superusers): everything;
- an area's coordinators (group "Samordnare – <area>", one per area, linked by
  `Area.coordinator_group`): that area's periods and partners, publishing, previews; they see
  everything else of their area, and nothing of another area's;
- a partner's editors (group "Redaktörer – <partner>", one per partner, linked by
  `Partner.editor_group`): that partner's details and the promises it gives.

Model permissions (granted to the groups by migrations 0005 and 0023) say what kind of change a
role may make; the *scope* below says which rows. A model joins the scheme by naming the path
from it to the partners that own it, e.g. `register_scope(FollowUp, "promise__givers")`, and
the path to its area, e.g. `register_area_path(FollowUp, "promise__period__area")`, and using
`ScopedAdminMixin` in its admin.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Model, QuerySet

from promises.models import (
    Action,
    ActionNote,
    Area,
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
    PromisePeriod,
)

SITE_ADMINS = "Webbplatsadministratörer"
COORDINATOR_GROUP_PREFIX = "Samordnare – "
EDITOR_GROUP_PREFIX = "Redaktörer – "

# What an area's coordinator group may do, kept in step with
# migrations/0024_area_coordinator_groups.py: the site-wide coordinators' rights of before
# (the period's texts, publishing, the shared words) and now creating and changing the area's
# partners and periods. Which rows is the area scope below.
COORDINATOR_PERMISSIONS = (
    "promises.view_partner",
    "promises.add_partner",
    "promises.change_partner",
    "promises.view_promiseperiod",
    "promises.add_promiseperiod",
    "promises.change_promiseperiod",
    "promises.publish_promiseperiod",
    "promises.view_promise",
    "promises.view_followup",
    "promises.view_action",
    "promises.view_indicator",
    "promises.view_area",
    "promises.view_focusarea",
    "promises.add_focusarea",
    "promises.change_focusarea",
    "promises.delete_focusarea",
    "promises.view_statusdefinition",
    "promises.change_statusdefinition",
    "promises.view_glossaryterm",
    "promises.add_glossaryterm",
    "promises.change_glossaryterm",
    "promises.delete_glossaryterm",
    "promises.view_accessibilitystatement",
    "promises.change_accessibilitystatement",
    "promises.view_accessibilityreport",
    "promises.change_accessibilityreport",
    # Accounts for their area's partners' editors, nobody else's (`accounts_in_reach`).
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
)

# Kept in step with migrations/0005_editor_groups.py and 0008_follow_up_permissions.py, which
# grant them to existing groups.
EDITOR_PERMISSIONS = (
    "promises.view_partner",
    "promises.change_partner",
    "promises.view_promiseperiod",
    "promises.change_promiseperiod",
    "promises.view_promise",
    "promises.add_promise",
    "promises.change_promise",
    "promises.delete_promise",
    "promises.view_followup",
    "promises.add_followup",
    "promises.change_followup",
    "promises.delete_followup",
    "promises.view_focusarea",
    # Kept in step with migrations/0015_actions_and_indicators.py.
    "promises.view_action",
    "promises.add_action",
    "promises.change_action",
    "promises.delete_action",
    "promises.view_indicator",
    "promises.add_indicator",
    "promises.change_indicator",
    "promises.delete_indicator",
)


def editor_group_name(partner_name: str) -> str:
    # Group names are at most 150 characters.
    return (EDITOR_GROUP_PREFIX + partner_name)[:150]


def coordinator_group_name(area_name: str) -> str:
    return (COORDINATOR_GROUP_PREFIX + area_name)[:150]


def _group_names(user) -> frozenset:
    if not hasattr(user, "_role_group_names"):
        names = user.groups.values_list("name", flat=True) if user.is_authenticated else []
        user._role_group_names = frozenset(names)
    return user._role_group_names


def is_site_admin(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or SITE_ADMINS in _group_names(user)


def areas_of(user) -> QuerySet:
    """The areas whose coordinator group the user is in."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Area.objects.none()
    return Area.objects.filter(coordinator_group__user=user)


def area_ids_of(user) -> frozenset:
    if not hasattr(user, "_role_area_ids"):
        user._role_area_ids = frozenset(areas_of(user).values_list("pk", flat=True))
    return user._role_area_ids


def is_coordinator(user) -> bool:
    """A coordinator of at least one area."""
    return bool(area_ids_of(user))


def sees_all_content(user) -> bool:
    """Administrators and coordinators see every partner's rows (a coordinator those of their
    own areas: `visible`); editors see their own."""
    return is_site_admin(user) or is_coordinator(user)


def choosable_areas(user) -> QuerySet:
    """The areas a user may put a new partner or period in, or move one to: site
    administrators any, a coordinator their own, an editor none (the area is read-only)."""
    if is_site_admin(user):
        return Area.objects.all()
    return areas_of(user)


def reachable_area_ids(user) -> frozenset:
    """The areas whose periods the user may open: a coordinator's own, and an editor's
    partners' areas (they open the period to change their promises)."""
    if not hasattr(user, "_role_reachable_area_ids"):
        partner_areas = partners_of(user).values_list("area_id", flat=True)
        user._role_reachable_area_ids = area_ids_of(user) | frozenset(partner_areas)
    return user._role_reachable_area_ids


def editor_groups_in_reach(user) -> QuerySet:
    """The groups a coordinator may put accounts in: their areas' partners' editor groups."""
    from django.contrib.auth.models import Group

    return Group.objects.filter(partner__area__in=area_ids_of(user))


def accounts_in_reach(user, queryset: QuerySet) -> QuerySet:
    """The accounts a user may look after: every one for site administrators (superusers are
    guarded in the admin), for a coordinator those whose every group is an editor group of
    their areas' partners and that are in at least one (so never another coordinator, a site
    administrator or another area's editor), none for anyone else."""
    from django.contrib.auth.models import Group

    if is_site_admin(user):
        return queryset
    if not is_coordinator(user):
        return queryset.none()
    reachable = editor_groups_in_reach(user)
    others = Group.objects.exclude(pk__in=reachable.values("pk"))
    return queryset.filter(
        pk__in=queryset.model._default_manager.filter(
            is_superuser=False, groups__in=reachable
        ).values("pk")
    ).exclude(
        pk__in=queryset.model._default_manager.filter(
            models.Q(groups__in=others) | models.Q(user_permissions__isnull=False)
        ).values("pk")
    )


def visible_periods(user, queryset: QuerySet | None = None) -> QuerySet:
    """The periods the user may open in the admin, pick for an import or preview: site
    administrators all, everyone else those of the areas they reach (`reachable_area_ids`)."""
    periods = PromisePeriod.objects.all() if queryset is None else queryset
    if is_site_admin(user):
        return periods
    return periods.filter(area_id__in=reachable_area_ids(user))


def partners_of(user) -> QuerySet:
    """The partners whose editor group the user is in."""
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(editor_group__user=user)


def reporting_partners(user) -> QuerySet:
    """The partners the user may report a follow-up for: site administrators any giver,
    everyone else only the partners they edit for."""
    if is_site_admin(user):
        return Partner.objects.all()
    return partners_of(user)


def reporter_change_allowed(user, before, after) -> bool:
    """May the user change a follow-up's reporter (partner ids, None for none) from `before`
    to `after`? Only between partners they may report for, so an editor can neither take
    another partner's report nor hand theirs to another partner, by form or by restore.
    Only site administrators may empty it: a report without a reporter belongs to no partner,
    and the public page would say it predates reporters."""
    if before == after:
        return True
    if is_site_admin(user):
        return True
    allowed = set(reporting_partners(user).values_list("pk", flat=True))
    return (before is None or before in allowed) and after is not None and after in allowed


def partner_ids_of(user) -> frozenset:
    if not hasattr(user, "_role_partner_ids"):
        user._role_partner_ids = frozenset(partners_of(user).values_list("pk", flat=True))
    return user._role_partner_ids


@dataclass(frozen=True)
class Scope:
    """How a model's rows belong to partners."""

    partner_path: str
    # Deleting a row that several partners share would remove another partner's words,
    # so by default only someone who edits for every owner may delete it.
    delete_needs_every_owner: bool = True
    # Further paths the row must also reach one of the user's partners by (all must hold):
    # an action belongs to its responsible partner but only within a promise that partner gives.
    also: tuple = ()


_SCOPES: dict[type[Model], Scope] = {}


def register_scope(model, partner_path, *, delete_needs_every_owner=True, also=()):
    _SCOPES[model] = Scope(partner_path, delete_needs_every_owner, tuple(also))


_AREA_PATHS: dict[type[Model], str] = {}
# Models an area's coordinators change (within their areas, with the model permission).
_COORDINATED: set[type[Model]] = set()


def register_area_path(model, path, *, coordinated=False):
    """How a model's rows belong to an area, e.g. "promise__period__area" for a follow-up.
    `coordinated`: the area's coordinators change its rows (partners, periods)."""
    _AREA_PATHS[model] = path
    if coordinated:
        _COORDINATED.add(model)


def area_path(model) -> str | None:
    return _AREA_PATHS.get(model)


def in_areas(queryset: QuerySet, area_ids) -> QuerySet:
    """The rows of `queryset` in the given areas (none for a model without an area)."""
    path = _AREA_PATHS.get(queryset.model)
    if path is None:
        return queryset.none()
    return queryset.filter(**{f"{path}__in": area_ids})


def area_ids_of_row(obj) -> set:
    """The area a row belongs to now, read from the database (empty for rows of no area)."""
    path = _AREA_PATHS.get(type(obj))
    if path is None or obj.pk is None:
        return set()
    rows = type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True)
    return {pk for pk in rows if pk is not None}


def coordinated(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` in the user's areas as a coordinator (none for anyone else)."""
    areas = area_ids_of(user)
    if not areas:
        return queryset.none()
    return in_areas(queryset, areas)


def editable(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may change."""
    if is_site_admin(user):
        return queryset
    if queryset.model in _COORDINATED and is_coordinator(user):
        by_area = coordinated(user, queryset)
    else:
        by_area = queryset.none()
    scope = _SCOPES.get(queryset.model)
    if scope is None:
        return by_area
    own = partner_ids_of(user)
    matching = queryset.model._default_manager.filter(**{f"{scope.partner_path}__in": own})
    for path in scope.also:
        matching = matching.filter(
            pk__in=queryset.model._default_manager.filter(**{f"{path}__in": own}).values("pk")
        )
    by_partner = queryset.filter(pk__in=matching.values("pk"))
    return by_partner | by_area if is_coordinator(user) else by_partner


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may look at in the admin: site administrators all, a
    coordinator every row of their areas (and what they edit for a partner), an editor what
    they may change."""
    if is_site_admin(user):
        return queryset
    if is_coordinator(user):
        if queryset.model not in _AREA_PATHS:
            return queryset
        return coordinated(user, queryset) | editable(user, queryset)
    return editable(user, queryset)


def may_edit(user, obj) -> bool:
    if is_site_admin(user):
        return True
    return editable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def owner_ids(obj) -> set:
    """The partners owning `obj` through its scope path."""
    scope = _SCOPES[type(obj)]
    reverse = Partner.objects.filter(
        pk__in=type(obj)._default_manager.filter(pk=obj.pk).values(scope.partner_path)
    )
    return set(reverse.values_list("pk", flat=True))


def owners_would_change_allowed(user, model, before: set, after: set) -> bool:
    """Whether a row of `model` may go from belonging to partners `before` to `after`.

    A partner that loses the row loses its words: only its editors may take it away, or one
    giver could move a joint follow-up to a promise only they give and then delete it as their
    own. For a row owned directly (a promise's givers) gaining a partner also needs that
    partner's editor; a row owned through another (a follow-up through its promise) may join
    any owner the user edits, which is checked on that owner."""
    if is_site_admin(user):
        return True
    own = partner_ids_of(user)
    lost, gained = set(before) - set(after), set(after) - set(before)
    if owner_field(model) is not None:
        return lost <= own
    return (lost | gained) <= own


# Fields that place a row among every owner's rows (a promise's period, its place in the
# period's order, the focus areas residents filter it by). Changing one changes the row for
# every owner, so on a row several partners share only someone who acts for all of them may.
_SHARED_FIELDS: dict[type[Model], tuple] = {}


def register_shared_fields(model, fields):
    _SHARED_FIELDS[model] = tuple(fields)


def shared_fields(model) -> tuple:
    return _SHARED_FIELDS.get(model, ())


def acts_for_every(user, partner_ids) -> bool:
    """Whether the user may act for every one of these partners: site administrators always,
    an editor when each partner is one they edit for. Coordinators act for no partner's rows
    (they change the period's shared texts, which no partner owns)."""
    if is_site_admin(user):
        return True
    return set(partner_ids) <= partner_ids_of(user)


def shared_change_allowed(user, model, owners, changed) -> bool:
    """May the user change the fields `changed` of a row of `model` owned by `owners`?"""
    if not set(changed) & set(shared_fields(model)):
        return True
    return acts_for_every(user, owners)


def scope_of(model) -> Scope | None:
    return _SCOPES.get(model)


def owner_field(model) -> str | None:
    """The foreign key a model's rows belong to partners through ("promise" for follow-ups),
    or None when the path starts elsewhere (a partner itself, a promise's givers)."""
    scope = _SCOPES.get(model)
    if scope is None or "__" not in scope.partner_path:
        return None
    return scope.partner_path.split("__", 1)[0]


def owner_ids_via(model, target) -> set:
    """The partners a row of `model` would belong to if its owner field pointed at `target`."""
    if target is None or target.pk is None:
        return set()
    rest = _SCOPES[model].partner_path.split("__", 1)[1]
    values = type(target)._default_manager.filter(pk=target.pk).values_list(rest, flat=True)
    return {pk for pk in values if pk is not None}


def may_delete(user, obj) -> bool:
    if is_site_admin(user):
        return True
    if not may_edit(user, obj):
        return False
    if _SCOPES[type(obj)].delete_needs_every_owner:
        return owner_ids(obj) <= partner_ids_of(user)
    return True


def _sync_group(obj, field, name, permissions):
    """Create or rename the group in `obj`'s `field`, giving a new one `permissions`."""
    from django.contrib.auth.models import Group, Permission

    group = getattr(obj, field)
    if group is None:
        group, _created = Group.objects.get_or_create(name=name)
        type(obj).objects.filter(pk=obj.pk).update(**{field: group})
        setattr(obj, field, group)
        for app_label in {perm.split(".", 1)[0] for perm in permissions}:
            codenames = [
                perm.split(".", 1)[1] for perm in permissions if perm.startswith(app_label)
            ]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


def sync_editor_group(partner):
    """Create or rename the partner's editor group and give it the editors' permissions."""
    return _sync_group(partner, "editor_group", editor_group_name(partner.name), EDITOR_PERMISSIONS)


def sync_coordinator_group(area):
    """Create or rename the area's coordinator group and give it the coordinators'
    permissions."""
    return _sync_group(
        area, "coordinator_group", coordinator_group_name(area.name), COORDINATOR_PERMISSIONS
    )


# The app's scopes, registered here rather than by the models, so that the models need not
# know about roles (docs/architecture.md "The layers"); apps.ready() imports this module.
register_scope(Partner, "pk", delete_needs_every_owner=True)
# A joint promise belongs to each of its givers: any of their editors may change its text.
register_scope(Promise, "givers")
# Where it stands is every giver's: moving a joint promise to another period would take it,
# with the other givers' reports, off their published page and renumber the period.
register_shared_fields(Promise, ("period", "order", "focus_areas"))
# A follow-up is the report of the partner that made it, on a promise that partner gives: on a
# joint promise Tjörn's editors cannot change, restore or delete Orust's report (each giver's
# status is its own). One without a reporter (from before reporters were recorded) is nobody's:
# only site administrators can give it one.
register_scope(FollowUp, "reported_by", also=("promise__givers",))
# An action is its responsible partner's, and only inside a promise that partner gives: the
# police's editors cannot write Tjörn's actions into a joint promise, nor Tjörn's into the
# police's promises.
register_scope(Action, "responsible", also=("promise__givers",))
# Indicators measure a promise: its givers' editors keep them.
register_scope(Indicator, "promise__givers")
# Notes and values are parts of their action or indicator (edited through its inline).
register_scope(ActionNote, "action__responsible", also=("action__promise__givers",))
register_scope(IndicatorValue, "indicator__promise__givers")

# Every row of an area's content belongs to the area through its period (a partner and a
# period directly): a coordinator sees these rows of their own areas only, and changes the
# partners and periods among them (docs/architecture.md "Roles").
register_area_path(Partner, "area", coordinated=True)
register_area_path(PromisePeriod, "area", coordinated=True)
register_area_path(Promise, "period__area")
register_area_path(FollowUp, "promise__period__area")
for _part in (FollowUpFigure, FollowUpLink, FollowUpDocument):
    register_area_path(_part, "follow_up__promise__period__area")
register_area_path(Action, "promise__period__area")
register_area_path(ActionNote, "action__promise__period__area")
register_area_path(Indicator, "promise__period__area")
register_area_path(IndicatorValue, "indicator__promise__period__area")
register_area_path(Area, "pk")
