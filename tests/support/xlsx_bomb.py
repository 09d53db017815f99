"""Small workbooks that attack their reader, written part by part (openpyxl would not write
them):

- `bomb`: about 1.5 kB that declares a cell far from A1, a heading in A1 and one value in
  `last_ref` (e.g. XFD2000, the last column). A reader that pads every row to the widest one
  needs 16 384 cells a row for it.
- `row_gap`: a heading row and a data row numbered `r="1000000000000"` (its cells carry no
  reference): openpyxl yields an empty row for every number in between.
- `huge_column`: a cell in a column past XFD, e.g. `r="AAAAAAAAAAAAAAAA2"`.
- `entity_bomb`: about 1 kB whose sheet carries an internal DTD of nested entities that
  expand to `size` bytes (1.5 GB by default) in one cell.
- `giant_shared_strings`: one shared string of about 19 MB (under the 20 MB unpacked limit,
  some 20 kB packed), used by every cell of `rows` rows of the action columns.
"""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8"?>'
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = (
    f'{XML}<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SPREADSHEET}.worksheet+xml"/></Types>'
)
PACKAGE_RELATIONS = (
    f'{XML}<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONS = (
    f'{XML}<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


SHARED_STRINGS_TYPE = f"{SPREADSHEET}.sharedStrings+xml"
HEADINGS = ["Löfte", "Åtgärd", "Ansvarig"]


def workbook(sheet: str, shared_strings: str | None = None) -> bytes:
    """A workbook of one sheet with this XML (and, if given, this shared-strings part)."""
    content_types = CONTENT_TYPES
    if shared_strings is not None:
        content_types = content_types.replace(
            "</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
            "</Types>",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", content_types)
        book.writestr("_rels/.rels", PACKAGE_RELATIONS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            book.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def _inline(text, reference=None):
    where = f' r="{reference}"' if reference else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


def _heading_row():
    return '<row r="1">' + "".join(_inline(text) for text in HEADINGS) + "</row>"


def row_gap(row="1000000000000"):
    cells = "".join(_inline(text) for text in ("1", "En åtgärd", "Tjörns kommun"))
    return workbook(
        f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}'
        f'<row r="{row}">{cells}</row></sheetData></worksheet>'
    )


def huge_column(reference="AAAAAAAAAAAAAAAA2"):
    return workbook(
        f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}'
        f'<row r="2">{_inline("1", reference)}</row></sheetData></worksheet>'
    )


def entity_bomb(size=1_500_000_000):
    """Entities of ten references each, the innermost of 100 characters."""
    levels = ['<!ENTITY e0 "' + "a" * 100 + '">']
    expanded = 100
    while expanded < size:
        level = len(levels)
        levels.append(f'<!ENTITY e{level} "' + f"&e{level - 1};" * 10 + '">')
        expanded *= 10
    top = len(levels) - 1
    return workbook(
        f"{XML}<!DOCTYPE worksheet [{''.join(levels)}]>"
        f'<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}'
        f'<row r="2">{_inline(f"&e{top};")}</row></sheetData></worksheet>'
    )


def giant_shared_strings(length=19_000_000, rows=5000):
    strings = (
        f'{XML}<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>{"x" * length}</t></si></sst>'
    )
    row = "".join('<c t="s"><v>0</v></c>' for _heading in HEADINGS)
    body = "".join(f'<row r="{number}">{row}</row>' for number in range(2, rows + 2))
    return workbook(
        f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}{body}</sheetData></worksheet>',
        strings,
    )


def bomb(last_ref="XFD1048576"):
    row = last_ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    sheet = (
        f'{XML}<worksheet xmlns="{MAIN}"><dimension ref="A1:{last_ref}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Åtgärd</t></is></c></row>'
        f'<row r="{row}"><c r="{last_ref}"><v>1</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", PACKAGE_RELATIONS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def nested_elements(depth=2_000_000):
    """About 15 kB: a shared-strings part of `depth` elements nested in each other, which
    openpyxl's parser keeps as one tree (600 MB and over 15 seconds)."""
    strings = f'{XML}<sst xmlns="{MAIN}">' + "<x>" * depth + "</x>" * depth + "</sst>"
    sheet = f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}</sheetData></worksheet>'
    return workbook(sheet, strings)


def many_elements(count=2_000_000):
    """About 9 kB: a shared-strings part of `count` empty elements side by side."""
    strings = f'<sst xmlns="{MAIN}">' + "<x/>" * count + "</sst>"
    sheet = f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}</sheetData></worksheet>'
    return workbook(sheet, strings)


def behind_spaces(sheet_xml, spaces=600):
    """A workbook whose sheet starts with `spaces` spaces (XML allows them before the root
    when there is no XML declaration); `sheet_xml` must carry none."""
    return workbook(" " * spaces + sheet_xml)


def hidden_row_gap(row="1000000000000"):
    cells = "".join(_inline(text) for text in ("1", "En åtgärd", "Tjörns kommun"))
    return behind_spaces(
        f'<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}'
        f'<row r="{row}">{cells}</row></sheetData></worksheet>'
    )


def hidden_dtd():
    return behind_spaces(
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{_heading_row()}'
        f'<row r="2">{_inline("&a;")}</row></sheetData></worksheet>'
    )


def long_piece(where="attribute", size=19_000_000):
    """About 20 kB: one piece of the sheet's XML of `size` bytes, which expat 2.5 parses again
    from its start with each block openpyxl feeds it (27 seconds for 19 MB)."""
    filler = {
        "attribute": f'<worksheet xmlns="{MAIN}" a="{"a" * size}">',
        "spaces in a tag": f'<worksheet xmlns="{MAIN}"{" " * size}>',
        "comment": f'<worksheet xmlns="{MAIN}"><!--{"<" * size}-->',
    }[where]
    return workbook(f"{XML}{filler}<sheetData>{_heading_row()}</sheetData></worksheet>")
