"""Checking an XLSX file before openpyxl opens it: one streaming pass over every XML part of
the zip archive, with defusedxml's SAX parser and constant memory, that refuses what no
workbook from Excel holds and what would make a reader run for minutes or take gigabytes.

- Any document type declaration (DTD). Nested entities in one let 20 kB expand to 1.5 GB;
  a workbook never needs a DTD, so the declaration itself is refused, before any entity.
  (openpyxl parses with defusedxml too, which refuses entities: that is the second wall.)
- A cell or row numbered past Excel's own last row (1 048 576) or column (XFD, 16 384), in a
  `<row r>`, `<c r>` or the declared `<dimension ref>`. openpyxl yields an empty row for
  every row number it skips, so `r="1000000000000"` would keep a worker busy for days.
- More sheets, rows, cells or shared strings than an action plan comes near: each one
  costs the reader time, and a small file can name millions of empty ones.
- More parts, or more bytes unpacked, than MAX_PARTS and MAX_UNPACKED_SIZE.
- More XML elements in all, or nested deeper, than MAX_ELEMENTS and MAX_DEPTH: openpyxl keeps
  every element of a part it parses as a tree (also the shared strings, and every element of
  a sheet it streams, emptied): 15 kB of two million nested elements took 600 MB and over
  15 seconds, past the time limit, which cannot interrupt openpyxl.
- One piece of XML (a tag with its attributes, a comment, an instruction) longer than
  MAX_PIECE bytes. The expat of Python 3.12.1 (2.5.0) parses a piece that spans many of the
  16 kB blocks openpyxl feeds it again from its start with each block: 20 kB whose sheet's
  first tag held a 19 MB attribute took openpyxl 27 seconds, past the time limit, which
  cannot interrupt it. The check feeds its parser blocks of a megabyte, so it pays little.

And all of it within a time limit (`Deadline`), which the reading of the rows shares.
"""

import io
import re
import time
import zipfile
import zlib
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser
from django.utils.translation import gettext as _

MAX_UNPACKED_SIZE = 20 * 1024 * 1024
MAX_PARTS = 1000
MAX_SHEETS = 20
# Excel's own limits: a cell past them is not in any workbook Excel can open.
MAX_ROW_INDEX = 1_048_576
MAX_COLUMN_INDEX = 16_384
# Summed over the workbook. A plan has tens of actions and a few hundred values (the rows
# read are limited to 5000 in promises/editing/spreadsheet.py); these leave room for
# formatting, notes and other sheets while keeping one read within a few seconds.
MAX_ROW_ELEMENTS = 200_000
MAX_CELLS = 250_000
MAX_SHARED_STRINGS = 200_000
# Every element of every XML part: a cell with a value is two (four with an inline string);
# 800 000 flat elements in one part took openpyxl a few seconds and about 150 MB.
MAX_ELEMENTS = 800_000
# A workbook's XML nests about ten levels (rich text in a cell in a row in a sheet).
MAX_DEPTH = 64
# No tag of a workbook comes near this; a cell's text may be longer, and is read in pieces.
MAX_PIECE = 1024 * 1024
FEED = 1024 * 1024
MAX_SECONDS = 10

# The transitional and the strict namespace of a workbook's sheets and shared strings.
SHEET_NAMESPACES = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
SHEET_ROOTS = {"worksheet", "chartsheet", "dialogsheet"}
# As openpyxl reads a reference: letters of either case.
CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
ROW = re.compile(r"[0-9]{1,7}")
# Bytes a text part may start with before its first "<": a byte order mark, spaces, and the
# zero bytes of UTF-16.
LEADING = b"\x00\t\n\r \xef\xbb\xbf\xfe\xff"


class RefusedWorkbook(Exception):
    """The workbook is refused before it is read; the message says why, in Swedish."""


class Deadline:
    """The time one file may take to check and read, shared by both passes.

    Counted in this thread's CPU time, the work the file makes the server do: on a busy server
    wall time also counts the waiting for a core, and a file well within its limits would be
    refused, or refused for its time rather than for what is wrong with it.
    """

    def __init__(self, seconds=None):
        self.ends = time.thread_time() + (MAX_SECONDS if seconds is None else seconds)

    def check(self):
        if time.thread_time() > self.ends:
            raise RefusedWorkbook(
                _(
                    "Reading the Excel file took longer than %(seconds)d seconds, so it was "
                    "stopped. Save only the sheets to import, in a new workbook."
                )
                % {"seconds": MAX_SECONDS}
            )


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter.upper()) - ord("A") + 1
    return index


def within_sheet(reference: str) -> bool:
    """Whether "B7" (or "$B$7") names a cell inside Excel's grid."""
    found = CELL.fullmatch(reference)
    return bool(
        found
        and 1 <= column_index(found[1]) <= MAX_COLUMN_INDEX
        and 1 <= int(found[2]) <= MAX_ROW_INDEX
    )


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _beyond_the_sheet(reference: str) -> RefusedWorkbook:
    return RefusedWorkbook(
        _(
            "The Excel file names the cell “%(cell)s”, outside Excel's sheet (A1 to "
            "XFD1048576). Save the sheets to import in a new workbook."
        )
        % {"cell": _shown(reference)}
    )


class _Counts:
    def __init__(self, deadline):
        self.deadline = deadline
        self.sheets = self.rows = self.cells = self.strings = self.elements = 0


def _too_large_xml() -> RefusedWorkbook:
    return RefusedWorkbook(
        _(
            "The Excel file holds more than %(count)d XML elements, or elements nested more "
            "than %(depth)d levels deep. Save only the sheets to import, in a new workbook."
        )
        % {"count": MAX_ELEMENTS, "depth": MAX_DEPTH}
    )


def _too_long_piece() -> RefusedWorkbook:
    return RefusedWorkbook(
        _(
            "The Excel file holds a tag or comment longer than %(size)d bytes, which "
            "workbooks saved by Excel never have. Save the sheets to import in a new workbook."
        )
        % {"size": MAX_PIECE}
    )


class _PartHandler(ContentHandler):
    """Checks one part's elements as they stream past; keeps nothing of them.

    `position()` is the byte where the parser's current piece starts. Every piece but text
    is reported where it starts, so the distance from the end of one reported piece to the
    start of the next bounds the length of any piece between, reported or not (a comment)."""

    def __init__(self, counts, position):
        super().__init__()
        self.counts = counts
        self.position = position
        self.root = True
        self.depth = 0
        self.last = 0

    def reached(self, index):
        if index - self.last > MAX_PIECE:
            raise _too_long_piece()
        self.last = index

    def characters(self, content):
        self.reached(self.position())
        # Text is reported in pieces of any length; what follows is measured from its end
        # (UTF-8's length: never more than the bytes read, so nothing long slips through).
        self.last += len(content.encode("utf-8", "surrogatepass"))

    def processingInstruction(self, target, data):
        self.reached(self.position())

    def endElementNS(self, name, qname):
        self.reached(self.position())
        self.depth -= 1

    def startElementNS(self, name, qname, attrs):
        self.reached(self.position())
        counts = self.counts
        counts.elements += 1
        self.depth += 1
        if counts.elements > MAX_ELEMENTS or self.depth > MAX_DEPTH:
            raise _too_large_xml()
        if not counts.elements % 4096:
            counts.deadline.check()
        namespace, local = name
        if namespace not in SHEET_NAMESPACES:
            self.root = False
            return
        if self.root:
            self.root = False
            if local in SHEET_ROOTS:
                counts.sheets += 1
                if counts.sheets > MAX_SHEETS:
                    raise RefusedWorkbook(
                        _("The Excel file has more than %(count)d sheets.") % {"count": MAX_SHEETS}
                    )
        if local == "row":
            counts.rows += 1
            number = attrs.get((None, "r"))
            if number is not None and not (
                ROW.fullmatch(number) and 1 <= int(number) <= MAX_ROW_INDEX
            ):
                raise _beyond_the_sheet(f"A{number}")
        elif local == "c":
            counts.cells += 1
            reference = attrs.get((None, "r"))
            if reference is not None and not within_sheet(reference):
                raise _beyond_the_sheet(reference)
        elif local == "dimension":
            for reference in attrs.get((None, "ref"), "").split(":"):
                if reference and not within_sheet(reference):
                    raise _beyond_the_sheet(reference)
        elif local == "si":
            counts.strings += 1
        if counts.rows > MAX_ROW_ELEMENTS or counts.cells > MAX_CELLS:
            raise RefusedWorkbook(
                _(
                    "The Excel file has more than %(rows)d rows or %(cells)d cells, filled or "
                    "formatted. Save only the sheets to import, in a new workbook."
                )
                % {"rows": MAX_ROW_ELEMENTS, "cells": MAX_CELLS}
            )
        if counts.strings > MAX_SHARED_STRINGS:
            raise RefusedWorkbook(
                _("The Excel file has more than %(count)d different texts.")
                % {"count": MAX_SHARED_STRINGS}
            )


def _is_xml(stream, deadline) -> bool:
    # Past any amount of leading space (XML allows it before the root): a sniff of the first
    # 512 bytes let 600 spaces hide a sheet from every check here while openpyxl read it.
    while block := stream.read(64 * 1024):
        deadline.check()
        if text := block.lstrip(LEADING):
            return text.startswith(b"<")
    return False


def check_package(content: bytes, deadline: Deadline) -> None:
    """Refuse the workbook (RefusedWorkbook) unless every part passes; reads nothing into
    memory beyond one block of the archive at a time."""
    unreadable = RefusedWorkbook(_("The file could not be read as an Excel file (XLSX)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [part for part in archive.infolist() if not part.is_dir()]
            if len(parts) > MAX_PARTS:
                raise RefusedWorkbook(
                    _("The Excel file has more than %(count)d parts.") % {"count": MAX_PARTS}
                )
            # zipfile never unpacks a part past the size it declares, so the sum bounds
            # what any reader can be handed.
            if sum(part.file_size for part in parts) > MAX_UNPACKED_SIZE:
                raise RefusedWorkbook(
                    _("The Excel file unpacks to more than 20 MB. Save only the sheets to import.")
                )
            counts = _Counts(deadline)
            for part in parts:
                deadline.check()
                with archive.open(part) as stream:
                    if not _is_xml(stream, deadline):
                        continue  # a photo or a printer's settings: openpyxl reads no XML there
                with archive.open(part) as stream:
                    _check_part(stream, counts)
    except DefusedXmlException:  # before ValueError, its base class
        raise RefusedWorkbook(
            _(
                "The Excel file contains a document type declaration (DTD), which workbooks "
                "saved by Excel never have. Save the sheets to import in a new workbook."
            )
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        zlib.error,  # a damaged deflate stream
        RuntimeError,  # an encrypted part
        NotImplementedError,  # a compression method zipfile lacks
    ):
        raise unreadable from None
    except SAXException:
        raise unreadable from None


def _check_part(stream, counts):
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    # The expat parser under the SAX reader knows where each piece starts.
    handler = _PartHandler(counts, lambda: parser._parser.CurrentByteIndex)
    parser.setContentHandler(handler)
    fed = 0
    while block := stream.read(FEED):
        counts.deadline.check()
        parser.feed(block)
        fed += len(block)
    parser.close()
    # Whatever follows the last reported piece (a comment after the root, say).
    handler.reached(fed)
