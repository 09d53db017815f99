"""The embeddable view for the partners' sites (/inbaddning/<period>/[<partner>/]).

What Chromium does with the headers is in tests/browser/test_embed_framing.py; here: which
responses may be framed, by whom, also when the page comes from the cache, and what the view
shows.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from promises.caching.validators import code_fingerprint
from promises.models import Partner, Promise, PromisePeriod

from ..project.test_settings import manage
from ..support.public_pages import PUBLIC_PAGES, promise_page

pytestmark = pytest.mark.django_db

EMBED = "/inbaddning/2023-2024/"
TJORN_EMBED = "/inbaddning/2023-2024/tjorns-kommun/"
ORIGINS = ["https://www.tjorn.se", "http://127.0.0.1:8710"]
# Made-up organisation numbers with valid check digits (starting 99, as in
# tests/publishing/test_dcat.py).
MADE_UP_NUMBERS = ["9900000002", "9900000010", "9900000028", "9900000036"]


def frame_ancestors(response) -> list[str]:
    match = re.search(r"frame-ancestors ([^;]+)", response["Content-Security-Policy"])
    return match.group(1).split()


@pytest.fixture
def allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = list(ORIGINS)
    return settings


@pytest.mark.parametrize("path", [EMBED, TJORN_EMBED])
def test_the_embed_may_be_framed_by_exactly_the_listed_origins(client, allowed, path):
    response = client.get(path)
    assert response.status_code == 200
    assert frame_ancestors(response) == ORIGINS
    assert "X-Frame-Options" not in response
    # The rest of the policy is the site's own.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_every_other_page_stays_unframeable(client, allowed):
    others = [p for p in PUBLIC_PAGES if not p.startswith("/inbaddning/")]
    for path in [*others, promise_page(), "/admin/login/", "/finns-inte/"]:
        response = client.get(path)
        assert frame_ancestors(response) == ["'none'"], path
        assert response["X-Frame-Options"] == "DENY", path


@pytest.mark.parametrize(
    "path",
    [
        "/inbaddning/finns-inte/",
        "/inbaddning/2023-2024/ingen-part/",
        "/inbaddning/2023-2024/?givare=tjorns-kommun",
        "/inbaddning/2023-2024/extra/delar/",
    ],
)
def test_errors_and_redirects_under_the_embed_stay_unframeable(client, allowed, path):
    response = client.get(path)
    assert response.status_code in (301, 404)
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_without_listed_origins_nobody_may_frame_the_embed(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get(EMBED)
    assert response.status_code == 200
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_stored_embed_gets_the_policy_of_the_process_answering(
    client, settings, real_cache, mid_hour
):
    """A copy stored by a process with one list is replayed by a process with another (a shared
    Redis during a rolling restart): the header must come from the answering process."""
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.orust.se"]
    assert frame_ancestors(client.get(EMBED)) == ["https://www.orust.se"]
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.tjorn.se"]
    with CaptureQueriesContext(connection) as queries:
        replayed = client.get(EMBED)
    # It really came from the cache: only the content stamp was read.
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert frame_ancestors(replayed) == ["https://www.tjorn.se"]
    assert "X-Frame-Options" not in replayed
    settings.EMBED_ALLOWED_ORIGINS = []
    assert frame_ancestors(client.get(EMBED)) == ["'none'"]
    assert client.get(EMBED)["X-Frame-Options"] == "DENY"


def test_pages_stored_under_other_settings_are_not_replayed(client, settings, real_cache):
    """The settings a page prints are part of the cache key and the ETag, as the templates are."""
    # Everything the catalogue needs but the mailbox: the page links the catalogue only once
    # it is complete, so the setting decides what the page shows.
    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    for serial, partner in enumerate(Partner.objects.all()):
        partner.organisation_number = MADE_UP_NUMBERS[serial]
        partner.save()
    settings.OPEN_DATA_CONTACT_EMAIL = ""
    code_fingerprint.cache_clear()
    first = client.get("/oppna-data/")
    assert "katalog.rdf" not in first.content.decode()
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    code_fingerprint.cache_clear()  # what a process started with the new value computes
    try:
        second = client.get("/oppna-data/", headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200
        assert "katalog.rdf" in second.content.decode()
        assert second["ETag"] != first["ETag"]
    finally:
        settings.OPEN_DATA_CONTACT_EMAIL = ""
        code_fingerprint.cache_clear()


def test_the_embed_shows_every_promise_with_its_status_and_links_out(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    html = client.get(EMBED).content.decode()
    assert "<title>Medborgarlöfte 2023-2024: löftena och deras status</title>" in html
    promises = Promise.objects.filter(period=period).with_status()
    assert html.count('class="embed__promise"') == promises.count() == 11
    for promise in promises:
        assert f'href="{promise.get_absolute_url()}" target="_top"' in html
    assert html.count("Status: Ingen uppföljning") == 11
    assert 'href="http://testserver/medborgarloften/2023-2024/" target="_top"' in html
    # A copy for other sites: the period's own page is what search engines should index.
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/medborgarloften/2023-2024/">' in html
    # No script at all, and nothing from the site's header or footer.
    assert "<script" not in html
    assert "site-header" not in html and "site-footer" not in html


def test_one_givers_embed_shows_exactly_that_givers_promises(client):
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    html = client.get(TJORN_EMBED).content.decode()
    given = Promise.objects.filter(period__slug="2023-2024", givers=tjorn)
    assert given.exists()
    assert html.count('class="embed__promise"') == given.count()
    for promise in Promise.objects.filter(period__slug="2023-2024"):
        shown = f'href="{promise.get_absolute_url()}"' in html
        assert shown == given.filter(pk=promise.pk).exists()
    assert "Tjörns kommun" in html
    # The police's group is gone, so the municipalities' lead is the first and names the dates.
    assert "Under tiden 1 januari 2023 - 31 december 2024 lovar kommunerna att:" in html
    assert "Under samma tidsperiod" not in html
    assert 'href="http://testserver/parter/tjorns-kommun/" target="_top"' in html


def test_the_giver_parameter_leads_to_the_givers_address(client):
    response = client.get(f"{EMBED}?givare=tjorns-kommun")
    assert response.status_code == 301
    assert response["Location"] == TJORN_EMBED
    assert client.get(f"{EMBED}?givare=%3Cscript%3E").status_code == 404


def test_an_unpublished_period_has_no_embed(client):
    PromisePeriod.objects.filter(slug="2023-2024").update(is_published=False)
    assert client.get(EMBED).status_code == 404
    assert client.get(TJORN_EMBED).status_code == 404


def test_a_partner_outside_the_period_has_no_embed(client):
    Partner.objects.create(name="Annan kommun", slug="annan-kommun", kind="municipality")
    assert client.get("/inbaddning/2023-2024/annan-kommun/").status_code == 404


@pytest.mark.parametrize("path", [EMBED, TJORN_EMBED])
def test_the_embed_sets_no_cookie_and_may_be_cached(client, allowed, path):
    response = client.get(path)
    assert not response.cookies and "Set-Cookie" not in response
    assert "public" in response["Cache-Control"]
    assert client.head(path).status_code == 200


def test_the_open_data_page_offers_the_snippet_and_a_plain_link(client):
    html = client.get("/oppna-data/").content.decode()
    assert 'id="badda-in"' in html
    assert (
        '&lt;iframe src="http://testserver/inbaddning/2023-2024/" '
        'title="Medborgarlöfte 2023-2024: löftena och deras status"'
    ) in html
    assert '&lt;a href="http://testserver/medborgarloften/2023-2024/"&gt;' in html
    for partner in PromisePeriod.objects.get(slug="2023-2024").partners.all():
        assert f"http://testserver/inbaddning/2023-2024/{partner.slug}/" in html


@pytest.mark.parametrize(
    "value",
    ["https://www.tjorn.se/sida", "www.tjorn.se", "'self'", "*", "https://*.tjorn.se"],
)
def test_a_malformed_embed_origin_stops_start_up(value):
    result = manage("check", EMBED_ALLOWED_ORIGINS=value)
    assert result.returncode != 0
    assert "EMBED_ALLOWED_ORIGINS" in result.stderr


def test_well_formed_embed_origins_start(tmp_path):
    result = manage("check", EMBED_ALLOWED_ORIGINS="https://www.tjorn.se,http://127.0.0.1:8710")
    assert result.returncode == 0, result.stderr
