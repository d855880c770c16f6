"""Reading a workbook in bounded time and memory, whatever it claims.

A workbook is a zip of XML parts. Before openpyxl opens it, the parts are measured
(their unpacked size is at most :data:`MAX_UNPACKED`) and the shared strings and the data
sheets are scanned as a stream with expat, which keeps nothing but counters: a cell of
more than 32,767 characters (Excel's own limit), or a cell beyond row 1,048,576 or column
XFD, is reported at its sheet, row and column, and such a workbook is not opened further.
openpyxl then reads it in read-only mode with the dimensions the file claims ignored, so a
"used range" reaching a far cell costs nothing: rows are read up to the last one that
holds a value, and cells up to the header's last column.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.parsers import expat

import numpy as np
from openpyxl.utils.cell import column_index_from_string, get_column_letter

MAX_CELL_CHARS = 32_767  # Excel: characters in a cell
MAX_ROWS = 1_048_576  # Excel: rows of a sheet
MAX_COLUMNS = 16_384  # Excel: columns of a sheet (XFD)
MAX_UNPACKED = 256 * 2 ** 20  # bytes a workbook may unpack to (a 200,000-row year: ~50)
MAX_REPORTED = 20  # over-long cells reported per workbook
_REF = re.compile(r"^([A-Za-z]{1,4})(\d{1,9})$")
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]


def column_number(letters: str) -> int:
    """A column's number (``XFD`` → 16384); beyond what openpyxl knows, past Excel's last."""
    try:
        return column_index_from_string(letters.upper())
    except ValueError:
        return MAX_COLUMNS + 1


@dataclass
class Finding:
    """A cell beyond Excel's limits: ``kind`` is ``long`` (with ``length``), ``row`` or
    ``column`` (beyond the last row or column)."""

    kind: str
    sheet: str
    row: int | None
    column: str | None
    length: int = 0


def _columns() -> np.ndarray:
    return np.zeros(MAX_ROWS + 1, dtype=np.uint16)


@dataclass
class SheetScan:
    """Where a sheet holds values: per row, the first and the last column with one (0:
    none), and the cells beyond Excel's limits."""

    findings: list[Finding] = field(default_factory=list)
    first: np.ndarray = field(default_factory=_columns)
    last: np.ndarray = field(default_factory=_columns)

    def has_values(self, row: int, width: int = MAX_COLUMNS) -> bool:
        """Whether the row holds a value within the first ``width`` columns."""
        return row <= MAX_ROWS and 0 < self.first[row] <= width

    def last_row(self, width: int = MAX_COLUMNS) -> int:
        """The last row holding a value within the first ``width`` columns (0: none)."""
        rows = np.flatnonzero((self.first > 0) & (self.first <= width))
        return int(rows[-1]) if len(rows) else 0

    def beyond(self, width: int) -> list[int]:
        """The rows holding a value to the right of column ``width``."""
        return np.flatnonzero(self.last > width).tolist()


def unpacked_size(archive: zipfile.ZipFile) -> int:
    return sum(info.file_size for info in archive.infolist())


def _shared_strings(archive: zipfile.ZipFile, name: str | None) -> tuple[dict[int, int], set]:
    """The shared strings that matter for limits: ``{index: length}`` of those longer
    than Excel allows, and the indices of the blank ones (only spaces: no value)."""
    if name is None:
        return {}, set()
    long: dict[int, int] = {}
    blank: set[int] = set()
    state = {"index": -1, "length": 0, "in_t": 0, "text": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            state.update(index=state["index"] + 1, length=0, text=False)
        elif tag == "t":
            state["in_t"] += 1

    def end(tag):
        tag = _local(tag)
        if tag == "t":
            state["in_t"] -= 1
        elif tag == "si":
            if state["length"] > MAX_CELL_CHARS:
                long[state["index"]] = state["length"]
            if not state["text"]:
                blank.add(state["index"])

    def text(data):
        if state["in_t"]:
            state["length"] += len(data)
            state["text"] = state["text"] or bool(data.strip())

    _parse(archive, name, start, end, text)
    return long, blank


def _parse(archive: zipfile.ZipFile, name: str, start, end, text) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with archive.open(name) as stream:
        parser.ParseFile(stream)


def scan_sheet(archive: zipfile.ZipFile, name: str, title: str,
               long_strings: dict[int, int], blank: set | frozenset = frozenset()) -> SheetScan:
    """One pass over a sheet's XML: the last row with a value, and the cells beyond
    Excel's limits (over-long text, shared or inline; a row or column too far)."""
    scan = SheetScan()
    state = {"row": 0, "ref": None, "type": None, "v": [], "in_v": False, "inline": 0,
             "in_is": False, "has_value": False, "col": 0, "visible": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "row":
            state["row"] = int(attrs["r"]) if str(attrs.get("r", "")).isdigit() \
                else state["row"] + 1
            state["col"] = 0
        elif tag == "c":
            m = _REF.match(attrs.get("r", ""))
            if m:
                state["col"], state["row"] = column_number(m[1]), int(m[2])
            else:
                state["col"] += 1
            state.update(type=attrs.get("t"), v=[], inline=0, has_value=False, visible=False)
        elif tag == "v":
            state["in_v"] = True
            state["has_value"] = True
        elif tag == "is":
            state["in_is"] = True
            state["has_value"] = True

    def text(data):
        if state["in_v"] and sum(map(len, state["v"])) < 16:
            state["v"].append(data)
        elif state["in_is"]:
            state["inline"] += len(data)
            state["visible"] = state["visible"] or bool(data.strip())

    def end(tag):
        tag = _local(tag)
        if tag == "v":
            state["in_v"] = False
        elif tag == "is":
            state["in_is"] = False
        elif tag == "c":
            _cell_end(scan, state, title, long_strings, blank)

    _parse(archive, name, start, end, text)
    return scan


def _cell_end(scan: SheetScan, state: dict, title: str, long_strings: dict[int, int],
              blank: set | frozenset) -> None:
    row, col = state["row"], state["col"]
    if not state["has_value"]:
        return
    index = "".join(state["v"]).strip() if state["type"] == "s" else ""
    if state["type"] == "s" and index.isdigit() and int(index) in blank \
            or state["type"] == "inlineStr" and not state["visible"] \
            and state["inline"] <= MAX_CELL_CHARS:
        return  # only spaces: no value
    if len(scan.findings) < MAX_REPORTED:
        if row > MAX_ROWS:
            scan.findings.append(Finding("row", title, row, None))
        elif col > MAX_COLUMNS:
            scan.findings.append(Finding("column", title, row, None))
    length = state["inline"]
    if state["type"] == "s":
        length = long_strings.get(int(index), 0) if index.isdigit() else 0
    if length > MAX_CELL_CHARS and len(scan.findings) < MAX_REPORTED:
        scan.findings.append(Finding("long", title, row, get_column_letter(col), length))
    if row <= MAX_ROWS and col <= MAX_COLUMNS:
        if not scan.first[row] or col < scan.first[row]:
            scan.first[row] = col
        scan.last[row] = max(scan.last[row], col)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """``{sheet title: part name}`` from the workbook's own index (small XML parts)."""
    names = set(archive.namelist())
    book = next((n for n in names if n.lower() == "xl/workbook.xml"), None)
    rels = next((n for n in names if n.lower() == "xl/_rels/workbook.xml.rels"), None)
    if book is None or rels is None:
        return {}
    targets = {}
    for rel in ET.fromstring(archive.read(rels)):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else str(
            PurePosixPath("xl") / target)
        targets[rel.get("Id")] = path
    out = {}
    for el in ET.fromstring(archive.read(book)).iter():
        if _local(el.tag) == "sheet" and targets.get(el.get(_REL)) in names:
            out[el.get("name")] = targets[el.get(_REL)]
    return out


def shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    return next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")),
                None)


def scan_workbook(archive: zipfile.ZipFile, titles: list[str]) -> dict[str, SheetScan]:
    """Scan the sheets named ``titles`` (those that will be read)."""
    parts = sheet_parts(archive)
    long_strings, blank = _shared_strings(archive, shared_strings_part(archive))
    return {title: scan_sheet(archive, parts[title], title, long_strings, blank)
            for title in titles if title in parts}
