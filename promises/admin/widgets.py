"""Form widgets the model admins share: checkboxes for choices, native date inputs,
files shown by name."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget, RelatedFieldWidgetWrapper
from django.db import models

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
