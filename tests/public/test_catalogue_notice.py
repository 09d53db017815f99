"""The open-data page links the data-portal catalogue only once it is complete; until then the
site administrators, not visitors, are told what is missing (issue 22, item 11)."""

import pytest

from promises.models import Partner
from promises.models.organisation_numbers import luhn_is_valid

from ..support.html import visible_text

pytestmark = pytest.mark.django_db

CATALOGUE_LINK = 'href="http://testserver/oppna-data/katalog.rdf"'
NOTICE = "Katalogen för Sveriges dataportal är inte komplett"


@pytest.fixture
def complete(settings):
    """Every value the catalogue needs; the numbers start 99, made up for the tests."""
    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    for serial, partner in enumerate(Partner.objects.all()):
        prefix = f"99{serial:07d}"
        partner.organisation_number = next(
            prefix + str(digit) for digit in range(10) if luhn_is_valid(prefix + str(digit))
        )
        partner.save()


def start_page(client):
    return visible_text(client.get("/admin/").content.decode())


def test_a_fresh_install_links_no_catalogue_that_answers_503(client):
    assert client.get("/oppna-data/katalog.rdf").status_code == 503
    html = client.get("/oppna-data/").content.decode()
    assert CATALOGUE_LINK not in html
    assert "Data finns inte på dataportal.se än." in visible_text(html)


def test_a_site_administrator_is_told_what_is_missing(client_for):
    text = start_page(client_for("admin"))
    assert NOTICE in text
    assert "OPEN_DATA_PUBLISHER" in text and "OPEN_DATA_CONTACT_EMAIL" in text
    for partner in Partner.objects.all():
        assert f"Organisationsnummer för {partner.name}" in text


@pytest.mark.parametrize("role", ["coordinator", "tjorns-kommun"])
def test_other_staff_are_not_told(client_for, role):
    assert NOTICE not in start_page(client_for(role))


def test_once_complete_the_page_links_it_and_the_notice_is_gone(client, client_for, complete):
    assert client.get("/oppna-data/katalog.rdf").status_code == 200
    assert CATALOGUE_LINK in client.get("/oppna-data/").content.decode()
    assert NOTICE not in start_page(client_for("admin"))


def test_a_missing_organisation_number_brings_the_notice_back(client, client_for, complete):
    Partner.objects.filter(slug="orust-kommun").update(organisation_number="")
    assert CATALOGUE_LINK not in client.get("/oppna-data/").content.decode()
    text = start_page(client_for("admin"))
    assert NOTICE in text and "Organisationsnummer för Orust kommun" in text
    assert "OPEN_DATA_PUBLISHER" not in text
