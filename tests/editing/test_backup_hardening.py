"""A backup file is bounded like every other input: a control character in any text (also in
the history's stored versions), JSON nested past what the parser can follow, and a file past
the size limit are refused in Swedish, and nothing changes."""

import json

import pytest
from django.core.management import CommandError, call_command

from promises.editing import backup

from .test_backup import snapshot

pytestmark = pytest.mark.django_db


def exported():
    return json.loads(backup.dumps(backup.export_content()))


def refused(tmp_path, text, **options):
    before = snapshot()
    path = tmp_path / "kopia.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_content", path, **options)
    assert snapshot() == before
    assert str(error.value).endswith("Inget har ändrats.")
    return str(error.value)


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x85"])
def test_a_control_character_in_a_text_is_refused(tmp_path, character):
    data = exported()
    promise = next(obj for obj in data["objects"] if obj["model"] == "promises.promise")
    promise["fields"]["text"] += character
    message = refused(tmp_path, json.dumps(data))
    assert (
        f"Filens promises.promise {promise['pk']} har ett styrtecken i text, och sådana tecken "
        "får ingen text på webbplatsen innehålla."
    ) in message


def test_a_control_character_in_a_stored_version_is_refused(tmp_path):
    data = exported()
    version = {
        "model": "reversion.version",
        "pk": 999999,
        "fields": {
            "serialized_data": json.dumps([{"fields": {"text": "Löfte\x1b"}}]),
            "object_repr": "Löfte",
        },
    }
    data["objects"].append(version)
    assert "Filens reversion.version 999999 har ett styrtecken i serialized_data" in refused(
        tmp_path, json.dumps(data)
    )


def test_tabs_and_line_breaks_are_text():
    data = exported()
    promise = next(obj for obj in data["objects"] if obj["model"] == "promises.promise")
    promise["fields"]["text"] += "\tmed\r\nrader"
    assert backup.parse(json.dumps(data))


def test_json_nested_past_the_parsers_depth_is_refused(tmp_path):
    message = refused(tmp_path, "[" * 200_000 + "]" * 200_000)
    assert "Filen är inte en säkerhetskopia av innehållet från den här webbplatsen." in message


def test_a_file_past_the_size_limit_is_refused_unless_allowed(tmp_path):
    text = backup.dumps(backup.export_content())
    message = refused(tmp_path, text, max_megabytes=0)
    assert "är större än 0 MB. Är den en säkerhetskopia av den här webbplatsen" in message
    assert backup.MAX_MEGABYTES == 100


def test_an_endless_file_is_refused_past_the_limit():
    with pytest.raises(CommandError) as error:
        call_command("import_content", "/dev/zero", max_megabytes=1)
    assert str(error.value) == (
        "Filen /dev/zero är större än 1 MB. Är den en säkerhetskopia av den här webbplatsen, "
        "importera den med --max-megabytes. Inget har ändrats."
    )
