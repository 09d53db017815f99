"""What machines and mailboxes get from a register of several areas: each area's feed, the
sitemap, the data-portal catalogue (a dataset per period, published by its own area) and
alerts for an area. Two made-up areas beside the seed's Södra Fyrbodal."""

import datetime

import feedparser
import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from promises.models import AlertDelivery, Partner, PromisePeriod, Subscription
from promises.publishing import alerts

from ..support.areas import NORTH, SOUTH, current_period, make_area, publish_follow_up
from ..support.sitemaps import sitemap_locations
from .test_dcat import SHAPES, made_up_number

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def register():
    return make_area(NORTH, periods=2), make_area(SOUTH)


def test_each_area_has_a_feed_of_its_own_changes(client, register):
    north, _south = register
    publish_follow_up(current_period(north).promises.first())
    response = client.get("/omraden/testomrade-norr/flode.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Ändringar i medborgarlöftena – Testområde Norr"
    links = [entry.link for entry in feed.entries]
    assert links and all("testomrade-norr" in link for link in links)
    assert not any("testomrade-o-sund" in link or "2023-2024" in link for link in links)
    # The site-wide feed has every area's changes under the register's name.
    everything = feedparser.parse(client.get("/flode.atom").content)
    assert everything.feed.title == "Ändringar i medborgarlöftena"
    assert {"testomrade-o-sund" in e.link for e in everything.entries} == {True, False}


def test_the_area_pages_link_their_feed(client, register):
    page = client.get("/omraden/testomrade-o-sund/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/omraden/testomrade-o-sund/'
        'flode.atom" title="Ändringar i medborgarlöftena – Testområde Ö-sund">'
    ) in page


def test_the_sitemap_lists_every_published_area(client, register):
    make_area(
        {
            **SOUTH,
            "name": "Påhittat utkast",
            "slug": "pahittat-utkast",
            "municipalities": [],
            "police": ("Lokalpolisområde utkast", "lpo-utkast"),
        },
        published=False,
    )
    paths = {location.split("testserver", 1)[1] for location in sitemap_locations(client)}
    assert {"/omraden/", "/omraden/testomrade-norr/", "/omraden/testomrade-o-sund/"} <= paths
    assert "/omraden/sodra-fyrbodal/" in paths
    assert "/omraden/pahittat-utkast/" not in paths


def test_each_dataset_is_published_by_its_own_area(client, register, settings):
    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    for serial, partner in enumerate(Partner.objects.all()):
        partner.organisation_number = made_up_number(serial)
        partner.save()
    response = client.get("/oppna-data/katalog.rdf")
    assert response.status_code == 200, response.content.decode()
    graph = Graph().parse(data=response.content, format="xml")
    conforms, _, report = validate(
        graph, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none"
    )
    assert conforms, report
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == PromisePeriod.objects.published().count() == 4
    site_publisher = Partner.objects.get(slug="lokalpolisomrade-sodra-fyrbodal")
    for period in PromisePeriod.objects.published().select_related("area"):
        dataset = next(
            d
            for d in datasets
            if (d, DCAT.landingPage, URIRef(f"http://testserver{period.get_absolute_url()}"))
            in graph
        )
        (publisher,) = graph.objects(dataset, DCTERMS.publisher)
        expected = (
            site_publisher
            if period.area.slug == "sodra-fyrbodal"
            else period.area.partners.get(kind=Partner.Kind.POLICE_AREA)
        )
        assert publisher == URIRef(
            f"http://dataportal.se/organisation/SE{expected.organisation_number}"
        )
        assert str(graph.value(publisher, FOAF.name)) == expected.name
    # The catalogue itself is the register's, published by the site's publisher.
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(graph.value(catalogue, DCTERMS.title)) == "Medborgarlöften"


def test_a_missing_organisation_number_of_an_area_is_named(client, register, settings):
    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    for serial, partner in enumerate(Partner.objects.exclude(slug="lpo-o-sund")):
        partner.organisation_number = made_up_number(serial)
        partner.save()
    response = client.get("/oppna-data/katalog.rdf")
    assert response.status_code == 503
    assert "Lokalpolisområde Ö-sund" in response.content.decode()


def test_an_area_can_be_followed_and_hears_of_every_period(client, register):
    north, south = register
    page = client.get("/bevaka/omrade/testomrade-norr/")
    assert page.status_code == 200
    assert "Allt i området Testområde Norr · Påhittsta och Låtsasby" in page.content.decode()
    assert (
        client.get("/omraden/testomrade-norr/")
        .content.decode()
        .count('href="/bevaka/omrade/testomrade-norr/"')
        == 1
    )
    assert client.get("/bevaka/omrade/finns-inte/").status_code == 404
    alerts.request_subscription("boende@example.se", area=north)
    subscription = Subscription.objects.get(email="boende@example.se")
    assert subscription.followed == north
    assert subscription.followed_description == "allt i området Testområde Norr"
    subscription.confirmed_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    subscription.save()
    # News from each of the area's periods reaches the address, news from elsewhere does not.
    older = north.periods.order_by("starts_on").first()
    for period in (current_period(north), older):
        publish_follow_up(period.promises.first())
    publish_follow_up(current_period(south).promises.first())
    delivered = AlertDelivery.objects.filter(email="boende@example.se")
    assert delivered.count() == 2
    assert {d.event.promise.period.area_id for d in delivered} == {north.pk}


def test_one_subscription_per_address_and_area(register):
    north, _south = register
    alerts.request_subscription("boende@example.se", area=north)
    alerts.request_subscription("boende@example.se", area=north)
    assert Subscription.objects.filter(area=north).count() == 1


def test_each_area_has_a_catalogue_of_its_own(client, register, settings):
    north, _south = register
    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    for serial, partner in enumerate(Partner.objects.all()):
        partner.organisation_number = made_up_number(serial)
        partner.save()
    response = client.get("/omraden/testomrade-norr/katalog.rdf")
    assert response.status_code == 200, response.content.decode()
    graph = Graph().parse(data=response.content, format="xml")
    conforms, _, report = validate(
        graph, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none"
    )
    assert conforms, report
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert catalogue == URIRef("http://testserver/omraden/testomrade-norr/katalog.rdf")
    assert str(graph.value(catalogue, DCTERMS.title)) == "Medborgarlöften Testområde Norr"
    police = north.partners.get(kind=Partner.Kind.POLICE_AREA)
    publisher = URIRef(f"http://dataportal.se/organisation/SE{police.organisation_number}")
    assert graph.value(catalogue, DCTERMS.publisher) == publisher
    # Only the area's periods, under the IRIs they have in the site's catalogue.
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    site = Graph().parse(data=client.get("/oppna-data/katalog.rdf").content, format="xml")
    assert len(datasets) == north.periods.count() == 2
    assert datasets <= set(site.subjects(RDF.type, DCAT.Dataset))
    assert client.get("/omraden/finns-inte/katalog.rdf").status_code == 404


def test_the_footers_alerts_link_leads_to_finding_ones_area_first(client, register):
    response = client.get("/bevaka/")
    assert response.status_code == 302
    assert response["Location"] == "/omraden/"
