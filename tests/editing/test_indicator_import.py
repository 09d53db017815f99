"""Importing indicators and their values (a second file, or a second sheet beside the
actions): preview, all-or-nothing, idempotent, in place by key (promise + name; a value by its
type, a measurement by its date), only for promises the editor's partner gives; CSV and XLSX
alike; the same through the command; history and the content stamp."""

import datetime
import io
import threading
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from promises.caching import content_stamp
from promises.editing import indicator_import, plan_files
from promises.models import Action, Indicator, IndicatorValue, Promise, PromisePeriod

from ..support.actions import POLICE, TJORN
from ..support.html import visible_text
from .test_action_import import GOOD_ROWS as ACTION_ROWS
from .test_action_import import HEADER as ACTION_HEADER

pytestmark = pytest.mark.django_db

HEADER = ["Löfte", "Indikator", "Enhet", "Datum", "Värde", "Typ", "Riktning", "Källa"]
IMPORT_URL = "/admin/promises/action/import/"


def period():
    return PromisePeriod.objects.get(slug="2023-2024")


def numbered(number):
    return list(period().promises.order_by("order", "pk"))[number - 1]


def number_given_by(slug, *, only):
    """The number of the first promise `slug` gives (alone, or with others)."""
    for number, promise in enumerate(period().promises.order_by("order", "pk"), start=1):
        givers = {giver.slug for giver in promise.givers.all()}
        if slug in givers and (not only or givers == {slug}):
            return number
    raise AssertionError(f"no promise given by {slug}")


SAFETY = "Andel som känner sig trygga"


def good_rows():
    police, tjorn = number_given_by(POLICE, only=True), number_given_by(TJORN, only=False)
    return [
        [
            str(police),
            "Anmälda bostadsinbrott",
            "antal",
            "2022-12-31",
            "40",
            "utgångsvärde",
            "",
            "Polisens statistik 2022",
        ],
        [str(police), "Anmälda bostadsinbrott", "antal", "2024-12-31", "30", "mål", "minska", ""],
        [
            str(police),
            "Anmälda bostadsinbrott",
            "",
            "2023-12-31",
            "35",
            "mätning",
            "",
            "Polisens statistik 2023",
        ],
        [
            str(tjorn),
            "Andel som känner sig trygga",
            "procent",
            "2024-12-31",
            "80",
            "Mål",
            "öka",
            "",
        ],
        [
            str(tjorn),
            "andel som känner sig trygga",
            "procent",
            "2023-06-30",
            "72,5",
            "mätning",
            "",
            "Trygghetsmätningen 2023",
        ],
    ]


def csv_bytes(rows, header=HEADER, delimiter=";", bom=True):
    lines = []
    for row in [header, *rows]:
        cells = [
            '"' + c.replace('"', '""') + '"' if (delimiter in c or '"' in c) else c
            for c in map(str, row)
        ]
        lines.append(delimiter.join(cells))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(*sheets):
    """A workbook of (title, header, rows) sheets, the first one open when saved."""
    book = tablib.Databook()
    for title, header, rows in sheets:
        book.add_sheet(tablib.Dataset(*rows, headers=header, title=title))
    return book.export("xlsx")


def administrator():
    from django.contrib.auth import get_user_model

    return get_user_model()(is_superuser=True, is_staff=True, is_active=True)


def plan(*files, user=None):
    return plan_files.plan(list(files), period(), user or administrator())


def run(*files, user=None, publish=False):
    made = plan(*files, user=user)
    assert made.is_valid, made.error_lines()
    return plan_files.apply(made, user or administrator(), publish=publish, source="test")


def snapshot():
    indicators = sorted(
        (
            i.promise_id,
            i.name,
            i.unit,
            i.baseline_value,
            i.baseline_on,
            i.baseline_source,
            i.target_value,
            i.target_on,
            i.direction,
            i.is_published,
            i.updated_at,
        )
        for i in Indicator.objects.all()
    )
    values = sorted(
        (v.indicator.name, v.measured_on, v.value, v.source_title, v.source_url)
        for v in IndicatorValue.objects.select_related("indicator")
    )
    return indicators, values


def without_times(shot):
    indicators, values = shot
    return [row[:-1] for row in indicators], values


def test_a_good_file_creates_exactly_its_rows_and_again_changes_nothing():
    counts = run(("indikatorer.csv", csv_bytes(good_rows())))
    assert counts == {"indicators": {"indicators": 2, "new": 5, "changed": 0, "unchanged": 0}}
    burglaries = Indicator.objects.get(name="Anmälda bostadsinbrott")
    assert burglaries.promise == numbered(number_given_by(POLICE, only=True))
    assert (
        burglaries.unit,
        burglaries.baseline,
        burglaries.baseline_source,
        burglaries.target,
        burglaries.direction,
        burglaries.is_published,
    ) == (
        "antal",
        indicator_point("2022-12-31", "40"),
        "Polisens statistik 2022",
        indicator_point("2024-12-31", "30"),
        "minska",
        False,  # a draft unless publishing was chosen
    )
    assert [(str(v.measured_on), v.value, v.source_title) for v in burglaries.values.all()] == [
        ("2023-12-31", Decimal("35.00"), "Polisens statistik 2023")
    ]
    # The key is the promise and the name as an editor reads it: one indicator, not two.
    safety = Indicator.objects.get(name="Andel som känner sig trygga")
    assert (safety.baseline, safety.direction) == (None, "oka")
    assert [v.value for v in safety.values.all()] == [Decimal("72.50")]
    assert Indicator.objects.count() == 2 and IndicatorValue.objects.count() == 2

    before, versions = snapshot(), Version.objects.count()
    stamp = content_stamp.last_changed()
    again = plan(("indikatorer.csv", csv_bytes(good_rows())))
    assert [row.outcome for row in again.indicators.rows] == ["unchanged"] * 5
    assert plan_files.apply(again, administrator()) == {
        "indicators": {"indicators": 0, "new": 0, "changed": 0, "unchanged": 5}
    }
    assert snapshot() == before
    assert Version.objects.count() == versions
    assert content_stamp.last_changed() == stamp


def indicator_point(on, value):
    from promises.models.indicators import Point

    return Point(datetime.date.fromisoformat(on), Decimal(value))


def test_an_edited_file_updates_in_place_and_adds_new_measurements():
    run(("indikatorer.csv", csv_bytes(good_rows())), publish=True)
    ids = set(Indicator.objects.values_list("pk", flat=True))
    value_ids = set(IndicatorValue.objects.values_list("pk", flat=True))
    stamp = content_stamp.last_changed()
    edited = good_rows()
    edited[0][7] = "Polisens statistik 2022, reviderad"  # the baseline's source
    edited[1][4] = "28"  # the target
    edited[2][4] = "36"  # the 2023 measurement, corrected
    edited[3][2] = edited[4][2] = "andel (procent)"  # a new unit for the indicator
    edited.append([*edited[2][:3], "2024-06-30", "33", "mätning", "", "Polisens statistik 2024"])
    result = plan(("indikatorer.csv", csv_bytes(edited)))
    assert [(row.outcome, row.changed) for row in result.indicators.rows] == [
        ("changed", ["Källa"]),
        ("changed", ["Värde"]),
        ("changed", ["Värde"]),
        ("changed", ["Enhet"]),  # the first row that gives the unit
        ("unchanged", []),
        ("new", []),
    ]
    assert plan_files.apply(result, administrator())["indicators"] == {
        "indicators": 0,
        "new": 1,
        "changed": 4,
        "unchanged": 1,
    }
    assert set(Indicator.objects.values_list("pk", flat=True)) == ids
    assert value_ids < set(IndicatorValue.objects.values_list("pk", flat=True))
    burglaries = Indicator.objects.get(name="Anmälda bostadsinbrott")
    assert (burglaries.target_value, burglaries.baseline_source, burglaries.is_published) == (
        Decimal("28.00"),
        "Polisens statistik 2022, reviderad",
        True,
    )
    assert [(str(v.measured_on), v.value) for v in burglaries.values.all()] == [
        ("2023-12-31", Decimal("36.00")),
        ("2024-06-30", Decimal("33.00")),
    ]
    assert Indicator.objects.get(name="Andel som känner sig trygga").unit == "andel (procent)"
    assert content_stamp.last_changed() > stamp


def test_new_measurements_for_an_existing_indicator_need_no_target_or_unit():
    run(("indikatorer.csv", csv_bytes(good_rows())))
    tjorn = number_given_by(TJORN, only=False)
    only_values = ["Löfte", "Indikator", "Datum", "Värde", "Typ", "Källa"]
    rows = [[tjorn, SAFETY, "2024-06-30", "75", "mätning", "Trygghetsmätningen 2024"]]
    counts = run(("nya-varden.csv", csv_bytes(rows, header=only_values)))
    assert counts["indicators"] == {"indicators": 0, "new": 1, "changed": 0, "unchanged": 0}
    assert IndicatorValue.objects.filter(
        indicator__name="Andel som känner sig trygga", measured_on="2024-06-30", value=75
    ).exists()


# Each bad cell, the column the message names and its Swedish text.
BAD_CELLS = [
    (0, "12", "Löfte", "”12” är inte ett löftes nummer i Medborgarlöfte 2023-2024 (1–11)."),
    (0, "²", "Löfte", "”²” är inte ett löftes nummer i Medborgarlöfte 2023-2024 (1–11)."),
    (0, "①", "Löfte", "”①” är inte ett löftes nummer i Medborgarlöfte 2023-2024 (1–11)."),
    (1, "", "Indikator", "Indikatorns namn är tomt."),
    (3, "2023-02-30", "Datum", "”2023-02-30” är inte ett datum skrivet ÅÅÅÅ-MM-DD."),
    (3, "", "Datum", "Datumet saknas."),
    (4, "trettiofem", "Värde", "”trettiofem” är inget tal. Skriv till exempel 12 eller 12,5."),
    (4, "1.234,5", "Värde", "”1.234,5” är inget tal. Skriv till exempel 12 eller 12,5."),
    (4, "35,125", "Värde", "”35,125” har fler än två decimaler."),
    (4, "1e9", "Värde", "”1e9” är inget tal. Skriv till exempel 12 eller 12,5."),
    (4, "٣٥", "Värde", "”٣٥” är inget tal. Skriv till exempel 12 eller 12,5."),
    (5, "prognos", "Typ", "”prognos” är ingen typ: skriv utgångsvärde, mål eller mätning."),
    (6, "öka", "Riktning", "Riktningen anges bara på målraden."),
    (7, "", "Källa", "En mätning behöver sin källa."),
]


@pytest.mark.parametrize(("column", "value", "name", "message"), BAD_CELLS)
def test_one_bad_row_writes_nothing_and_names_its_row_and_column(
    tmp_path, column, value, name, message
):
    rows = good_rows()
    rows[2][column] = value  # the measurement row, line 4 of the file
    result = plan(("indikatorer.csv", csv_bytes(rows)))
    assert not result.is_valid
    [bad] = [row for row in result.indicators.rows if row.errors]
    assert (bad.number, bad.errors) == (4, [(name, message)])
    # The command says the same and writes nothing, actions included.
    actions = write(tmp_path, csv_bytes(ACTION_ROWS, header=ACTION_HEADER), "plan.csv")
    indicators = write(tmp_path, csv_bytes(rows), "indikatorer.csv")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_action_plan", str(actions), indicators=str(indicators), period="2023-2024"
        )
    assert f"Indikatorer, rad 4, kolumn {name}: {message}" in str(refused.value)
    assert "Ingenting importerades." in str(refused.value)
    assert not Indicator.objects.exists() and not Action.objects.exists()


def write(folder, content, name):
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("row", "column", "value", "errors"),
    [
        (1, 6, "", [(1, "Riktning", "Målraden behöver en riktning: skriv öka eller minska.")]),
        (1, 6, "upp", [(1, "Riktning", "”upp” är ingen riktning: skriv öka eller minska.")]),
        (
            1,
            7,
            "Beslut",
            [(1, "Källa", "Ett mål har ingen källa på webbplatsen: lämna Källa tom på målraden.")],
        ),
    ],
)
def test_the_target_row_has_a_direction_and_no_source(row, column, value, errors):
    rows = good_rows()
    rows[row][column] = value
    result = plan(("indikatorer.csv", csv_bytes(rows)))
    assert [
        (r.number - 2, col, text) for r in result.indicators.rows for col, text in r.errors
    ] == errors


def test_rows_of_one_indicator_must_agree():
    rows = good_rows()
    rows.append(rows[1][:])  # a second target
    rows.append([*rows[2][:4], "37", "mätning", "", "Annan källa"])  # the same day again
    rows.append([*rows[0][:2], "kronor", "2021-12-31", "1", "mätning", "", "Källa"])
    errors = {
        r.number: r.errors for r in plan(("i.csv", csv_bytes(rows))).indicators.rows if r.errors
    }
    assert errors == {
        7: [("Typ", "Rad 3 anger redan den här indikatorns mål.")],
        8: [("Datum", "Rad 4 anger redan en mätning av den här indikatorn det datumet.")],
        9: [("Enhet", "Rad 2 anger en annan enhet för den här indikatorn.")],
    }


def test_a_new_indicator_needs_a_target_and_a_unit():
    police = number_given_by(POLICE, only=True)
    rows = [[police, "Ny indikator", "", "2023-12-31", "5", "mätning", "", "Källa"]]
    [row] = plan(("i.csv", csv_bytes(rows))).indicators.rows
    assert row.errors == [
        ("Typ", "En ny indikator behöver en rad med typen mål."),
        ("Enhet", "En ny indikator behöver en enhet."),
    ]


def test_an_ambiguous_name_is_refused_rather_than_guessed():
    from ..support.actions import indicator

    promise = numbered(number_given_by(POLICE, only=True))
    indicator(promise, name="Anmälda bostadsinbrott")
    indicator(promise, name="anmälda bostadsinbrott ")
    result = plan(("i.csv", csv_bytes(good_rows())))
    assert result.indicators.rows[0].errors == [
        (
            "Indikator",
            "Löftet har flera indikatorer med det namnet: byt namn på en av dem under "
            "Indikatorer först.",
        )
    ]


def test_swedish_and_english_numbers_read_alike():
    assert [
        indicator_import.parse_number(text)
        for text in ("12,5", "12.5", "1 234", "1\u00a0234,50", "\u22123", "-3,25")
    ] == [
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal("1234"),
        Decimal("1234.50"),
        Decimal("-3"),
        Decimal("-3.25"),
    ]


def test_csv_with_or_without_bom_semicolons_or_commas_and_xlsx_give_the_same_result():
    results = []
    for content, name in (
        (csv_bytes(good_rows(), delimiter=";", bom=True), "a.csv"),
        (csv_bytes(good_rows(), delimiter=",", bom=False), "b.csv"),
        (csv_bytes(good_rows(), delimiter=",", bom=True), "c.csv"),
        (xlsx_bytes(("Indikatorer", HEADER, good_rows())), "d.xlsx"),
    ):
        Indicator.objects.all().delete()
        run((name, content))
        results.append(without_times(snapshot()))
    assert results[0] == results[1] == results[2] == results[3]
    assert len(results[0][0]) == 2 and len(results[0][1]) == 2


def test_xlsx_cells_typed_as_numbers_and_dates_read_as_such():
    rows = good_rows()
    rows[2][0] = int(rows[2][0])
    rows[2][3] = datetime.datetime(2023, 12, 31)
    rows[2][4] = 35.0
    rows[4][4] = 72.5
    run(("typed.xlsx", xlsx_bytes(("Indikatorer", HEADER, rows))))
    assert sorted(IndicatorValue.objects.values_list("measured_on", "value")) == [
        (datetime.date(2023, 6, 30), Decimal("72.50")),
        (datetime.date(2023, 12, 31), Decimal("35.00")),
    ]


def test_one_workbook_with_both_sheets_imports_both_in_one_revision():
    # The indicators' sheet first (it was open when the file was saved): found by its headings.
    workbook = xlsx_bytes(
        ("Indikatorer", HEADER, good_rows()),
        ("Åtgärder", ACTION_HEADER, ACTION_ROWS),
        ("Tomt blad", [], []),
    )
    counts = run(("atgardsplan.xlsx", workbook))
    assert counts == {
        "actions": {"new": 3, "changed": 0, "unchanged": 0},
        "indicators": {"indicators": 2, "new": 5, "changed": 0, "unchanged": 0},
    }
    revisions = {
        version.revision_id
        for model in (Action, Indicator, IndicatorValue)
        for version in Version.objects.get_for_model(model)
    }
    assert len(revisions) == 1
    # Each indicator's version holds its values, so restoring it brings them back together.
    burglaries = Indicator.objects.get(name="Anmälda bostadsinbrott")
    [version] = Version.objects.get_for_object(burglaries)
    assert set(version.revision.version_set.values_list("object_id", flat=True)) >= {
        str(value.pk) for value in burglaries.values.all()
    }


def test_a_bad_indicator_row_in_the_workbook_writes_no_actions_either():
    rows = good_rows()
    rows[3][0] = "99"
    workbook = xlsx_bytes(("Åtgärder", ACTION_HEADER, ACTION_ROWS), ("Indikatorer", HEADER, rows))
    result = plan(("atgardsplan.xlsx", workbook))
    assert result.actions.is_valid and not result.is_valid
    assert "Indikatorer, rad 5, kolumn Löfte: ”99” är inte ett löftes nummer" in "\n".join(
        result.error_lines()
    )
    with pytest.raises(ValueError):
        plan_files.apply(result, administrator())
    assert not Action.objects.exists() and not Indicator.objects.exists()


def test_sheets_that_are_neither_or_twice_are_refused():
    stray = xlsx_bytes(
        ("Indikatorer", HEADER, good_rows()), ("Anteckningar", ["Att göra"], [["x"]])
    )
    assert plan(("a.xlsx", stray)).file_errors == [
        "bladet ”Anteckningar” i a.xlsx har varken kolumnen Åtgärd (åtgärder) eller kolumnen "
        "Indikator (indikatorer)."
    ]
    twice = plan(("a.csv", csv_bytes(good_rows())), ("b.csv", csv_bytes(good_rows())))
    assert twice.file_errors == [
        "Både a.csv och b.csv innehåller indikatorer: importera en av dem i taget."
    ]
    assert plan(("a.csv", b"Indikator\n"), ("b.pdf", b"x")).file_errors == [
        "b.pdf: Välj en CSV- eller XLSX-fil."
    ]
    missing = plan(("a.csv", csv_bytes([["1", "x"]], header=["Indikator", "Värde"])))
    assert missing.indicators.file_errors == ["Kolumner saknas: Löfte, Datum, Typ."]


def test_an_editor_for_tjorn_imports_only_for_promises_tjorn_gives(staff_user):
    tjorn = staff_user(TJORN)
    result = plan(("i.csv", csv_bytes(good_rows())), user=tjorn)
    errors = {row.number: row.errors for row in result.indicators.rows}
    police_only = [("Löfte", "Din organisation ger inte det här löftet.")]
    assert errors == {2: police_only, 3: police_only, 4: police_only, 5: [], 6: []}
    assert not result.is_valid
    own = plan(("i.csv", csv_bytes(good_rows()[3:])), user=tjorn)
    assert own.is_valid
    plan_files.apply(own, tjorn)
    assert Indicator.objects.get().promise.givers.filter(slug=TJORN).exists()


def test_the_command_imports_a_separate_file_and_summarises_in_swedish(capsys, tmp_path):
    actions = write(tmp_path, csv_bytes(ACTION_ROWS, header=ACTION_HEADER), "plan.csv")
    indicators = write(tmp_path, csv_bytes(good_rows()), "indikatorer.csv")
    call_command("import_action_plan", str(actions), indicators=str(indicators), period="2023-2024")
    out = capsys.readouterr().out
    assert "Medborgarlöfte 2023-2024: Importen är klar. Åtgärder: 3 nya," in out
    assert "Indikatorer: 2 nya. Mätvärden: 5 nya, 0 ändrade och 0 oförändrade." in out
    # The indicators' file alone, as FILE: recognised by its headings.
    call_command("import_action_plan", str(indicators), period="2023-2024")
    out = capsys.readouterr().out
    assert "Indikatorer: 0 nya. Mätvärden: 0 nya, 0 ändrade och 5 oförändrade." in out
    assert "Åtgärder" not in out


def test_the_admin_previews_writes_nothing_then_confirms_with_history(client_for):
    client = client_for(TJORN)
    listing = client.get("/admin/promises/indicator/").content.decode()
    assert IMPORT_URL in listing and "Importera indikatorer" in listing
    page = client.get(IMPORT_URL).content.decode()
    assert "/static/promises/indikatorer-mall" in page
    upload = io.BytesIO(csv_bytes(good_rows()[3:]))
    upload.name = "tjorn.csv"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload, "publish": "on"})
    assert preview.status_code == 200
    text = visible_text(preview.content.decode())
    assert "Andel som känner sig trygga" in text and "2023-06-30" in text and "Ny" in text
    assert not Indicator.objects.exists()
    stamp = content_stamp.last_changed()
    done = client.post(IMPORT_URL, {"token": preview.context["token"]}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/promises/indicator/"
    assert (
        "Importen är klar. Indikatorer: 1 ny. Mätvärden: 2 nya, 0 ändrade och 0 oförändrade."
        in (visible_text(done.content.decode()))
    )
    made = Indicator.objects.get()
    assert made.is_published and made.values.count() == 1
    assert (
        Version.objects.get_for_object(made).get().revision.user.username == f"{TJORN}@example.se"
    )
    assert content_stamp.last_changed() > stamp


def test_the_admin_takes_the_indicators_as_a_second_file(client_for):
    client = client_for(TJORN)
    actions = io.BytesIO(csv_bytes([ACTION_ROWS[2]], header=ACTION_HEADER))
    actions.name = "plan.csv"
    indicators = io.BytesIO(csv_bytes(good_rows()[3:]))
    indicators.name = "indikatorer.csv"
    preview = client.post(
        IMPORT_URL, {"period": period().pk, "file": actions, "indicator_file": indicators}
    )
    html = preview.content.decode()
    assert 'id="preview"' in html and 'id="indicator-preview"' in html
    client.post(IMPORT_URL, {"token": preview.context["token"]})
    assert Action.objects.count() == 1 and Indicator.objects.count() == 1


def test_the_admin_shows_bad_rows_and_offers_no_confirmation(client_for):
    rows = good_rows()
    rows.append([*rows[3][:4], "85", *rows[3][5:]])  # Tjörn's indicator, a second target
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "alla.csv"
    preview = client_for(TJORN).post(IMPORT_URL, {"period": period().pk, "file": upload})
    html = preview.content.decode()
    text = visible_text(html)
    assert "Kolumn Löfte: Din organisation ger inte det här löftet." in text
    assert "Kolumn Typ: Rad 5 anger redan den här indikatorns mål." in text
    # Tjörn's other rows are right on their own and say what they wait for.
    assert text.count("Raden är rätt, men en annan rad för samma indikator har fel") == 2
    assert 'name="token"' not in html
    assert not Indicator.objects.exists()


def test_a_change_after_the_preview_refuses_the_confirmation(client_for):
    run(("i.csv", csv_bytes(good_rows())))
    versions = Version.objects.count()
    client = client_for(TJORN)
    edited = good_rows()[3:]
    edited[1][4] = "74"
    upload = io.BytesIO(csv_bytes(edited))
    upload.name = "tjorn.csv"
    preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
    # Someone corrects the same value in the admin before the import is confirmed.
    IndicatorValue.objects.filter(value=Decimal("72.5")).update(value=Decimal("74"))
    refused = client.post(IMPORT_URL, {"token": preview.context["token"]}, follow=True)
    assert "ändrades efter förhandsgranskningen" in visible_text(refused.content.decode())
    assert Version.objects.count() == versions
    assert IndicatorValue.objects.filter(value=Decimal("74")).count() == 1


def test_a_user_without_the_indicator_permissions_is_refused(client_for, staff_user):
    from django.contrib.auth.models import Permission

    editor = staff_user(TJORN)
    group = editor.groups.get()
    group.permissions.remove(*Permission.objects.filter(codename__endswith="_indicator"))
    editor = type(editor).objects.get(pk=editor.pk)
    result = plan(("i.csv", csv_bytes(good_rows()[3:])), user=editor)
    assert result.file_errors == ["Du får inte importera indikatorer."]


def test_the_template_file_has_exactly_the_columns():
    from django.conf import settings

    template = Path(settings.BASE_DIR) / "static" / "promises" / "indikatorer-mall.csv"
    content = template.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    header, example = content.decode("utf-8-sig").strip().split("\n")
    assert header.split(";") == HEADER
    # One example row, marked as one: left in the file, it stops the import.
    checked = plan(("indikatorer-mall.csv", content))
    assert example.startswith("EXEMPEL")
    assert not checked.indicators.file_errors and not checked.is_valid
    assert "EXEMPEL" in checked.indicators.rows[0].errors[0][1]


def test_promise_numbers_are_the_page_order():
    assert Promise.objects.filter(period=period()).count() == 11


# Threads on their own connections need a database that outlives one connection: this test
# runs in the PostgreSQL pass of the suite (as tests/public/test_outage.py does).
needs_server_database = pytest.mark.skipif(
    connection.vendor == "sqlite" and ":memory:" in str(connection.settings_dict["NAME"]),
    reason="in-memory SQLite is one connection's database",
)


@needs_server_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_confirming_the_same_preview_write_it_once():
    from django.db import DatabaseError, connections

    previewed = plan(("i.csv", csv_bytes(good_rows())))
    start = threading.Barrier(2)
    outcomes = []

    def confirm():
        try:
            start.wait()
            plan_files.apply(previewed, administrator(), source="i.csv")
            outcomes.append("written")
        except (plan_files.StalePlan, DatabaseError) as refused:
            outcomes.append(type(refused).__name__)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=confirm) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes)[-1] == "written" and outcomes.count("written") == 1, outcomes
    assert Indicator.objects.count() == 2 and IndicatorValue.objects.count() == 2


def test_restoring_the_first_import_brings_the_indicator_back_with_its_values(client_for):
    from ..support.html import form_data

    client = client_for(TJORN)

    def import_through_the_admin(rows):
        upload = io.BytesIO(csv_bytes(rows))
        upload.name = "tjorn.csv"
        preview = client.post(IMPORT_URL, {"period": period().pk, "file": upload})
        assert client.post(IMPORT_URL, {"token": preview.context["token"]}).status_code == 302

    first = good_rows()[3:]
    import_through_the_admin(first)
    edited = [row[:] for row in first]
    edited[0][4] = "85"
    edited[1][4] = "74"
    edited.append([*edited[1][:3], "2024-06-30", "76", "mätning", "", "Trygghetsmätningen 2024"])
    import_through_the_admin(edited)
    made = Indicator.objects.get()
    assert (made.target_value, made.values.count()) == (Decimal("85.00"), 2)

    oldest = Version.objects.get_for_object(made).order_by("pk").first()
    restore_url = f"/admin/promises/indicator/{made.pk}/history/{oldest.pk}/"
    restored = form_data(client.get(restore_url).content.decode(), "indicator_form")
    assert client.post(restore_url, restored).status_code == 302
    made.refresh_from_db()
    assert made.target_value == Decimal("80.00")
    assert [(str(v.measured_on), v.value) for v in made.values.all()] == [
        ("2023-06-30", Decimal("72.50"))
    ]


def test_a_preview_token_of_the_single_file_format_is_treated_as_expired(client_for):
    from django.core import signing

    from promises.admin.action_import import TOKEN_SALT

    client = client_for(TJORN)
    user = Indicator._meta.apps.get_model("auth", "User").objects.get()
    old = signing.dumps(
        {"user": user.pk, "period": period().pk, "publish": False, "name": "a.csv", "data": ""},
        salt=TOKEN_SALT,
        compress=True,
    )
    refused = client.post(IMPORT_URL, {"token": old}, follow=True)
    assert "Förhandsgranskningen har gått ut" in visible_text(refused.content.decode())


def test_an_indicator_row_with_a_superscript_promise_number_is_a_row_error_in_the_admin(
    client_for,
):
    rows = good_rows()[:1]
    rows[0][0] = "²"
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "indikatorer.csv"
    preview = client_for(TJORN).post(IMPORT_URL, {"period": period().pk, "file": upload})
    assert preview.status_code == 200
    assert "Kolumn Löfte: ”²” är inte ett löftes nummer" in visible_text(preview.content.decode())
