"""A register of several areas: the start page as the way in, the finder, the area pages and
the site's name following the content. Two made-up areas beside the seed's Södra Fyrbodal."""

import html
import json
import re

import pytest

from promises.models import Area, PromisePeriod

from ..support.areas import NORTH, SOUTH, current_period, make_area, publish_follow_up
from ..support.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    north = make_area(NORTH, periods=2)
    south = make_area(SOUTH)
    return north, south


def links(page) -> list[str]:
    return re.findall(r'href="([^"]+)"', page)


def test_the_start_page_of_several_areas_is_the_way_in(client, register):
    north, south = register
    publish_follow_up(current_period(north).promises.first())
    page = client.get("/").content.decode()
    text = visible_text(page)
    assert "Hitta medborgarlöftet där du bor" in text
    # Every published area under its county, the seed's among them.
    for area in (north, south, Area.objects.get(slug="sodra-fyrbodal")):
        assert area.get_absolute_url() in links(page)
    assert "Norrbottens län" in text and "Gotlands län" in text and "Västra Götalands län" in text
    # The finder is a plain GET form to the area list.
    assert '<form method="get" action="/omraden/"' in page
    assert "Påhittad uppföljning i Testområde Norr." not in text  # the promise is shown
    assert "Påhittat löfte 1 i Testområde Norr" in text
    assert "Senaste uppföljningarna" in text
    # The register's name, not one area's.
    assert "<title>Medborgarlöften – " in page
    assert '<meta property="og:site_name" content="Medborgarlöften">' in page
    assert "Södra Fyrbodal · Stenungsund" not in text


@pytest.mark.parametrize(
    "query, slug",
    [
        ("Tjörn", "sodra-fyrbodal"),
        ("tjorns kommun", "sodra-fyrbodal"),
        ("ÖRNSJÖ", "testomrade-o-sund"),
        ("ornsjo", "testomrade-o-sund"),
        ("2599", "testomrade-norr"),
        ("Låtsasby", "testomrade-norr"),
        ("testområde norr", "testomrade-norr"),
        ("Norrbotten", "testomrade-norr"),
    ],
)
def test_the_finder_links_straight_to_the_areas_current_period(client, register, query, slug):
    response = client.get("/omraden/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    area = Area.objects.get(slug=slug)
    period = PromisePeriod.objects.published().filter(area=area).order_by("-starts_on").first()
    found = page.split('id="traffar"', 1)[1].split('id="per-lan"', 1)[0]
    assert period.get_absolute_url() in links(found)
    assert area.get_absolute_url() in links(found)
    assert len(re.findall(r'class="card"', found)) == 1


def test_a_search_without_hits_offers_a_way_on(client, register):
    response = client.get("/omraden/", {"q": "Atlantis"})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "0 områden för ”Atlantis”" in text
    assert "Sök i löftena efter ”Atlantis” i stället" in text
    assert "Alla områden, län för län" in text


@pytest.mark.parametrize("query", ["x" * 101, "Tjörn" * 30])
def test_too_long_a_search_is_refused_in_swedish(client, register, query):
    response = client.get("/omraden/", {"q": query})
    assert response.status_code == 400
    assert "Sökningen är för lång" in response.content.decode()


def test_html_in_a_search_is_shown_as_text(client, register):
    page = client.get("/omraden/", {"q": "<b>Tjörn</b>"}).content.decode()
    assert "<b>Tjörn</b>" not in page
    assert html.escape("<b>Tjörn</b>") in page or "&lt;b&gt;Tjörn&lt;/b&gt;" in page


def test_an_area_page_shows_its_current_period_and_links_the_others(client, register):
    north, _south = register
    periods = list(north.periods.order_by("-starts_on"))
    page = client.get(north.get_absolute_url()).content.decode()
    text = visible_text(page)
    assert f'<h1 id="rubrik">{periods[0].title}</h1>' in page
    assert periods[1].get_absolute_url() in links(page)
    assert "Påhittat löfte 1 i Testområde Norr." in text
    assert "Testområde Norr · Påhittsta och Låtsasby" in text
    assert '<link rel="canonical" href="http://testserver/omraden/testomrade-norr/">' in page
    assert "/omraden/testomrade-norr/flode.atom" in links(page)


def test_unknown_and_unpublished_areas_are_not_found(client, register):
    make_area(
        {
            **NORTH,
            "name": "Påhittat opublicerat",
            "slug": "pahittat-opublicerat",
            "municipalities": [],
            "police": ("Lokalpolisområde opublicerat", "lpo-opublicerat"),
        },
        published=False,
    )
    assert client.get("/omraden/finns-inte/").status_code == 404
    assert client.get("/omraden/pahittat-opublicerat/").status_code == 404
    assert client.get("/omraden/pahittat-opublicerat/flode.atom").status_code == 404
    assert "/omraden/pahittat-opublicerat/" not in client.get("/").content.decode()


def test_pages_of_one_area_name_their_area_in_the_breadcrumbs(client, register):
    north, _south = register
    period = current_period(north)
    promise = period.promises.first()
    for url in (period.get_absolute_url(), promise.get_absolute_url()):
        page = client.get(url).content.decode()
        crumbs = page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        assert north.get_absolute_url() in crumbs
        assert "Testområde Norr" in crumbs
    partner = north.partners.first()
    crumbs = client.get(partner.get_absolute_url()).content.decode().split('class="breadcrumbs"')[1]
    assert north.get_absolute_url() in crumbs.split("</nav>")[0]


def test_the_seed_area_alone_keeps_todays_name(client):
    page = client.get("/").content.decode()
    assert '<meta property="og:site_name" content="Medborgarlöfte Södra Fyrbodal">' in page
    assert "Södra Fyrbodal · Stenungsund, Orust och Tjörn" in visible_text(page)
    # An area that publishes nothing yet does not change it.
    make_area(NORTH, published=False)
    page = client.get("/").content.decode()
    assert '<meta property="og:site_name" content="Medborgarlöfte Södra Fyrbodal">' in page


def test_the_seed_area_has_its_own_page_too(client):
    # The one area's page shows what the start page shows: its current (or latest) period.
    period = PromisePeriod.objects.published().get()
    response = client.get("/omraden/sodra-fyrbodal/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 id="rubrik">{period.title}</h1>' in page
    assert '<link rel="canonical" href="http://testserver/omraden/sodra-fyrbodal/">' in page
    listed = client.get("/omraden/").content.decode()
    assert 'href="/omraden/sodra-fyrbodal/"' in listed
    assert "Västra Götalands län" in visible_text(listed)


def test_the_area_page_tells_search_engines_what_it_is(client, register):
    north, _south = register
    page = client.get(north.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    graph = {node["@type"]: node for node in data["@graph"]}
    assert graph["WebSite"]["name"] == "Medborgarlöften"
    assert graph["WebPage"]["@id"] == "http://testserver/omraden/testomrade-norr/"
    crumbs = [item["name"] for item in graph["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Start", "Områden", "Testområde Norr"]
    assert graph["WebPage"]["mainEntity"]["numberOfItems"] == 2


def test_the_list_of_every_period_names_each_periods_area(client, register):
    north, south = register
    text = visible_text(client.get("/medborgarloften/").content.decode())
    for area in (north, south, Area.objects.get(slug="sodra-fyrbodal")):
        assert area.full_name in text


def test_the_open_data_page_names_each_periods_area(client, register):
    # A register's open-data page lists one chosen area's files (test_bounded_pages.py).
    north, _south = register
    html = client.get("/oppna-data/").content.decode()
    assert 'href="/oppna-data/?polisomrade=testomrade-norr"' not in html
    assert '<option value="testomrade-norr">Testområde Norr</option>' in html
    text = visible_text(client.get("/oppna-data/?polisomrade=testomrade-norr").content.decode())
    for period in north.periods.all():
        assert f"{period.title} (Testområde Norr):" in text


@pytest.mark.parametrize(
    "query_string",
    ["q=%00", "q=%ff%fe", "q=", "q=+++", "q=%F0%9F%98%80" * 25, "q=a&q=Tj%C3%B6rn", "q[]=x"],
)
def test_odd_searches_answer_without_an_error(client, register, query_string):
    response = client.get(f"/omraden/?{query_string}")
    assert response.status_code == 200
    assert "Alla områden, län för län" in visible_text(response.content.decode())
