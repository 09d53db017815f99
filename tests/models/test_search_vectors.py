"""The stored search vectors: PostgreSQL's trigger keeps them whatever writes the row, the
migration's copy of the searched columns agrees with the models', and SQLite has no vector
but folds text in SQL itself."""

import importlib

import pytest
from django.db import connection

from promises.models import Area, Partner, Promise, PromisePeriod
from promises.models.search_vectors import SEARCHED_COLUMNS
from promises.public import search_results

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the vectors exist on PostgreSQL only"
)


def test_the_migration_keeps_the_columns_the_models_name():
    migration = importlib.import_module("promises.migrations.0027_search_vectors")
    assert migration.SEARCHED_COLUMNS == SEARCHED_COLUMNS
    for kind in search_results.KINDS:
        table = kind.model._meta.db_table
        columns = [column for column, _weight in SEARCHED_COLUMNS[table, kind.vector]]
        assert columns == kind.fields, kind.key


def found_partners(word):
    engine = search_results.backend()
    return Partner.objects.filter(search_results.matching(search_results.PARTNER, [word], engine))


@on_postgresql
def test_the_trigger_keeps_the_vector_on_bulk_writes_and_updates():
    area = Area.objects.create(name="Testområde Väst", slug="testomrade-vast", county="14")
    (partner,) = Partner.objects.bulk_create(
        [Partner(name="Påhittade kommun", slug="pahittade-kommun", kind="municipality", area=area)]
    )
    assert list(found_partners("påhitt")) == [partner]
    Partner.objects.filter(pk=partner.pk).update(name="Låtsade kommun")
    assert list(found_partners("låtsad")) == [partner]
    assert not found_partners("påhitt").exists()
    period = PromisePeriod.objects.get(slug="2023-2024")
    Promise.objects.filter(period=period).update(text="Cykelbanor.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM promises_promise WHERE search_vector @@ to_tsquery('swedish', "
            "'cykelban')"
        )
        assert cursor.fetchone()[0] == period.promises.count()


def test_sqlite_folds_swedish_text_in_sql_without_a_vector():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own search")
    area = Area.objects.create(name="Testområde Väst", slug="testomrade-vast", county="14")
    (partner,) = Partner.objects.bulk_create(
        [Partner(name="ÖRNSJÖ KOMMUN", slug="ornsjo-kommun", kind="municipality", area=area)]
    )
    assert list(found_partners("örnsjö")) == [partner]
    assert Partner.objects.filter(search_vector__isnull=False).count() == 0
