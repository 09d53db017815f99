"""Reading the spreadsheets partners keep (CSV through tablib, XLSX through openpyxl) into
sheets of text cells, for the åtgärdsplan import (promises/editing/plan_files.py).

A CSV file is one sheet. An XLSX workbook is every sheet in it: the actions and the
indicators may be two sheets of the same workbook, told apart by their column headings, not
by their order or by which sheet was open when the file was saved.

The 2 MB limit is on the file as uploaded, and an XLSX file is a zip archive: 1.5 kB can
declare a cell in the sheet's last column, or unpack to gigabytes of text. So a workbook is
refused when its parts unpack to more than MAX_UNPACKED_SIZE, and read row by row with at most
MAX_COLUMNS columns; any file with more than MAX_ROWS filled rows below the headings is
refused, never cut short. Before openpyxl opens a workbook, promises/editing/xlsx_package.py
checks every XML part of it (no DTD, no cell past Excel's last row or column, bounded counts,
a time limit that the reading of the rows shares).

Every cell is at most MAX_CELL_LENGTH characters and holds no control character but tab and
line breaks (an escape character breaks the feed and the open data's XML): a cell that does is
refused with its row and column. All cells of a file together hold at most MAX_TEXT
characters, however few bytes the workbook takes.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from promises.editing.xlsx_package import (
    MAX_UNPACKED_SIZE,  # noqa: F401 (named here too)
    Deadline,
    RefusedWorkbook,
    check_package,
)

MAX_FILE_SIZE = 2 * 1024 * 1024
# Far more than a plan has (tens of actions, a few hundred values), far less than a
# spreadsheet can declare (1 048 576 rows of 16 384 columns).
MAX_ROWS = 5000
MAX_COLUMNS = 30
# A CSV file has no column limit of its own: 2 MB of separators is a million empty cells in
# one row, which the preview would carry as a million headings. Excel writes a separator for
# every column used anywhere in the sheet, so a row may be wider than MAX_COLUMNS; past these
# the file is refused.
MAX_CSV_COLUMNS = 200
MAX_CSV_CELLS = 250_000
# Excel allows 32 767 characters a cell; a plan's longest text is a paragraph.
MAX_CELL_LENGTH = 2000
# The text of all cells of a file together, as much as a CSV file within MAX_FILE_SIZE can
# hold. A workbook's cells may all name one shared string: 17 kB made a preview of 74 MB.
MAX_TEXT = MAX_FILE_SIZE
# C0 and C1 control characters and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ImportFileError(Exception):
    """The file as a whole cannot be read: its message says why, in Swedish."""


@dataclass
class Sheet:
    file: str  # the file's name
    title: str  # the sheet's name in a workbook, "" for a CSV file
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # {column: text}, empty rows left out

    @property
    def is_empty(self):
        return not any(self.headers) and not self.rows

    @property
    def label(self):
        """How messages name the sheet: the file, and the sheet of a workbook."""
        if self.title:
            return _("sheet “%(sheet)s” in %(file)s") % {"sheet": self.title, "file": self.file}
        return self.file


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def folded(text: str) -> str:
    """Text compared as an editor reads it: case, width and surrounding space ignored."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _too_many_rows(file) -> ImportFileError:
    return ImportFileError(
        _("%(file)s has more than %(count)d rows below the column headings.")
        % {"file": file, "count": MAX_ROWS}
    )


def _checked(cells, number, headers, label):
    """The row's cells, unless one is too long or holds a control character."""
    for index, text in enumerate(cells):
        if len(text) <= MAX_CELL_LENGTH and not CONTROL_CHARACTER.search(text):
            continue
        column = headers[index] if index < len(headers) and headers[index] else None
        where = {
            "sheet": label,
            "row": number,
            "column": column or get_column_letter(min(index + 1, 18278)),
        }
        if len(text) > MAX_CELL_LENGTH:
            raise ImportFileError(
                _(
                    "%(sheet)s, row %(row)d, column %(column)s: the cell is longer than "
                    "%(count)d characters."
                )
                % {**where, "count": MAX_CELL_LENGTH}
            )
        raise ImportFileError(
            _(
                "%(sheet)s, row %(row)d, column %(column)s: the cell holds an invisible control "
                "character, which cannot be imported. Delete it (retype the text) and try again."
            )
            % where
        )
    return cells


class _TextBudget:
    """What is left of MAX_TEXT for the file's cells."""

    def __init__(self):
        self.left = MAX_TEXT

    def spend(self, cells, file):
        self.left -= sum(len(text) for text in cells)
        if self.left < 0:
            raise ImportFileError(
                _(
                    "The cells of %(file)s hold more than %(count)d characters together. "
                    "Save only the sheets to import."
                )
                % {"file": file, "count": MAX_TEXT}
            )


def _sheet(headers, rows_of_values, file, title, budget=None) -> Sheet:
    """A sheet of the filled rows, refused past MAX_ROWS of them; empty rows are left out.
    Rows are numbered as the preview numbers them: the headings are row 1."""
    budget = budget or _TextBudget()
    sheet = Sheet(file, title)
    headers = _checked([cell(header) for header in (headers or [])], 1, [], sheet.label)
    budget.spend(headers, file)
    rows = []
    for values in rows_of_values:
        cells = [cell(value) for value in values]
        if any(cells):
            if len(rows) == MAX_ROWS:
                raise _too_many_rows(file)
            _checked(cells, len(rows) + 2, headers, sheet.label)
            budget.spend(cells, file)
            rows.append(dict(zip(headers, cells, strict=False)))
    sheet.headers, sheet.rows = headers, rows
    return sheet


def _filled(rows, deadline):
    # openpyxl fills a gap before a far-off row with empty rows (at most up to Excel's last
    # row, xlsx_package saw to that): passed over at C speed, a million take a moment.
    for count, values in enumerate(rows):
        if not count % 65536:
            deadline.check()
        if values.count(None) != len(values):
            yield values


def _xlsx_sheets(content: bytes, filename: str) -> list[Sheet]:
    unreadable = ImportFileError(_("The file could not be read as an Excel file (XLSX)."))
    deadline = Deadline()
    try:
        check_package(content, deadline)
    except RefusedWorkbook as refused:
        raise ImportFileError(str(refused)) from None
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise unreadable from None
    sheets = []
    budget = _TextBudget()
    try:
        for worksheet in book.worksheets:
            if not hasattr(worksheet, "reset_dimensions"):
                continue  # a chart sheet has no cells
            # The size the file declares may be a lie; read the rows that are there.
            worksheet.reset_dimensions()
            rows = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            headers = next(rows, ())
            filled = _filled(rows, deadline)
            sheets.append(_sheet(headers, filled, filename, worksheet.title or "", budget))
    except ImportFileError:
        raise
    except RefusedWorkbook as refused:
        raise ImportFileError(str(refused)) from None
    except Exception:  # a damaged part is only found while reading it
        raise unreadable from None
    finally:
        book.close()
    return sheets


def _csv_dataset(content: bytes, filename: str):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8. In Excel, save it as “CSV UTF-8 (kommaavgränsad)”.")
        ) from None
    # Swedish Excel separates with semicolons (the comma is the decimal sign), others with
    # commas: the heading line, which has no numbers, tells which.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # Counted before tablib keeps every row: 2 MB of short lines is a million rows.
    filled = cells = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            cells += len(row)
            if len(row) > MAX_CSV_COLUMNS or cells > MAX_CSV_CELLS:
                raise ImportFileError(
                    _(
                        "%(file)s, row %(row)d: the file has more than %(columns)d columns in a "
                        "row or %(cells)d cells in all. Save only the columns to import."
                    )
                    % {
                        "file": filename,
                        "row": number,
                        "columns": MAX_CSV_COLUMNS,
                        "cells": MAX_CSV_CELLS,
                    }
                )
            filled += any(row)
    except csv.Error:
        filled = 0  # tablib below says why the file cannot be read
    if filled > MAX_ROWS + 1:
        raise _too_many_rows(filename)
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except (csv.Error, tablib.InvalidDimensions):
        raise ImportFileError(
            _("The file could not be read as CSV: rows of different lengths.")
        ) from None


def read_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Every sheet of the file, in the workbook's order."""
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 2 MB."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_sheets(content, filename)
    if name.endswith(".csv"):
        dataset = _csv_dataset(content, filename)
        return [_sheet(dataset.headers, dataset, filename, "")]
    raise ImportFileError(_("Choose a CSV or an XLSX file."))
