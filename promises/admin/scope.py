"""Admin pieces that keep each editor inside their partner's scope (promises/editing/roles.py).

Everything is checked on the server: the querysets (a crafted URL for another partner's row
answers 404), the object permissions (a POST answers 403) and the forms (an editor cannot hand
a promise to, or take it from, another partner).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.editing import roles
from promises.editing.concurrency import ConcurrencyInlineFormSet


class ScopedAdminMixin:
    """For a ModelAdmin whose model is registered with `roles.register_scope`."""

    def get_queryset(self, request):
        return roles.visible(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django's admin would redirect with a message; a row outside one's scope is
            # simply not there.
            raise Http404
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return roles.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return roles.may_delete(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.scope_user = request.user
        return form


class GiversInScopeFormMixin(forms.ModelForm):
    """An editor may add or remove only their own partners as givers, and must keep one."""

    scope_user = None

    def clean_givers(self):
        givers = self.cleaned_data["givers"]
        user = self.scope_user
        if user is None or roles.is_site_admin(user):
            return givers
        own = roles.partner_ids_of(user)
        before = (
            set(self.instance.givers.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        chosen = {giver.pk for giver in givers}
        if chosen - own != before - own:
            raise forms.ValidationError(
                _(
                    "You can only add or remove your own organisation as a giver. Ask that "
                    "partner's editors to change their part."
                ),
                code="other_partner",
            )
        if not chosen & own:
            raise forms.ValidationError(
                _("A promise you edit must be given by your own organisation."),
                code="not_own",
            )
        return givers


class OwnerInScopeFormMixin(forms.ModelForm):
    """Moving a row to another owner (a follow-up to another promise) needs the right on the
    partners it leaves as well as on those it joins.

    The stored row is read again from the database: checking only the new owner would let an
    editor move a joint follow-up to a promise only they give, and then delete it as their own.
    """

    scope_user = None

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        field = roles.owner_field(model)
        user = self.scope_user
        if user is None or field is None or field not in self.fields or self.instance.pk is None:
            return cleaned_data
        stored = model._default_manager.filter(pk=self.instance.pk).first()
        target = cleaned_data.get(field)
        if stored is None or target is None:
            return cleaned_data
        before = roles.owner_ids(stored)
        after = roles.owner_ids_via(model, target)
        if not roles.owners_would_change_allowed(user, model, before, after):
            self.add_error(
                field,
                forms.ValidationError(
                    _(
                        "Moving it would take it from, or give it to, a partner you do not "
                        "edit for. Ask that partner's editors, or choose a promise given by "
                        "the same partners."
                    ),
                    code="other_partner",
                ),
            )
        return cleaned_data


def stored_value(obj, name):
    """A field's stored value as a form compares it: a key, or the set of keys of a
    many-to-many field."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return {related.pk for related in getattr(obj, name).all()}
    return field.value_from_object(obj)


def cleaned_value(model, name, value):
    field = model._meta.get_field(name)
    if field.many_to_many:
        return {related.pk for related in (value or ())}
    if field.is_relation:
        return value.pk if value is not None else None
    return value


class SharedFieldsFormMixin(forms.ModelForm):
    """A row several partners share (a joint promise) keeps its place (period, order, focus
    areas: `roles.register_shared_fields`) unless the user acts for every one of them.

    The stored row is read again from the database, as for owners, so a re-posted form with
    another period's id is refused with a message and nothing is saved."""

    scope_user = None

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        user = self.scope_user
        if user is None or self.instance.pk is None or roles.scope_of(model) is None:
            return cleaned_data
        stored = model._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            return cleaned_data
        changed = [
            name
            for name in roles.shared_fields(model)
            if name in self.fields
            and name in cleaned_data
            and cleaned_value(model, name, cleaned_data[name]) != stored_value(stored, name)
        ]
        if roles.shared_change_allowed(user, model, roles.owner_ids(stored), changed):
            return cleaned_data
        for name in changed:
            self.add_error(
                name,
                forms.ValidationError(
                    _(
                        "This is shared with other partners, so only a site administrator or "
                        "someone who edits for all of them can change it. Ask a site "
                        "administrator."
                    ),
                    code="shared",
                ),
            )
        return cleaned_data


class ScopedInlineFormSet(ConcurrencyInlineFormSet):
    """The promise inline: rows outside the editor's scope cannot be posted back."""

    scope_user = None

    def _existing_object(self, pk):
        obj = super()._existing_object(pk)
        exists = str(pk).isdigit() and self.model._default_manager.filter(pk=int(pk)).exists()
        if obj is None and exists:
            # It exists, but not for this editor: a crafted request.
            raise PermissionDenied
        return obj

    def clean(self):
        super().clean()
        user = self.scope_user
        if user is None:
            return
        for form in self.deleted_forms:
            if form.instance.pk and not roles.may_delete(user, form.instance):
                raise forms.ValidationError(
                    gettext(
                        "“%(promise)s” is also given by another partner, so you cannot delete "
                        "it. Remove your organisation from its givers instead."
                    )
                    % {"promise": form.instance}
                )


class AreaFieldMixin:
    """For the admins of rows that belong to an area directly (partners, periods): site
    administrators put them in any area, a coordinator in one of their own (fixed when they
    have one), and for everyone else the area is read-only, so a partner's editors cannot
    move their partner or a period to another area. A posted id outside the choices is
    "Välj ett giltigt alternativ" and nothing is saved."""

    def area_is_choosable(self, request, obj=None) -> bool:
        areas = roles.choosable_areas(request.user)
        if obj is not None and obj.pk is not None and obj.area_id is not None:
            # A coordinator who also edits for a partner of another area keeps its area.
            return areas.filter(pk=obj.area_id).exists()
        return areas.exists()

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.area_is_choosable(request, obj) or "area" in readonly:
            return readonly
        return (*readonly, "area")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "area":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The field's default (the only area) would otherwise drop the empty choice and add
        # Django's hidden "initial-area" input with the help text's aria-describedby: a
        # required select whose first option is a real one, and an aria attribute on a hidden
        # input, are both invalid HTML. The only area is still chosen beforehand.
        kwargs["show_hidden_initial"] = False
        if not roles.is_site_admin(request.user):
            areas = roles.choosable_areas(request.user)
            kwargs["queryset"] = areas
            only = list(areas.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                kwargs["initial"] = only[0]
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Set after the field is made: a required field with an initial value drops it.
        field.empty_label = BLANK_CHOICE_DASH[0][1]
        return field


def partners_in_reach(user):
    """The partners a user may name as a period's partners: any for site administrators, a
    coordinator's areas' partners for a coordinator."""
    from promises.models import Partner

    if roles.is_site_admin(user):
        return Partner.objects.all()
    return Partner.objects.filter(area__in=roles.choosable_areas(user))


class PartnersInAreaFormMixin(forms.ModelForm):
    """A period's partners belong to the period's area: another area's partner would give
    promises on a page residents of that area never look at."""

    def clean(self):
        cleaned_data = super().clean()
        area = cleaned_data.get("area", getattr(self.instance, "area", None))
        partners = cleaned_data.get("partners")
        if area is None or partners is None or "partners" not in self.fields:
            return cleaned_data
        outside = [partner.name for partner in partners if partner.area_id != area.pk]
        if outside:
            self.add_error(
                "partners",
                forms.ValidationError(
                    gettext(
                        "A period's partners must belong to its area (%(area)s). Not in it: "
                        "%(partners)s."
                    )
                    % {"area": area, "partners": ", ".join(outside)},
                    code="other_area",
                ),
            )
        return cleaned_data


# The register has hundreds of areas, each with a handful of partners: a row's partners are
# chosen among its own area's (a plain list of four is what an editor can use), never among
# every partner of every area (3.5 MB for a period's form at 300 areas). A posted id outside
# them is "Välj ett giltigt alternativ" and nothing is saved.


def as_area_id(value):
    """A posted or query-string area (or period) id, or None when it is not one."""
    if isinstance(value, int):
        return value
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def single_area_id(user):
    """The one area a user works in when there is exactly one (a coordinator of one area, an
    editor of one area's partners, any user while the site has one area), else None."""
    from promises.models import Area

    if roles.is_site_admin(user):
        ids = list(Area.objects.values_list("pk", flat=True)[:2])
    else:
        ids = sorted(roles.reachable_area_ids(user))
    return ids[0] if len(ids) == 1 else None


def partners_of_area(queryset, area_id, kept=None):
    """The partners of `queryset` in the area `area_id`, and those in `kept` (a queryset of
    partner ids already chosen: a save never drops them unseen)."""
    from django.db.models import Q

    wanted = Q(area_id=area_id) if area_id is not None else Q(pk__in=[])
    if kept is not None:
        wanted |= Q(pk__in=kept)
    return queryset.filter(wanted)


NO_AREA_YET_HELP = _(
    "The partners of the chosen area are listed here: choose the area, save, and then choose "
    "the partners."
)
