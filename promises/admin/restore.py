"""What a restore from the history would write and delete, and whether the user may do that.

django-reversion puts back a whole revision (a period's revision holds its promises, a
follow-up's its figures, links and documents) and, with `delete=True`, deletes what was added to
it since. A restore is therefore a bundle of changes to several objects, possibly of other
models than the page it was started from. It is allowed only when the user could make every one
of those changes directly in the admin:

- every object written may be changed by the user as it is now and as it would be after the
  restore (or added, when the restore brings it back);
- every field that changes is one the user may edit in that object's own form, so a restore
  never publishes, unpublishes or renames what the user could only read;
- an object that moves between partners moves only between partners the user edits for;
- every object deleted (and everything that deletion takes with it) may be deleted by the user.

Site administrators may do all of this directly, so they are not checked field by field.
"""

from dataclasses import dataclass, field
from itertools import chain

from django.contrib.admin.utils import flatten, get_deleted_objects
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import _get_foreign_key
from reversion.revisions import _follow_relations_recursive, _get_options

from promises.editing import roles


@dataclass
class Written:
    model: type
    object_id: str
    before: models.Model | None
    before_values: dict = field(default_factory=dict)
    before_owners: set = field(default_factory=set)
    before_areas: set = field(default_factory=set)


def _load(model, object_id, using):
    id_field = _get_options(model).object_id_field
    try:
        return model._default_manager.using(using).get(**{id_field: object_id})
    except (model.DoesNotExist, ValueError):
        return None


def _values(obj) -> dict:
    """The stored values a form could change: concrete fields and many-to-many sets."""
    values = {f.name: f.value_from_object(obj) for f in obj._meta.concrete_fields if f.editable}
    for m2m in obj._meta.many_to_many:
        values[m2m.name] = sorted(related.pk for related in m2m.value_from_object(obj))
    return values


def _owners(obj) -> set:
    return roles.owner_ids(obj) if roles.scope_of(type(obj)) else set()


class RestoreGuard:
    """Checks one restore for one request: `before()` ahead of the revert, `after()` once done
    (inside the same transaction, so a refusal rolls the restore back)."""

    def __init__(self, model_admin, request, version, whole_revision):
        self.admin_site = model_admin.admin_site
        self.request = request
        self.user = request.user
        self.version = version
        self.versions = list(version.revision.version_set.all()) if whole_revision else [version]
        self.whole_revision = whole_revision
        self.written: list[Written] = []

    # The admin that decides about a model: its own, or the admin whose form holds it inline.

    def _admin_for(self, model):
        model_admin = self.admin_site._registry.get(model)
        if model_admin is not None:
            return model_admin, None
        for parent_admin in self.admin_site._registry.values():
            for inline in parent_admin.inlines:
                if inline.model is model:
                    fk = _get_foreign_key(parent_admin.model, model, fk_name=inline.fk_name)
                    return parent_admin, fk
        return None, None

    def _may_write(self, model, obj, adding=False):
        model_admin, parent_fk = self._admin_for(model)
        if model_admin is None:
            return False
        if parent_fk is not None:
            # A figure, link or document is part of its follow-up: the follow-up decides.
            parent = getattr(obj, parent_fk.name, None) if obj is not None else None
            return parent is not None and model_admin.has_change_permission(self.request, parent)
        if obj is None:
            return adding and model_admin.has_add_permission(self.request)
        return model_admin.has_change_permission(self.request, obj)

    def _editable_fields(self, model, obj):
        model_admin, parent_fk = self._admin_for(model)
        if parent_fk is not None:
            return None  # every field of a part is editable by whoever edits its follow-up
        # `fields` may group fields on one line, as ("starts_on", "ends_on"): flatten them, or
        # no grouped field would count as editable and every restore touching one be refused.
        fields = set(flatten(model_admin.get_fields(self.request, obj)))
        return fields - set(flatten(model_admin.get_readonly_fields(self.request, obj)))

    def _refuse(self):
        raise PermissionDenied

    def before(self):
        if roles.is_site_admin(self.user):
            return
        for version in self.versions:
            model = version._model
            if model is None:
                self._refuse()
            obj = _load(model, version.object_id, version.db)
            part_of_another = self._admin_for(model)[1] is not None
            # A part that the restore brings back is checked through its follow-up afterwards.
            if not (obj is None and part_of_another) and not self._may_write(
                model, obj, adding=True
            ):
                self._refuse()
            self.written.append(
                Written(
                    model=model,
                    object_id=version.object_id,
                    before=obj,
                    before_values=_values(obj) if obj is not None else {},
                    before_owners=_owners(obj) if obj is not None else set(),
                    before_areas=roles.area_ids_of_row(obj) if obj is not None else set(),
                )
            )
        self._check_deletions()

    def _check_deletions(self):
        """What `Revision.revert(delete=True)` would delete: objects that belong to the
        revision's objects now (through reversion's `follow`) but had no version in it."""
        if not self.whole_revision:
            return
        in_revision = {w.before for w in self.written if w.before is not None}
        now_following = set(
            chain.from_iterable(_follow_relations_recursive(obj) for obj in in_revision)
        )
        added_since = [obj for obj in now_following if obj not in in_revision]
        if not added_since:
            return
        _deleted, _counts, perms_needed, protected = get_deleted_objects(
            added_since, self.request, self.admin_site
        )
        for obj in added_since:
            model_admin, parent_fk = self._admin_for(type(obj))
            if model_admin is None:
                self._refuse()
            if parent_fk is None and not model_admin.has_delete_permission(self.request, obj):
                self._refuse()
            if parent_fk is not None and not self._may_write(type(obj), obj):
                self._refuse()
        if perms_needed or protected:
            self._refuse()

    def after(self):
        if roles.is_site_admin(self.user):
            return
        for written in self.written:
            obj = _load(written.model, written.object_id, self.version.db)
            if obj is None:
                continue  # not brought back: nothing written
            if not self._may_write(written.model, obj):
                self._refuse()
            if written.before is None:
                continue  # brought back as it was: allowed by the add permission above
            changed = {
                name
                for name, value in _values(obj).items()
                if written.before_values.get(name) != value
            }
            editable = self._editable_fields(written.model, written.before)
            if editable is not None and not changed <= editable:
                self._refuse()
            if not roles.owners_would_change_allowed(
                self.user, written.model, written.before_owners, _owners(obj)
            ):
                self._refuse()
            # Nor move a row to another area (a promise to another area's period), which only
            # site administrators do.
            if roles.area_ids_of_row(obj) != written.before_areas:
                self._refuse()
            # A joint promise's period, order and focus areas are every giver's: a restore may
            # not move it for someone who edits for only one of them.
            if not roles.shared_change_allowed(
                self.user, written.model, written.before_owners, changed
            ):
                self._refuse()
            # Who reported a follow-up is the editor's own field, but only between partners
            # they may report for: a restore may not hand a report to another partner.
            if "reported_by" in changed and not roles.reporter_change_allowed(
                self.user, written.before_values["reported_by"], _values(obj)["reported_by"]
            ):
                self._refuse()
