"""The sitemap lists every page in every language, each with its hreflang alternates."""

import pytest

from promises.publishing.sitemaps import LanguagePairs

from ..support.sitemaps import sitemap_urls

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_every_entry_has_symmetric_alternates(client):
    urls = sitemap_urls(client)
    alternates = {}
    for url in urls:
        location = url.find(f"{SITEMAP}loc").text
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        if "/lattlast/" in location:
            # Lättläst is Swedish only: no other language's address to point at.
            assert links == {}, location
            continue
        assert set(links) == {"sv", "en", "ar", "x-default"}
        assert links["x-default"] == links["sv"]
        # An entry is one of its own alternates.
        assert location in links.values()
        alternates[location] = links
    # Each language's entry lists the same set: the pairs are symmetric.
    for links in alternates.values():
        for code in ("sv", "en", "ar"):
            assert alternates[links[code]] == links
    assert {url.split("/")[3] for url in alternates if url.count("/") > 3} >= {"en", "ar"}


def test_language_pairs_count_and_slice_without_reading_everything():
    pairs = LanguagePairs(list("abcde"), ["sv", "en", "ar"])
    assert len(pairs) == 15
    assert pairs[0:4] == [("a", "sv"), ("a", "en"), ("a", "ar"), ("b", "sv")]
    assert pairs[4:7] == [("b", "en"), ("b", "ar"), ("c", "sv")]
    assert pairs[13:20] == [("e", "en"), ("e", "ar")]
    assert pairs[14] == ("e", "ar")
