"""The admin for follow-ups with their figures, links and PDF documents, scoped
to the giver's editors."""

from django.contrib import admin
from django.db import models

from promises.admin.filters import GiverFilter
from promises.admin.history import HistoryAdmin
from promises.admin.ordering import HiddenOrderMixin
from promises.admin.preview import PreviewMixin
from promises.admin.scope import (
    OwnerInScopeFormMixin,
    ScopedAdminMixin,
)
from promises.admin.widgets import NATIVE_DATE_INPUT, NoRelatedLinksMixin
from promises.editing import roles
from promises.editing.concurrency import (
    ConcurrencyFormMixin,
    ConcurrencyInlineFormSet,
    HiddenInputWithoutLabelTarget,
)
from promises.models import (
    FollowUp,
    FollowUpDocument,
    FollowUpFigure,
    FollowUpLink,
    Promise,
)


class FollowUpForm(OwnerInScopeFormMixin, ConcurrencyFormMixin):
    class Meta:
        # Saved as a draft or published with the form's two buttons, which post this field
        # (templates/admin/promises/followup/submit_line.html); never an easy-to-miss checkbox.
        widgets = {"is_published": HiddenInputWithoutLabelTarget}


class FollowUpPartInline(HiddenOrderMixin, NoRelatedLinksMixin, admin.StackedInline):
    """Figures, links and documents are part of their follow-up: whoever may add or change
    the follow-up may edit them, with no permissions of their own to grant."""

    # Each row refuses a save over someone else's change to that row, like the follow-up.
    form = ConcurrencyFormMixin
    formset = ConcurrencyInlineFormSet
    extra = 0
    order_within = "follow_up"

    def _may_edit_follow_up(self, request, follow_up):
        if follow_up is None:
            return request.user.has_perm("promises.add_followup")
        return request.user.has_perm("promises.change_followup") and roles.may_edit(
            request.user, follow_up
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("promises.view_followup") or self._may_edit_follow_up(
            request, obj
        )

    def has_add_permission(self, request, obj=None):
        return self._may_edit_follow_up(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_follow_up(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_follow_up(request, obj)


class FigureInline(FollowUpPartInline):
    model = FollowUpFigure
    fields = ("label", "value", "order", "edit_token")


class LinkInline(FollowUpPartInline):
    model = FollowUpLink
    fields = ("title", "url", "order", "edit_token")


class DocumentInline(FollowUpPartInline):
    model = FollowUpDocument
    fields = ("title", "file", "order", "edit_token")


@admin.register(FollowUp)
class FollowUpAdmin(NoRelatedLinksMixin, PreviewMixin, ScopedAdminMixin, HistoryAdmin):
    """A partner's editors report on the promises their partner gives (roles.py scope)."""

    form = FollowUpForm
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    list_display = ("promise", "reported_on", "status", "is_published", "updated_at")
    list_filter = ("is_published", "status", "promise__period", ("promise__givers", GiverFilter))
    search_fields = ("text", "promise__text")
    list_select_related = ("promise",)
    date_hierarchy = "reported_on"
    fields = ("promise", "reported_on", "status", "text", "is_published", "edit_token")
    inlines = (FigureInline, LinkInline, DocumentInline)
    # A follow-up's version holds its figures, links and documents: restore them together.
    restore_whole_revision = True
    preview_fields = ("text",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "promise":
            # Only promises one's own partner gives; another id posted is refused as invalid.
            kwargs["queryset"] = roles.editable(
                request.user, Promise.objects.select_related("period")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "promise":
            # The same promise may exist in several periods (a new period starts as a copy).
            field.label_from_instance = lambda promise: f"{promise.period.title}: {promise}"
        return field
