"""A backup file cannot store a value no form takes: a follow-up status outside the choices
or a slug no URL takes (a period's slug with a space made every public page that links the
period answer 500). Refused in Swedish, nothing changed."""

import json

import pytest

from promises.editing import backup
from promises.models import FollowUp

from ..support import attack_world
from .test_backup_hardening import exported, refused

pytestmark = pytest.mark.django_db


def with_field(model, field, value):
    data = exported()
    (obj, *_rest) = [obj for obj in data["objects"] if obj["model"] == model]
    obj["fields"][field] = value
    return data, obj


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("promises.followup", "status", "okand-status"),
        ("promises.promiseperiod", "slug", "2023 2024/å"),
        ("promises.partner", "slug", "tjörn kommun"),
    ],
)
def test_a_value_no_form_takes_is_refused(tmp_path, model, field, value):
    attack_world.build()
    data, obj = with_field(model, field, value)
    message = refused(tmp_path, json.dumps(data))
    assert f"{obj['model']} {obj['pk']}" in message
    assert f"har ett värde i {field} som webbplatsen inte tar emot" in message


def test_the_sites_own_values_pass():
    attack_world.build()
    assert FollowUp.objects.exists()
    assert backup.parse(json.dumps(exported()))
