"""Lättläst: the site's easy-to-read Swedish pages (webbriktlinjer guideline 12).

What a medborgarlöfte is, how the promises are followed up and how to get in touch are site
texts the project writes (gettext, the Swedish catalogue holds the lättläst wording); what an
area promised this period is each promise's `easy_read_text`, written by editors, or its
ordinary text with a note where none is written yet, never an empty space.

With hundreds of areas the promises are one area's page each (`/lattlast/omraden/<slug>/`,
scoped to that area's stamp, so an edit in one area leaves the others' stored pages alone); a
resident chooses the area with a plain GET form (`/lattlast/valj/`, which only redirects).
Every page is Swedish whatever language the rest of the site is read in: lättläst is Swedish.
"""

import functools

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from medborgarlofte import languages
from promises.caching.content_stamp import AREA
from promises.caching.validators import public_page
from promises.models import (
    MIXED,
    NO_FOLLOW_UP,
    Area,
    FollowUpStatus,
    Partner,
    Promise,
    PromisePeriod,
    status_label,
    swedish_date,
)
from promises.public import area_choice, area_finder, pagination
from promises.public.areas import published_area_exists
from promises.publishing import seo
from promises.publishing.site_identity import site_identity

# Every status word, each said simply (the same order as "Så följer vi upp").
STATUS_WORDS = (
    (FollowUpStatus.NOT_STARTED, _("The work has not started yet.")),
    (FollowUpStatus.IN_PROGRESS, _("They are working on the promise now.")),
    (FollowUpStatus.DONE, _("They have done what they promised.")),
    (FollowUpStatus.PARTLY_DONE, _("They have done a part of what they promised.")),
    (FollowUpStatus.NOT_DONE, _("They have not done what they promised.")),
    (FollowUpStatus.UNCLEAR, _("They cannot say yet if the work has helped.")),
    (MIXED, _("Several give the promise together. They have come different far.")),
    (NO_FOLLOW_UP, _("They have not told us yet how it is going.")),
)

# Where the area choice leads (`till`): the area's promises, or how to reach its partners.
DESTINATIONS = {"loften": "promises:easy_read_area", "kontakt": "promises:easy_read_contact_area"}

NAV = "easy-read"


def in_swedish(view):
    """Answer in Swedish: lättläst is easy-to-read Swedish. Its one address is the Swedish
    one: `/en/lattlast/…` and `/ar/lattlast/…` would be the same Swedish page under an
    address (and hreflang) that says English or Arabic, so they redirect there, and the
    header's language links lead to the other languages' start pages
    (medborgarlofte/languages.py)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if translation.get_language() != settings.LANGUAGE_CODE:
            swedish_address = languages.translate_path(
                request.get_full_path(), settings.LANGUAGE_CODE
            )
            return HttpResponsePermanentRedirect(swedish_address)
        request.only_in_swedish = True
        return view(request, *args, **kwargs)

    return wrapper


def swedish(request, template, context):
    return render(request, template, {"nav": NAV, **context})


def area_choice_context(request) -> dict:
    """What the pages need to let a resident choose their area: a register's areas for a
    select, or a one-area site's only area."""
    if site_identity(request).is_register:
        areas = list(Area.objects.with_published_periods().order_by("name").only("name", "slug"))
        return {"choice_areas": areas, "only_area": None}
    only = Area.objects.with_published_periods().order_by("pk").first()
    return {"choice_areas": [], "only_area": only}


def page(request, title, description, url_name, **kwargs):
    path = reverse(url_name, kwargs=kwargs or None)
    home = (_("Easy-to-read Swedish"), reverse("promises:easy_read"))
    crumbs = [seo.home_crumb(), home] + ([(title, path)] if path != home[1] else [])
    return seo.Page(
        only_in_swedish=True,
        request=request,
        title=f"{title} – {seo.site_name(request)}",
        description=description,
        path=path,
        breadcrumbs=crumbs,
    )


@require_safe
@public_page()
@in_swedish
def index(request):
    context = {
        **area_choice_context(request),
        "page": page(
            request,
            _("Easy-to-read Swedish"),
            _("What a citizen promise is, in easy-to-read Swedish."),
            "promises:easy_read",
        ),
    }
    return swedish(request, "promises/easy_read/index.html", context)


@require_safe
@public_page()
@in_swedish
def follow_up(request):
    words = [(code, status_label(code), explained) for code, explained in STATUS_WORDS]
    context = {
        **area_choice_context(request),
        "status_words": words,
        "page": page(
            request,
            _("How the promises are followed up"),
            _("What the status words mean, in easy-to-read Swedish."),
            "promises:easy_read_follow_up",
        ),
    }
    return swedish(request, "promises/easy_read/follow_up.html", context)


@require_safe
@public_page()
@in_swedish
def contact(request):
    context = {
        **area_choice_context(request),
        "page": page(
            request,
            _("How to get in touch"),
            _("Call 112 when it is urgent. Call 114 14 when it is not urgent."),
            "promises:easy_read_contact",
        ),
    }
    return swedish(request, "promises/easy_read/contact.html", context)


@require_safe
@in_swedish
def choose(request):
    """The area choice's form answer: on to the chosen area's page, never stored."""
    try:
        area = area_choice.chosen_area(request)
    except pagination.BadPage as error:
        return pagination.bad_page_response(
            request, error, first_page_url=reverse("promises:easy_read")
        )
    if area is None:
        return HttpResponseRedirect(reverse("promises:easy_read"))
    destination = DESTINATIONS.get(request.GET.get("till"), DESTINATIONS["loften"])
    return HttpResponseRedirect(reverse(destination, kwargs={"slug": area.slug}))


def current_period(area) -> PromisePeriod:
    periods = list(PromisePeriod.objects.published().filter(area=area).order_by("-starts_on"))
    return area_finder.current_or_latest(periods)


def when(period) -> list[str]:
    """When the promises apply, in short sentences."""
    dates = {"start": swedish_date(period.starts_on), "end": swedish_date(period.ends_on)}
    status = period.status()
    if status == PromisePeriod.Status.UPCOMING:
        return [
            gettext("The promises start to apply on %(start)s.") % dates,
            gettext("They apply until %(end)s.") % dates,
        ]
    if status == PromisePeriod.Status.ENDED:
        return [
            gettext("The promises applied from %(start)s to %(end)s.") % dates,
            gettext("That time is over now."),
        ]
    return [
        gettext("The promises apply now."),
        gettext("They apply from %(start)s to %(end)s.") % dates,
    ]


@require_safe
@public_page(exists=published_area_exists, scope=AREA)
@in_swedish
def area_promises(request, slug):
    area = get_object_or_404(Area.objects.with_published_periods(), slug=slug)
    period = current_period(area)
    promises = list(
        Promise.objects.filter(period=period).with_givers().with_status().order_by("order", "pk")
    )
    for number, promise in enumerate(promises, start=1):
        promise.number = number
        # Its address names the period: the one read already, not one query per promise.
        promise.period = period
    context = {
        "area": area,
        "period": period,
        "when": when(period),
        "promises": promises,
        "page": page(
            request,
            _("What was promised in %(area)s") % {"area": area.name},
            _("The promises in %(area)s, in easy-to-read Swedish.") % {"area": area.name},
            "promises:easy_read_area",
            slug=area.slug,
        ),
    }
    return swedish(request, "promises/easy_read/area.html", context)


@require_safe
@public_page(exists=published_area_exists, scope=AREA)
@in_swedish
def area_contact(request, slug):
    area = get_object_or_404(Area.objects.with_published_periods(), slug=slug)
    context = {
        "area": area,
        "partners": list(Partner.objects.filter(area=area)),
        "page": page(
            request,
            _("Get in touch in %(area)s") % {"area": area.name},
            _("How to reach the police and the municipality in %(area)s.") % {"area": area.name},
            "promises:easy_read_contact_area",
            slug=area.slug,
        ),
    }
    return swedish(request, "promises/easy_read/area_contact.html", context)
