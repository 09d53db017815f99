"""Attacks on "edits stay local": pages of one area's scope that show content from another
scope, which a change there must still refresh (docs/architecture.md "Edits stay local")."""

import datetime
import threading

import pytest
from django.apps import apps as global_apps
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from promises.caching import content_stamp
from promises.caching.content_stamp import AREA, PARTNER, Scope
from promises.models import AreaContentStamp, ContentStamp, Partner, Promise, PromisePeriod

from ..publishing.test_dcat import made_up_number
from ..support.areas import NORTH, SOUTH, current_period, make_area

pytestmark = pytest.mark.django_db

# The site's open-data publisher: a partner of another made-up area than the one whose
# catalogue is read.
PUBLISHER = SOUTH["police"][1]


@pytest.fixture
def north(db):
    return make_area(NORTH)


@pytest.fixture
def catalogue_settings(settings):
    make_area(SOUTH)
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


WEST = {
    "name": "Testområde Väst",
    "slug": "testomrade-vast",
    "county": "25",
    "places": "Låtsasvik",
    "municipalities": [("Låtsasviks kommun", "latsasviks-kommun", "2598")],
    "police": ("Lokalpolisområde Testområde Väst", "lpo-testomrade-vast"),
}

two_editors_at_once = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks between two connections: PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(first, second):
    """Run `first` in a transaction that stays open until `second`, in a transaction of its
    own, waits on a lock; then let both commit."""
    started, go, failures = threading.Event(), threading.Event(), []

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # reported by the assertion below
                failures.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def held():
        with transaction.atomic():
            first()
            started.set()
            go.wait()

    def waiting():
        with transaction.atomic():
            second()

    holder = in_thread(held)
    assert started.wait(60)
    waiter = in_thread(waiting)
    query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    with connection.cursor() as cursor:
        for _attempt in range(200_000):
            cursor.execute(query)
            if cursor.fetchone()[0]:
                break
    go.set()
    holder.join()
    waiter.join()
    assert not failures, failures


@two_editors_at_once[0]
@two_editors_at_once[1]
def test_a_link_made_while_its_partner_moves_marks_the_area_the_partner_moved_to():
    """Two editors at once: one moves a partner to another area, the other makes it a giver
    in a third area's promise. The second change must be marked where the partner's page is
    once both have committed, not where it was when the second change began."""
    north, south, west = make_area(NORTH), make_area(SOUTH), make_area(WEST)
    partner = north.partners.get(kind=Partner.Kind.POLICE_AREA)
    promise = current_period(west).promises.first()

    def move():
        row = Partner.objects.get(pk=partner.pk)
        row.area = south
        row.save()

    race(move, lambda: Promise.objects.get(pk=promise.pk).givers.add(partner.pk))
    # The partner's page (now of the south's area) lists the promise: its stamp is the latest.
    assert content_stamp.last_changed(None, Scope(PARTNER, partner.slug)) == (
        content_stamp.last_changed()
    )


def test_a_migration_of_the_content_moves_every_stamp(north):
    # Data migrations write through historical models, which send no signal to the content
    # receivers; pages stored before a deploy may sit in a shared cache that outlives it.
    before = [
        content_stamp.last_changed(None, Scope(AREA, north.slug)),
        content_stamp.last_changed(),
    ]
    graph = MigrationLoader(connection).graph
    plan = [(graph.nodes[("promises", "0025_area_content_stamps")], False)]
    emit_post_migrate_signal(0, False, connection.alias, plan=plan, apps=global_apps)
    after = [
        content_stamp.last_changed(None, Scope(AREA, north.slug)),
        content_stamp.last_changed(),
    ]
    assert after[0] > before[0] and after[1] > before[1]


@two_editors_at_once[0]
@two_editors_at_once[1]
def test_a_publication_while_another_is_withdrawn_renames_the_site_everywhere():
    """Two published areas (a register); one editor withdraws one area's period (the site
    becomes the other area's), another publishes a new area's first period (a register again).
    The second must see the first's outcome, or every other area keeps pages naming the site
    after one area."""
    north, south = make_area(NORTH), make_area(SOUTH)
    PromisePeriod.objects.exclude(area__in=[north, south]).update(is_published=False)
    west = make_area(WEST, published=False)
    period = current_period(west)

    def withdraw():
        current_period(south).unpublish()

    def publish():
        PromisePeriod.objects.create(
            area=west,
            title="Medborgarlöfte Testområde Väst, nytt",
            slug="testomrade-vast-nytt",
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            is_published=True,
        )

    race(withdraw, publish)
    # The register's name is on the north's pages too: their stamp is the latest.
    assert content_stamp.last_changed(None, Scope(AREA, north.slug)) == (
        content_stamp.last_changed()
    )
