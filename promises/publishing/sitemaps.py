"""The sitemap: every public page with the moment it last changed, at the site's own address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from promises.caching import content_stamp
from promises.models import Area, Partner, Promise, PromisePeriod


class SiteUrlSitemap(Sitemap):
    """Absolute addresses come from SITE_URL, not from whatever Host a request carried."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class OverviewSitemap(SiteUrlSitemap):
    @cached_property
    def changed_at(self):
        return content_stamp.last_changed()

    def items(self):
        return [
            "promises:home",
            "promises:area_list",
            "promises:period_list",
            "promises:partner_list",
            "promises:promise_list",
            "promises:follow_up_method",
            "promises:open_data",
            "promises:glossary",
            "promises:contact",
            "promises:accessibility",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.changed_at


class AreaSitemap(SiteUrlSitemap):
    """Each area with a published period (promises/public/areas.py)."""

    def items(self):
        return Area.objects.with_published_periods().order_by("county", "name")

    def lastmod(self, area):
        return area.updated_at


class PeriodSitemap(SiteUrlSitemap):
    def items(self):
        return PromisePeriod.objects.published()

    def lastmod(self, period):
        return period.updated_at


class PromiseSitemap(SiteUrlSitemap):
    def items(self):
        return Promise.objects.public().select_related("period")

    def lastmod(self, promise):
        return promise.updated_at


class PartnerSitemap(SiteUrlSitemap):
    def items(self):
        return Partner.objects.all()

    def lastmod(self, partner):
        return partner.updated_at


class ActionPlanSitemap(SiteUrlSitemap):
    """Each published period's åtgärdsplan (promises/public/action_plan.py)."""

    def items(self):
        return PromisePeriod.objects.published()

    def location(self, period):
        return reverse("promises:action_plan", kwargs={"slug": period.slug})

    def lastmod(self, period):
        return period.updated_at


SITEMAPS = {
    "oversikt": OverviewSitemap,
    "omraden": AreaSitemap,
    "perioder": PeriodSitemap,
    "loften": PromiseSitemap,
    "parter": PartnerSitemap,
    "atgardsplaner": ActionPlanSitemap,
}
