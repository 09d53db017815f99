import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from promises.caching import content_stamp
from promises.models import Area, Partner, Promise, PromisePeriod
from promises.publishing.sitemaps import SITEMAPS

from ..support.areas import NORTH, make_area
from ..support.sitemaps import section_locations, sitemap_urls

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def draft():
    period = PromisePeriod.objects.create(
        title="Utkast 2030", slug="2030", starts_on="2030-01-01", ends_on="2030-12-31"
    )
    Promise.objects.create(period=period, text="Ett hemligt utkastlöfte.")
    return period


def public_paths():
    periods = PromisePeriod.objects.published()
    return {
        "/",
        "/omraden/",
        "/medborgarloften/",
        "/parter/",
        "/loften/",
        "/sa-foljer-vi-upp/",
        "/oppna-data/",
        "/ordlista/",
        "/kontakt-och-delta/",
        "/tillganglighet/",
        *(area.get_absolute_url() for area in Area.objects.with_published_periods()),
        *(period.get_absolute_url() for period in periods),
        *(f"{period.get_absolute_url()}atgardsplan/" for period in periods),
        *(promise.get_absolute_url() for promise in Promise.objects.public()),
        *(partner.get_absolute_url() for partner in Partner.objects.all()),
    }


def easy_read_paths():
    """Lättläst: Swedish only, so listed once, without other languages."""
    areas = Area.objects.with_published_periods()
    return {
        "/lattlast/",
        "/lattlast/uppfoljning/",
        "/lattlast/kontakt/",
        *(f"/lattlast/omraden/{area.slug}/" for area in areas),
        *(f"/lattlast/omraden/{area.slug}/kontakt/" for area in areas),
    }


def test_sitemap_lists_exactly_the_public_pages(client, draft, settings):
    settings.SITE_URL = "https://medborgarlofte.example.se"
    # An index of one sitemap per section, all at the site's own address.
    sections = section_locations(client)
    assert sections == [
        f"https://medborgarlofte.example.se/sitemap-{section}.xml" for section in SITEMAPS
    ]
    urls = sitemap_urls(client)
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert len(locations) == len(set(locations))
    prefix = "https://medborgarlofte.example.se"
    assert all(location.startswith(prefix) for location in locations)
    # Every page in every language (its alternates: tests/publishing/test_sitemap_languages.py).
    paths = public_paths()
    easy_read = easy_read_paths()
    assert {location.removeprefix(prefix) for location in locations} == {
        language + path for path in paths for language in ("", "/en", "/ar")
    } | easy_read
    assert all(url.find(f"{SITEMAP}lastmod") is not None for url in urls)
    for path in paths | easy_read:  # the other languages' pages: tests/public/test_languages.py
        assert client.get(path).status_code == 200


def test_sitemap_lastmod_is_the_content_date(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    for url in sitemap_urls(client):
        if url.find(f"{SITEMAP}loc").text.endswith(period.get_absolute_url()):
            # The Swedish date: between 23:00 and midnight UTC it is already the next day.
            expected = timezone.localdate(period.updated_at).isoformat()
            assert url.find(f"{SITEMAP}lastmod").text == expected


def test_robots_txt(client, settings):
    settings.SITE_URL = "https://medborgarlofte.example.se"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    assert "Sitemap: https://medborgarlofte.example.se/sitemap.xml" in lines


def test_feed_is_valid_atom_with_the_public_periods_and_promises(client, draft):
    response = client.get("/flode.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    expected = {
        f"http://testserver{path}"
        for path in [
            *(p.get_absolute_url() for p in PromisePeriod.objects.published()),
            *(p.get_absolute_url() for p in Promise.objects.public()),
        ]
    }
    assert links == expected
    assert "hemligt" not in response.content.decode().lower()


def feed_entries(client):
    return ET.fromstring(client.get("/flode.atom").content).findall(f"{ATOM}entry")


def test_feed_entry_ids_are_tag_uris_that_never_change(client, settings):
    settings.SITE_URL = "https://medborgarlofte.example.se"
    promise = Promise.objects.get(text__startswith="Fokusera")
    ids = [entry.find(f"{ATOM}id").text for entry in feed_entries(client)]
    # RFC 4151: tag:<authority>,<date>:<specific>, with a fixed date, not today's.
    assert all(re.fullmatch(r"tag:medborgarlofte\.example\.se,2026:[a-z]+/\d+", i) for i in ids)
    assert len(ids) == len(set(ids))
    assert f"tag:medborgarlofte.example.se,2026:promise/{promise.pk}" in ids
    # Edits, a later day and another deploy's clock leave every id as it was.
    promise.text = "Fokusera på brottsoffer, ändrad."
    promise.save()
    with time_machine.travel(datetime.datetime(2031, 6, 1, tzinfo=datetime.UTC)):
        assert [entry.find(f"{ATOM}id").text for entry in feed_entries(client)] != []
        later = {entry.find(f"{ATOM}id").text for entry in feed_entries(client)}
    assert later == set(ids)


def test_feed_entries_are_published_on_the_editors_date_or_not_at_all(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    assert all(entry.find(f"{ATOM}published") is None for entry in feed_entries(client))
    period.published_on = datetime.date(2023, 2, 14)
    period.save()
    published = {entry.find(f"{ATOM}published").text for entry in feed_entries(client)}
    assert published == {"2023-02-14T00:00:00+01:00"}


def test_feed_puts_the_latest_change_first(client):
    promise = Promise.objects.get(text__startswith="Fokusera")
    promise.text = "Fokusera på brottsoffer, ändrad."
    promise.save()
    root = ET.fromstring(client.get("/flode.atom").content)
    entries = [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}updated").text)
        for entry in root.findall(f"{ATOM}entry")
    ]
    # The edit also touches its period; of the promises, the edited one comes first.
    promise_entries = [entry for entry in entries if entry[0].startswith("Löfte i")]
    assert "Fokusera på brottsoffer, ändrad." in promise_entries[0][0]
    assert [updated for _, updated in entries] == sorted(
        (updated for _, updated in entries), reverse=True
    )


def test_an_areas_easy_read_pages_change_in_the_sitemap_with_that_area_only(client):
    """Their lastmod is the area's stamp: a change in one area moves its own entries only."""
    north = make_area(NORTH)
    south = Area.objects.get(slug="sodra-fyrbodal")

    def easy_read_lastmods():
        response = client.get("/sitemap-lattlast.xml")
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        return {
            url.find(f"{SITEMAP}loc").text.split("/lattlast/", 1)[1]: url.find(
                f"{SITEMAP}lastmod"
            ).text
            for url in root.findall(f"{SITEMAP}url")
        }

    with time_machine.travel(datetime.datetime(2031, 3, 1, 12, tzinfo=datetime.UTC)):
        content_stamp.mark_changed(None)  # every page: every area's entries
    before = easy_read_lastmods()
    assert before[f"omraden/{north.slug}/"] == "2031-03-01"
    with time_machine.travel(datetime.datetime(2031, 6, 1, 12, tzinfo=datetime.UTC)):
        content_stamp.mark_changed([north.pk])
    after = easy_read_lastmods()
    for page in (f"omraden/{north.slug}/", f"omraden/{north.slug}/kontakt/"):
        assert after[page] == "2031-06-01"
    for page in (f"omraden/{south.slug}/", f"omraden/{south.slug}/kontakt/"):
        assert after[page] == before[page] == "2031-03-01"
    # The pages about the whole site follow the site's stamp.
    assert after[""] == "2031-06-01"
