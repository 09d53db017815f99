"""Actions and indicators on the public pages: what the promise page prefetches to show them,
and the period's åtgärdsplan page (`/medborgarloften/<slug>/atgardsplan/`), at a constant
number of queries whatever their number."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from promises.caching.content_stamp import PERIOD
from promises.caching.validators import public_page
from promises.models import (
    NOT_ASSESSED_LABEL,
    Action,
    ActionNote,
    ActionStatus,
    Indicator,
    Partner,
    PromisePeriod,
)
from promises.publishing import action_plan as action_plan_seo
from promises.publishing import action_plan_data

# The status filter's value for actions not assessed yet (Action.status_code).
NOT_ASSESSED = "ej-bedomd"


def public_actions():
    """A promise's published actions with their notes and responsible partner (two queries
    for any number of promises)."""
    return Prefetch(
        "actions",
        queryset=Action.objects.published()
        .select_related("responsible")
        .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.all())),
        to_attr="public_actions",
    )


def public_indicators():
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.filter(is_published=True).prefetch_related("values"),
        to_attr="public_indicators",
    )


class ActionPlanFilterForm(forms.Form):
    """`?ansvarig=<partner slug>&status=<gron|gul|rod|ej-bedomd>`: plain links, each filtered
    plan has its own address; anything else answers 400 with a Swedish message."""

    ansvarig = forms.ChoiceField(label=_("Responsible"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    invalid_messages = {
        "ansvarig": _("“%(value)s” is not one of the partners."),
        "status": _("“%(value)s” is not a status."),
    }

    def __init__(self, data, *, partners):
        super().__init__(data)
        everything = ("", _("All"))
        self.fields["ansvarig"].choices = [everything, *((p.slug, p.name) for p in partners)]
        self.fields["status"].choices = [everything, *status_choices()]
        for name, field in self.fields.items():
            field.error_messages["invalid_choice"] = self.invalid_messages[name]

    def matches(self, action) -> bool:
        data = self.cleaned_data
        if data.get("ansvarig") and action.responsible.slug != data["ansvarig"]:
            return False
        return not data.get("status") or action.status_code == data["status"]

    def links(self, name):
        """(label, query string, chosen) for every choice of one filter, keeping the other."""
        chosen = self.cleaned_data if self.is_valid() else {}
        links = []
        for value, label in self.fields[name].choices:
            params = {key: val for key, val in chosen.items() if val and key != name}
            if value:
                params[name] = value
            query = "?" + urlencode(params) if params else ""
            links.append((label, query, chosen.get(name, "") == value))
        return links


def status_choices():
    return [*ActionStatus.choices, (NOT_ASSESSED, NOT_ASSESSED_LABEL)]


def action_plan_exists(request, slug):
    return PromisePeriod.objects.published().filter(slug=slug).exists()


@require_safe
@public_page(exists=action_plan_exists, scope=PERIOD)
def action_plan(request, slug):
    """Every promise of a period with its published actions: who, what, when, status."""
    periods = PromisePeriod.objects.visible_to(request.user)
    period = get_object_or_404(periods, slug=slug)
    # The period's own area's partners: on a register, every partner in Sweden would make the
    # filter a list of hundreds, none of them responsible for anything here.
    partners = list(Partner.objects.filter(area_id=period.area_id))
    form = ActionPlanFilterForm(request.GET, partners=partners)
    valid = form.is_valid()
    promises = list(period.promises.order_by("order", "pk").prefetch_related(public_actions()))
    rows = []
    for number, promise in enumerate(promises, start=1):
        actions = [a for a in promise.public_actions if valid and form.matches(a)]
        rows.append((number, promise, actions))
    is_filtered = any(request.GET.get(name) for name in form.fields)
    context = {
        "period": period,
        "form": form,
        "rows": rows if not is_filtered else [row for row in rows if row[2]],
        "action_count": sum(len(row[2]) for row in rows),
        "is_filtered": is_filtered,
        "responsible_links": form.links("ansvarig"),
        "status_links": form.links("status"),
        "nav": "periods",
        "page": action_plan_seo.action_plan_page(request, period),
    }
    status = 200 if valid else 400
    response = render(request, "promises/action_plan.html", context, status=status)
    if not period.is_published:
        add_never_cache_headers(response)
    return response


def public_period_promises(slug):
    """A published period and its promises in page order, with their public actions and
    indicators: constant queries for the data files."""
    period = get_object_or_404(PromisePeriod.objects.published(), slug=slug)
    promises = list(
        period.promises.order_by("order", "pk").prefetch_related(
            public_actions(), public_indicators()
        )
    )
    return period, promises


def _data_response(response, filename):
    # Open data may be read by anyone's web page, not just ours.
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@public_page(exists=action_plan_exists, scope=PERIOD)
def action_plan_json(request, slug):
    period, promises = public_period_promises(slug)
    document = action_plan_data.action_plan_document(period, promises)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _data_response(response, f"atgardsplan-{period.slug}.json")


@require_safe
@public_page(exists=action_plan_exists, scope=PERIOD)
def action_plan_csv(request, slug):
    period, promises = public_period_promises(slug)
    response = HttpResponse(
        action_plan_data.action_plan_csv(period, promises),
        content_type="text/csv; charset=utf-8; header=present",
    )
    return _data_response(response, f"atgardsplan-{period.slug}.csv")
