"""What the admin warns about before anything else: what leaves residents without a way on.

- A partner without a phone, an e-mail address or a contact page: "Kontakt och delta" can then
  offer residents only 112, 114 14 and the police's tip form for it. Shown on the start page
  to everyone who may change that partner, and on the partner's own form.
- An incomplete catalogue for Sweden's data portal: the open-data page then does not link it
  (it would answer 503), and visitors are not told why; the site administrators are, here.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from promises.editing import roles
from promises.models import Partner, PromisePeriod
from promises.publishing import dcat


@dataclass
class Notice:
    text: str
    url: str = ""
    link_text: str = ""
    details: list[str] = field(default_factory=list)


def contact_missing_text(partner) -> str:
    return _(
        "%(name)s has no phone number, e-mail address or contact page. Residents who open "
        "“Contact and take part” find no way to reach it there."
    ) % {"name": partner.name}


# What the start page names one by one; the rest is one line with a link to the list (at 300
# areas a site administrator had 1,200 partners without contact details: a 400 kB page).
NAMED_AT_MOST = 10

LACKS_CONTACT = Q(contact_email="") & Q(contact_phone="") & Q(contact_page="")


def partners_without_contact(user):
    """The partners this user may change and that lack every contact field."""
    if not user.has_perm("promises.change_partner"):
        return Partner.objects.none()
    return roles.editable(user, Partner.objects.all()).filter(LACKS_CONTACT)


def catalogue_gaps() -> list[str]:
    periods = list(PromisePeriod.objects.published().prefetch_related("partners"))
    return dcat.missing_values(periods, dcat.publisher())


def contact_notices(user, site_name) -> list[Notice]:
    partners = partners_without_contact(user)
    named = list(partners[: NAMED_AT_MOST + 1])
    notices = [
        Notice(
            text=contact_missing_text(partner),
            url=reverse(f"{site_name}:promises_partner_change", args=[partner.pk]),
            link_text=_("Fill in the contact details of %(name)s") % {"name": partner.name},
        )
        for partner in named[:NAMED_AT_MOST]
    ]
    if len(named) > NAMED_AT_MOST:
        more = partners.count() - NAMED_AT_MOST
        notices.append(
            Notice(
                text=ngettext(
                    "%(count)s more partner has no phone number, e-mail address or contact page.",
                    "%(count)s more partners have no phone number, e-mail address or contact page.",
                    more,
                )
                % {"count": more},
                url=reverse(f"{site_name}:promises_partner_changelist")
                + f"?{CONTACT_PARAMETER}={CONTACT_MISSING}",
                link_text=_("Show every partner without contact details"),
            )
        )
    return notices


def bounded(details: list[str]) -> list[str]:
    if len(details) <= NAMED_AT_MOST:
        return details
    more = len(details) - NAMED_AT_MOST
    return [
        *details[:NAMED_AT_MOST],
        ngettext("… and %(count)s more.", "… and %(count)s more.", more) % {"count": more},
    ]


def start_page_notices(request, site_name) -> list[Notice]:
    user = request.user
    notices = contact_notices(user, site_name)
    if roles.is_site_admin(user):
        missing = catalogue_gaps()
        if missing:
            notices.append(
                Notice(
                    text=_(
                        "The catalogue for Sweden's data portal is not complete, so the "
                        "open-data page does not link it and the portal cannot harvest the "
                        "data. Missing:"
                    ),
                    details=bounded(missing),
                )
            )
    return notices


# The partner list's filter the start page links to.
CONTACT_PARAMETER = "kontakt"
CONTACT_MISSING = "saknas"


class ContactFilter(admin.SimpleListFilter):
    """“Kontaktuppgifter”: partners without phone, e-mail and contact page."""

    title = gettext_lazy("contact details")
    parameter_name = CONTACT_PARAMETER

    def lookups(self, request, model_admin):
        return [(CONTACT_MISSING, gettext_lazy("missing"))]

    def queryset(self, request, queryset):
        if self.value() == CONTACT_MISSING:
            return queryset.filter(LACKS_CONTACT)
        if self.value() is not None:
            raise IncorrectLookupParameters
        return queryset
