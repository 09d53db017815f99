"""The embeddable view: a period's promises with their status, for the partners' own sites.

A compact page without the site's header and footer, no script, no cookie, readable from 280 px,
that the partners show in an <iframe>. Only the origins in EMBED_ALLOWED_ORIGINS may frame it:
the CSP frame-ancestors for it is set in medborgarlofte/embed_framing.py, outside the page
cache, so a stored copy gets the policy of the process answering, never of the one that stored
it. One giver's promises have their own address (…/<partner>/), which the page cache can store;
`?givare=<partner>` is redirected there.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from promises.caching.content_stamp import PERIOD
from promises.caching.validators import public_page
from promises.models import Partner, Promise, PromisePeriod
from promises.publishing.seo import absolute

GIVER_PARAMETER = "givare"


def embed_exists(request, slug, partner=None):
    found = PromisePeriod.objects.published().filter(slug=slug)
    if partner is not None:
        found = found.filter(partners__slug=partner)
    return found.exists()


def groups_given_by(period, partner):
    """The period's promise groups, keeping only this partner's promises (all without one)."""
    groups = period.promise_groups()
    if partner is None:
        return groups
    for group in groups:
        group.promises = [p for p in group.promises if partner in p.givers.all()]
        # One giver's view shows that giver's own status, not the promise's overall one.
        for promise in group.promises:
            promise.chosen_statuses = [
                own for own in promise.giver_statuses() if own.giver.pk == partner.pk
            ]
    kept = [group for group in groups if group.promises]
    # Only the first lead names the dates ("Under tiden … lovar"); the first may have gone.
    for index, group in enumerate(kept):
        group.lead = group.lead_sentence(period, first=index == 0)
    return kept


def published_with_promises():
    return PromisePeriod.objects.published().prefetch_related(
        "partners",
        Prefetch(
            "promises",
            queryset=Promise.objects.with_givers().with_status().with_giver_statuses(),
        ),
    )


def render_embed(request, slug, partner_slug=None):
    period = get_object_or_404(published_with_promises(), slug=slug)
    partner = None
    if partner_slug is not None:
        partner = next((p for p in period.partners.all() if p.slug == partner_slug), None)
        if partner is None:
            raise Http404
    context = {
        "period": period,
        "partner": partner,
        "groups": groups_given_by(period, partner),
        "full_url": absolute(partner.get_absolute_url() if partner else period.get_absolute_url()),
        "canonical_url": absolute(period.get_absolute_url()),
    }
    return render(request, "promises/embed.html", context)


@require_safe
@public_page(exists=embed_exists, scope=PERIOD)
def period_embed(request, slug):
    giver = request.GET.get(GIVER_PARAMETER)
    if giver:
        try:
            target = reverse("promises:embed_partner", kwargs={"slug": slug, "partner": giver})
        except NoReverseMatch:
            raise Http404 from None
        return redirect(target, permanent=True)
    return render_embed(request, slug)


@require_safe
@public_page(exists=embed_exists, scope=PERIOD)
def partner_embed(request, slug, partner):
    return render_embed(request, slug, partner)


def embed_snippets(periods) -> list[dict]:
    """What the open-data page offers to copy: per period, the frame for all promises and the
    address of each giver's own view."""
    snippets = []
    for period in periods:
        url = absolute(reverse("promises:embed", kwargs={"slug": period.slug}))
        snippets.append(
            {
                "period": period,
                "url": url,
                "page_url": absolute(period.get_absolute_url()),
                "partners": [
                    (partner, absolute(embed_partner_path(period, partner)))
                    for partner in period.partners.all()
                ],
            }
        )
    return snippets


def embed_partner_path(period, partner: Partner) -> str:
    return reverse("promises:embed_partner", kwargs={"slug": period.slug, "partner": partner.slug})
