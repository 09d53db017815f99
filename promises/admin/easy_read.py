"""What editors need to see which promises still lack a lättläst text: the promise list's
filter “Lättläst text” and the count on a period's page."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from promises.editing import roles
from promises.models import Promise

EASY_READ_PARAMETER = "lattlast"
EASY_READ_MISSING = "saknas"


class EasyReadFilter(admin.SimpleListFilter):
    """“Lättläst text”: “Saknas” lists the promises nobody has written one for yet."""

    title = gettext_lazy("easy-to-read text")
    parameter_name = EASY_READ_PARAMETER

    def lookups(self, request, model_admin):
        return [(EASY_READ_MISSING, gettext_lazy("missing"))]

    def queryset(self, request, queryset):
        if self.value() == EASY_READ_MISSING:
            return queryset.lacking_easy_read()
        if self.value() is not None:
            # Answered as any unusable list address: a Swedish 400 (admin/lists.py).
            raise IncorrectLookupParameters
        return queryset


def missing_in_period(user, period) -> dict:
    """How many of the period's promises the user sees lack a lättläst text, of how many, and
    the promise list showing them (one query)."""
    counts = roles.visible(user, Promise.objects.filter(period=period)).aggregate(
        total=Count("pk"), missing=Count("pk", filter=Q(easy_read_text=""))
    )
    query = urlencode({"period__id__exact": period.pk, EASY_READ_PARAMETER: EASY_READ_MISSING})
    return {**counts, "url": f"{reverse('admin:promises_promise_changelist')}?{query}"}
