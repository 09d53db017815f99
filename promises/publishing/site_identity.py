"""What the site calls itself: one area's name while it publishes one area, a register's name
once it publishes several.

With one published area the site is that area's site ("Medborgarlöfte Södra Fyrbodal" with its
places under it), as it was before areas existed. With several it is the register of every
area's citizen promises and pages of one area name their area themselves.

The answer depends on content (which areas have a published period). It is read at most once
per request (kept on the request, as the content stamp is) and never kept by a process between
requests, so a page costs the same queries whatever changed before it: one query for every
fragment of a rendered page together, none for a page served from the page cache.
"""

from dataclasses import dataclass

from django.db import DatabaseError
from django.utils.translation import gettext as _

from promises.models import Area

_REQUEST_ATTRIBUTE = "_site_identity"


@dataclass(frozen=True)
class SiteIdentity:
    # The area the whole site is about, or None when it is a register of several (or of none).
    sole_area: Area | None

    @property
    def is_register(self) -> bool:
        return self.sole_area is None

    @property
    def name(self) -> str:
        """The site's name in titles, og:site_name, feeds, the catalogue and e-mail."""
        if self.sole_area:
            return _("Citizen promise %(area)s") % {"area": self.sole_area.name}
        return _("Citizen promises")

    @property
    def description(self) -> str:
        """The pages' default description."""
        if self.sole_area and self.sole_area.places:
            return _(
                "What the police and the municipalities %(places)s promise residents, and why."
            ) % {"places": self.sole_area.places}
        return _(
            "What the police and the municipalities promise residents where you live, and why."
        )

    @property
    def feed_title(self) -> str:
        if self.sole_area:
            return area_feed_title(self.sole_area)
        return _("Changes in the citizen promises")

    @property
    def header_name(self) -> str:
        return _("Citizen promise") if self.sole_area else _("Citizen promises")

    @property
    def header_sub(self) -> str:
        if self.sole_area:
            return self.sole_area.full_name
        return _("The police's and the municipalities' promises where you live")


def area_feed_title(area) -> str:
    return _("Changes in the citizen promises – %(area)s") % {"area": area.name}


def read_identity() -> SiteIdentity:
    """Ask the database: the one area with a published period, else the one area there is."""
    published = list(Area.objects.with_published_periods().order_by()[:2])
    if len(published) == 1:
        return SiteIdentity(published[0])
    if not published:
        # Nothing published yet: a new install with its one area is still that area's site.
        areas = list(Area.objects.all()[:2])
        if len(areas) == 1:
            return SiteIdentity(areas[0])
    return SiteIdentity(None)


def site_identity(request=None) -> SiteIdentity:
    """The identity, read once per request (every fragment of a page shares it)."""
    if request is not None and hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    identity = read_identity()
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, identity)
    return identity


def site_name(request=None) -> str:
    return site_identity(request).name


def context(request):
    """Template context processor: `site` for the header, og:site_name and the error pages.

    Lazy, so a page that never names the site asks nothing; an error page rendered while the
    database is gone shows the plain name instead of failing again (the outage's own 503 is
    rendered without a request, so without this processor, and does the same).
    """

    def identity():
        try:
            return site_identity(request)
        except DatabaseError:
            return None

    return {"site": _LazyIdentity(identity)}


class _LazyIdentity:
    """The identity, read when a template first asks for one of its attributes."""

    def __init__(self, load):
        self._load = load
        self._loaded = False
        self._value = None

    def _get(self):
        if not self._loaded:
            self._value = self._load()
            self._loaded = True
        return self._value

    def __getattr__(self, name):
        value = self._get()
        return getattr(value, name) if value is not None else ""

    def __bool__(self):
        return self._get() is not None
