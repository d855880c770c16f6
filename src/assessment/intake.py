"""Reading a year's input files: ``data/<year>/indicators.csv`` + ``tasks.csv``, or one
workbook ``data/<year>/*.xlsx`` with the sheets ``indicators`` and ``tasks``.

Reading is separate from checking. :func:`read_raw` turns whatever is in the year folder
into frames of stripped, NFC-normalised *text* (``""`` for an empty cell) and never
raises: a file it cannot read becomes a :class:`~assessment.validate.Problem`. Every row
keeps where it came from: ``_file``, ``_sheet`` (``None`` for CSV) and ``_row``, the row
number the user sees in a spreadsheet (the header is row 1, the first data row is row 2).
Cells rejected while reading (a formula, an Excel error such as ``#DIV/0!``) are emptied
and their column named in ``_flagged`` so that the checks do not report them twice.

Encoding: UTF-8 with or without BOM. A UTF-16 file, or legacy Vietnamese text
(Windows-1258 / Latin-1) that is not valid UTF-8, is an error whose hint is to save the
file as "CSV UTF-8". The delimiter is a comma; a header with more semicolons (or tabs)
than commas is read with that delimiter, as Excel writes in some locales.

Number and date parsing, and the checks, are in :mod:`assessment.validate`;
:func:`load_year` returns typed frames only when no error was found. Inputs are opened
read-only (their bytes are read once) and never modified. Columns other than the
contract's (e.g. the template's reference columns) are ignored.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .layout import available_years, year_files
from .errors import DataError
from .validate import Problem, check_year, summary_line

INDICATOR_COLUMNS = ("indicator", "unit", "value", "numerator", "denominator", "source", "note")
INDICATOR_REQUIRED = ("indicator", "unit", "value")
TASK_COLUMNS = ("task", "status", "completed_on", "note")
TASK_REQUIRED = ("task", "status")
TABLES = {"indicators": (INDICATOR_COLUMNS, INDICATOR_REQUIRED),
          "tasks": (TASK_COLUMNS, TASK_REQUIRED)}
LOCATION_COLUMNS = ("_file", "_sheet", "_row", "_flagged")
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                "#SPILL!", "#CALC!", "#GETTING_DATA")
# Problems that mean a file (or sheet) could not be read at all.
STRUCTURAL = frozenset({"no_data", "ambiguous_input", "several_workbooks", "empty_file",
                        "wrong_format", "encoding", "missing_sheet", "missing_columns",
                        "duplicate_column"})


@dataclass
class RawYear:
    """What the year folder holds, as text, with every row's location."""

    year: int
    folder: Path
    indicators: pd.DataFrame | None = None
    tasks: pd.DataFrame | None = None
    files: tuple[Path, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class YearData:
    """A validated year: typed frames and the warnings that remain."""

    year: int
    indicators: pd.DataFrame
    tasks: pd.DataFrame
    problems: list[Problem]


# ------------------------------------------------------------------ helpers
def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _header_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", _clean(text).lstrip("\ufeff").lower())


def _empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns + LOCATION_COLUMNS})
    return frame


def _frame(records: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    if not records:
        return _empty_frame(columns)
    frame = pd.DataFrame.from_records(records, columns=list(columns + LOCATION_COLUMNS))
    return frame.astype({c: object for c in frame.columns if c != "_row"})


def _table_columns(header: list[str], columns: tuple[str, ...], required: tuple[str, ...],
                   where: dict) -> tuple[dict[str, int] | None, list[Problem]]:
    """Map contract column names to positions; missing/duplicate columns are problems."""
    names = [_header_name(h) for h in header]
    problems, positions = [], {}
    for i, name in enumerate(names):
        if name in columns:
            if name in positions:
                problems.append(Problem("error", "duplicate_column", row=1, column=name,
                                        value=name, **where))
            positions.setdefault(name, i)
    missing = [c for c in required if c not in positions]
    if missing:
        problems.append(Problem("error", "missing_columns", row=1,
                                value=",".join(h for h in header if h) or None,
                                fields=(("columns", ", ".join(missing)),
                                        ("expected", ",".join(columns))), **where))
    return (None if problems else positions), problems


def _rows_to_frame(rows: list[tuple[int, list[str]]], positions: dict[str, int],
                   columns: tuple[str, ...], where: dict,
                   flagged: dict[tuple[int, int], None] | None = None) -> pd.DataFrame:
    records = []
    for row, cells in rows:
        rec = {c: (cells[positions[c]] if c in positions and positions[c] < len(cells) else "")
               for c in columns}
        marks = tuple(c for c in columns if c in positions
                      and flagged is not None and (row, positions[c]) in flagged)
        rec.update(_file=where["file"], _sheet=where["sheet"], _row=row, _flagged=marks)
        records.append(rec)
    return _frame(records, columns)


def _cell_problems(rows: list[tuple[int, list[str]]], positions: dict[str, int],
                   where: dict) -> tuple[list[Problem], dict]:
    """Excel error values (#DIV/0!, #N/A, ...) exported as text: flag and empty them."""
    problems, flagged = [], {}
    for row, cells in rows:
        for name, pos in positions.items():
            if pos < len(cells) and cells[pos].upper() in EXCEL_ERRORS:
                problems.append(Problem("error", "excel_error", row=row, column=name,
                                        value=cells[pos], **where))
                flagged[(row, pos)] = None
                cells[pos] = ""
    return problems, flagged


# ------------------------------------------------------------------ CSV
def _decode(data: bytes, where: dict) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem("error", "encoding", text="encoding.utf16", **where)]
    if data.startswith(b"PK\x03\x04"):
        return None, [Problem("error", "wrong_format", text="wrong_format.xlsx_as_csv",
                              hint="wrong_format.xlsx_as_csv", **where)]
    if b"\x00" in data[:8192]:
        return None, [Problem("error", "wrong_format", text="wrong_format.binary_csv",
                              hint="wrong_format.binary_csv", **where)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        return None, [Problem("error", "encoding", row=row, text="encoding.legacy",
                              fields=(("byte", f"0x{data[exc.start]:02X}"),), **where)]


def _read_csv(path: Path, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    columns, required = TABLES[table]
    where = {"file": str(path), "sheet": None}
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, [Problem("error", "empty_file", **where)]
    text, problems = _decode(data, where)
    if text is None:
        return None, problems
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [_clean(h) for h in records[0]] if records else []
    positions, problems = _table_columns(header, columns, required, where)
    if positions is None:
        return None, problems
    rows, extra = [], []
    for i, cells in enumerate(records[1:], start=2):
        cells = [_clean(c) for c in cells]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            extra.append(Problem("error", "extra_fields", row=i,
                                 value=", ".join(c for c in cells[len(header):] if c),
                                 **where))
        rows.append((i, cells))
    if not rows:
        return None, [Problem("error", "empty_file", text="empty_file.rows", **where)]
    cell_problems, flagged = _cell_problems(rows, positions, where)
    return _rows_to_frame(rows, positions, columns, where, flagged), extra + cell_problems


# ------------------------------------------------------------------ Excel
def _sniff_not_xlsx(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<")):
        return "html"
    try:
        sample = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return "corrupt"
    if "\x00" not in sample and ("," in sample or ";" in sample or "\t" in sample):
        return "csv_as_xlsx"
    return "corrupt"


def _cell_text(cell, column: str) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if column == "completed_on" and 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel
            return from_excel(value).date().isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value)
    return _clean(str(getattr(value, "text", value)))


def _read_sheet(path: Path, ws, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    columns, required = TABLES[table]
    where = {"file": str(path), "sheet": ws.title}
    grid = [(cells[0].row if cells else i, list(cells))
            for i, cells in enumerate(ws.iter_rows(), start=1)]
    if not grid or not any(c.value is not None for c in grid[0][1]):
        return None, [Problem("error", "empty_file", text="empty_file.sheet", **where)]
    header = [_cell_text(c, "") for c in grid[0][1]]
    positions, problems = _table_columns(header, columns, required, where)
    if positions is None:
        return None, problems
    by_pos = {pos: name for name, pos in positions.items()}
    rows, flagged = [], {}
    for row, cells in grid[1:]:
        texts = []
        for pos, cell in enumerate(cells):
            name = by_pos.get(pos)
            if name is not None and cell.data_type == "f":
                formula = str(getattr(cell.value, "text", cell.value))
                problems.append(Problem("error", "formula", row=row, column=name,
                                        value=formula, **where))
                flagged[(row, pos)] = None
                texts.append("")
            elif name is not None and cell.data_type == "e":
                problems.append(Problem("error", "excel_error", row=row, column=name,
                                        value=str(cell.value), **where))
                flagged[(row, pos)] = None
                texts.append("")
            else:
                texts.append(_cell_text(cell, name or ""))
        if any(texts) or any((row, p) in flagged for p in by_pos):
            rows.append((row, texts))
    if not rows:
        return None, [Problem("error", "empty_file", text="empty_file.rows", **where)]
    cell_problems, more = _cell_problems(rows, positions, where)
    flagged.update(more)
    return _rows_to_frame(rows, positions, columns, where, flagged), problems + cell_problems


def _read_workbook(path: Path) -> tuple[dict[str, pd.DataFrame | None], list[Problem]]:
    import openpyxl

    where = {"file": str(path), "sheet": None}
    data = path.read_bytes()
    if not data:
        return {}, [Problem("error", "empty_file", **where)]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = _sniff_not_xlsx(data)
        return {}, [Problem("error", "wrong_format", text=f"wrong_format.{kind}",
                            hint=f"wrong_format.{kind}", **where)]
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - any failure means "not a readable workbook"
        return {}, [Problem("error", "wrong_format", text="wrong_format.corrupt",
                            hint="wrong_format.corrupt", **where)]
    sheets = {_header_name(name): name for name in wb.sheetnames}
    frames, problems = {}, []
    for table in TABLES:
        if table not in sheets:
            if table == "indicators":
                problems.append(Problem("error", "missing_sheet", value=None, fields=(
                    ("name", table), ("names", ", ".join(wb.sheetnames))), **where))
            frames[table] = None
            continue
        frames[table], found = _read_sheet(path, wb[sheets[table]], table)
        problems += found
    wb.close()
    return frames, problems


# ------------------------------------------------------------------ the year folder
def read_raw(data_dir: str | Path, year: int) -> RawYear:
    """Read the year folder as text frames; every problem is returned, nothing raised."""
    folder = Path(data_dir) / str(year)
    raw = RawYear(year=int(year), folder=folder)
    where = {"file": str(folder), "sheet": None, "fields": (("year", year),
                                                            ("folder", str(folder)))}
    if not folder.is_dir():
        raw.problems.append(Problem("error", "no_data", text="no_data.folder", **where))
        return raw
    ind_csv, task_csv, books = year_files(folder)
    if ind_csv is not None and books or task_csv is not None and books:
        names = ", ".join(p.name for p in [ind_csv, task_csv, *books] if p is not None)
        raw.problems.append(Problem("error", "ambiguous_input", **{
            **where, "fields": where["fields"] + (("names", names),)}))
        return raw
    if ind_csv is not None:
        raw.indicators, found = _read_csv(ind_csv, "indicators")
        raw.problems += found
        raw.files = (ind_csv,)
        if task_csv is not None:
            raw.tasks, found = _read_csv(task_csv, "tasks")
            raw.problems += found
            raw.files += (task_csv,)
        return raw
    if len(books) > 1:
        raw.problems.append(Problem("error", "several_workbooks", **{
            **where, "fields": where["fields"] + (
                ("names", ", ".join(p.name for p in books)), ("count", len(books)))}))
        return raw
    if not books:
        others = ", ".join(p.name for p in sorted(folder.iterdir()) if p.is_file()) or "–"
        raw.problems.append(Problem("error", "no_data", **{
            **where, "fields": where["fields"] + (("names", others),)}))
        return raw
    frames, found = _read_workbook(books[0])
    raw.indicators, raw.tasks = frames.get("indicators"), frames.get("tasks")
    raw.problems += found
    raw.files = (books[0],)
    return raw


def read_year(data_dir: str | Path, year: int) -> RawYear:
    """Read a year folder; raise :class:`DataError` (with the problems) if a file is unreadable."""
    raw = read_raw(data_dir, year)
    fatal = [p for p in raw.errors if p.rule in STRUCTURAL]
    if fatal:
        raise DataError(summary_line(raw.problems, int(year), "en"), raw.problems)
    return raw


# ------------------------------------------------------------------ loading
def load_year(data_dir: str | Path, year: int, catalogue, units: pd.DataFrame) -> YearData:
    """Read and validate a year; raise :class:`DataError` listing every problem on error.

    ``indicators``: indicator, unit, value (float; computed from numerator/denominator
    when empty), numerator, denominator (float or NaN), source, note ("" when empty) and
    the location columns. ``tasks``: task, status, completed_on (date or None), note and
    the location columns. Rows without a value (or status) are dropped with a warning.
    """
    raw = read_raw(data_dir, year)
    indicators, tasks, problems = check_year(raw, catalogue, units)
    if any(p.severity == "error" for p in problems):
        raise DataError(summary_line(problems, int(year), "en"), problems)
    return YearData(int(year), indicators, tasks, problems)


OBSERVATION_COLUMNS = ("year", "indicator", "unit", "value", "numerator", "denominator",
                       "source", "note")
TASK_UPDATE_COLUMNS = ("year", "task", "status", "completed_on", "note")


def load_history(data_dir: str | Path, year: int, catalogue,
                 units: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations and task updates of every year with data up to ``year`` (inclusive).

    Each year is validated on its own (units valid in that year); the first year with an
    error raises :class:`DataError`.
    """
    obs, upd = [], []
    for y in (y for y in available_years(data_dir) if y <= int(year)):
        data = load_year(data_dir, y, catalogue, units)
        obs.append(data.indicators.assign(year=y)[list(OBSERVATION_COLUMNS)])
        upd.append(data.tasks.assign(year=y)[list(TASK_UPDATE_COLUMNS)])
    observations = _concat(obs, OBSERVATION_COLUMNS, {"year": "int64", "value": "float64",
                                                       "numerator": "float64",
                                                       "denominator": "float64"})
    updates = _concat(upd, TASK_UPDATE_COLUMNS, {"year": "int64"})
    updates["completed_on"] = updates["completed_on"].astype(object)
    return observations, updates


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...], dtypes: dict) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if frames:
        out = pd.concat(frames, ignore_index=True)
    else:
        out = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return out.astype(dtypes)
