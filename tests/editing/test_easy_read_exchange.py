"""A promise's lättläst text in the period's open-data JSON (`lattlast`): exported, imported
again, optional in older files, and checked as the admin checks it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from promises.models import EASY_READ_MAX_LENGTH, Promise, PromisePeriod
from tests.editing.test_period_exchange import empty_database
from tests.support.exchange import PERIOD_SLUG, build_world

pytestmark = pytest.mark.django_db

EASY = "Polisen går runt i området. Polisen pratar med de som bor där."


def exported_document():
    """The made-up period, its first promise with a lättläst text, as the site serves it."""
    empty_database()
    build_world()
    first = Promise.objects.filter(period__slug=PERIOD_SLUG).order_by("order", "pk").first()
    first.easy_read_text = EASY
    first.save()
    response = Client().get(f"/oppna-data/medborgarloften/{PERIOD_SLUG}.json")
    assert response.status_code == 200
    return json.loads(response.content)


def imported(document, tmp_path):
    empty_database()
    file = tmp_path / "period.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_period", str(file), stdout=io.StringIO())
    period = PromisePeriod.objects.get(slug=PERIOD_SLUG)
    return list(period.promises.order_by("order", "pk").values_list("easy_read_text", flat=True))


def test_the_lattlast_key_travels_there_and_back(tmp_path):
    document = exported_document()
    assert [p["lattlast"] for p in document["loften"]] == [EASY, "", ""]
    assert imported(document, tmp_path) == [EASY, "", ""]


def test_a_file_from_before_the_key_imports_without_lattlast_texts(tmp_path):
    document = exported_document()
    for promise in document["loften"]:
        del promise["lattlast"]
    assert imported(document, tmp_path) == ["", "", ""]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * (EASY_READ_MAX_LENGTH + 1), "som mest 1500 tecken"),
        (17, "ska vara text"),
    ],
    ids=["too-long", "number"],
)
def test_a_bad_lattlast_value_is_refused_and_changes_nothing(tmp_path, value, message):
    document = exported_document()
    document["loften"][1]["lattlast"] = value
    empty_database()
    file = tmp_path / "period.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_period", str(file), stdout=io.StringIO(), stderr=err)
    said = err.getvalue() + str(error.value)
    assert "löfte 2" in said and message in said, said
    assert not PromisePeriod.objects.filter(slug=PERIOD_SLUG).exists()
