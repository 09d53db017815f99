"""Form widgets the model admins share: checkboxes for choices, native date inputs,
files shown by name."""

from django import forms
from django.contrib.admin.widgets import (
    AdminFileWidget,
    AutocompleteSelect,
    RelatedFieldWidgetWrapper,
)
from django.db import models

from promises.admin.ids import is_storable_key

CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class LabelledFileInput(AdminFileWidget):
    """A file field under a <label>: Django puts it in a fieldset whose legend names no input."""

    use_fieldset = False


# The browser's own date picker: keyboard- and screen-reader-friendly, and free of the admin's
# calendar shortcuts, whose accessible names are not translated into Swedish.
NATIVE_DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class NoRelatedLinksMixin:
    """For a ModelAdmin or inline: no "+", pencil, eye or cross beside a related field.

    Those links open another model's form from inside this one (a "+" on a follow-up's
    promise creates a new promise), which editors took for part of the form they were in.
    Each model is edited from its own page.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.can_add_related = False
            field.widget.can_change_related = False
            field.widget.can_delete_related = False
            field.widget.can_view_related = False
        return field


class ManyChoicesAutocompleteMixin:
    """For a ModelAdmin: the relation fields in `many_choices_fields` become Django's
    autocomplete (type a few letters, pick from what is found) for site administrators of a
    register of several areas, whose choices are every promise or partner of every area
    (thousands at 300 areas). Everyone else, and everyone while the site has one area, keeps a
    plain list of a few rows, which is easier to use.

    The field's queryset still decides what may be saved (a posted id outside it is "Välj ett
    giltigt alternativ"), and what the search offers comes from the target model's own scoped
    admin list (`ScopedAdminMixin.get_queryset`), so nobody finds another area's rows there.
    """

    many_choices_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if searches_among_areas(request):
            return (*fields, *self.many_choices_fields)
        return fields


def searches_among_areas(request) -> bool:
    """Whether the user chooses among several areas' rows: a site administrator of a register
    with more than one area. Asked once per request (Django asks for every relation field)."""
    if not hasattr(request, "_searches_among_areas"):
        from promises.editing import roles
        from promises.models import Area

        request._searches_among_areas = (
            roles.is_site_admin(request.user) and Area.objects.all()[:2].count() > 1
        )
    return request._searches_among_areas


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, its search box named by the field's label as well
    (static/promises/admin/autocomplete-label.js)."""

    def optgroups(self, name, value, attr=None):
        # The chosen option's label is looked up by the posted id. An id no column can hold
        # is refused by the field ("Välj ett giltigt alternativ", promises/admin/ids.py), but
        # the form shown again with that message would still ask the database for it (on
        # SQLite an OverflowError, a 500): it names no option, so it is left out.
        key = self.field.target_field
        storable = [choice for choice in value if is_storable_key(key, choice)]
        return super().optgroups(name, storable, attr)

    @property
    def media(self):
        # Named after Django's autocomplete.js, so that the merged list keeps this one after it.
        return super().media + forms.Media(
            js=["admin/js/autocomplete.js", "promises/admin/autocomplete-label.js"]
        )
