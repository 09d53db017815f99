""" "Kontakt och delta": whom residents call or write to, and how they take part.

Never a dead end: 112, 114 14 and the police's tip form are always there, whatever the
partners have filled in, and each partner's own website is linked when it is known.

A register of many areas lists no partner until an area is chosen (`?polisomrade=`, a plain
GET form): every area's partners on one page were hundreds of kilobytes.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from promises.caching.validators import public_page
from promises.models import Area, Partner
from promises.public import area_choice, pagination
from promises.publishing import seo
from promises.publishing.site_identity import site_identity

# The police's own web form for tips (polisen.se, "Tipsa polisen via webben"): encrypted, and
# the place the police ask residents to use instead of third-party tip sites.
POLICE_TIP_FORM = "https://polisen.se/kontakt/tipsa-polisen/tipsa-polisen-via-webben/"


def area_exists(request):
    return area_choice.area_exists(request)


@require_safe
@public_page(exists=area_exists)
def contact(request):
    try:
        area = area_choice.chosen_area(request)
    except pagination.BadPage as error:
        return pagination.bad_page_response(request, error, first_page_url=request.path)
    areas = []
    if area is not None:
        partners = list(Partner.objects.filter(area=area))
    elif site_identity(request).is_register:
        partners = []
        areas = list(Area.objects.with_published_periods().order_by("name").only("name", "slug"))
    else:
        partners = list(Partner.objects.all())
    page = seo.contact_page(request)
    if area is not None:
        page.path = f"{page.path}?polisomrade={area.slug}"
    context = {
        "partners": partners,
        "area": area,
        "areas": areas,
        "invitations": [partner for partner in partners if partner.invites_participation],
        "police_tip_form": POLICE_TIP_FORM,
        "nav": "contact",
        "page": page,
    }
    return render(request, "promises/contact.html", context)
