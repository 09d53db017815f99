"""What the open-data page says about reaching further: the catalogue for Sweden's data portal
(with what it still lacks) and the embeddable view with its ready <iframe> snippets."""

from django.urls import reverse

from promises.public.data_catalogue import catalogue_status, published_periods
from promises.public.embed import embed_snippets
from promises.publishing.seo import absolute


def open_data_reach() -> dict:
    periods = published_periods()
    return {
        "catalogue_url": absolute(reverse("promises:dcat_catalogue")),
        "catalogue_missing": catalogue_status(periods),
        "embeds": embed_snippets(periods),
    }
