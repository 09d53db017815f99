"""The promise as editors scan for it in the admin: its number in the period's list and the
start of its words ("7. Polisen ska genomföra …"), in lists and in the promise choices.

A whole promise sentence in a list column made the follow-up and action lists 1,209 px wide
in a 631 px box; the number is what the published page and the import use for it.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from promises.models import promise_number, short_promise


class PromiseColumnMixin:
    """For the admins of rows that belong to a promise (`promise` foreign key): a list column
    `promise_column` and numbered promise choices in the form."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(promise_number=promise_number("promise__"))

    @admin.display(description=_("promise"), ordering="promise__order")
    def promise_column(self, obj):
        return short_promise(getattr(obj, "promise_number", None), obj.promise.text)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "promise" and isinstance(field, forms.ModelChoiceField):
            field.queryset = field.queryset.select_related("period").annotate(
                number=promise_number()
            )
            field.label_from_instance = promise_choice_label
        return field


def promise_choice_label(promise):
    # The same promise text may exist in several periods (a new period starts as a copy).
    number = getattr(promise, "number", None) or promise.position()
    return f"{promise.period.title}: {short_promise(number, promise.text, 90)}"
