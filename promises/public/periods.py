"""The public pages about periods, promises and partners, and the open-data files' views."""

import re

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from promises.caching.content_stamp import PARTNER, PERIOD
from promises.caching.filter_addresses import AREA, PAGE
from promises.caching.validators import public_page
from promises.models import (
    Area,
    FollowUp,
    GlossaryTerm,
    Partner,
    Promise,
    PromisePeriod,
    status_label,
)
from promises.models.promises import join_names
from promises.public import action_plan, area_choice, areas, indicator_chart, overview, pagination
from promises.public.open_data_reach import open_data_reach
from promises.publishing import open_data, seo, sitemaps
from promises.publishing.feeds import ChangesFeed
from promises.publishing.site_identity import site_identity
from promises.publishing.sitemaps import SITEMAPS


def period_with_content(queryset):
    return queryset.select_related("area").prefetch_related(
        "partners",
        Prefetch(
            "promises",
            queryset=Promise.objects.with_givers()
            .with_status()
            .with_giver_statuses()
            .prefetch_related("focus_areas"),
        ),
    )


def period_with_follow_ups(queryset):
    """For the data files: also each promise's published follow-ups with their details."""
    follow_ups = (
        FollowUp.objects.published().select_related("reported_by").with_details().timeline_order()
    )
    return period_with_content(queryset).prefetch_related(
        Prefetch("promises__follow_ups", queryset=follow_ups, to_attr="public_follow_ups")
    )


def published_period_exists(request, slug):
    return PromisePeriod.objects.published().filter(slug=slug).exists()


def partner_exists(request, slug):
    return Partner.objects.filter(slug=slug).exists()


def public_promise_exists(request, slug, pk):
    return Promise.objects.public().filter(period__slug=slug, pk=pk).exists()


@require_safe
@public_page()
def home(request):
    if site_identity(request).is_register:
        return areas.register_home(request)
    period = period_with_content(PromisePeriod.objects.published()).current_or_latest()
    context = {
        "period": period,
        "overview": overview.period_overview(period.promises.all()) if period else None,
        "result": overview.result_sentence(period.promises.all()) if period else "",
        "nav": "home",
        "page": seo.home_page(request, period),
    }
    return render(request, "promises/home.html", context)


# Periods on one page of /medborgarloften/ and areas on one page of /parter/ (a register).
PERIODS_PER_PAGE = 50
AREAS_PER_PAGE = 50


def valid_page_number(request, **kwargs):
    return pagination.page_number_is_valid(request)


def valid_area_and_page(request, **kwargs):
    return pagination.page_number_is_valid(request) and area_choice.area_exists(request)


@require_safe
@public_page(exists=valid_page_number)
def period_list(request):
    try:
        pages = pagination.paginate(
            request,
            PromisePeriod.objects.published().select_related("area"),
            per_page=PERIODS_PER_PAGE,
        )
    except pagination.BadPage as error:
        return pagination.bad_page_response(request, error, first_page_url=request.path)
    page = seo.period_list_page(request, pages.items)
    page.path = pages.current_url
    context = {
        "periods": pages.items,
        "pagination": pages,
        "nav": "periods",
        "page": page,
    }
    return render(request, "promises/period_list.html", context)


@require_safe
@public_page(exists=published_period_exists, scope=PERIOD)
def period_detail(request, slug):
    periods = PromisePeriod.objects.visible_to(request.user)
    period = get_object_or_404(period_with_content(periods), slug=slug)
    context = {
        "period": period,
        "overview": overview.period_overview(period.promises.all()),
        "nav": "periods",
        "page": seo.period_page(request, period),
    }
    response = render(request, "promises/period_detail.html", context)
    if not period.is_published:
        # A draft preview is for one editor's eyes: never store it in any cache.
        add_never_cache_headers(response)
    return response


@require_safe
@public_page(exists=public_promise_exists, scope=PERIOD)
def promise_detail(request, slug, pk):
    promises = (
        Promise.objects.with_givers()
        .with_status()
        .select_related("period__area")
        .prefetch_related(
            "focus_areas",
            # Drafts of follow-ups are never shown here, not even to editors.
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.published()
                .select_related("reported_by")
                .with_details()
                .timeline_order(),
                to_attr="public_follow_ups",
            ),
            action_plan.public_actions(),
            action_plan.public_indicators(),
        )
    )
    if not (request.user.is_active and request.user.is_staff):
        promises = promises.public()
    promise = get_object_or_404(promises, period__slug=slug, pk=pk)
    context = {
        "promise": promise,
        "follow_ups": promise.public_follow_ups,
        "actions": promise.public_actions,
        "indicators": indicator_chart.indicator_views(promise.public_indicators),
        "glossary_terms": list(GlossaryTerm.objects.all()),
        "period": promise.period,
        "nav": "periods",
        "page": seo.promise_page(request, promise),
    }
    response = render(request, "promises/promise_detail.html", context)
    if not promise.period.is_published:
        add_never_cache_headers(response)
    return response


@require_safe
@public_page(exists=valid_area_and_page)
def partner_list(request):
    """Every partner of a one-area site; a register lists its areas, each linking to the
    area's partners (`?polisomrade=`), so the page stays small with hundreds of areas."""
    try:
        area = area_choice.chosen_area(request)
        pages = None
        if area is None and site_identity(request).is_register:
            areas_with_partners = (
                Area.objects.with_published_periods()
                .annotate(partner_count=Count("partners", distinct=True))
                .order_by("name")
            )
            pages = pagination.paginate(
                request, areas_with_partners, per_page=AREAS_PER_PAGE, parameters=(AREA, PAGE)
            )
        elif pagination.requested_number(request) > 1:  # junk is 400, as on every list
            raise pagination.BadPage(_("This list has only one page."), 404)
    except pagination.BadPage as error:
        return pagination.bad_page_response(request, error, first_page_url=request.path)
    partners = Partner.objects.filter(area=area) if area else Partner.objects.all()
    partners = [] if pages else list(partners)
    page = seo.partner_list_page(request, partners, area)
    if pages:
        page.path = pages.current_url
    context = {
        "partners": partners,
        "area": area,
        "areas": pages.items if pages else [],
        "pagination": pages,
        "nav": "partners",
        "page": page,
    }
    return render(request, "promises/partner_list.html", context)


@require_safe
@public_page(exists=partner_exists, scope=PARTNER)
def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.select_related("area"), slug=slug)
    promises = (
        Promise.objects.public()
        .filter(givers=partner)
        .with_status()
        .with_status_of(partner)
        .select_related("period")
        .prefetch_related("givers")
        .order_by("-period__starts_on", "period", "order", "pk")
    )
    periods_with_promises = []
    for promise in promises:
        promise.own_status_label = status_label(promise.own_status)
        promise.other_givers = join_names([g.name for g in promise.givers.all() if g != partner])
        if not periods_with_promises or periods_with_promises[-1][0] != promise.period:
            periods_with_promises.append((promise.period, []))
        periods_with_promises[-1][1].append(promise)
    context = {
        "partner": partner,
        "periods_with_promises": periods_with_promises,
        "nav": "partners",
        "page": seo.partner_page(
            request, partner, [p for _, ps in periods_with_promises for p in ps]
        ),
    }
    return render(request, "promises/partner_detail.html", context)


def valid_area(request, **kwargs):
    return area_choice.area_exists(request)


@require_safe
@public_page(exists=valid_area)
def open_data_page(request):
    """The files and embed codes of every period; on a register, of one chosen area's periods
    (`?polisomrade=`): each period's lines and embed codes were about 2.7 kB."""
    try:
        area = area_choice.chosen_area(request)
    except pagination.BadPage as error:
        return pagination.bad_page_response(request, error, first_page_url=request.path)
    periods = PromisePeriod.objects.published().select_related("area")
    areas = []
    if area is not None:
        periods = list(periods.filter(area=area).prefetch_related("partners"))
    elif site_identity(request).is_register:
        periods = []
        areas = list(Area.objects.with_published_periods().order_by("name").only("name", "slug"))
    else:
        periods = list(periods.prefetch_related("partners"))
    page = seo.open_data_page(request)
    if area is not None:
        page.path = f"{page.path}?{AREA}={area.slug}"
    context = {
        "periods": periods,
        "area": area,
        "areas": areas,
        "nav": "open-data",
        "page": page,
    }
    context.update(open_data_reach(periods))
    return render(request, "promises/open_data.html", context)


@require_safe
@public_page()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def data_response(response, filename=None):
    # Open data may be read by anyone's web page, not just ours.
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def json_response(document, filename=None):
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return data_response(response, filename)


def csv_response(text, filename):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8; header=present")
    return data_response(response, filename)


@require_safe
@public_page()
def periods_json(request):
    document = open_data.index_document(PromisePeriod.objects.published())
    return json_response(document)


@require_safe
@public_page(exists=published_period_exists, scope=PERIOD)
def period_json(request, slug):
    period = get_object_or_404(period_with_follow_ups(PromisePeriod.objects.published()), slug=slug)
    document = open_data.period_document(period)
    return json_response(document, f"medborgarlofte-{period.slug}.json")


@require_safe
@public_page(exists=published_period_exists, scope=PERIOD)
def period_csv(request, slug):
    period = get_object_or_404(period_with_content(PromisePeriod.objects.published()), slug=slug)
    return csv_response(open_data.period_csv(period), f"medborgarlofte-{period.slug}.csv")


@require_safe
@public_page(exists=published_period_exists, scope=PERIOD)
def follow_ups_csv(request, slug):
    period = get_object_or_404(period_with_follow_ups(PromisePeriod.objects.published()), slug=slug)
    return csv_response(
        open_data.follow_ups_csv(period), f"medborgarlofte-{period.slug}-uppfoljningar.csv"
    )


def sitemap_section_exists(request, section, **kwargs):
    return section in SITEMAPS


@require_safe
@public_page()
@sitemap_views.x_robots_tag
def sitemap_index(request):
    context = {"sitemaps": sitemaps.index_items(request=request)}
    return TemplateResponse(request, "sitemap_index.xml", context, content_type="application/xml")


# The page number as the index writes it. Django's paginator also takes "02", "+2" or "2_0"
# for page 2; each would be another address for the page cache to store.
SITEMAP_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@require_safe
@public_page(exists=sitemap_section_exists, stored_parameters=("p",))
def sitemap(request, **kwargs):
    number = request.GET.get("p")
    if number is not None and not SITEMAP_PAGE_NUMBER.fullmatch(number):
        raise Http404("No such sitemap page")
    return sitemap_views.sitemap(request, **kwargs)


changes_feed = require_safe(public_page()(ChangesFeed()))
