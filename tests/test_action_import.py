"""Importing an åtgärdsplan from CSV or XLSX: preview, all-or-nothing, idempotent, in place by
key, within the editor's own partner; the same as the command."""

import io
from pathlib import Path

import pytest
import tablib
from django.core.management import CommandError, call_command
from reversion.models import Version

from promises.editing import action_import
from promises.models import Action, Promise, PromisePeriod

from .actions import POLICE, TJORN
from .html import visible_text

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
    assert result.rows[0].errors == [
        ("Nyckel", "Nyckeln hör till en åtgärd som du inte får ändra.")
    ]


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
        "3 nya, 0 ändrade och 0 oförändrade åtgärder i Medborgarlöfte 2023-2024."
        in capsys.readouterr().out
    )
    call_command("import_action_plan", str(path), period="2023-2024")
    assert "0 nya, 0 ändrade och 3 oförändrade" in capsys.readouterr().out
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
    assert "Importerat: 1 nya, 0 ändrade och 0 oförändrade åtgärder." in visible_text(
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
    assert content.decode("utf-8-sig").strip().split(";") == HEADER
    assert plan(content).file_errors == ["Filen har inga rader under kolumnrubrikerna."]


def test_promises_are_numbered_as_on_the_page():
    promises = list(period().promises.order_by("order", "pk"))
    assert [p.position() for p in promises] == list(range(1, len(promises) + 1))
    assert Promise.objects.filter(period=period()).count() == 11
