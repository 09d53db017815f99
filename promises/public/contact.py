""" "Kontakt och delta": whom residents call or write to, and how they take part.

Never a dead end: 112, 114 14 and the police's tip form are always there, whatever the
partners have filled in, and each partner's own website is linked when it is known.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from promises.caching.validators import public_page
from promises.models import Partner
from promises.publishing import seo

# The police's own web form for tips (polisen.se, "Tipsa polisen via webben"): encrypted, and
# the place the police ask residents to use instead of third-party tip sites.
POLICE_TIP_FORM = "https://polisen.se/kontakt/tipsa-polisen/tipsa-polisen-via-webben/"


@require_safe
@public_page()
def contact(request):
    partners = list(Partner.objects.all())
    context = {
        "partners": partners,
        "invitations": [partner for partner in partners if partner.invites_participation],
        "police_tip_form": POLICE_TIP_FORM,
        "nav": "contact",
        "page": seo.contact_page(request),
    }
    return render(request, "promises/contact.html", context)
