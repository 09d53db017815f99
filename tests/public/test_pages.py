import re

import pytest
from django.db.models import F
from django.test import RequestFactory
from django.views.defaults import server_error

from promises.models import Partner, Promise, PromisePeriod

from ..support.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    period = PromisePeriod.objects.create(
        title="Medborgarlöfte 2025-2026 (utkast)",
        slug="2025-2026",
        starts_on="2025-01-01",
        ends_on="2026-12-31",
        intro="Utkasttext som inte får synas.",
    )
    promise = Promise.objects.create(period=period, text="Ett hemligt utkastlöfte.", order=1)
    promise.givers.set([Partner.objects.get(slug="orust-kommun")])
    return period


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/medborgarloften/", 200),
        ("/medborgarloften/2023-2024/", 200),
        ("/parter/", 200),
        ("/parter/lokalpolisomrade-sodra-fyrbodal/", 200),
        ("/parter/stenungsunds-kommun/", 200),
        ("/parter/orust-kommun/", 200),
        ("/parter/tjorns-kommun/", 200),
        ("/medborgarloften/finns-inte/", 404),
        ("/medborgarloften/2023-2024/extra/", 404),
        ("/parter/finns-inte/", 404),
        ("/parter/%C3%A5%C3%A4%C3%B6/", 404),
        ("/finns-inte/", 404),
        ("/medborgarloften/2025-2026/", 404),
    ],
)
def test_public_urls_answer_as_they_should(client, draft, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="sv" dir="ltr">' in response.content.decode()


def test_not_found_page_is_swedish_and_in_the_site_layout(client):
    response = client.get("/medborgarloften/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert "Hoppa till huvudinnehållet" in html
    assert 'href="/"' in html


def test_server_error_page_is_swedish_and_in_the_site_layout():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in html
    assert '<html lang="sv" dir="ltr">' in html
    assert "Traceback" not in html


def test_a_draft_is_not_public(client, draft):
    for url in ("/", "/medborgarloften/", "/parter/orust-kommun/"):
        html = client.get(url).content.decode()
        assert "utkast" not in html.lower(), url
        assert "Ett hemligt utkastlöfte." not in html, url


def test_staff_can_preview_a_draft_marked_as_such(admin_client, draft):
    response = admin_client.get("/medborgarloften/2025-2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Förhandsvisning" in html
    assert "Ett hemligt utkastlöfte." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_home_shows_the_current_period_not_the_latest_draft(client, draft, frozen_today):
    frozen_today(2025, 6, 1)
    text = visible_text(client.get("/").content.decode())
    assert "Medborgarlöfte 2023-2024" in text


def test_home_prefers_a_published_current_period(client, frozen_today):
    frozen_today(2025, 6, 1)
    PromisePeriod.objects.create(
        title="Medborgarlöfte 2025",
        slug="2025",
        starts_on="2025-01-01",
        ends_on="2025-12-31",
        is_published=True,
    )
    text = visible_text(client.get("/").content.decode())
    assert "Medborgarlöfte 2025" in text
    assert "Medborgarlöfte 2023-2024" not in text


def test_home_says_so_when_nothing_is_published(client):
    PromisePeriod.objects.update(is_published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert "Inget medborgarlöfte är publicerat ännu." in response.content.decode()


def test_partner_page_names_representative_and_promises(client):
    text = visible_text(client.get("/parter/tjorns-kommun/").content.decode())
    assert "Evike Sandor, kommundirektör Tjörns kommun" in text
    assert "Genomföra tidiga föräldrastärkande insatser." in text
    assert "Fokusera och prioritera särskilt utsatta brottsoffer." not in text
    police = visible_text(client.get("/parter/lokalpolisomrade-sodra-fyrbodal/").content.decode())
    assert "Susanne Arvidsson, lokalpolisområdeschef" in police
    assert "Fokusera och prioritera särskilt utsatta brottsoffer." in police
    assert "Genomföra tidiga föräldrastärkande insatser." not in police


def test_promises_from_some_municipalities_name_their_givers(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    promise = Promise.objects.create(period=period, text="Ett löfte bara från Orust.", order=999)
    promise.givers.set([Partner.objects.get(slug="orust-kommun")])
    text = visible_text(client.get("/").content.decode())
    assert "Ett löfte bara från Orust. (Orust kommun)" in text
    assert "Genomföra tidiga föräldrastärkande insatser. (" not in text


def test_editor_text_is_escaped(client):
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.intro = '<script>alert("x")</script>\n\nAndra stycket'
    period.save()
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert "<p>Andra stycket</p>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/medborgarloften/",
        "/medborgarloften/2023-2024/",
        "/parter/",
        "/parter/orust-kommun/",
        "/finns-inte/",
        "/en/",
        "/en/parter/orust-kommun/",
        "/ar/medborgarloften/2023-2024/",
        "/ar/finns-inte/",
    ],
)
def test_visitors_get_no_cookies_and_no_third_party_requests(client, url):
    response = client.get(url)
    assert not response.cookies
    html = response.content.decode()
    loaded = re.findall(r'src="([^"]+)"', html) + [
        re.search(r'href="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<link [^>]*>", html)
        if re.search(r'rel="(stylesheet|icon|preload|modulepreload|manifest)"', tag)
    ]
    assert loaded, "the page loads its stylesheet"
    for address in loaded:
        assert address.startswith("/") and not address.startswith("//"), address


def test_every_page_has_one_h1_and_a_skip_link(client):
    for url in [
        "/",
        "/medborgarloften/",
        "/medborgarloften/2023-2024/",
        "/parter/",
        "/parter/orust-kommun/",
        "/finns-inte/",
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'href="#innehall"' in html and 'id="innehall"' in html, url


# Link texts that say nothing on their own (Lighthouse's Swedish list): in a screen reader's
# list of links, eleven "Läs mer" cannot be told apart.
GENERIC_LINK_TEXTS = {"läs mer", "mer", "här", "klicka här", "klicka"}


@pytest.mark.django_db
def test_no_link_on_a_public_page_says_only_read_more(client):
    from ..support.public_pages import PUBLIC_PAGES, promise_page

    checked = 0
    for url in [*PUBLIC_PAGES, promise_page()]:
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for link in re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S):
            text = visible_text(link).strip().lower()
            assert text not in GENERIC_LINK_TEXTS, (url, link)
            checked += 1
    assert checked > 100


@pytest.mark.django_db
def test_each_read_more_link_names_its_promise_by_its_number_on_the_page(client):
    html = client.get("/").content.decode()
    names = [visible_text(link) for link in re.findall(r"<a\b[^>]*>(Läs mer.*?)</a>", html, re.S)]
    count = PromisePeriod.objects.get(slug="2023-2024").promises.count()
    assert names == [f"Läs mer om löfte {number}" for number in range(1, count + 1)]


@pytest.mark.django_db
def test_a_promise_has_one_number_on_every_page_even_when_groups_reorder_it(client):
    """The start page groups the police's promises before the municipalities'; a promise's
    number is still its place in the period's order, as on its own page and in open data."""
    period = PromisePeriod.objects.get(slug="2023-2024")
    municipal = (
        period.promises.filter(givers__kind=Partner.Kind.MUNICIPALITY).order_by("order", "pk")
    ).first()
    # Every other promise after it in the period's order; the page still groups it later.
    period.promises.exclude(pk=municipal.pk).update(order=F("order") + 1000)
    html = client.get("/").content.decode()
    item = re.search(rf'<li id="{municipal.anchor}".*?</li>', html, re.S).group(0)
    assert "Läs mer om löfte 1" in visible_text(item)
    page = visible_text(client.get(municipal.get_absolute_url()).content.decode())
    assert "Löfte 1 i Medborgarlöfte 2023-2024" in page
    data = client.get("/oppna-data/medborgarloften/2023-2024.json").json()
    [entry] = [p for p in data["loften"] if p["id"] == municipal.pk]
    assert entry["nummer"] == 1
