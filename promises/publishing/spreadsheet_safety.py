"""CSV cells that a spreadsheet would run as a formula are written as text (OWASP, "CSV
Injection"): a cell beginning with =, +, -, @, a tab, a carriage return or a line feed gets a
leading apostrophe, which Excel and LibreOffice read as "this is text" and do not show.

Every cell is also quoted, so a comma or semicolon inside a text can never split it into a
new cell (one that could start with "=") when a spreadsheet guesses another separator. The
JSON files keep the text as written: only the CSV is for spreadsheets. Control characters
are removed first (promises/models/control_characters.py), as from every output, so none can
hide a formula trigger behind it.
"""

from promises.models.control_characters import without_control_characters

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def as_text_cell(value):
    value = without_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [as_text_cell(value) for value in row]
