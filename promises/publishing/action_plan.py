"""What search engines read about a period's åtgärdsplan page: its title and address (its
sitemap entry is in sitemaps.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from promises.publishing import seo


def action_plan_url(period) -> str:
    return reverse("promises:action_plan", kwargs={"slug": period.slug})


def action_plan_page(request, period) -> seo.Page:
    title = _("Action plan – %(title)s") % {"title": period.title}
    return seo.Page(
        request=request,
        title=f"{title} – {seo.site_name(request)}",
        description=seo.short(
            _(
                "What is being done for each promise of %(title)s: the actions, who is "
                "responsible, when, and how they stand."
            )
            % {"title": period.title}
        ),
        path=action_plan_url(period),
        breadcrumbs=[
            *seo.period_crumbs(period, request),
            (_("Action plan"), action_plan_url(period)),
        ],
        organisations=list(period.partners.all()),
        modified=period.updated_at,
    )
