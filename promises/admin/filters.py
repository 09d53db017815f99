"""List filters with the words residents' pages use."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class GiverFilter(admin.RelatedFieldListFilter):
    """“Vem lovar”: the partners giving the promise. Every promise has a giver, so Django's
    “-” choice (rows with none) would always list nothing."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("Who promises")

    @property
    def include_empty_choice(self):
        return False
