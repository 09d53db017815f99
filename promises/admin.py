from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Partner, Promise, PromisePeriod

admin.site.site_header = _("Citizen promise – editing")
admin.site.site_title = _("Citizen promise")
admin.site.index_title = _("Edit the website's content")


class PromiseInline(admin.StackedInline):
    model = Promise
    extra = 0
    fields = ("text", "givers", "order")
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
    }
    ordering = ("order", "pk")


@admin.register(PromisePeriod)
class PromisePeriodAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_on", "ends_on", "is_published", "promise_count", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title", "intro", "situation_text", "goal_text", "promises__text")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_on"
    filter_horizontal = ()
    inlines = (PromiseInline,)
    readonly_fields = ("published_at", "created_at", "updated_at")
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    fieldsets = (
        (None, {"fields": ("title", "slug", ("starts_on", "ends_on"), "is_published")}),
        (_("Introduction"), {"fields": ("intro",)}),
        (_("Photo"), {"fields": ("photo", "photo_alt", "photo_caption")}),
        (_("Promises"), {"fields": ("promises_heading",)}),
        (_("Local situation"), {"fields": ("situation_heading", "situation_text")}),
        (_("Goal"), {"fields": ("goal_heading", "goal_text")}),
        (_("Partners"), {"fields": ("partners",)}),
        (_("Dates kept by the site"), {"fields": ("published_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_promises=models.Count("promises"))

    @admin.display(description=_("promises"), ordering="number_of_promises")
    def promise_count(self, period):
        return period.number_of_promises


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "period", "given_by", "order", "updated_at")
    list_filter = ("period", "givers")
    search_fields = ("text",)
    list_select_related = ("period",)
    fields = ("period", "text", "givers", "order")
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("givers")

    @admin.display(description=_("given by"))
    def given_by(self, promise):
        return ", ".join(giver.name for giver in promise.givers.all())


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "representative_name", "representative_title", "order")
    list_filter = ("kind",)
    search_fields = ("name", "representative_name", "representative_title")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "representative_name", "representative_title", "order")
