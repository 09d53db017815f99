"""What the open-data page says about reaching further: the catalogue for Sweden's data portal
(linked only once it is complete) and the embeddable view with its ready <iframe> snippets.

An incomplete catalogue answers 503, so linking it would give visitors a broken link; what it
lacks is told to the site administrators on the admin's start page instead
(`promises/admin/notices.py`)."""

from django.urls import reverse

from promises.public.data_catalogue import catalogue_status, published_periods
from promises.public.embed import embed_snippets
from promises.publishing.seo import absolute


def open_data_reach(shown=None) -> dict:
    """`shown`: the periods whose embed codes the page lists (on a register, one area's);
    all published periods when None."""
    periods = published_periods()
    return {
        "catalogue_url": absolute(reverse("promises:dcat_catalogue")),
        "catalogue_complete": not catalogue_status(periods),
        "embeds": embed_snippets(periods if shown is None else shown),
    }
