"""Ids posted to admin forms are checked against what the database can hold before any query.

A relation field turns each posted id into a query. An id no column can hold
(`99999999999999999999`) made SQLite raise OverflowError inside Django's many-to-many check
(`pk__in`), a 500; PostgreSQL refuses it with an error of its own. Here every such id is
answered as an id that does not exist: "Välj ett giltigt alternativ". The fields are
installed for every admin form by `CheckedIdsMixin`, which every registered admin has through
`CheckedListMixin` (admin/lists.py) and every inline names itself; a test walks the registry.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, ManyToManyField
from django.utils.translation import gettext


def key_field(queryset, to_field_name=None):
    meta = queryset.model._meta
    return meta.get_field(to_field_name) if to_field_name else meta.pk


def is_storable_key(field, value) -> bool:
    """Whether `value` is a value the key column `field` could hold (range, type, length).

    Model fields know their database's limits: an integer key's validators carry the
    column's range for the connection in use."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


class CheckedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            key = value.pk if isinstance(value, self.queryset.model) else value
            if not is_storable_key(key_field(self.queryset, self.to_field_name), key):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                )
        return super().to_python(value)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        field = key_field(self.queryset, self.to_field_name)
        try:
            values = frozenset(value)
        except TypeError:
            values = frozenset()  # Django's own check answers "enter a list of values"
        for pk in values:
            if not is_storable_key(field, pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class CheckedIdsMixin:
    """For every ModelAdmin and inline: relation fields check ids first; bulk actions too."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if isinstance(db_field, ForeignKey):
            kwargs.setdefault("form_class", CheckedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if isinstance(db_field, ManyToManyField):
            kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        # The selected rows of a bulk action reach `pk__in` the same way.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        pk = self.model._meta.pk
        if not all(is_storable_key(pk, value) for value in selected):
            messages.warning(request, gettext("Choose the rows again: one was not valid."))
            return None
        return super().response_action(request, queryset, *args, **kwargs)
