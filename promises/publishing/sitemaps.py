"""The sitemap: every public page with the moment it last changed, at the site's own address.

`/sitemap.xml` is an index of one sitemap per section (`/sitemap-<section>.xml`), each cut by
Django into pages of at most 50,000 addresses (`?p=2`), the protocol's limit (and far below
its 50 MB): with hundreds of areas one sitemap of every page grew past what one answer should
be. The index costs at most two queries per section whatever the number of areas.

Every page is listed once per language offered (settings.PUBLIC_LANGUAGES), each entry with
its `hreflang` alternates and `x-default` (the Swedish address), about 630 bytes an address;
the lättläst pages, Swedish only, once and without alternates.
A sitemap page holds at most 2,000 addresses, about 1.3 MB: at 300 areas the promises' 9,933
addresses in one page were 6.3 MB and 1.5 s to render (bench/scale). The page cache stores
each page (`?p=2`) like any other, under its number as the index writes it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import cached_property

from promises.caching import content_stamp
from promises.models import Area, AreaContentStamp, Partner, Promise, PromisePeriod


class LanguagePairs:
    """(item, language) for every item and language, read a page at a time.

    Django's i18n sitemap makes this list from all the items at once, even to count them for
    the index; here the count is the items' count times the languages, and a page reads only
    its own items.
    """

    def __init__(self, items, codes):
        self.items = items
        self.codes = codes
        self.length = None

    def __len__(self):
        if self.length is None:
            items = self.items
            count = items.count() if hasattr(items, "query") else len(items)
            self.length = count * len(self.codes)
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.codes)
        first, last = start // per_item, (stop + per_item - 1) // per_item
        pairs = [(item, code) for item in self.items[first:last] for code in self.codes]
        return pairs[start - first * per_item : stop - first * per_item]


class SiteUrlSitemap(Sitemap):
    """Absolute addresses come from SITE_URL, not from whatever Host a request carried."""

    i18n = True
    alternates = True
    limit = 2_000
    # The index's request (`index_items`), whose validators have read the site's stamp already.
    request = None

    @property
    def languages(self):
        return list(settings.PUBLIC_LANGUAGES)

    def _items(self):
        return LanguagePairs(self.items(), self.languages)

    def _urls(self, page, protocol, domain):
        # Django's own x-default replaces the first "/sv/" in the address, which would also
        # cut a slug "sv"; the Swedish address has no prefix, so it is simply that one.
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            own = {alternate["lang_code"]: alternate["location"] for alternate in url["alternates"]}
            if len(own) > 1:
                url["alternates"].append(
                    {"location": own[settings.LANGUAGE_CODE], "lang_code": "x-default"}
                )
            else:
                url["alternates"] = []
        return urls

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        # Django's own reads every item to find the newest; the database can say it at once.
        return self.items().aggregate(newest=Max("updated_at"))["newest"]


class SiteStampSitemap(SiteUrlSitemap):
    """A section whose pages change with the site's stamp. In the index (`index_items`) the
    stamp is the one this request's validators read already, not another query."""

    @cached_property
    def changed_at(self):
        return content_stamp.last_changed(self.request)

    def get_latest_lastmod(self):
        return self.changed_at


class OverviewSitemap(SiteStampSitemap):
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


class EasyReadSitemap(SiteStampSitemap):
    """The lättläst pages (promises/public/easy_read.py): the three about the site, and each
    area's promises and contact page. Swedish only, so no other language's address.

    An area's pages change with its area stamp (promises/caching/content_stamp.py): its
    promises' easy-to-read texts as well as the area itself, read in the same query."""

    languages = [settings.LANGUAGE_CODE]
    SITE_PAGES = (
        "promises:easy_read",
        "promises:easy_read_follow_up",
        "promises:easy_read_contact",
    )
    AREA_PAGES = ("promises:easy_read_area", "promises:easy_read_contact_area")

    def items(self):
        areas = (
            Area.objects.with_published_periods()
            .annotate(
                changed_at=Subquery(
                    AreaContentStamp.objects.filter(area_id=OuterRef("pk")).values("changed_at")
                )
            )
            .order_by("county", "name")
        )
        return [(name, None) for name in self.SITE_PAGES] + [
            (name, area) for area in areas for name in self.AREA_PAGES
        ]

    def location(self, item):
        name, area = item
        return reverse(name, kwargs={"slug": area.slug} if area else None)

    def lastmod(self, item):
        _name, area = item
        # An area with no stamp row yet keys its pages on the site's, as they do.
        return (area and area.changed_at) or self.changed_at


def section_location(section: str) -> str:
    return f"{settings.SITE_URL}{reverse('machine:sitemap_section', kwargs={'section': section})}"


def index_items(sitemaps=None, request=None) -> list[SitemapIndexItem]:
    """Each section's sitemap and its further pages, with the newest change in it, as
    Django's `sitemaps.views.index` lists them but at SITE_URL (as every address here), not at
    whatever Host the request carried."""
    items = []
    for section, sitemap_class in (sitemaps or SITEMAPS).items():
        sitemap = sitemap_class()
        sitemap.request = request
        location = section_location(section)
        newest = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, newest))
        items.extend(
            SitemapIndexItem(f"{location}?p={page}", newest)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return items


SITEMAPS = {
    "oversikt": OverviewSitemap,
    "omraden": AreaSitemap,
    "perioder": PeriodSitemap,
    "loften": PromiseSitemap,
    "parter": PartnerSitemap,
    "atgardsplaner": ActionPlanSitemap,
    "lattlast": EasyReadSitemap,
}
