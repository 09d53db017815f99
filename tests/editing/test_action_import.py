"""Importing an åtgärdsplan from CSV or XLSX: preview, all-or-nothing, idempotent, in place by
key, within the editor's own partner; the same as the command."""

import datetime
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import tablib
from django.core.management import CommandError, call_command
from reversion.models import Version

from promises.editing import action_import, spreadsheet
from promises.editing.spreadsheet import MAX_ROWS, MAX_UNPACKED_SIZE
from promises.models import Action, PreviewedImport, Promise, PromisePeriod

from ..support.actions import POLICE, TJORN
from ..support.html import visible_text
from ..support.xlsx_bomb import bomb

pytestmark = pytest.mark.django_db

HEADER = [
    "Löfte",
    "Åtgärd",
    "Operativt mål",
    "Start",
    "Slut",
    "Ansvarig",
    "Kontakt",
    "Status",
    "Nyckel",
]
GOOD_ROWS = [
    [
        "1",
        "Fler synliga poliser i centrum.",
        "Minst sex insatser.",
        "2024-01-01",
        "2024-06-30",
        "Lokalpolisområde Södra Fyrbodal",
        "Kommunpolisen",
        "grön",
        "pol-1",
    ],
    ["1", "Hastighetskontroller vid skolor.", "", "2024-02-01", "", POLICE, "", "gul", ""],
    [
        "6",
        "Trygghetsvandringar; kväll.",
        "Varje höst, med föreningarna.",
        "",
        "",
        "Tjörns kommun",
        "trygghet@example.se",
        "",
        "tjorn-1",
    ],
]
IMPORT_URL = "/admin/promises/action/import/"


def period():
    return PromisePeriod.objects.get(slug="2023-2024")


def csv_bytes(rows, delimiter=";", bom=True):
    lines = []
    for row in [HEADER, *rows]:
        cells = [
            '"' + c.replace('"', '""') + '"' if (delimiter in c or '"' in c) else c for c in row
        ]
        lines.append(delimiter.join(cells))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows):
    dataset = tablib.Dataset(*rows, headers=HEADER)
    return dataset.export("xlsx")


def plan(content, name="plan.csv", user=None):
    from django.contrib.auth import get_user_model

    user = user or get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return action_import.plan_import(content, name, period(), user)


def run(content, name="plan.csv", user=None, publish=False):
    made = plan(content, name, user)
    assert made.is_valid, [(r.number, r.errors) for r in made.rows] + made.file_errors
    return action_import.apply(made, user, publish=publish, source=name)


def snapshot():
    return sorted(
        (
            a.key,
            a.promise_id,
            a.title,
            a.goal,
            a.starts_on,
            a.ends_on,
            a.responsible.slug,
            a.contact,
            a.status,
            a.updated_at,
        )
        for a in Action.objects.select_related("responsible")
    )


def numbered(number):
    return list(period().promises.order_by("order", "pk"))[number - 1]


def test_a_good_file_creates_exactly_its_rows_and_again_changes_nothing():
    assert run(csv_bytes(GOOD_ROWS)) == {"new": 3, "changed": 0, "unchanged": 0}
    assert Action.objects.count() == 3
    polices = Action.objects.get(key="pol-1")
    assert polices.promise == numbered(1)
    assert (polices.responsible.slug, polices.status, str(polices.starts_on)) == (
        POLICE,
        "gron",
        "2024-01-01",
    )
    assert not polices.is_published  # drafts unless publishing was chosen
    tjorns = Action.objects.get(key="tjorn-1")
    assert (tjorns.promise, tjorns.title, tjorns.status) == (
        numbered(6),
        "Trygghetsvandringar; kväll.",
        "",
    )
    derived = Action.objects.get(title="Hastighetskontroller vid skolor.")
    assert derived.key.startswith("2023-2024-1-")

    before, versions = snapshot(), Version.objects.count()
    assert run(csv_bytes(GOOD_ROWS)) == {"new": 0, "changed": 0, "unchanged": 3}
    assert snapshot() == before
    assert Version.objects.count() == versions


def test_an_edited_file_updates_in_place_by_key():
    run(csv_bytes(GOOD_ROWS), publish=True)
    ids = set(Action.objects.values_list("pk", flat=True))
    edited = [row[:] for row in GOOD_ROWS]
    edited[0][1] = "Fler synliga poliser i centrum och i hamnen."
    edited[0][7] = "röd"
    edited[2][0] = "7"
    result = plan(csv_bytes(edited))
    assert [(row.outcome, row.changed) for row in result.rows] == [
        ("changed", ["title", "status"]),
        ("unchanged", []),
        ("changed", ["promise_id"]),
    ]
    action_import.apply(result, None)
    assert set(Action.objects.values_list("pk", flat=True)) == ids
    updated = Action.objects.get(key="pol-1")
    assert (updated.title, updated.status, updated.is_published) == (
        "Fler synliga poliser i centrum och i hamnen.",
        "rod",
        True,
    )
    assert Action.objects.get(key="tjorn-1").promise == numbered(7)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, "12", "Löfte: ”12” är inte ett löftes nummer i Medborgarlöfte 2023-2024 (1–11)."),
        (0, "ett", "Löfte: ”ett” är inte ett löftes nummer"),
        # Digits str.isdigit() accepts and int() refuses, and another script's digit.
        (0, "²", "Löfte: ”²” är inte ett löftes nummer"),
        (0, "①", "Löfte: ”①” är inte ett löftes nummer"),
        (0, "٣", "Löfte: ”٣” är inte ett löftes nummer"),
        (3, "٢٠٢٤-01-01", "Start: ”٢٠٢٤-01-01” är inte ett datum skrivet ÅÅÅÅ-MM-DD."),
        (3, "2024-13-01", "Start: ”2024-13-01” är inte ett datum skrivet ÅÅÅÅ-MM-DD."),
        (4, "30/6 2024", "Slut: ”30/6 2024” är inte ett datum skrivet ÅÅÅÅ-MM-DD."),
        (5, "Uddevalla kommun", "Ansvarig: ”Uddevalla kommun” är inte en av parterna"),
        (7, "blå", "Status: ”blå” är ingen status: skriv grön, gul, röd eller lämna tomt."),
    ],
)
def test_one_bad_row_writes_nothing_and_names_its_row_and_column(tmp_path, column, value, message):
    rows = [row[:] for row in GOOD_ROWS]
    rows[1][column] = value
    result = plan(csv_bytes(rows))
    assert not result.is_valid
    [bad] = [row for row in result.rows if row.errors]
    assert bad.number == 3  # the header is row 1
    assert message in "; ".join(f"{col}: {text}" for col, text in bad.errors)
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_action_plan", str(write(tmp_path, csv_bytes(rows))), period="2023-2024"
        )
    assert f"Rad 3, kolumn {message.split(':')[0]}" in str(refused.value)
    assert "Ingenting importerades." in str(refused.value)
    assert not Action.objects.exists()


def write(folder, content, name="plan.csv"):
    path = folder / name
    path.write_bytes(content)
    return path


def test_csv_with_or_without_bom_semicolons_or_commas_and_xlsx_give_the_same_result():
    results = []
    for content, name in (
        (csv_bytes(GOOD_ROWS, ";", bom=True), "a.csv"),
        (csv_bytes(GOOD_ROWS, ",", bom=False), "b.csv"),
        (csv_bytes(GOOD_ROWS, ",", bom=True), "c.csv"),
        (xlsx_bytes(GOOD_ROWS), "d.xlsx"),
    ):
        Action.objects.all().delete()
        run(content, name)
        results.append([row[:-1] for row in snapshot()])
    assert results[0] == results[1] == results[2] == results[3]


def test_xlsx_dates_typed_as_dates_read_as_dates():
    import datetime

    rows = [row[:] for row in GOOD_ROWS]
    rows[0][3] = datetime.datetime(2024, 1, 1)
    rows[0][0] = 1
    run(xlsx_bytes(rows), "typed.xlsx")
    assert str(Action.objects.get(key="pol-1").starts_on) == "2024-01-01"


def test_an_editor_for_tjorn_cannot_import_actions_for_the_police(staff_user):
    tjorn = staff_user(TJORN)
    result = plan(csv_bytes(GOOD_ROWS), user=tjorn)
    assert not result.is_valid
    errors = {row.number: row.errors for row in result.rows}
    assert errors[2] == [
        ("Ansvarig", "Du får bara importera åtgärder som din egen organisation är ansvarig för.")
    ]
    assert errors[4] == []  # Tjörn's own row is fine
    only_tjorn = plan(csv_bytes([GOOD_ROWS[2]]), user=tjorn)
    assert only_tjorn.is_valid
    # Tjörn responsible, but in a promise only the police gives.
    in_police_promise = [GOOD_ROWS[2][:]]
    in_police_promise[0][0] = "1"
    assert plan(csv_bytes(in_police_promise), user=tjorn).rows[0].errors == [
        ("Löfte", "Din organisation ger inte det här löftet.")
    ]


def test_a_key_of_an_action_the_editor_may_not_change_is_refused(staff_user):
    run(csv_bytes(GOOD_ROWS))
    hijack = [GOOD_ROWS[2][:]]
    hijack[0][8] = "pol-1"  # Tjörn's row, the police's key
    result = plan(csv_bytes(hijack), user=staff_user(TJORN))
    assert result.rows[0].errors == [("Nyckel", "Nyckeln är redan upptagen. Välj en annan nyckel.")]


def test_files_that_cannot_be_read_say_why():
    assert plan("Löfte;Åtgärd\n1;x".encode("latin-1"), "x.csv").file_errors == [
        "Filen är inte UTF-8. Spara den i Excel som ”CSV UTF-8 (kommaavgränsad)”."
    ]
    assert plan(b"not a zip", "x.xlsx").file_errors == [
        "Filen gick inte att läsa som en Excel-fil (XLSX)."
    ]
    assert plan(b"x", "x.pdf").file_errors == ["Välj en CSV- eller XLSX-fil."]
    unknown = plan("Löfte;Åtgärd;Ansvarig;Färg\n1;x;polisen;röd\n".encode(), "x.csv")
    assert unknown.file_errors[0].startswith("Okända kolumner: Färg.")


def test_the_command_imports_and_summarises_in_swedish(capsys, tmp_path):
    path = write(tmp_path, csv_bytes(GOOD_ROWS))
    call_command("import_action_plan", str(path), period="2023-2024")
    assert (
        "Medborgarlöfte 2023-2024: Importen är klar. Åtgärder: 3 nya, 0 ändrade och 0 "
        "oförändrade." in capsys.readouterr().out
    )
    call_command("import_action_plan", str(path), period="2023-2024")
    assert "Åtgärder: 0 nya, 0 ändrade och 3 oförändrade." in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"Det finns ingen period som heter ”nej”\."):
        call_command("import_action_plan", str(path), period="nej")


def test_the_admin_previews_writes_nothing_then_confirms_the_previewed_file(client_for):
    client = client_for(TJORN)
    page = client.get("/admin/promises/action/")
    assert IMPORT_URL in page.content.decode()
    upload = io.BytesIO(csv_bytes([GOOD_ROWS[2]]))
    upload.name = "tjorn.csv"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload, "publish": "on"})
    assert preview.status_code == 200
    text = visible_text(preview.content.decode())
    assert "Trygghetsvandringar; kväll." in text and "Ny" in text
    assert not Action.objects.exists()
    token = preview.context["token"]
    # A token altered on the way, or from another user, writes nothing.
    assert client.post(IMPORT_URL, {"token": token[:-2] + "xx"}).status_code == 302
    assert not Action.objects.exists()
    assert client_for(ORUST_EDITOR).post(IMPORT_URL, {"token": token}).status_code == 403
    assert not Action.objects.exists()
    done = client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "Importen är klar. Åtgärder: 1 ny, 0 ändrade och 0 oförändrade." in visible_text(
        done.content.decode()
    )
    made = Action.objects.get()
    assert (made.key, made.is_published) == ("tjorn-1", True)
    assert (
        Version.objects.get_for_object(made).get().revision.user.username == f"{TJORN}@example.se"
    )


ORUST_EDITOR = "orust-kommun"


def test_the_admin_shows_every_bad_row_with_its_column_and_offers_no_confirmation(client_for):
    client = client_for(TJORN)
    upload = io.BytesIO(csv_bytes(GOOD_ROWS))
    upload.name = "alla.csv"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
    text = visible_text(preview.content.decode())
    assert "Kolumn Ansvarig: Du får bara importera åtgärder" in text
    assert "token" not in preview.context or preview.context.get("token") is None
    assert 'name="token"' not in preview.content.decode()
    assert not Action.objects.exists()


def test_the_template_file_has_exactly_the_columns():
    from django.conf import settings

    template = Path(settings.BASE_DIR) / "static" / "promises" / "atgardsplan-mall.csv"
    content = template.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    header, example = content.decode("utf-8-sig").strip().split("\n")
    assert header.split(";") == HEADER
    # One example row, marked as one: left in the file, it stops the import instead of
    # becoming an action.
    checked = plan(content)
    assert not checked.file_errors and not checked.is_valid
    assert example.startswith("EXEMPEL")
    assert "EXEMPEL" in checked.rows[0].errors[0][1]


def test_promises_are_numbered_as_on_the_page():
    promises = list(period().promises.order_by("order", "pk"))
    assert [p.position() for p in promises] == list(range(1, len(promises) + 1))
    assert Promise.objects.filter(period=period()).count() == 11


def test_a_promise_number_in_odd_digits_is_a_swedish_row_error_in_the_admin(client_for):
    client = client_for(TJORN)
    upload = io.BytesIO(csv_bytes([["²", *GOOD_ROWS[2][1:]]]))
    upload.name = "tjorn.csv"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
    assert preview.status_code == 200
    assert "Kolumn Löfte: ”²” är inte ett löftes nummer" in visible_text(preview.content.decode())
    assert preview.context.get("token") is None


def traced_peak(function, *args):
    """The most memory Python held while `function` ran, in bytes."""
    tracemalloc.start()
    try:
        function(*args)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("last_cell", ["XFD2000", "XFD1048576"])
def test_a_tiny_workbook_cannot_make_the_import_use_hundreds_of_megabytes(last_cell):
    # 1.5 kB: a heading in A1 and one cell in the sheet's last column. Padded to the widest
    # row, as tablib read it, XFD2000 took 257 MB and XFD1048576 would take ~140 GB.
    content = bomb(last_cell)
    assert len(content) < 2000
    assert traced_peak(plan, content, "plan.xlsx") < 20 * 1024 * 1024
    # Read as the sheet it is: a heading, and one value past the columns that are read.
    assert plan(content, "plan.xlsx").file_errors == ["Kolumner saknas: Löfte, Ansvarig."]


def test_a_workbook_that_unpacks_past_the_limit_is_refused_unread():
    buffer = io.BytesIO(xlsx_bytes(GOOD_ROWS))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/padding.xml", b" " * (MAX_UNPACKED_SIZE + 1))
    content = buffer.getvalue()
    assert len(content) < 100_000
    assert plan(content, "plan.xlsx").file_errors == [
        "Excel-filen packas upp till mer än 20 MB. Spara bara de blad som ska importeras."
    ]


@pytest.mark.parametrize("name", ["plan.csv", "plan.xlsx"])
def test_more_rows_than_the_limit_are_refused_not_cut_short(name, monkeypatch):
    # The limit is read where it is used, so a lower one takes the same path in a fraction
    # of the time (building and reading 2 × 5,000 rows took ~8 s of CPU per file type).
    assert MAX_ROWS == 5000
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 60)
    row = GOOD_ROWS[2]
    encode = csv_bytes if name.endswith(".csv") else xlsx_bytes
    at_limit = plan(encode([row] * 60), name)
    assert at_limit.file_errors == [] and len(at_limit.rows) == 60
    assert plan(encode([row] * 61), name).file_errors == [
        f"{name} har fler än 60 rader under kolumnrubrikerna."
    ]


def test_a_filled_row_far_below_the_rest_counts_and_empty_rows_do_not():
    # An empty row in the middle and a row near the sheet's end: both rows are read.
    content = io.BytesIO(xlsx_bytes([GOOD_ROWS[0], [""] * len(HEADER)]))
    from openpyxl import load_workbook

    book = load_workbook(content)
    book.active.append([])
    for column, value in enumerate(GOOD_ROWS[2], start=1):
        book.active.cell(row=1_048_576, column=column, value=value)
    saved = io.BytesIO()
    book.save(saved)
    result = plan(saved.getvalue(), "plan.xlsx")
    assert [(row.number, row.key) for row in result.rows] == [(2, "pol-1"), (3, "tjorn-1")]


def test_a_workbook_under_the_2_mb_limit_that_previews_can_also_be_confirmed(client_for):
    # A real workbook with a photo in it (here: 2 MB of incompressible bytes in xl/media).
    buffer = io.BytesIO(xlsx_bytes([GOOD_ROWS[2]]))
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr("xl/media/image1.jpeg", os.urandom(2_050_000), zipfile.ZIP_STORED)
    content = buffer.getvalue()
    assert len(content) < 2 * 1024 * 1024
    client = client_for(TJORN)
    upload = io.BytesIO(content)
    upload.name = "plan.xlsx"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
    assert preview.status_code == 200 and preview.context["token"]
    # The files stay in the database: the token is small, whatever the file's size.
    assert len(preview.context["token"]) < 1000
    done = client.post(IMPORT_URL, {"token": preview.context["token"]})
    assert done.status_code == 302, done.status_code
    assert Action.objects.filter(key="tjorn-1").exists()


def test_a_preview_is_confirmed_once_and_kept_at_most_an_hour(client_for):
    client = client_for(TJORN)

    def preview(rows):
        upload = io.BytesIO(csv_bytes(rows))
        upload.name = "tjorn.csv"
        return client.post(IMPORT_URL, {"period": period().pk, "file": upload}).context["token"]

    expired = "Förhandsgranskningen har gått ut eller ändrats. Ladda upp filen igen."
    token = preview([GOOD_ROWS[2]])
    assert PreviewedImport.objects.count() == 1
    client.post(IMPORT_URL, {"token": token})
    assert Action.objects.count() == 1 and not PreviewedImport.objects.exists()
    again = client.post(IMPORT_URL, {"token": token}, follow=True)
    assert expired in visible_text(again.content.decode())

    # A preview older than an hour is neither confirmed nor kept past the next preview.
    edited = [row[:] for row in GOOD_ROWS[2:]]
    edited[0][2] = "Varje vår."
    old_token = preview(edited)
    PreviewedImport.objects.update(
        created_at=PreviewedImport.objects.get().created_at - datetime.timedelta(hours=1)
    )
    late = client.post(IMPORT_URL, {"token": old_token}, follow=True)
    assert expired in visible_text(late.content.decode())
    assert Action.objects.get().goal == "Varje höst, med föreningarna."
    preview(edited)
    assert PreviewedImport.objects.count() == 1
