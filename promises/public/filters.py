"""Residents' filters for the promise list: area, period, focus area, giver and status.

Plain GET parameters, so every filtered list has its own shareable address and works without
JavaScript: `/loften/?omrade=droghandel&givare=polisen&status=in_progress`. Unknown values are
refused with a Swedish message (the view answers 400), never a server error.

Bounded with any number of areas: the area (`polisomrade`) is offered when there are several;
the periods and partners listed are the chosen area's (or, with one area, all of them), so the
form is not a list of every period and partner of the register. Any published period and any
partner stays valid without an area (a shared link keeps working) and is listed when chosen.
"""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from promises.caching.filter_addresses import AREA, slug_or_nothing
from promises.models import Area, FocusArea, Partner, Promise, PromisePeriod, all_statuses
from promises.public.long_select import LongSelect
from promises.public.overview import MUNICIPALITIES, POLICE


class PromiseFilterForm(forms.Form):
    # LongSelect: the same HTML as Django's Select, without a template include per option
    # (the area choice lists every area of the register).
    polisomrade = forms.ChoiceField(label=_("Area"), required=False, widget=LongSelect)
    period = forms.ChoiceField(label=_("Period"), required=False, widget=LongSelect)
    omrade = forms.ChoiceField(label=_("Focus area"), required=False, widget=LongSelect)
    givare = forms.ChoiceField(label=_("Given by"), required=False, widget=LongSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=LongSelect)

    invalid_messages = {
        "polisomrade": _("There is no area called “%(value)s” with a published citizen promise."),
        "period": _("There is no published period called “%(value)s”."),
        "omrade": _("There is no focus area called “%(value)s”."),
        "givare": _("“%(value)s” is not one of the partners."),
        "status": _("“%(value)s” is not a status."),
    }

    def __init__(self, data, *, areas, periods, focus_areas, partners):
        super().__init__(data)
        self.partners = {partner.slug: partner for partner in partners}
        everything = ("", _("All"))
        self.area = next((a for a in areas if a.slug == (data or {}).get("polisomrade")), None)
        # The partners given are all that "the police" and "the municipalities" can mean.
        self.has_every_giver = self.area is not None or len(areas) <= 1
        # With one area the choice would be that area or "All", the same list: offered only
        # when a link names it.
        self.fields["polisomrade"].choices = [
            everything,
            *((a.slug, a.name) for a in areas if len(areas) > 1 or a == self.area),
        ]
        self.fields["period"].choices = [everything, *((p.slug, p.title) for p in periods)]
        # Only areas that published promises work on are offered, each with its count; an
        # unused area stays valid (a shared link keeps working) and is listed only when chosen.
        chosen_area = (data or {}).get("omrade")
        self.fields["omrade"].choices = [
            everything,
            *(
                (area.slug, self.area_label(area))
                for area in focus_areas
                if area.public_promise_count or area.slug == chosen_area
            ),
        ]
        self.area_names = {area.slug: str(area) for area in focus_areas}
        municipalities = [p for p in partners if p.kind == Partner.Kind.MUNICIPALITY]
        police = [p for p in partners if p.kind == Partner.Kind.POLICE_AREA]
        chosen_giver = (data or {}).get("givare")
        # One choice per partner: "Polisen" is the police area; listed under its own name as
        # well, it looked like two givers. The police area's own slug stays valid (a shared
        # link keeps working) and is listed only when chosen; with two police areas both are.
        self.fields["givare"].choices = [
            everything,
            (POLICE, _("The police")),
            (MUNICIPALITIES, _("The municipalities (all)")),
            *((p.slug, p.name) for p in municipalities),
            *(
                (p.slug, p.name)
                for p in partners
                if p.kind != Partner.Kind.MUNICIPALITY
                and (len(police) > 1 or p not in police or p.slug == chosen_giver)
            ),
        ]
        self.fields["status"].choices = [everything, *all_statuses()]
        for name, field in self.fields.items():
            field.error_messages["invalid_choice"] = self.invalid_messages[name]

    @staticmethod
    def area_label(area):
        count = area.public_promise_count
        return ngettext("%(name)s (%(count)d promise)", "%(name)s (%(count)d promises)", count) % {
            "name": area,
            "count": count,
        }

    def filter(self, promises):
        """Apply the valid filters to a queryset annotated `with_status()`."""
        data = self.cleaned_data
        if self.area:
            promises = promises.filter(period__area=self.area)
        if data.get("period"):
            promises = promises.filter(period__slug=data["period"])
        if data.get("omrade"):
            promises = promises.filter(
                pk__in=Promise.focus_areas.through.objects.filter(
                    focusarea__slug=data["omrade"]
                ).values("promise_id")
            )
        # Every area's police or municipalities are named by their kind, not by hundreds of
        # ids (and not read: chosen_givers() would load them all).
        side = self.every_areas_side()
        givers = None if side else self.chosen_givers()
        if side:
            promises = promises.given_by(kind=side)
        elif givers is not None:
            promises = promises.given_by(givers)
        if data.get("status") and (side or givers is not None):
            # The chosen givers' own status, not the promise's overall one: Stenungsund's
            # "Genomfört" on a joint promise counts although Tjörn reported "Pågår".
            among = promises.with_status_among(givers, kind=side)
            promises = among.filter(chosen_status=data["status"])
        elif data.get("status"):
            promises = promises.filter(current_status=data["status"])
        return promises

    def every_areas_side(self):
        """The partner kind when "the police" or "the municipalities" of every area is chosen
        (a register without a chosen area), else None."""
        giver = self.cleaned_data.get("givare") if self.is_valid() else None
        if giver not in (POLICE, MUNICIPALITIES) or self.has_every_giver:
            return None
        return Partner.Kind.POLICE_AREA if giver == POLICE else Partner.Kind.MUNICIPALITY

    def chosen_givers(self):
        """The partners the "Ges av" choice stands for, or None when it is not used: "the
        police" and "the municipalities" are the chosen area's, or every area's (then one
        query, asked once)."""
        giver = self.cleaned_data.get("givare") if self.is_valid() else None
        if giver in (POLICE, MUNICIPALITIES):
            kind = Partner.Kind.POLICE_AREA if giver == POLICE else Partner.Kind.MUNICIPALITY
            if self.has_every_giver:
                return [p for p in self.partners.values() if p.kind == kind]
            if not hasattr(self, "_side"):
                self._side = list(Partner.objects.filter(kind=kind))
            return self._side
        if giver:
            return [self.partners[giver]]
        return None

    def chosen(self):
        """The chosen filters in words, e.g. [("Status", "Pågår")], for the page's summary."""
        if not self.is_valid():
            return []
        return [
            (
                self.fields[name].label,
                self.area_names[value]
                if name == "omrade"
                else self.area.name
                if name == "polisomrade"
                else dict(self.fields[name].choices)[value],
            )
            for name, value in self.cleaned_data.items()
            if value
        ]


def filter_form(data):
    """The form with what it lists: four queries whatever the number of areas. The periods
    and partners read are the chosen area's (all of them while there is one area) and the
    period and partner an address names, so a shared link is checked and listed."""
    # Only what the form reads: every area of the register is listed.
    areas = list(Area.objects.with_published_periods().only("pk", "name", "slug").order_by("name"))
    periods = PromisePeriod.objects.published()
    partners = Partner.objects.all()
    chosen_area = slug_or_nothing(data.get(AREA))
    if chosen_area or len(areas) > 1:
        chosen_period = slug_or_nothing(data.get("period"))
        chosen_giver = slug_or_nothing(data.get("givare"))
        periods = periods.filter(Q(area__slug=chosen_area) | Q(slug=chosen_period))
        partners = partners.filter(Q(area__slug=chosen_area) | Q(slug=chosen_giver))
    return PromiseFilterForm(
        data,
        areas=areas,
        periods=list(periods),
        focus_areas=list(
            FocusArea.objects.annotate(
                public_promise_count=Count(
                    "promises", filter=Q(promises__period__is_published=True), distinct=True
                )
            )
        ),
        partners=list(partners),
    )
