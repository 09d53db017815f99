"""The DCAT-AP-SE catalogue that Sweden's data portal harvests (/oppna-data/katalog.rdf).

It is parsed with rdflib as the portal parses RDF/XML, checked against SHACL shapes written
from the profile (tests/support/dcat_ap_se_shapes.ttl) with pyshacl, and every file it points to is
fetched. While a required value is missing it must name that value and publish nothing.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from promises.models import Partner, PromisePeriod
from promises.models.organisation_numbers import luhn_is_valid

from ..support.actions import TJORN, action, promise_given_by

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent.parent / "support" / "dcat_ap_se_shapes.ttl"
CATALOGUE = "/oppna-data/katalog.rdf"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"


def made_up_number(serial: int) -> str:
    """A ten-digit number with a valid check digit, made up for the tests (starting 99, so it
    reads as a test value); the site itself never makes one up."""
    prefix = f"99{serial:07d}"
    return next(prefix + str(digit) for digit in range(10) if luhn_is_valid(prefix + str(digit)))


@pytest.fixture
def complete(settings):
    """Every value the catalogue needs: the settings and each partner's organisation number."""
    settings.OPEN_DATA_PUBLISHER = PUBLISHER
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    numbers = {}
    for serial, partner in enumerate(Partner.objects.all()):
        partner.organisation_number = made_up_number(serial)
        partner.save()
        numbers[partner.slug] = partner.organisation_number
    return numbers


def harvest(client) -> Graph:
    response = client.get(CATALOGUE)
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    graph = Graph()
    graph.parse(data=response.content, format="xml")
    return graph


def test_the_catalogue_parses_and_meets_the_profile(client, complete):
    graph = harvest(client)
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, report = validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report
    # The shapes hold only if their targets exist: one catalogue, a dataset per published
    # period, three files for each, one data service.
    assert len(set(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    periods = PromisePeriod.objects.published().count()
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == periods == 1
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 3 * periods
    assert len(set(graph.subjects(RDF.type, DCAT.DataService))) == 1


def test_the_shapes_reject_a_catalogue_that_lacks_a_mandatory_property(client, complete):
    """The shapes are not a formality: take out one mandatory value and they fail."""
    shapes = Graph().parse(SHAPES, format="turtle")
    for subject_class, predicate in [
        (DCAT.Catalog, DCTERMS.license),
        (DCAT.Dataset, DCTERMS.publisher),
        (DCAT.Distribution, DCAT.accessURL),
        (DCAT.DataService, DCAT.endpointURL),
    ]:
        graph = harvest(client)
        subject = next(graph.subjects(RDF.type, subject_class))
        graph.remove((subject, predicate, None))
        conforms, _, _ = validate(graph, shacl_graph=shapes, inference="none")
        assert not conforms, (subject_class, predicate)


def test_organisations_are_named_by_their_organisation_numbers(client, complete):
    graph = harvest(client)
    publisher = URIRef(f"http://dataportal.se/organisation/SE{complete[PUBLISHER]}")
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert graph.value(catalogue, DCTERMS.publisher) == publisher
    assert graph.value(dataset, DCTERMS.publisher) == publisher
    assert graph.value(publisher, FOAF.name) == Literal(
        "Lokalpolisområde Södra Fyrbodal", lang="sv"
    )
    # The other partners stand behind the data too: named the same way, as its creators.
    creators = set(graph.objects(dataset, DCTERMS.creator))
    assert creators == {
        URIRef(f"http://dataportal.se/organisation/SE{number}")
        for slug, number in complete.items()
        if slug != PUBLISHER
    }
    # The contact is not the publisher (the portal treats them differently).
    contact = graph.value(dataset, DCAT.contactPoint)
    assert contact != publisher
    assert (contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"), None) in graph


def test_the_licence_is_the_iri_the_profile_lists(client, complete):
    graph = harvest(client)
    licences = set(graph.objects(None, DCTERMS.license))
    assert licences == {CC0}
    assert str(CC0) == "http://creativecommons.org/publicdomain/zero/1.0/"


def test_the_dates_are_the_datas_own(client, complete):
    period = PromisePeriod.objects.get(slug="2023-2024")
    graph = harvest(client)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert graph.value(dataset, DCTERMS.modified).toPython() == period.updated_at.replace(
        microsecond=0
    )
    # The seed has no publication date entered, so none is claimed.
    assert period.published_on is None
    assert graph.value(dataset, DCTERMS.issued) is None
    temporal = graph.value(dataset, DCTERMS.temporal)
    assert str(graph.value(temporal, DCAT.startDate)) == period.starts_on.isoformat()
    assert str(graph.value(temporal, DCAT.endDate)) == period.ends_on.isoformat()


def test_an_entered_publication_date_is_the_datasets_issued_date(client, complete):
    period = PromisePeriod.objects.get(slug="2023-2024")
    period.published_on = period.starts_on
    period.save()
    graph = harvest(client)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert str(graph.value(dataset, DCTERMS.issued)) == period.starts_on.isoformat()


def test_every_access_url_answers_200_with_the_stated_media_type(client, complete):
    graph = harvest(client)
    checked = 0
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.accessURL))
        stated = str(graph.value(distribution, DCTERMS.format))
        assert url.startswith("http://testserver/")
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == stated, url
        checked += 1
    service = next(graph.subjects(RDF.type, DCAT.DataService))
    endpoint = client.get(urlsplit(str(graph.value(service, DCAT.endpointURL))).path)
    assert endpoint.status_code == 200
    assert endpoint["Content-Type"].split(";")[0] == str(graph.value(service, DCTERMS.format))
    assert checked == 3


def test_a_missing_organisation_number_is_named_and_nothing_is_published(client, complete):
    Partner.objects.filter(slug="orust-kommun").update(organisation_number="")
    response = client.get(CATALOGUE)
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Orust kommun" in text and "organisationsnummer" in text.lower()
    # Only the missing value is named, not the partners that have theirs.
    assert "Tjörns kommun" not in text
    assert "<rdf:RDF" not in text


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("OPEN_DATA_PUBLISHER", "", "OPEN_DATA_PUBLISHER"),
        ("OPEN_DATA_PUBLISHER", "ingen-sadan-part", "ingen-sadan-part"),
        ("OPEN_DATA_CONTACT_EMAIL", "", "OPEN_DATA_CONTACT_EMAIL"),
        ("OPEN_DATA_CONTACT_EMAIL", "inte en adress", "inte en adress"),
    ],
)
def test_a_missing_setting_is_named(client, complete, settings, setting, value, named):
    setattr(settings, setting, value)
    response = client.get(CATALOGUE)
    assert response.status_code == 503
    assert named in response.content.decode()


def test_a_stored_number_that_is_not_one_is_named(client, complete):
    """A row that bypassed the form (an imported backup) is not published as an IRI."""
    Partner.objects.filter(slug="orust-kommun").update(organisation_number="12 34")
    response = client.get(CATALOGUE)
    assert response.status_code == 503
    assert "Orust kommun" in response.content.decode()
    assert "12 34" in response.content.decode()


def test_without_a_published_period_the_catalogue_says_so(client, complete):
    PromisePeriod.objects.update(is_published=False)
    response = client.get(CATALOGUE)
    assert response.status_code == 503
    assert "publicerad period" in response.content.decode()


def test_out_of_the_box_every_missing_value_is_listed(client):
    """A fresh site invents nothing: every organisation number and both settings are asked for."""
    response = client.get(CATALOGUE)
    assert response.status_code == 503
    text = response.content.decode()
    for name in [
        "OPEN_DATA_PUBLISHER",
        "OPEN_DATA_CONTACT_EMAIL",
        *Partner.objects.values_list("name", flat=True),
    ]:
        assert name in text
    assert "dataportal.se/organisation" not in text


def test_an_incomplete_catalogue_is_not_linked_and_visitors_are_not_told_what_is_missing(client):
    """It answers 503 until complete: a link would be a broken one. What is missing is for the
    site administrators (tests/public/test_catalogue_notice.py)."""
    html = client.get("/oppna-data/").content.decode()
    assert "katalog.rdf" not in html
    assert "OPEN_DATA_PUBLISHER" not in html and "organisationsnummer" not in html
    # An incomplete catalogue is not offered to machines as an alternate version.
    assert 'type="application/rdf+xml"' not in html


def test_a_complete_catalogue_is_an_alternate_of_the_open_data_page(client, complete):
    html = client.get("/oppna-data/").content.decode()
    assert '<a href="http://testserver/oppna-data/katalog.rdf">' in html
    assert (
        '<link rel="alternate" type="application/rdf+xml" href="http://testserver/oppna-data/katalog.rdf"'
        in html
    )
    assert "OPEN_DATA_PUBLISHER" not in html


def test_a_period_with_a_published_action_plan_lists_it_in_the_catalogue(client, complete):
    """The åtgärdsplan's JSON and CSV join the period's dataset once it has a published action
    (an empty plan is not offered); the catalogue still meets the profile, and both files
    answer with the media type the catalogue states."""
    promise = promise_given_by(TJORN)
    action(promise, TJORN, title="Utkast.", published=False)
    dataset = next(harvest(client).subjects(RDF.type, DCAT.Dataset))
    assert len(set(harvest(client).objects(dataset, DCAT.distribution))) == 3

    action(promise, TJORN, title="Publicerad åtgärd.")
    graph = harvest(client)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    distributions = set(graph.objects(dataset, DCAT.distribution))
    plan = [d for d in distributions if "-atgarder-" in str(d)]
    assert len(distributions) == 5 and len(plan) == 2
    for distribution in plan:
        url = str(graph.value(distribution, DCAT.accessURL))
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        stated = str(graph.value(distribution, DCTERMS.format))
        assert response["Content-Type"].split(";")[0] == stated
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, report = validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report


def test_editor_text_cannot_break_the_rdf(client, complete):
    PromisePeriod.objects.filter(slug="2023-2024").update(title='Löfte <&> "]]> </rdf:RDF>')
    graph = harvest(client)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert str(graph.value(dataset, DCTERMS.title)) == 'Löfte <&> "]]> </rdf:RDF>'


def test_organisation_numbers_are_stored_as_ten_digits():
    partner = Partner.objects.get(slug="orust-kommun")
    number = made_up_number(7)
    partner.organisation_number = f"{number[:6]}-{number[6:]}"
    partner.full_clean()
    partner.save()
    partner.refresh_from_db()
    assert partner.organisation_number == number


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("12345", "tio siffror"),
        ("99000000-01", "tio siffror"),
        ("abcdef-ghij", "tio siffror"),
    ],
)
def test_a_malformed_organisation_number_is_refused_in_swedish(written, message):
    partner = Partner.objects.get(slug="orust-kommun")
    partner.organisation_number = written
    with pytest.raises(ValidationError) as refused:
        partner.full_clean()
    assert message in " ".join(refused.value.message_dict["organisation_number"])


def test_a_mistyped_check_digit_is_refused():
    number = made_up_number(3)
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    partner = Partner.objects.get(slug="orust-kommun")
    partner.organisation_number = wrong
    with pytest.raises(ValidationError) as refused:
        partner.full_clean()
    assert "sista siffra" in " ".join(refused.value.message_dict["organisation_number"])


def admin_form(client, partner):
    from ..support.html import form_data

    url = f"/admin/promises/partner/{partner.pk}/change/"
    return url, form_data(client.get(url).content.decode(), "partner_form")


def test_a_partners_editor_enters_the_number_in_the_admin_and_the_catalogue_uses_it(
    client_for, client, complete
):
    orust = Partner.objects.get(slug="orust-kommun")
    Partner.objects.filter(pk=orust.pk).update(organisation_number="")
    assert client.get(CATALOGUE).status_code == 503
    editor = client_for("orust-kommun")
    url, data = admin_form(editor, orust)
    number = made_up_number(42)
    data["organisation_number"] = f"{number[:6]}-{number[6:]}"
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    orust.refresh_from_db()
    assert orust.organisation_number == number
    graph = harvest(client)
    assert (URIRef(f"http://dataportal.se/organisation/SE{number}"), None, None) in graph


def test_a_wrong_number_in_the_admin_is_refused_in_swedish_and_changes_nothing(client_for):
    orust = Partner.objects.get(slug="orust-kommun")
    editor = client_for("orust-kommun")
    url, data = admin_form(editor, orust)
    number = made_up_number(5)
    data["organisation_number"] = number[:9] + str((int(number[9]) + 1) % 10)
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "sista siffra stämmer inte" in response.content.decode()
    orust.refresh_from_db()
    assert orust.organisation_number == ""


def test_an_editor_cannot_reach_another_partners_number(client_for):
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    editor = client_for("orust-kommun")
    url = f"/admin/promises/partner/{tjorn.pk}/change/"
    assert editor.get(url).status_code in (302, 403, 404)
    response = editor.post(url, {"organisation_number": made_up_number(9)})
    assert response.status_code in (302, 403, 404)
    tjorn.refresh_from_db()
    assert tjorn.organisation_number == ""
