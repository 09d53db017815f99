"""The admin for areas: site administrators add, change and delete them; an area's
coordinators see their own area (its name, places and county), and nobody else's."""

from django.contrib import admin

from promises.admin.history import HistoryAdmin
from promises.admin.scope import ScopedAdminMixin
from promises.editing.concurrency import ConcurrencyFormMixin
from promises.models import Area


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, HistoryAdmin):
    form = ConcurrencyFormMixin
    list_display = ("name", "places", "county", "updated_at")
    list_filter = ("county",)
    search_fields = ("name", "places", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "places", "county", "edit_token")
