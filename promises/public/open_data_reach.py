"""What the open-data page says about reaching further: the catalogue for Sweden's data portal
(linked only once it is complete) and the embeddable view with its ready <iframe> snippets.

An incomplete catalogue answers 503, so linking it would give visitors a broken link; what it
lacks is told to the site administrators on the admin's start page instead
(`promises/admin/notices.py`)."""

from django.urls import reverse

from promises.public.data_catalogue import published_periods
from promises.public.embed import embed_snippets
from promises.publishing import dcat
from promises.publishing.seo import absolute


def open_data_reach(shown=None) -> dict:
    """`shown`: the periods whose embed codes the page lists (on a register, one area's);
    all published periods when None. Whether the catalogue is complete is asked without
    loading every period and partner of the register (`dcat.is_complete`)."""
    return {
        "catalogue_url": absolute(reverse("machine:dcat_catalogue")),
        "catalogue_complete": dcat.is_complete(dcat.publisher()),
        "embeds": embed_snippets(published_periods() if shown is None else shown),
    }
