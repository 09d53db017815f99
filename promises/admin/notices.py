"""What the admin warns about before anything else: what leaves residents without a way on.

- A partner without a phone, an e-mail address or a contact page: "Kontakt och delta" can then
  offer residents only 112, 114 14 and the police's tip form for it. Shown on the start page
  to everyone who may change that partner, and on the partner's own form.
- An incomplete catalogue for Sweden's data portal: the open-data page then does not link it
  (it would answer 503), and visitors are not told why; the site administrators are, here.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

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


def partners_without_contact(user):
    """The partners this user may change and that lack every contact field."""
    if not user.has_perm("promises.change_partner"):
        return []
    partners = roles.editable(user, Partner.objects.all())
    return [partner for partner in partners if partner.lacks_contact]


def catalogue_gaps() -> list[str]:
    periods = list(PromisePeriod.objects.published().prefetch_related("partners"))
    return dcat.missing_values(periods, dcat.publisher())


def start_page_notices(request, site_name) -> list[Notice]:
    user = request.user
    notices = [
        Notice(
            text=contact_missing_text(partner),
            url=reverse(f"{site_name}:promises_partner_change", args=[partner.pk]),
            link_text=_("Fill in the contact details of %(name)s") % {"name": partner.name},
        )
        for partner in partners_without_contact(user)
    ]
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
                    details=missing,
                )
            )
    return notices
