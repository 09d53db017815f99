"""The admin for follow-ups with their figures, links and PDF documents, scoped
to the giver's editors."""

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from promises.admin.filters import AreaFilter, GiverFilter, PeriodFilter
from promises.admin.history import HistoryAdmin
from promises.admin.ids import CheckedIdsMixin
from promises.admin.ordering import HiddenOrderMixin
from promises.admin.preview import PreviewMixin
from promises.admin.promise_column import PromiseColumnMixin
from promises.admin.scope import (
    OwnerInScopeFormMixin,
    ScopedAdminMixin,
)
from promises.admin.translations import TranslationsAdminMixin
from promises.admin.widgets import (
    NATIVE_DATE_INPUT,
    ManyChoicesAutocompleteMixin,
    NoRelatedLinksMixin,
)
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
    Partner,
    Promise,
)


class FollowUpForm(OwnerInScopeFormMixin, ConcurrencyFormMixin):
    """Who reported the follow-up: one of the promise's givers that the user edits for.

    Required for new follow-ups, and always for everyone but site administrators; an older
    follow-up of a joint promise may stay without a reporter (shown as "rapportör saknas"),
    since nobody knows whose it was, but only a site administrator can leave or make it so.
    A follow-up already reported by another partner keeps that reporter: the user may not
    change it to, or from, a partner they do not edit for. A restore from history posts this
    same form, so the same rule holds there."""

    class Meta:
        # Saved as a draft or published with the form's two buttons, which post this field
        # (templates/admin/promises/followup/submit_line.html); never an easy-to-miss checkbox.
        widgets = {"is_published": HiddenInputWithoutLabelTarget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("reported_by")
        if field is None or self.scope_user is None:
            return
        allowed = roles.reporting_partners(self.scope_user)
        current = self.instance.reported_by_id
        field.queryset = Partner.objects.filter(
            Q(pk__in=allowed.values("pk")) | Q(pk=current)
        ).order_by("order", "name")
        if self.instance.pk is None or not roles.is_site_admin(self.scope_user):
            # Only site administrators may leave a report without a reporter: one that belongs
            # to no partner can be changed by none, and its page would wrongly say it is from
            # before reporters were recorded.
            field.required = True
        if self.instance.pk is None:
            own = list(roles.partners_of(self.scope_user)[:2])
            if len(own) == 1 and not self.is_bound:
                self.initial.setdefault("reported_by", own[0].pk)

    def clean(self):
        cleaned_data = super().clean()
        reporter = cleaned_data.get("reported_by")
        promise = cleaned_data.get("promise") or getattr(self.instance, "promise", None)
        if "reported_by" not in self.fields or self.scope_user is None:
            return cleaned_data
        stored = None
        if self.instance.pk is not None:
            stored = (
                FollowUp.objects.filter(pk=self.instance.pk)
                .values_list("reported_by_id", flat=True)
                .first()
            )
        reporter_id = reporter.pk if reporter else None
        if not roles.reporter_change_allowed(self.scope_user, stored, reporter_id):
            self.add_error("reported_by", _("You can only report for the partner you edit for."))
            return cleaned_data
        gives = promise is not None and promise.givers.filter(pk=getattr(reporter, "pk", None))
        if reporter is not None and promise is not None and not gives.exists():
            self.add_error("reported_by", _("Choose one of the partners that give the promise."))
        return cleaned_data


class FollowUpPartInline(
    CheckedIdsMixin, HiddenOrderMixin, NoRelatedLinksMixin, admin.StackedInline
):
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
class FollowUpAdmin(
    TranslationsAdminMixin,
    ManyChoicesAutocompleteMixin,
    PromiseColumnMixin,
    NoRelatedLinksMixin,
    PreviewMixin,
    ScopedAdminMixin,
    HistoryAdmin,
):
    """A partner's editors report on the promises their partner gives (roles.py scope)."""

    form = FollowUpForm
    many_choices_fields = ("promise", "reported_by")
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    # What editors scan for first; the promise's words shortened so the row fits at 1280 px.
    list_display = ("promise_column", "reported_on", "reported_by", "status", "is_published")
    list_filter = (
        AreaFilter,
        "is_published",
        "status",
        ("promise__period", PeriodFilter),
        ("promise__givers", GiverFilter),
    )
    search_fields = ("text", "promise__text")
    list_select_related = ("promise", "reported_by")
    date_hierarchy = "reported_on"
    fields = (
        "promise",
        "reported_by",
        "reported_on",
        "status",
        "text",
        "is_published",
        "edit_token",
    )
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
        # Numbered choices: PromiseColumnMixin.
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
