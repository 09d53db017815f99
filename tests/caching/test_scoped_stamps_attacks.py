"""Attacks on "edits stay local": pages of one area's scope that show content from another
scope, which a change there must still refresh (docs/architecture.md "Edits stay local")."""

import datetime

import pytest
from django.utils import timezone

from promises.models import AreaContentStamp, ContentStamp, Partner, PromisePeriod

from ..publishing.test_dcat import PUBLISHER, made_up_number
from ..support.areas import NORTH, current_period, make_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return make_area(NORTH)


@pytest.fixture
def catalogue_settings(settings):
    settings.OPEN_DATA_PUBLISHER = PUBLISHER
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    for serial, partner in enumerate(Partner.objects.all()):
        partner.organisation_number = made_up_number(serial)
        partner.save()


def test_an_area_catalogue_naming_the_sites_publisher_follows_its_edits(
    client, real_cache, north, catalogue_settings
):
    # A period without partners: the area's catalogue names the site's publisher, a partner
    # of another area (promises/publishing/dcat.py `dataset_publisher`).
    lonely = PromisePeriod.objects.create(
        area=north,
        title="Medborgarlöfte Testområde Norr utan parter",
        slug="testomrade-norr-utan-parter",
        starts_on="2010-01-01",
        ends_on="2010-12-31",
        is_published=True,
    )
    north.periods.exclude(pk=lonely.pk).update(is_published=False)
    url = f"/omraden/{north.slug}/katalog.rdf"
    publisher = Partner.objects.get(slug=PUBLISHER)
    assert publisher.area_id != north.pk
    cold = client.get(url)
    assert cold.status_code == 200, cold.content.decode()
    assert publisher.name in cold.content.decode()
    publisher.name = "Lokalpolisområde med nytt påhittat namn"
    publisher.save()
    assert "med nytt påhittat namn" in client.get(url).content.decode()


def test_an_edit_in_the_first_second_of_a_day_is_not_hidden_by_the_days_own_moment(
    client, real_cache, north, monkeypatch
):
    # Pages are filed under the later of the stamp and the start of today (a period's status
    # follows the date). A stamp written at 00:00:00 must still be a moment of its own.
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    yesterday = midnight - datetime.timedelta(hours=5)
    ContentStamp.objects.update(changed_at=yesterday)
    AreaContentStamp.objects.update(changed_at=yesterday)
    promise = current_period(north).promises.order_by("order").first()
    url = promise.get_absolute_url()
    assert promise.text in client.get(url).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: midnight)
    promise.text = "Påhittat löfte ändrat vid midnatt."
    promise.save()
    assert "ändrat vid midnatt" in client.get(url).content.decode()
