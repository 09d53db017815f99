"""Reading the sitemap as a search engine does: the index at /sitemap.xml, then each sitemap it
lists (promises/publishing/sitemaps.py)."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def path_of(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def section_locations(client) -> list[str]:
    """The sitemaps the index lists (absolute addresses)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [entry.find(f"{SITEMAP}loc").text for entry in root.findall(f"{SITEMAP}sitemap")]


def sitemap_urls(client) -> list[ET.Element]:
    """Every <url> element of every sitemap the index lists."""
    urls = []
    for location in section_locations(client):
        response = client.get(path_of(location))
        assert response.status_code == 200, location
        urls.extend(ET.fromstring(response.content).findall(f"{SITEMAP}url"))
    return urls


def sitemap_locations(client) -> list[str]:
    return [url.find(f"{SITEMAP}loc").text for url in sitemap_urls(client)]
