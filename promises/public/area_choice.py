"""`?polisomrade=<area slug>`: a register-wide page narrowed to one area's partners.

With hundreds of areas a page listing every area's partners is hundreds of kilobytes; such a
page lists the areas (or offers a choice of them) and shows one area's partners when one is
chosen. An area that does not exist or has nothing published answers 404 with a Swedish
sentence (`pagination.BadPage`), never stored by the page cache.
"""

from django.utils.translation import gettext as _

from promises.caching.filter_addresses import AREA, slug_or_nothing
from promises.models import Area
from promises.public.pagination import BadPage


def named_area(slug: str) -> Area | None:
    # A value that is no slug names no area and is never sent to the database.
    if not slug_or_nothing(slug):
        return None
    return Area.objects.with_published_periods().filter(slug=slug).first()


def chosen_area(request) -> Area | None:
    """The published area the address names, None without one; BadPage when it names none."""
    slug = request.GET.get(AREA, "")
    if not slug:
        return None
    area = named_area(slug)
    if area is None:
        raise BadPage(
            _("There is no area called “%(value)s” with a published citizen promise.")
            % {"value": slug[:60]},
            404,
        )
    return area


def area_exists(request) -> bool:
    """For `public_page(exists=...)`: a crafted ETag must not turn a 404 into a 304."""
    slug = request.GET.get(AREA, "")
    return not slug or named_area(slug) is not None
