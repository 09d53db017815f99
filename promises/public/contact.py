""" "Kontakt och delta": whom residents call or write to, and how they take part."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from promises.caching.validators import public_page
from promises.models import Partner
from promises.publishing import seo


@require_safe
@public_page()
def contact(request):
    partners = list(Partner.objects.all())
    context = {
        "partners": partners,
        "invitations": [partner for partner in partners if partner.invites_participation],
        "nav": "contact",
        "page": seo.contact_page(request),
    }
    return render(request, "promises/contact.html", context)
