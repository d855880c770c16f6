"""Reading a year's input files: ``data/<year>/indicators.csv`` + ``tasks.csv``, or one
workbook ``data/<year>/*.xlsx`` with the sheets ``indicators`` and ``tasks``.

Reading is separate from checking. :func:`read_raw` turns whatever is in the year folder
into text frames (:mod:`assessment.intake.tables`: every row keeps its file, sheet and row) and
never raises: a file it cannot read becomes a :class:`~assessment.intake.problems.Problem`.
Cells rejected while reading (a formula, an Excel error such as ``#DIV/0!``, a cell
beyond Excel's 32,767 characters) are emptied and their column named in ``_flagged`` so
that the checks do not report them twice.

Encoding: UTF-8 with or without BOM. A UTF-16 file, or legacy Vietnamese text
(Windows-1258 / Latin-1) that is not valid UTF-8, is an error whose hint is to save the
file as "CSV UTF-8". The delimiter is a comma; a header with more semicolons (or tabs)
than commas is read with that delimiter, as Excel writes in some locales.

A workbook is read by :mod:`assessment.intake.workbook`, in bounded time and memory. A number
cell of a workbook is named in ``_numeric`` (it is a number already, never re-read from
text). Columns other than the contract's are ignored, with a warning unless they are the
template's reference columns.

Number and date parsing is :mod:`assessment.intake.parsing`, the checks :mod:`assessment.intake.validate`,
typed loading :mod:`assessment.intake.loading`. Inputs are opened read-only (their bytes are
read once) and never modified.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.intake.layout import year_files
from assessment.intake.problems import Problem
from assessment.intake.tables import (ALL_TABLES, INDICATOR_COLUMNS, TASK_COLUMNS, cell_problems, clean,
                     rows_to_frame, table_columns, too_long)
from assessment.intake.workbook import read_workbook

__all__ = ["INDICATOR_COLUMNS", "TASK_COLUMNS", "RawYear", "read_raw"]

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


# ------------------------------------------------------------------ CSV
def _decode(data: bytes, where: dict) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem("error", "encoding", text="encoding.utf16", **where)]
    if data.startswith(b"PK\x03\x04"):
        return None, [Problem("error", "wrong_format", text="wrong_format.xlsx_as_csv",
                              hint="wrong_format.xlsx_as_csv", **where)]
    sample = data[:400]
    if len(sample) >= 8 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) / 4:
        return None, [Problem("error", "encoding", text="encoding.utf16", **where)]  # no BOM
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, [Problem("error", "wrong_format", row=data.count(b"\n", 0, nul) + 1,
                              text="wrong_format.binary_csv", hint="wrong_format.binary_csv",
                              **where)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem("error", "encoding", row=row, text="encoding.legacy",
                              fields=(("byte", f"0x{data[exc.start]:02X}"),), **where)]


def _csv_records(text: str, delimiter: str, where: dict) -> tuple[list | None, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        for cells in reader:
            records.append(cells)
    except csv.Error:  # a field beyond the csv module's limit (131,072 characters)
        return None, [too_long(where, reader.line_num, None, csv.field_size_limit(),
                                more=True)]
    return records, []


def _swallowed(cells: list[str], row: int, delimiter: str, names: dict[int, str],
               where: dict) -> list[Problem]:
    """A cell that holds line breaks and the delimiter: a double quote opened it and
    nothing closed it where meant, so the rows after it were read into it."""
    out = []
    for pos, cell in enumerate(cells):
        if "\n" in cell and delimiter in cell.split("\n", 1)[1]:
            out.append(Problem("error", "unclosed_quote", row=row, column=names.get(pos),
                               value=cell.split("\n", 1)[0],
                               fields=(("lines", cell.count("\n") + 1),), **where))
    return out


def read_csv_table(path: Path, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """One CSV file read as the text frame of ``table`` (a key of ``ALL_TABLES``); never raises."""
    return _read_csv(path, table)


def _read_csv(path: Path, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    columns, required = ALL_TABLES[table]
    where = {"file": str(path), "sheet": None}
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, [Problem("error", "empty_file", **where)]
    text, problems = _decode(data, where)
    if text is None:
        return None, problems
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    records, problems = _csv_records(text, delimiter, where)
    if records is None:
        return None, problems
    header = [clean(h) for h in records[0]] if records else []
    positions, problems = table_columns(header, columns, required, where)
    if positions is None:
        return None, problems
    rows = []
    names = {pos: name for name, pos in positions.items()}
    for i, cells in enumerate(records[1:], start=2):
        cells = [clean(c) for c in cells]
        if not any(cells):
            continue
        problems += _swallowed(cells, i, delimiter, names, where)
        if len(cells) > len(header) and any(cells[len(header):]):
            problems.append(Problem("error", "extra_fields", row=i,
                                    value=", ".join(c for c in cells[len(header):] if c),
                                    **where))
        rows.append((i, cells))
    if not rows:
        return None, problems + [Problem("error", "empty_file", text="empty_file.rows",
                                         **where)]
    in_cells, flagged = cell_problems(rows, positions, where)
    return rows_to_frame(rows, positions, columns, where, flagged), problems + in_cells



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
    frames, found = read_workbook(books[0])
    raw.indicators, raw.tasks = frames.get("indicators"), frames.get("tasks")
    raw.problems += found
    raw.files = (books[0],)
    return raw


