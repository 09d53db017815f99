"""E-mail alerts for residents: the subscribe form, confirming, and unsubscribing.

Like the report form, these pages set no cookie and are never stored: the subscribe form
carries a fresh signed token (promises/public/subscribe_guard.py holds its limits), and the
confirm and unsubscribe links carry their own proof (a signed token, an address key), so
they need no CSRF cookie either. What the visitor sees never depends on whether the address
is already subscribed.
"""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from promises.caching.validators import public_page
from promises.models import AlertPrivacy, Area, Partner, Promise, PromisePeriod
from promises.public import subscribe_guard
from promises.public.form_guard import Flood
from promises.public.subscribe_form import SubscribeForm
from promises.publishing import alerts, seo
from promises.publishing.site_identity import site_identity

ADDRESS_KEY = re.compile(r"[0-9a-f]{32}")
FLOOD_MESSAGES = {
    Flood.ADDRESS: gettext_lazy(
        "Many subscriptions have been asked for from your connection in the last hour. Try "
        "again later."
    ),
    Flood.SITE: gettext_lazy(
        "The form has received unusually many requests in the last hour and is paused for a "
        "while. Try again later."
    ),
    Flood.OTHER: gettext_lazy(
        "We have sent several messages to that e-mail address in the last hour. Look in the "
        "inbox (and the spam folder), or try again later."
    ),
}


def _offer(kind, obj) -> tuple[str, str, dict]:
    """One thing the page offers to follow: (choice value, label, the subscription's field)."""
    if kind == "area":
        label = _("Everything in the area %(area)s") % {"area": obj.full_name}
    elif kind == "period":
        label = _("Everything in %(period)s") % {"period": obj.title}
    elif kind == "partner":
        label = _("Everything %(partner)s promises") % {"partner": obj.name}
    else:
        label = _("Only this promise (promise %(number)s)") % {"number": obj.position()}
    return f"{kind}:{obj.pk}", label, {kind: obj}


def _page(request, title) -> seo.Page:
    return seo.Page(
        request=request,
        title=f"{title} – {seo.site_name(request)}",
        description=_("Get an e-mail when something happens with the citizen promise."),
        path=request.path,
        breadcrumbs=[seo.home_crumb(), (title, request.path)],
    )


@require_safe
def subscribe_start(request):
    """The footer's "Bevaka med e-post" on every page: the current (or latest) period's form,
    which offers the period and each of its partners. On a register of several areas the
    resident first finds their area, whose page offers its own alerts."""
    if site_identity(request).is_register:
        return redirect("promises:area_list", permanent=False)
    period = PromisePeriod.objects.published().current_or_latest()
    if period is None:
        raise Http404
    return redirect("promises:alerts_period", slug=period.slug, permanent=False)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_period(request, slug):
    period = get_object_or_404(PromisePeriod.objects.published(), slug=slug)
    offers = [_offer("period", period)]
    offers += [_offer("partner", partner) for partner in period.partners.all()]
    return _subscribe(request, period.title, offers)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_area(request, slug):
    """An area: everything in any of its periods, the coming ones too."""
    area = get_object_or_404(Area.objects.with_published_periods(), slug=slug)
    period = PromisePeriod.objects.published().filter(area=area).current_or_latest()
    offers = [_offer("area", area), _offer("period", period)]
    return _subscribe(request, area.full_name, offers)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_partner(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    return _subscribe(request, partner.name, [_offer("partner", partner)])


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_promise(request, pk):
    promise = get_object_or_404(Promise.objects.public().select_related("period"), pk=pk)
    offers = [_offer("promise", promise), _offer("period", promise.period)]
    offers += [_offer("partner", giver) for giver in promise.givers.all()]
    subject = _("Promise %(number)s in %(period)s") % {
        "number": promise.position(),
        "period": promise.period.title,
    }
    return _subscribe(request, subject, offers)


def _subscribe(request, subject, offers):
    """The form on any of the pages above. No CSRF cookie: form_guard explains the defence."""
    choices = [(value, label) for value, label, _target in offers]
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST, choices=choices)

        def store(valid):
            target = next(t for value, _l, t in offers if value == valid.cleaned_data["follow"])
            alerts.request_subscription(valid.cleaned_data["email"], **target)

        status = form.submit(
            request,
            store,
            FLOOD_MESSAGES,
            allowances=lambda valid: subscribe_guard.email_allowance(valid.cleaned_data["email"]),
        )
        if status is None:
            return redirect("promises:alerts_sent", permanent=False)
    else:
        form = SubscribeForm(choices=choices)
    title = _("Get e-mail when something happens")
    context = {
        "form": form,
        "subject": subject,
        "privacy": AlertPrivacy.current(),
        "days": alerts.CONFIRM_MAX_AGE.days,
        "page": _page(request, title),
    }
    return render(request, "promises/alerts/subscribe.html", context, status=status)


@require_safe
@public_page()
def sent(request):
    context = {"page": _page(request, _("Look in your inbox")), "days": alerts.CONFIRM_MAX_AGE.days}
    return render(request, "promises/alerts/sent.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation message. A GET only shows a button, so a mail program
    that opens links to check them confirms nothing; the person's click does."""
    subscription = alerts.subscription_for_token(token)
    if subscription is None:
        context = {"page": _page(request, _("The link does not work"))}
        return render(request, "promises/alerts/link_broken.html", context, status=400)
    confirmed = False
    if request.method == "POST":
        alerts.confirm(subscription)
        confirmed = True
    context = {
        "page": _page(request, _("Confirm your subscription")),
        "followed": subscription.followed_description,
        "confirmed": confirmed,
        "unsubscribe_url": reverse(
            "promises:alerts_unsubscribe", kwargs={"key": subscription.address_key}
        ),
    }
    return render(request, "promises/alerts/confirm.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, key):
    """The unsubscribe link, and the address mail programs post to (RFC 8058 one-click).

    The key is the proof, so the post needs no same-site check: a mail provider sends it. The
    answer is the same whether or not the address was subscribed.
    """
    if not ADDRESS_KEY.fullmatch(key):
        raise Http404
    done = False
    if request.method == "POST":
        alerts.unsubscribe(key)
        done = True
    context = {"page": _page(request, _("Stop e-mail from us")), "done": done}
    return render(request, "promises/alerts/unsubscribe.html", context)
