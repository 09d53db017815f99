"""The areas' public pages: the register's start page, every area by county with the finder,
one area's page (its current citizen promise, as the start page shows a one-area site's), and
each area's feed."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from medborgarlofte import languages
from promises.caching.content_stamp import AREA
from promises.caching.validators import public_page
from promises.models import Area, FollowUp, PromisePeriod
from promises.public import area_finder, overview
from promises.publishing import seo
from promises.publishing.feeds import AreaFeed
from promises.publishing.site_identity import area_feed_title

LATEST_FOLLOW_UPS = 10


def published_area_exists(request, slug):
    return Area.objects.with_published_periods().filter(slug=slug).exists()


def query_is_acceptable(request):
    return area_finder.is_acceptable(request.GET.get("q", ""))


def latest_follow_ups():
    """The newest published follow-ups across every area, a bounded number."""
    return list(
        FollowUp.objects.public()
        .select_related("promise__period__area", "reported_by")
        .timeline_order()[:LATEST_FOLLOW_UPS]
    )


def register_home(request):
    """The start page of a site with several areas: the way in for every resident."""
    entries = area_finder.listed_areas()
    context = {
        "counties": area_finder.by_county(entries),
        "area_count": len(entries),
        "follow_ups": latest_follow_ups(),
        "max_length": area_finder.MAX_QUERY_LENGTH,
        "nav": "home",
        "page": seo.register_home_page(request),
    }
    return render(request, "promises/register_home.html", context)


@require_safe
@public_page(exists=query_is_acceptable)
def area_list(request):
    query = request.GET.get("q", "")
    acceptable = area_finder.is_acceptable(query)
    # As the search: an over-long query is not carried into the other languages' lists.
    languages.keep_parameters(request, ("q",) if acceptable else ())
    searched = acceptable and bool(area_finder.words_of(query))
    # Only a search needs every area's periods and partners (two queries); the list by county
    # needs the areas alone.
    entries = area_finder.published_areas() if searched else area_finder.listed_areas()
    context = {
        "query": query.strip() if acceptable else "",
        "searched": searched,
        "too_long": not acceptable,
        "max_length": area_finder.MAX_QUERY_LENGTH,
        "found": area_finder.find(entries, query) if searched else [],
        "counties": area_finder.by_county(entries),
        "area_count": len(entries),
        "nav": "areas",
        "page": seo.area_list_page(request),
    }
    return render(request, "promises/area_list.html", context, status=200 if acceptable else 400)


@require_safe
@public_page(exists=published_area_exists, scope=AREA)
def area_detail(request, slug):
    area = get_object_or_404(Area.objects.with_published_periods(), slug=slug)
    # Imported here, not at the top: periods.py is the pages' module and imports this one's
    # home page for a register.
    from promises.public.periods import period_with_content

    periods = list(PromisePeriod.objects.published().filter(area=area).order_by("-starts_on"))
    current = area_finder.current_or_latest(periods)
    period = period_with_content(PromisePeriod.objects.filter(pk=current.pk)).get()
    context = {
        "area": area,
        "period": period,
        "other_periods": [p for p in periods if p.pk != period.pk],
        "overview": overview.period_overview(period.promises.all()),
        "result": overview.result_sentence(period.promises.all()),
        "nav": "areas",
        "area_feed_title": area_feed_title(area),
        "page": seo.area_page(request, area, period),
    }
    return render(request, "promises/area_detail.html", context)


area_feed = require_safe(public_page(exists=published_area_exists, scope=AREA)(AreaFeed()))
