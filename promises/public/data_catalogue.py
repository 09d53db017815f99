"""The DCAT-AP-SE catalogue's address, which Sweden's data portal harvests once a day.

A complete catalogue answers 200 with RDF/XML. While a value the profile requires is missing
(an organisation number, the publisher, the contact mailbox, any published period) the answer is
503 with a plain-text Swedish list of the missing values: the portal then keeps what it last
harvested instead of taking in something invalid, and whoever registers the address sees at once
what to fill in. The 503 is never stored by any cache, so the catalogue appears as soon as the
last value is entered.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from promises.caching.content_stamp import AREA
from promises.caching.validators import public_page
from promises.models import Area, PromisePeriod
from promises.models.control_characters import without_control_characters
from promises.public.areas import published_area_exists
from promises.publishing import dcat


def published_periods():
    return list(dcat.catalogue_periods(PromisePeriod.objects.published()))


@require_safe
@public_page()
def catalogue(request):
    return catalogue_response(lambda: dcat.catalogue_rdf_xml(published_periods(), dcat.publisher()))


@require_safe
@public_page(exists=published_area_exists, scope=AREA)
def area_catalogue(request, slug):
    """One area's periods in a catalogue of their own, published by the area (for an area's
    organisation that registers its own harvesting source at the portal)."""
    area = get_object_or_404(Area.objects.with_published_periods(), slug=slug)
    periods = list(dcat.catalogue_periods(PromisePeriod.objects.published().filter(area=area)))
    area_publisher = dcat.dataset_publisher(periods[0], dcat.publisher())
    return catalogue_response(lambda: dcat.catalogue_rdf_xml(periods, area_publisher, area))


def catalogue_response(build):
    try:
        document = build()
    except dcat.CatalogueIncomplete as incomplete:
        lines = [
            _("The catalogue for Sweden's data portal is not complete. Missing:"),
            *(f"- {value}" for value in incomplete.missing),
        ]
        # The list names partners as stored: without control characters, as every output.
        text = without_control_characters("\n".join(lines) + "\n")
        response = HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
        add_never_cache_headers(response)
        return response
    response = HttpResponse(document, content_type=f"{dcat.RDF_XML}; charset=utf-8")
    # Read by harvesters and by anyone's tools, like the other open-data files.
    response["Access-Control-Allow-Origin"] = "*"
    return response
