"""The admin for the shared texts: focus areas, status definitions, the glossary,
the accessibility statement and the reports residents send."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.admin.history import HistoryAdmin
from promises.admin.lists import CheckedListMixin
from promises.admin.ordering import HiddenOrderMixin
from promises.admin.translations import TranslationsAdminMixin
from promises.admin.widgets import NATIVE_DATE_INPUT
from promises.editing.concurrency import ConcurrencyFormMixin
from promises.models import (
    AccessibilityReport,
    AccessibilityStatement,
    FocusArea,
    GlossaryTerm,
    StatusDefinition,
)


@admin.register(FocusArea)
class FocusAreaAdmin(HiddenOrderMixin, HistoryAdmin):
    form = ConcurrencyFormMixin
    list_display = ("__str__", "slug", "order")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "order", "edit_token")


@admin.register(StatusDefinition)
class StatusDefinitionAdmin(HistoryAdmin):
    """The six definitions exist from the start (migration 0007); editors only reword them."""

    form = ConcurrencyFormMixin
    list_display = ("__str__", "definition")
    fields = ("status", "definition", "edit_token")
    readonly_fields = ("status",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(TranslationsAdminMixin, HistoryAdmin):
    """One statement, created by a data migration: editors change it, never add or delete."""

    form = ConcurrencyFormMixin

    list_display = ("__str__", "compliance", "assessed_on", "updated_at")
    readonly_fields = ("updated_at",)
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    fieldsets = (
        (None, {"fields": ("service_name", "organisations", "compliance")}),
        (_("Gaps and assessment"), {"fields": ("gaps", "assessment", "assessed_on")}),
        (
            _("Contact details for residents"),
            {"fields": ("contact_email", "contact_phone", "response_time")},
        ),
        (_("Dates kept by the site"), {"fields": ("updated_at", "edit_token")}),
    )

    def has_add_permission(self, request):
        return not AccessibilityStatement.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(CheckedListMixin, admin.ModelAdmin):
    """Residents' reports: staff read them and mark them handled; the texts stay as sent.

    No version history: a report holds a resident's name and e-mail, and deleting it must
    remove them. Two staff members' notes still cannot overwrite each other (edit_token).
    """

    form = ConcurrencyFormMixin
    list_display = ("__str__", "kind", "page", "received_at", "is_handled")
    list_filter = ("is_handled", "kind")
    search_fields = ("message", "page", "name", "email")
    date_hierarchy = "received_at"
    fields = (
        "kind",
        "page",
        "message",
        "name",
        "email",
        "received_at",
        "is_handled",
        "staff_notes",
        "edit_token",
    )
    readonly_fields = ("kind", "page", "message", "name", "email", "received_at")

    def has_add_permission(self, request):
        return False


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslationsAdminMixin, HistoryAdmin):
    form = ConcurrencyFormMixin
    list_display = ("term", "definition", "updated_at")
    search_fields = ("term", "definition")
    prepopulated_fields = {"slug": ("term",)}
    fields = ("term", "slug", "definition", "edit_token")
