"""The admin for partners: each partner's editors change their own partner's details; an
area's coordinators add their area's partners and change them."""

from django.contrib import admin, messages
from django.utils.translation import gettext

from promises.admin.filters import AreaFilter
from promises.admin.history import HistoryAdmin
from promises.admin.notices import ContactFilter, Notice, contact_missing_text
from promises.admin.ordering import HiddenOrderMixin
from promises.admin.scope import (
    AreaFieldMixin,
    ScopedAdminMixin,
)
from promises.admin.translations import TranslationsAdminMixin
from promises.editing import roles
from promises.editing.concurrency import ConcurrencyFormMixin
from promises.models import (
    Partner,
)


@admin.register(Partner)
class PartnerAdmin(
    TranslationsAdminMixin, AreaFieldMixin, HiddenOrderMixin, ScopedAdminMixin, HistoryAdmin
):
    form = ConcurrencyFormMixin
    list_display = (
        "name",
        "kind",
        "representative_name",
        "representative_title",
        "organisation_number",
        "order",
    )
    list_filter = (AreaFilter, "kind", ContactFilter)
    search_fields = ("name", "representative_name", "representative_title")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "area",
        "kind",
        "municipality_code",
        "representative_name",
        "representative_title",
        "website",
        "contact_email",
        "contact_phone",
        "contact_page",
        "participation_text",
        "participation_url",
        "organisation_number",
        "order",
        "edit_token",
    )

    def get_readonly_fields(self, request, obj=None):
        user = request.user
        if roles.is_site_admin(user):
            return ()
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self._coordinates(request, obj):
            # The organisation's name, address and list are the administrators' and the
            # area's coordinators' to set.
            readonly += ("name", "slug", "kind", "municipality_code", "order")
        if obj is not None and obj.organisation_number:
            # A partner's editors fill in their number once; changing or clearing it names
            # another publisher in the open data (or none, and the catalogue goes missing), so
            # from then on only site administrators do.
            readonly += ("organisation_number",)
        return readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "organisation_number" in form.changed_data and not obj.organisation_number:
            messages.warning(
                request,
                gettext(
                    "%(name)s has no organisation number now: the open-data catalogue cannot be "
                    "shown until it has one again."
                )
                % {"name": obj.name},
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and obj.lacks_contact:
            context["contact_notices"] = [
                Notice(
                    text=contact_missing_text(obj)
                    + " "
                    + gettext(
                        "Fill in at least one of contact phone, contact e-mail or contact page."
                    )
                )
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _coordinates(self, request, obj):
        """Whether the user coordinates this partner's area (a new partner: any area)."""
        user = request.user
        if obj is None or obj.pk is None:
            return roles.is_coordinator(user)
        return obj.area_id in roles.area_ids_of(user)

    def get_prepopulated_fields(self, request, obj=None):
        if roles.is_site_admin(request.user) or self._coordinates(request, obj):
            return self.prepopulated_fields
        return {}
