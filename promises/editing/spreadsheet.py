"""Reading the spreadsheets partners keep (CSV or XLSX, through tablib and openpyxl) into
sheets of text cells, for the åtgärdsplan import (promises/editing/plan_import.py).

A CSV file is one sheet. An XLSX workbook is every sheet in it: the actions and the
indicators may be two sheets of the same workbook, told apart by their column headings, not
by their order or by which sheet was open when the file was saved.
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 2 * 1024 * 1024


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


def _sheet(dataset, file, title) -> Sheet:
    headers = [cell(header) for header in (dataset.headers or [])]
    rows = []
    for values in dataset:
        cells = [cell(value) for value in values]
        if any(cells):
            rows.append(dict(zip(headers, cells, strict=False)))
    return Sheet(file, title, headers, rows)


def _csv_dataset(content: bytes):
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
        try:
            book = tablib.Databook().load(io.BytesIO(content), format="xlsx")
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(
                _("The file could not be read as an Excel file (XLSX).")
            ) from None
        return [_sheet(dataset, filename, dataset.title or "") for dataset in book.sheets()]
    if name.endswith(".csv"):
        return [_sheet(_csv_dataset(content), filename, "")]
    raise ImportFileError(_("Choose a CSV or an XLSX file."))
