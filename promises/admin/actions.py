"""The admin for actions (with their progress notes) and indicators (with their measured
values), scoped as promises/editing/roles.py registers them: an action to its responsible
partner within the promises that partner gives, an indicator to its promise's givers."""

from django.contrib import admin, messages
from django.db import models
from django.urls import path
from django.utils.translation import gettext

from promises.admin.action_import import import_view
from promises.admin.filters import AreaFilter, PartnerFilter, PeriodFilter
from promises.admin.history import HistoryAdmin
from promises.admin.ids import CheckedIdsMixin
from promises.admin.promise_column import PromiseColumnMixin
from promises.admin.scope import OwnerInScopeFormMixin, ScopedAdminMixin
from promises.admin.translations import TranslationsAdminMixin, inline_translation_fields
from promises.admin.widgets import NATIVE_DATE_INPUT, ManyChoicesAutocompleteMixin
from promises.editing import roles
from promises.editing.concurrency import ConcurrencyFormMixin, ConcurrencyInlineFormSet
from promises.models import (
    Action,
    ActionNote,
    Indicator,
    IndicatorValue,
    Promise,
    looks_personal,
)


class ActionForm(OwnerInScopeFormMixin, ConcurrencyFormMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.fields.get("key")
        if key is not None:
            # Django keeps a callable default's first value in a hidden copy of the input, and
            # gives that copy the help text's aria-describedby, which a hidden input may not
            # have (Nu Html Checker). This form is never an inline's empty extra row, so the
            # copy has no use here.
            key.show_hidden_initial = False


class IndicatorForm(OwnerInScopeFormMixin, ConcurrencyFormMixin):
    pass


class PartInline(CheckedIdsMixin, admin.StackedInline):
    """Notes and values are parts of their action or indicator: whoever may change that may
    edit them, with no permissions of their own to grant."""

    form = ConcurrencyFormMixin
    formset = ConcurrencyInlineFormSet
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    extra = 0
    parent_model_name = ""

    def _may_edit_parent(self, request, parent):
        if parent is None:
            return request.user.has_perm(f"promises.add_{self.parent_model_name}")
        return request.user.has_perm(
            f"promises.change_{self.parent_model_name}"
        ) and roles.may_edit(request.user, parent)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(
            f"promises.view_{self.parent_model_name}"
        ) or self._may_edit_parent(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)


class ActionNoteInline(PartInline):
    model = ActionNote
    parent_model_name = "action"
    fields = (
        "noted_on",
        "text",
        "source_title",
        "source_url",
        *inline_translation_fields(ActionNote, "text"),
        "edit_token",
    )


class IndicatorValueInline(PartInline):
    model = IndicatorValue
    parent_model_name = "indicator"
    fields = ("measured_on", "value", "source_title", "source_url", "edit_token")


@admin.register(Action)
class ActionAdmin(
    TranslationsAdminMixin,
    ManyChoicesAutocompleteMixin,
    PromiseColumnMixin,
    ScopedAdminMixin,
    HistoryAdmin,
):
    form = ActionForm
    many_choices_fields = ("promise", "responsible")
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    # What editors scan for first; the promise's words shortened so the row fits at 1280 px.
    list_display = ("promise_column", "title", "responsible", "status", "is_published")
    list_display_links = ("title",)
    list_filter = (
        AreaFilter,
        "is_published",
        "status",
        ("responsible", PartnerFilter),
        ("promise__period", PeriodFilter),
    )
    search_fields = ("title", "goal", "promise__text")
    list_select_related = ("promise", "responsible")
    fields = (
        "promise",
        "title",
        "goal",
        ("starts_on", "ends_on"),
        "recurrence",
        "responsible",
        "contact",
        "status",
        "progress",
        "order",
        "key",
        "is_published",
        "edit_token",
    )
    inlines = (ActionNoteInline,)
    # An action's version holds its notes: restore them together.
    restore_whole_revision = True
    change_list_template = "admin/promises/action/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("import/", view, name="promises_action_import"), *super().get_urls()]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "promise":
            # Only promises one's own partner gives; another id posted is refused as invalid.
            kwargs["queryset"] = roles.editable(user, Promise.objects.select_related("period"))
        if db_field.name == "responsible" and not roles.is_site_admin(user):
            kwargs["queryset"] = roles.partners_of(user)
        # Numbered choices: PromiseColumnMixin.
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if looks_personal(obj.contact):
            # A warning, not a refusal: some shared addresses look like names too.
            self.message_user(
                request,
                gettext(
                    "The contact “%(contact)s” looks like a personal e-mail address. Residents "
                    "reach a function or a shared address even when people change jobs: "
                    "consider one."
                )
                % {"contact": obj.contact},
                messages.WARNING,
            )


@admin.register(Indicator)
class IndicatorAdmin(
    TranslationsAdminMixin,
    ManyChoicesAutocompleteMixin,
    PromiseColumnMixin,
    ScopedAdminMixin,
    HistoryAdmin,
):
    form = IndicatorForm
    many_choices_fields = ("promise",)
    formfield_overrides = {models.DateField: NATIVE_DATE_INPUT}
    list_display = ("promise_column", "name", "unit", "target_on", "is_published")
    list_display_links = ("name",)
    list_filter = (AreaFilter, "is_published", ("promise__period", PeriodFilter))
    search_fields = ("name", "promise__text")
    list_select_related = ("promise",)
    fields = (
        "promise",
        "name",
        "unit",
        ("baseline_value", "baseline_on"),
        "baseline_source",
        ("target_value", "target_on", "direction"),
        "order",
        "is_published",
        "edit_token",
    )
    inlines = (IndicatorValueInline,)
    restore_whole_revision = True
    # Links to the åtgärdsplan import, which takes indicators too.
    change_list_template = "admin/promises/indicator/change_list.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "promise":
            kwargs["queryset"] = roles.editable(
                request.user, Promise.objects.select_related("period")
            )
        # Numbered choices: PromiseColumnMixin.
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
