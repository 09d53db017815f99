"""No “Ordning” numbers for editors: lists keep their order and new rows go to the end.

Typing numbers to order a list was the one place editors met the database's bookkeeping.
Only site administrators, who set up a period's structure, see and change `order`; for
everyone else the field is left out of forms and lists, and a row they add is numbered
after its siblings (the promises of its period, the figures of its follow-up…).
"""

from django import forms
from django.db.models import Max

from promises.editing import roles

ORDER = "order"


def _shows_order(request) -> bool:
    return roles.is_site_admin(request.user)


def next_order(instance, within) -> int:
    """One more than the highest number among the rows sharing `within` (all rows if None)."""
    siblings = type(instance)._default_manager.all()
    if within:
        siblings = siblings.filter(**{within: getattr(instance, within)})
    highest = siblings.aggregate(highest=Max(ORDER))["highest"]
    return 0 if highest is None else highest + 1


class AppendAtEndFormMixin(forms.ModelForm):
    """A new row saved from a form without `order` is put after its siblings."""

    order_within = None

    def save(self, commit=True):
        if self.instance.pk is None and ORDER not in self.fields:
            self.instance.order = next_order(self.instance, self.order_within)
        return super().save(commit)


class HiddenOrderMixin:
    """For a ModelAdmin or inline whose model has `order`."""

    order_within = None

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if _shows_order(request) else [f for f in fields if f != ORDER]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if _shows_order(request) else tuple(f for f in readonly if f != ORDER)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if _shows_order(request) else [f for f in shown if f != ORDER]

    def get_form(self, request, obj=None, *args, **kwargs):
        form = super().get_form(request, obj, *args, **kwargs)
        return self._appending(form)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self._appending(formset.form)
        return formset

    def _appending(self, form):
        if issubclass(form, AppendAtEndFormMixin):
            return form
        return type(
            form.__name__, (AppendAtEndFormMixin, form), {"order_within": self.order_within}
        )
