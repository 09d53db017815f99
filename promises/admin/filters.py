"""List filters with the words residents' pages use, limited to what the user may see.

With hundreds of areas a filter of every period or partner would list thousands of links
(and name other areas' drafts): the filters list only the rows of the user's own area, and a
user who works in several areas (site administrators) first chooses the area ("Område"), and
then sees that area's periods and partners to filter by.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from promises.admin.scope import as_area_id, single_area_id
from promises.editing import roles
from promises.models import Area

AREA_PARAMETER = "omrade"


def areas_in_reach(user):
    """The areas whose rows the user may see in the lists."""
    if roles.is_site_admin(user):
        return Area.objects.all()
    return Area.objects.filter(pk__in=roles.reachable_area_ids(user))


def filtered_area_id(request):
    """The area the list is filtered by, else the user's only area, else None: then the
    period and partner filters wait until an area is chosen."""
    chosen = as_area_id(request.GET.get(AREA_PARAMETER))
    return chosen if chosen is not None else single_area_id(request.user)


class AreaFilter(admin.SimpleListFilter):
    """“Område”: shown to those who work in more than one area."""

    title = _("area")
    parameter_name = AREA_PARAMETER

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        # Checked here, not only when filtering: Django leaves a filter without choices (a
        # user of one area) out of the list, and would then ignore the address's area.
        self.chosen_area_id(request)

    def chosen_area_id(self, request):
        value = self.value()
        if value is None:
            return None
        area_id = as_area_id(value)
        if area_id is None or not areas_in_reach(request.user).filter(pk=area_id).exists():
            # Answered as any unusable list address: a Swedish 400 (admin/lists.py).
            raise IncorrectLookupParameters
        return area_id

    def lookups(self, request, model_admin):
        areas = areas_in_reach(request.user).order_by("name").values_list("pk", "name")
        choices = [(str(pk), name) for pk, name in areas]
        return choices if len(choices) > 1 else []

    def queryset(self, request, queryset):
        area_id = self.chosen_area_id(request)
        if area_id is None:
            return queryset
        return queryset.filter(**{roles.area_path(queryset.model): area_id})


class AreaRowsFilter(admin.RelatedFieldListFilter):
    """A filter of related rows (periods, partners) of the filtered area only."""

    def rows_in_reach(self, request):
        raise NotImplementedError

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        area_id = filtered_area_id(request)
        shown = self.rows_in_reach(request).filter(area_id=area_id) if area_id else None
        limit = Q(pk__in=shown.values("pk")) if shown is not None else Q(pk__in=[])
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=limit)


class PartnerFilter(AreaRowsFilter):
    """Partners of the filtered area."""

    def rows_in_reach(self, request):
        from promises.models import Partner

        return Partner.objects.filter(area__in=areas_in_reach(request.user))


class GiverFilter(PartnerFilter):
    """“Vem lovar”: the partners giving the promise. Every promise has a giver, so Django's
    “-” choice (rows with none) would always list nothing."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("Who promises")

    @property
    def include_empty_choice(self):
        return False


class PeriodFilter(AreaRowsFilter):
    """“Period”: only the periods of the areas the user works in, so the list filter does not
    name another area's draft periods (`roles.visible_periods`)."""

    def rows_in_reach(self, request):
        return roles.visible_periods(request.user)
