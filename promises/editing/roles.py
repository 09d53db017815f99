"""Who may do what: the editor roles and the one place that decides an editor's scope.

Three kinds of staff share the admin (docs/architecture.md "Roles"):

- site administrators (group "Webbplatsadministratörer", and superusers): everything;
- coordinators (group "Samordnare"): the period's shared texts, publishing, previews;
- a partner's editors (group "Redaktörer – <partner>", one per partner, linked by
  `Partner.editor_group`): that partner's details and the promises it gives.

Model permissions (granted to the groups by migration 0005) say what kind of change a role may
make; the *scope* below says which rows. A model joins the scheme by naming the path from it to
the partners that own it, e.g. `register_scope(FollowUp, "promise__givers")`, and using
`ScopedAdminMixin` in its admin.
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from promises.models import (
    Action,
    ActionNote,
    FollowUp,
    Indicator,
    IndicatorValue,
    Partner,
    Promise,
)

SITE_ADMINS = "Webbplatsadministratörer"
COORDINATORS = "Samordnare"
EDITOR_GROUP_PREFIX = "Redaktörer – "

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


def _group_names(user) -> frozenset:
    if not hasattr(user, "_role_group_names"):
        names = user.groups.values_list("name", flat=True) if user.is_authenticated else []
        user._role_group_names = frozenset(names)
    return user._role_group_names


def is_site_admin(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or SITE_ADMINS in _group_names(user)


def is_coordinator(user) -> bool:
    return user.is_active and user.is_staff and COORDINATORS in _group_names(user)


def sees_all_content(user) -> bool:
    """Administrators and coordinators see every partner's rows; editors see their own."""
    return is_site_admin(user) or is_coordinator(user)


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


def editable(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may change."""
    if is_site_admin(user):
        return queryset
    scope = _SCOPES.get(queryset.model)
    if scope is None:
        return queryset.none()
    own = partner_ids_of(user)
    matching = queryset.model._default_manager.filter(**{f"{scope.partner_path}__in": own})
    for path in scope.also:
        matching = matching.filter(
            pk__in=queryset.model._default_manager.filter(**{f"{path}__in": own}).values("pk")
        )
    return queryset.filter(pk__in=matching.values("pk"))


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may look at in the admin."""
    return queryset if sees_all_content(user) else editable(user, queryset)


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


def sync_editor_group(partner):
    """Create or rename the partner's editor group and give it the editors' permissions."""
    from django.contrib.auth.models import Group, Permission

    name = editor_group_name(partner.name)
    group = partner.editor_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=name)
        type(partner).objects.filter(pk=partner.pk).update(editor_group=group)
        partner.editor_group = group
        codenames = [perm.split(".", 1)[1] for perm in EDITOR_PERMISSIONS]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="promises", codename__in=codenames)
        )
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


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
