"""List filters with the words residents' pages use."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from promises.editing import roles


class GiverFilter(admin.RelatedFieldListFilter):
    """“Vem lovar”: the partners giving the promise. Every promise has a giver, so Django's
    “-” choice (rows with none) would always list nothing."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("Who promises")

    @property
    def include_empty_choice(self):
        return False


class PeriodFilter(admin.RelatedFieldListFilter):
    """“Period”: only the periods of the areas the user works in, so the list filter does not
    name another area's draft periods (`roles.visible_periods`)."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        shown = roles.visible_periods(request.user).values("pk")
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to=Q(pk__in=shown)
        )
