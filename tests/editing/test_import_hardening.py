"""Spreadsheets that attack their reader are refused with a Swedish message, in the admin and
in the command, without pinning the process or taking gigabytes: a data row numbered
r="1000000000000", a DTD of nested entities, a column letter past XFD, a giant shared string.
The peak memory is measured in a process of its own (ru_maxrss). Besides: the time limit, the
counts, control characters and over-long cells, and DTDs in any part of the archive.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from promises import checks
from promises.editing import plan_files, xlsx_package
from promises.models import Action, PreviewedImport, PromisePeriod

from ..support import xlsx_bomb
from ..support.actions import TJORN
from ..support.html import visible_text

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
IMPORT_URL = "/admin/promises/action/import/"
# A Django process with the app loaded takes some 60–100 MB; the entity bomb expanded would
# take 1.5 GB, the giant shared string in every cell of the preview far more.
PEAK_LIMIT_KB = 300 * 1024
OUTSIDE = "utanför Excels blad (A1 till XFD1048576)"
XML_ELEMENTS = (
    "Excel-filen innehåller fler än 800000 XML-element, eller element i mer än 64 nivåer."
)
ATTACKS = {
    "row_gap": (
        xlsx_bomb.row_gap,
        "Excel-filen nämner cellen ”A1000000000000”, som ligger " + OUTSIDE,
    ),
    "huge_column": (
        xlsx_bomb.huge_column,
        "nämner cellen ”AAAAAAAAAAAAAAAA2”, som ligger " + OUTSIDE,
    ),
    "entity_bomb": (
        xlsx_bomb.entity_bomb,
        "Excel-filen innehåller en dokumenttypsdeklaration (DTD), något som arbetsböcker "
        "sparade i Excel aldrig har.",
    ),
    "giant_shared_strings": (
        xlsx_bomb.giant_shared_strings,
        "bladet ”Blad1” i plan.xlsx, rad 2, kolumn Löfte: cellen har mer än 2000 tecken.",
    ),
    # Every cell within its limit, all of them one shared string: the preview was 74 MB.
    "one_string_in_every_cell": (
        lambda: xlsx_bomb.giant_shared_strings(length=2000, rows=5000),
        "Cellerna i plan.xlsx innehåller tillsammans mer än 2097152 tecken. Spara bara de "
        "blad som ska importeras.",
    ),
    # Elements nested in each other or side by side, which openpyxl keeps as a tree.
    "nested_elements": (xlsx_bomb.nested_elements, XML_ELEMENTS),
    "many_elements": (xlsx_bomb.many_elements, XML_ELEMENTS),
    # A sheet behind 600 spaces was passed over by the check as not XML.
    # One tag of 19 MB: expat 2.5 re-parses it with every block openpyxl feeds (27 s).
    "long_piece": (
        xlsx_bomb.long_piece,
        "Excel-filen innehåller en tagg eller kommentar som är längre än 1048576 byte",
    ),
    "hidden_row_gap": (
        xlsx_bomb.hidden_row_gap,
        "Excel-filen nämner cellen ”A1000000000000”, som ligger " + OUTSIDE,
    ),
}


def period():
    return PromisePeriod.objects.get(slug="2023-2024")


def superuser():
    from django.contrib.auth import get_user_model

    return get_user_model()(is_superuser=True, is_staff=True, is_active=True)


def file_errors(content, name="plan.xlsx"):
    """The errors about the file as a whole, the file's own or its actions'."""
    planned = plan_files.plan([(name, content)], period(), superuser())
    return planned.file_errors + (planned.actions.file_errors if planned.actions else [])


# The attacks, refused -------------------------------------------------------------------------


def test_openpyxl_parses_workbooks_through_defusedxml(monkeypatch):
    import defusedxml.ElementTree
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse
    assert checks.spreadsheets_parsed_safely(None) == []
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert [error.id for error in checks.spreadsheets_parsed_safely(None)] == ["promises.E001"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_each_attack_is_refused_in_swedish(attack):
    build, message = ATTACKS[attack]
    content = build()
    assert len(content) < 50_000
    errors = file_errors(content)
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_admin_refuses_each_attack_and_keeps_nothing(client_for, attack):
    build, message = ATTACKS[attack]
    client = client_for(TJORN)
    upload = io.BytesIO(build())
    upload.name = "plan.xlsx"
    answer = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
    assert answer.status_code == 200
    assert message in visible_text(answer.content.decode())
    assert answer.context.get("token") is None
    assert not PreviewedImport.objects.exists() and not Action.objects.exists()


def test_the_command_refuses_each_attack_with_the_same_words(tmp_path):
    for attack, (build, message) in ATTACKS.items():
        path = tmp_path / "plan.xlsx"
        path.write_bytes(build())
        with pytest.raises(CommandError) as refused:
            call_command("import_action_plan", str(path), period="2023-2024")
        assert message in str(refused.value), attack
        assert str(refused.value).endswith("Ingenting importerades.")
    assert not Action.objects.exists()


# In processes of their own: the memory they peak at -----------------------------------------


def child_environment(database_url):
    from django.conf import settings

    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    environment.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        HTTPS="false",
        DOTENV_FILE="",
        ALLOWED_HOSTS="testserver,localhost",
        STATIC_ROOT=str(settings.STATIC_ROOT),
        LOG_LEVEL="WARNING",
    )
    return environment


@pytest.fixture(scope="module")
def site_file(tmp_path_factory, django_db_setup, django_db_blocker):
    """A migrated SQLite file (the site's content, no actions) and the environment to use it.

    In the SQLite pass, a copy of the pass's own migrated database (SQLite's backup, taken
    between tests, so with nothing any test wrote): the same migrations, run once per worker
    instead of again in a new process (seconds of CPU). Otherwise migrated here."""
    from django.db import connection

    path = tmp_path_factory.mktemp("site") / "site.sqlite3"
    environment = child_environment(f"sqlite:///{path}")
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
    if not path.exists() or not seed_period_in(path):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=REPO,
            env=environment,
            check=True,
            timeout=300,
        )
    assert seed_period_in(path) and actions_in(path) == 0
    return path, environment


def seed_period_in(path):
    with sqlite3.connect(path) as database:
        query = "SELECT count(*) FROM promises_promiseperiod WHERE slug = '2023-2024'"
        return database.execute(query).fetchone()[0] == 1


def actions_in(path):
    with sqlite3.connect(path) as database:
        return database.execute("SELECT count(*) FROM promises_action").fetchone()[0]


@pytest.fixture(scope="module")
def in_own_process(site_file):
    """Runs a job (the command or the admin's import form) on the site file in a process of
    its own, forked from a server that has loaded Django once (tests/support/import_child.py);
    answers its exit code, output, errors and peak memory in kB."""
    _path, environment = site_file
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "support" / "import_child.py")],
        cwd=REPO,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def run(job, upload):
        server.stdin.write(json.dumps({"job": job, "file": str(upload), "period": "2023-2024"}))
        server.stdin.write("\n")
        server.stdin.flush()
        line = server.stdout.readline()
        assert line, f"the import server ended with {server.poll()}"
        answer = json.loads(line)
        return answer["code"], answer["output"], answer["errors"], answer["peak_kb"]

    yield run
    server.stdin.close()
    server.wait(timeout=60)


# Its process reads a SQLite file of its own (site_file), whichever database the pass tests.
@pytest.mark.database_free
@pytest.mark.parametrize("attack", ATTACKS)
def test_the_command_in_its_own_process_refuses_with_bounded_memory(
    site_file, in_own_process, tmp_path, attack
):
    path, _environment = site_file
    build, message = ATTACKS[attack]
    upload = tmp_path / "plan.xlsx"
    upload.write_bytes(build())
    code, output, errors, peak_kb = in_own_process("command", upload)
    assert code == 1
    assert message in errors and "Ingenting importerades." in errors
    assert output == ""
    assert peak_kb < PEAK_LIMIT_KB
    assert actions_in(path) == 0


# Its process reads a SQLite file of its own (site_file), whichever database the pass tests.
@pytest.mark.database_free
@pytest.mark.parametrize("attack", ATTACKS)
def test_the_admin_in_its_own_process_refuses_with_bounded_memory(in_own_process, tmp_path, attack):
    build, message = ATTACKS[attack]
    upload = tmp_path / "plan.xlsx"
    upload.write_bytes(build())
    code, output, errors, peak_kb = in_own_process("admin", upload)
    assert code == 0, errors
    answer = json.loads(output)
    assert answer["status"] == 200
    assert message in visible_text(answer["page"])
    assert (answer["actions"], answer["previews"]) == (0, 0)
    assert peak_kb < PEAK_LIMIT_KB


def test_openpyxl_alone_refuses_the_entity_bomb_too():
    """The second wall, behind the check of every part: openpyxl's own parser (defusedxml)."""
    from defusedxml import EntitiesForbidden

    with pytest.raises(ValueError, match="Unable to read workbook") as refused:
        openpyxl.load_workbook(io.BytesIO(xlsx_bomb.entity_bomb()), read_only=True)
    assert isinstance(refused.value.__cause__, EntitiesForbidden)


# The other limits --------------------------------------------------------------------------


def test_a_row_at_excels_last_row_is_read_and_one_past_it_is_refused():
    read = plan_files.plan([("plan.xlsx", xlsx_bomb.row_gap("1048576"))], period(), superuser())
    assert read.is_valid
    assert [(row.number, row.title) for row in read.actions.rows] == [(2, "En åtgärd")]
    assert OUTSIDE in file_errors(xlsx_bomb.row_gap("1048577"))[0]
    assert OUTSIDE in file_errors(xlsx_bomb.huge_column("XFE2"))[0]
    # XFD is Excel's last column: read, and past the columns an import looks at.
    assert file_errors(xlsx_bomb.huge_column("XFD2")) == [
        "Filen har inga rader under kolumnrubrikerna."
    ]


def with_part(content, name, data):
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"], ids=["a DTD in UTF-8", "a DTD in UTF-16"])
def test_a_dtd_in_any_part_is_refused_even_without_entities(encoding):
    part = '<?xml version="1.0"?><!DOCTYPE x><x/>'.encode(encoding)
    content = with_part(xlsx_bomb.row_gap("2"), "customXml/item1.xml", part)
    assert file_errors(content) == [
        "Excel-filen innehåller en dokumenttypsdeklaration (DTD), något som arbetsböcker "
        "sparade i Excel aldrig har. Spara de blad som ska importeras i en ny arbetsbok."
    ]


def test_a_read_past_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(xlsx_package, "MAX_SECONDS", -1)
    assert file_errors(xlsx_bomb.row_gap("2"))[0].startswith(
        "Det tog mer än -1 sekunder att läsa Excel-filen, så läsningen avbröts."
    )


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_CELLS", 3, "Excel-filen har fler än 200000 rader eller 3 celler"),
        ("MAX_ROW_ELEMENTS", 1, "Excel-filen har fler än 1 rader eller 250000 celler"),
        ("MAX_SHARED_STRINGS", 0, "Excel-filen har fler än 0 olika texter."),
        ("MAX_SHEETS", 0, "Excel-filen har fler än 0 blad."),
        ("MAX_PARTS", 4, "Excel-filen har fler än 4 delar."),
    ],
)
def test_counts_past_the_limits_are_refused(monkeypatch, limit, value, message):
    monkeypatch.setattr(xlsx_package, limit, value)
    content = xlsx_bomb.giant_shared_strings(length=10, rows=1)
    assert file_errors(content)[0].startswith(message)


# Control characters and long cells ----------------------------------------------------------

HEADER = "Löfte;Åtgärd;Ansvarig\r\n"


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x7f", "\x85", "\x0b"])
def test_a_control_character_in_a_csv_cell_is_refused_with_its_row_and_column(character):
    content = (
        HEADER + "1;Bra;Tjörns kommun\r\n" + f"1;Trygg{character}het;Tjörns kommun\r\n"
    ).encode()
    assert file_errors(content, "plan.csv") == [
        "plan.csv, rad 3, kolumn Åtgärd: cellen innehåller ett osynligt styrtecken, som inte "
        "kan importeras. Ta bort det (skriv om texten) och försök igen."
    ]


def test_tabs_and_line_breaks_in_a_cell_are_text():
    content = (HEADER + '1;"Trygg\thet\r\npå två rader";Tjörns kommun\r\n').encode()
    assert file_errors(content, "plan.csv") == []


def test_a_control_character_in_a_workbook_cell_or_heading_is_refused():
    # XML 1.0 cannot carry \x1b, but it can carry the C1 controls, e.g. U+009B.
    content = xlsx_bomb.workbook(
        f'{xlsx_bomb.XML}<worksheet xmlns="{xlsx_bomb.MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Löfte</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Åtg\u009bärd</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    assert file_errors(content)[0] == (
        "bladet ”Blad1” i plan.xlsx, rad 1, kolumn B: cellen innehåller ett osynligt "
        "styrtecken, som inte kan importeras. Ta bort det (skriv om texten) och försök igen."
    )


def test_the_command_refuses_a_control_character_on_stderr_and_writes_nothing(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes((HEADER + "1;Trygg\x1bhet;Tjörns kommun\r\n").encode())
    with pytest.raises(CommandError) as refused:
        call_command("import_action_plan", str(path), period="2023-2024")
    assert "plan.csv, rad 2, kolumn Åtgärd: cellen innehåller ett osynligt styrtecken" in str(
        refused.value
    )
    assert not Action.objects.exists()


def test_a_cell_longer_than_the_limit_is_refused():
    at_limit = (HEADER + f"1;{'å' * 2000};Tjörns kommun\r\n").encode()
    assert file_errors(at_limit, "plan.csv") == []
    past = (HEADER + f"1;{'å' * 2001};Tjörns kommun\r\n").encode()
    assert file_errors(past, "plan.csv") == [
        "plan.csv, rad 2, kolumn Åtgärd: cellen har mer än 2000 tecken."
    ]


def test_the_command_reads_no_more_than_the_limit_of_an_endless_file():
    # /dev/zero never ends: reading it whole would never return.
    with pytest.raises(CommandError) as refused:
        call_command("import_action_plan", "/dev/zero", period="2023-2024")
    assert str(refused.value) == "zero: Filen är större än 2 MB.\nIngenting importerades."
    assert not Action.objects.exists()


def damaged(how):
    content = bytearray(xlsx_bomb.row_gap("2"))
    entry = content.index(b"xl/worksheets/sheet1.xml")  # its local header's name
    if how == "encrypted":
        # The general-purpose flag of the local header and of the central directory entry.
        for start in (content.rfind(b"PK\x03\x04", 0, entry), content.rfind(b"PK\x01\x02")):
            flag = start + (6 if content[start + 2] == 3 else 8)
            content[flag] |= 1
    elif how == "deflate":
        data = entry + len(b"xl/worksheets/sheet1.xml")
        content[data : data + 8] = b"\xff" * 8
    elif how == "method":
        for start in (content.rfind(b"PK\x03\x04", 0, entry), content.rfind(b"PK\x01\x02")):
            method = start + (8 if content[start + 2] == 3 else 10)
            content[method] = 99
    return bytes(content)


@pytest.mark.parametrize("how", ["encrypted", "deflate", "method"])
def test_a_damaged_archive_is_unreadable_not_an_error(how):
    assert file_errors(damaged(how)) == ["Filen gick inte att läsa som en Excel-fil (XLSX)."]


def test_a_cell_reference_in_lower_case_is_read_as_openpyxl_reads_it():
    assert file_errors(xlsx_bomb.huge_column("xfd2")) == [
        "Filen har inga rader under kolumnrubrikerna."
    ]
    assert OUTSIDE in file_errors(xlsx_bomb.huge_column("xfe2"))[0]
