"""The admin for periods and their promises: editing, publishing, previewing and
copying a period."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promises.admin.easy_read import EasyReadFilter, missing_in_period
from promises.admin.filters import AreaFilter, GiverFilter, PeriodFilter
from promises.admin.history import HistoryAdmin, record_initial_version
from promises.admin.ids import CheckedIdsMixin
from promises.admin.ordering import HiddenOrderMixin
from promises.admin.period_import import import_view
from promises.admin.preview import PreviewMixin
from promises.admin.promise_column import promise_choice_label
from promises.admin.scope import (
    NO_AREA_YET_HELP,
    AreaFieldMixin,
    GiversInScopeFormMixin,
    PartnersInAreaFormMixin,
    ScopedAdminMixin,
    ScopedInlineFormSet,
    SharedFieldsFormMixin,
    as_area_id,
    partners_in_reach,
    partners_of_area,
    single_area_id,
)
from promises.admin.translations import TranslationsAdminMixin, with_translations
from promises.admin.widgets import (
    CHECKBOXES,
    NATIVE_DATE_INPUT,
    LabelledFileInput,
    NoRelatedLinksMixin,
)
from promises.editing import images, period_copy, roles
from promises.editing.concurrency import ConcurrencyFormMixin
from promises.models import (
    Promise,
    PromiseGroup,
    PromisePeriod,
    promise_number,
)

# The sentence a promise's text continues, as its own page says it: "Polisen lovar att …"
# for the police's promises, never "lovar polisen att" under a municipality's.
PROMISE_TEXT_HELP = {
    PromiseGroup.POLICE: _(
        "What is promised, written so it continues the sentence “Polisen lovar att …”, "
        "for example “fokusera och prioritera särskilt utsatta brottsoffer.”"
    ),
    PromiseGroup.MUNICIPALITIES: _(
        "What is promised, written so it continues the sentence “Kommunen lovar att …”, "
        "for example “erbjuda fritidsaktiviteter på loven.”"
    ),
    PromiseGroup.JOINT: _(
        "What is promised, written so it continues the sentence “Vi lovar tillsammans att …”, "
        "for example “genomföra trygghetsvandringar.”"
    ),
    None: _(
        "What is promised, written so it continues the sentence “… lovar att”, after those "
        "who give it, for example “fokusera och prioritera särskilt utsatta brottsoffer.”"
    ),
}


class PromiseForm(SharedFieldsFormMixin, GiversInScopeFormMixin, ConcurrencyFormMixin):
    class Meta:
        model = Promise
        fields = ("period", "text", "easy_read_text", "givers", "focus_areas", "order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "text" in self.fields:
            group = self.instance.giver_group if self.instance.pk else None
            self.fields["text"].help_text = PROMISE_TEXT_HELP[group]
        givers = self.fields.get("givers")
        if givers is not None and "period" in self.fields:
            # The promise's own form (the period form's rows get theirs from the inline).
            area_id = self.period_area_id()
            kept = self.instance.givers.values("pk") if self.instance.pk else None
            givers.queryset = partners_of_area(givers.queryset, area_id, kept)
            if area_id is None:
                givers.help_text = NO_AREA_YET_HELP

    def period_area_id(self):
        """The area of the period posted, of the promise's period, or of the one the form
        starts with (`?period=`); else the user's only area."""
        if self.is_bound:
            period = as_area_id(self.data.get(self.add_prefix("period")))
        else:
            period = self.instance.period_id or as_area_id(self.initial.get("period"))
        user = self.scope_user
        if period is not None:
            # Only a period the user may open: `?period=` of another area names no partners.
            periods = PromisePeriod.objects.all()
            periods = roles.visible_periods(user, periods) if user is not None else periods
            return periods.filter(pk=period).values_list("area_id", flat=True).first()
        return single_area_id(user) if user is not None else None


class PeriodForm(PartnersInAreaFormMixin, ConcurrencyFormMixin):
    class Meta:
        model = PromisePeriod
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = self.fields.get("partners")
        if partners is None:
            return
        area_id = self.chosen_area_id()
        kept = self.instance.partners.values("pk") if self.instance.pk else None
        partners.queryset = partners_of_area(partners.queryset, area_id, kept)
        if area_id is None:
            partners.help_text = NO_AREA_YET_HELP

    def chosen_area_id(self):
        """The area whose partners the form offers: the one posted, the period's own, or the
        one the form starts with (`?area=` in the address, or the user's only area)."""
        area = self.fields.get("area")
        if area is None:
            return self.instance.area_id
        if self.is_bound:
            return as_area_id(self.data.get(self.add_prefix("area")))
        if self.instance.area_id is not None:
            return self.instance.area_id
        initial = self.initial.get("area", area.initial)
        return as_area_id(initial() if callable(initial) else initial)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return images.prepared_photo(photo)
        return photo


class PromiseRowsFormSet(ScopedInlineFormSet):
    """The period form's promise rows offer the same givers and focus areas in every row: the
    choices are read once for the formset, not once per row (two queries per promise)."""

    shared_choice_fields = ("givers", "focus_areas")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name in self.shared_choice_fields:
            field = form.fields.get(name)
            if not isinstance(field, forms.ModelMultipleChoiceField):
                continue
            if name not in shared:
                shared[name] = list(field.choices)
            # Only what is shown: a posted id is still checked against the field's queryset.
            field.widget.choices = shared[name]


class PromiseInline(CheckedIdsMixin, HiddenOrderMixin, NoRelatedLinksMixin, admin.StackedInline):
    model = Promise
    form = PromiseForm
    formset = PromiseRowsFormSet
    extra = 0
    fields = ("text", "easy_read_text", "givers", "focus_areas", "order", "edit_token")
    formfield_overrides = {
        **CHECKBOXES,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    ordering = ("order", "pk")
    order_within = "period"

    def get_queryset(self, request):
        # Editors see and post back only their own partners' promises in the period form.
        return roles.visible(request.user, super().get_queryset(request)).prefetch_related(
            "givers", "focus_areas"
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.scope_user = request.user
        formset.form.scope_user = request.user
        givers = formset.form.base_fields.get("givers")
        if givers is not None:
            # The period's area's partners (and any giver its promises already have): a
            # form field made for this request, so changing its choices touches no other.
            area_id = getattr(obj, "area_id", None)
            if area_id is None:
                area_id = as_area_id(request.GET.get("area"))
                if not roles.choosable_areas(request.user).filter(pk=area_id).exists():
                    # `?area=` of an area the user may not put a period in names no partners.
                    area_id = single_area_id(request.user)
            kept = None
            if obj is not None and obj.pk is not None:
                kept = Promise.givers.through.objects.filter(promise__period=obj).values(
                    "partner_id"
                )
            givers.queryset = partners_of_area(givers.queryset, area_id, kept)
            if area_id is None:
                givers.help_text = NO_AREA_YET_HELP
        return formset


KEPT_BY_SITE = ("is_published", "created_at", "updated_at")


@admin.register(PromisePeriod)
class PromisePeriodAdmin(AreaFieldMixin, NoRelatedLinksMixin, PreviewMixin, HistoryAdmin):
    form = PeriodForm
    list_display = ("title", "starts_on", "ends_on", "is_published", "promise_count", "updated_at")
    list_filter = (AreaFilter, "is_published")
    search_fields = ("title", "intro", "situation_text", "goal_text", "promises__text")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_on"
    inlines = (PromiseInline,)
    formfield_overrides = {
        **CHECKBOXES,
        models.DateField: NATIVE_DATE_INPUT,
        models.ImageField: {"widget": LabelledFileInput},
    }
    actions = ("publish_selected", "unpublish_selected", "copy_as_new_period")
    restore_whole_revision = True
    preview_fields = ("intro", "situation_text", "goal_text")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "area",
                    "slug",
                    ("starts_on", "ends_on"),
                    "published_on",
                    "edit_token",
                )
            },
        ),
        (_("Introduction"), {"fields": ("intro",)}),
        (_("Photo"), {"fields": ("photo", "photo_alt", "photo_caption")}),
        (_("Promises"), {"fields": ("promises_heading",)}),
        (_("Local situation"), {"fields": ("situation_heading", "situation_text")}),
        (_("Goal"), {"fields": ("goal_heading", "goal_text")}),
        (_("Partners"), {"fields": ("partners",)}),
        (_("After the period"), {"fields": ("next_steps",)}),
        (_("Kept by the site"), {"fields": KEPT_BY_SITE}),
    )

    def get_fieldsets(self, request, obj=None):
        if roles.sees_all_content(request.user):
            return with_translations(self, request, obj, self.fieldsets)
        # A partner's editor changes only their promises, below: the period's own fields,
        # read-only for them, and their instructions would make a 6,000 px page of things
        # they cannot change (the public page shows the period as it is).
        return ((None, {"fields": ("edit_token",)}),)

    def get_readonly_fields(self, request, obj=None):
        user = request.user
        if roles.is_site_admin(user):
            return KEPT_BY_SITE
        if self._coordinates(request, obj):
            # The area's coordinators shape their area's periods (the partners among their
            # area's); the area itself follows AreaFieldMixin.
            return super().get_readonly_fields(request, obj) + KEPT_BY_SITE
        # A partner's editor changes only their promises (the inline), not the shared page:
        # every field of the form is read-only, the many-to-many partners included.
        shown = flatten_fieldsets(self.fieldsets)
        return tuple(name for name in shown if name != "edit_token")

    def _coordinates(self, request, obj):
        """Whether the user coordinates this period's area (a new period: any area)."""
        user = request.user
        if obj is None or obj.pk is None:
            return roles.is_coordinator(user)
        return obj.area_id in roles.area_ids_of(user)

    def get_prepopulated_fields(self, request, obj=None):
        if roles.is_site_admin(request.user) or self._coordinates(request, obj):
            return self.prepopulated_fields
        return {}

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or roles.is_site_admin(request.user):
            return allowed
        return roles.visible_periods(request.user).filter(pk=obj.pk).exists()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "partners":
            kwargs["queryset"] = partners_in_reach(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def may_restore(self, request, obj):
        # A period's version also holds its promises: restoring it is for administrators.
        return roles.is_site_admin(request.user)

    def get_queryset(self, request):
        # Editors count only the promises they may look at: another partner's draft promise
        # must not show, not even as a number.
        user = request.user
        periods = roles.visible_periods(user, super().get_queryset(request))
        if roles.sees_all_content(user):
            counted = models.Count("promises")
        else:
            shown = roles.visible(user, Promise.objects.all())
            counted = models.Count("promises", filter=models.Q(promises__in=shown))
        # A count groups the rows, and Django drops Meta.ordering from grouped queries: name it
        # again so lists and autocomplete pages stay in a stable order.
        return periods.annotate(number_of_promises=counted).order_by(*PromisePeriod._meta.ordering)

    def get_search_fields(self, request):
        if roles.sees_all_content(request.user):
            return self.search_fields
        return tuple(name for name in self.search_fields if name != "promises__text")

    def get_search_results(self, request, queryset, search_term):
        # Searching promise texts would tell an editor, period by period, which words another
        # partner's draft promises hold: editors search only the promises they may look at.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term and not roles.sees_all_content(request.user):
            own = roles.visible(request.user, Promise.objects.all())
            matching = own.filter(text__icontains=search_term).values("period_id")
            found = found | queryset.filter(pk__in=matching)
        return found, may_have_duplicates

    @admin.display(description=_("promises"), ordering="number_of_promises")
    def promise_count(self, period):
        return period.number_of_promises

    # Publishing: explicit actions, never a checkbox saved along with other edits.

    def has_publish_permission(self, request):
        return request.user.has_perm("promises.publish_promiseperiod")

    def _set_published(self, request, periods, publish):
        for period in periods:
            record_initial_version(period)
        with reversion.create_revision():
            reversion.set_user(request.user)
            comment = gettext("Published") if publish else gettext("Unpublished")
            reversion.set_comment(comment)
            for period in periods:
                period.publish() if publish else period.unpublish()
                self.log_change(request, period, comment)

    @admin.action(permissions=["publish"], description=_("Publish the selected periods"))
    def publish_selected(self, request, queryset):
        self._set_published(request, list(queryset), publish=True)
        messages.success(request, gettext("The periods are published."))

    @admin.action(permissions=["publish"], description=_("Unpublish the selected periods"))
    def unpublish_selected(self, request, queryset):
        self._set_published(request, list(queryset), publish=False)
        messages.success(request, gettext("The periods are no longer published."))

    # Starting the next period: a copy as a draft (promises/editing/period_copy.py).

    @admin.action(permissions=["add"], description=_("Start a new period as a copy"))
    def copy_as_new_period(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, gettext("Choose exactly one period to copy."))
            return None
        return redirect("admin:promises_promiseperiod_copy", queryset.get().pk)

    def copy_view(self, request, object_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        original = self.get_object(request, object_id)
        if original is None:
            raise Http404
        form = period_copy.CopyPeriodForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(
                    gettext("Started as a copy of “%(title)s”") % {"title": original}
                )
                copy = period_copy.copy_period(original, **form.cleaned_data)
                self.log_addition(
                    request, copy, gettext("Copy of “%(title)s”") % {"title": original}
                )
            messages.success(
                request,
                gettext(
                    "“%(title)s” was created as a draft with the partners, texts and promises "
                    "of “%(original)s”. Check every text and the dates before publishing."
                )
                % {"title": copy, "original": original},
            )
            return redirect("admin:promises_promiseperiod_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Start a new period as a copy of “%(title)s”") % {"title": original},
            "subtitle": None,
            "form": form,
            "original": original,
            "opts": self.model._meta,
            "promise_count": original.promises.count(),
            "change_url": reverse("admin:promises_promiseperiod_change", args=[original.pk]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/promises/promiseperiod/copy.html", context)

    change_list_template = "admin/promises/promiseperiod/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import_period": roles.is_site_admin(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "importera/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="promises_promiseperiod_import",
            ),
            path(
                "<path:object_id>/kopiera/",
                self.admin_site.admin_view(self.copy_view),
                name="promises_promiseperiod_copy",
            ),
            path(
                "<path:object_id>/publicera/",
                self.admin_site.admin_view(self.publish_view),
                {"publish": True},
                name="promises_promiseperiod_publish",
            ),
            path(
                "<path:object_id>/avpublicera/",
                self.admin_site.admin_view(self.publish_view),
                {"publish": False},
                name="promises_promiseperiod_unpublish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id, publish):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        period = self.get_object(request, object_id)
        if period is None:
            raise Http404
        if not self.has_publish_permission(request):
            raise PermissionDenied
        self._set_published(request, [period], publish)
        if publish:
            messages.success(request, gettext("“%(title)s” is published.") % {"title": period})
        else:
            messages.success(
                request,
                gettext("“%(title)s” is now a draft, hidden from the public.") % {"title": period},
            )
        return redirect("admin:promises_promiseperiod_change", period.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_publish"] = self.has_publish_permission(request)
        context["edits_promises_only"] = not roles.sees_all_content(request.user)
        if obj is not None and obj.pk:
            context["easy_read"] = missing_in_period(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Promise)
class PromiseAdmin(
    TranslationsAdminMixin, HiddenOrderMixin, NoRelatedLinksMixin, ScopedAdminMixin, HistoryAdmin
):
    form = PromiseForm
    list_display = ("__str__", "period", "given_by", "current_status", "order", "updated_at")
    list_filter = (
        AreaFilter,
        ("period", PeriodFilter),
        ("givers", GiverFilter),
        "focus_areas",
        EasyReadFilter,
    )
    # The period's title too: site administrators find a promise by its area's period.
    search_fields = ("text", "period__title")
    list_select_related = ("period",)
    fields = ("period", "text", "easy_read_text", "givers", "focus_areas", "order", "edit_token")
    formfield_overrides = CHECKBOXES
    order_within = "period"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("givers").with_status()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "period":
            # A promise stays in the areas the user reaches: no editor moves one to a period
            # of another area.
            kwargs["queryset"] = roles.visible_periods(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_queryset(self, queryset):
        # Each result names its period and number (site administrators choose among every
        # area's promises: promises/admin/widgets.py, ManyChoicesAutocompleteMixin).
        return queryset.select_related("period").annotate(number=promise_number())

    def autocomplete_label(self, promise):
        return promise_choice_label(promise)

    @admin.display(description=_("status"), ordering="current_status")
    def current_status(self, promise):
        return promise.status_label

    @admin.display(description=_("given by"))
    def given_by(self, promise):
        return ", ".join(giver.name for giver in promise.givers.all())
