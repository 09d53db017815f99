"""A second attacker's reading of the spreadsheet checks: a sheet hidden from the package
check behind leading spaces, elements nested or piled up in a part openpyxl keeps as a tree,
and a CSV file of a million columns. Each is refused with a Swedish message and nothing is
written. (The same workbooks in the admin and the command, with their peak memory, are in
tests/editing/test_import_hardening.py's ATTACKS.)"""

import pytest

from promises.editing import spreadsheet, xlsx_package
from promises.models import Action

from ..support import xlsx_bomb
from .test_import_hardening import OUTSIDE, XML_ELEMENTS, file_errors

pytestmark = pytest.mark.django_db

HEADER = "Löfte;Åtgärd;Ansvarig"


def test_a_sheet_behind_spaces_is_checked_like_any_other():
    assert file_errors(xlsx_bomb.hidden_row_gap()) == [
        "Excel-filen nämner cellen ”A1000000000000”, som ligger "
        + OUTSIDE
        + ". Spara de blad som ska importeras i en ny arbetsbok."
    ]
    # Its DTD is named as a DTD, not found later by openpyxl as an unreadable file.
    assert file_errors(xlsx_bomb.hidden_dtd())[0].startswith(
        "Excel-filen innehåller en dokumenttypsdeklaration (DTD)"
    )
    # Any number of spaces: the check reads past them block by block.
    far = xlsx_bomb.behind_spaces(
        f'<worksheet xmlns="{xlsx_bomb.MAIN}"><sheetData><row r="9999999"/></sheetData>'
        "</worksheet>",
        spaces=200_000,
    )
    assert file_errors(far)[0].startswith("Excel-filen nämner cellen ”A9999999”")


def test_elements_nested_too_deep_are_refused():
    assert file_errors(xlsx_bomb.nested_elements(depth=100))[0].startswith(XML_ELEMENTS)
    # A workbook's own nesting passes (to the next question: the sheet has no rows).
    assert file_errors(xlsx_bomb.nested_elements(depth=20)) == [
        "Filen har inga rader under kolumnrubrikerna."
    ]


def test_more_elements_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_package, "MAX_ELEMENTS", 100, raising=False)
    assert file_errors(xlsx_bomb.many_elements(count=200))[0].startswith(
        "Excel-filen innehåller fler än 100 XML-element"
    )


@pytest.mark.parametrize("where", ["attribute", "spaces in a tag", "comment"])
def test_a_piece_of_xml_past_a_megabyte_is_refused(where):
    refused = file_errors(xlsx_bomb.long_piece(where, size=xlsx_package.MAX_PIECE + 1))
    assert refused[0].startswith(
        "Excel-filen innehåller en tagg eller kommentar som är längre än 1048576 byte"
    )
    # Shorter pieces pass to the next question (the sheet has no rows).
    assert file_errors(xlsx_bomb.long_piece(where, size=100_000)) == [
        "Filen har inga rader under kolumnrubrikerna."
    ]


WIDE = (HEADER + ";" * 1_000_000 + "\n1;En åtgärd;Tjörns kommun" + ";" * 1_000_000 + "\n").encode()


@pytest.mark.parametrize(
    ("content", "row"),
    [
        # A million columns in 2 MB.
        (WIDE, 1),
        # Every row within the columns, the cells together past the limit.
        ((HEADER + "\n" + ("1;a;b" + ";" * 150 + "\n") * 2000).encode(), 1635),
    ],
)
def test_a_csv_file_is_bounded_in_columns_and_cells(content, row):
    assert len(content) <= spreadsheet.MAX_FILE_SIZE
    assert file_errors(content, name="plan.csv") == [
        f"plan.csv, rad {row}: filen har fler än 200 kolumner på en rad eller fler än 250000 "
        "celler sammanlagt. Spara bara de kolumner som ska importeras."
    ]
    assert Action.objects.count() == 0


def test_a_csv_row_as_wide_as_excel_writes_it_is_read():
    content = (HEADER + ";" * 40 + "\n1;En åtgärd;Tjörns kommun" + ";" * 40 + "\n").encode()
    (sheet,) = spreadsheet.read_sheets(content, "plan.csv")
    assert sheet.rows[0]["Åtgärd"] == "En åtgärd"
