"""The PAR Index sheet ``par_index`` of a returned workbook: read, and checked with the
rules and messages of ``data/<year>/par_index/scores.csv``.

:func:`read_par_sheet` reads the sheet :mod:`assessment.intake.par_template` made, in
bounded time and memory like the other sheets (:mod:`assessment.intake.workbook`): the
contract columns ``criterion``, ``self``, ``evidence`` and ``note`` as text, each row with
its file, sheet and row; the grey reference columns and the area header rows are not
read. A percentage typed into a cell that Excel turned into a number (``92%`` held as
0.92) is read back as ``92%``, the answer the unit gave.

:func:`check_par_rows` checks the rows the unit filled (points or evidence given) with
:mod:`assessment.intake.par_checks`, exactly as the year's ``scores.csv`` is checked:
points a criterion's rule does not allow (above its maximum, between its levels), ``na``
where it is not allowed, points claimed without the evidence required. A row left empty
is a criterion not yet self-assessed (the tracker's "missing"), not an error.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.intake import xlsx
from assessment.intake.par_checks import _check_scores
from assessment.intake.par_template import ENTRY_COLUMNS, SHEET, reference_labels
from assessment.intake.problems import Problem
from assessment.intake.tables import (PAR_SCORE_COLUMNS, cell_problems, clean, header_name,
                                      rows_to_frame, table_columns)
from assessment.intake.workbook import (_beyond_header, _cell_text, _limit_problems,
                                        _percent_format)

COLUMNS = ("criterion",) + ENTRY_COLUMNS  # the sheet's contract columns
REQUIRED = ("criterion", "self")
MISSING_PREFIX = f"{SHEET}:"  # a criterion left empty, as round.csv lists it: par_index:1.2


@dataclass
class ParSheet:
    """What reading found: whether the workbook has the sheet, its rows, the problems."""

    present: bool = False
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    sheets: tuple[str, ...] = ()


def _text(cell) -> tuple[str, bool]:
    value = cell.value
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and _percent_format(getattr(cell, "number_format", None))):
        return f"{round(value * 100, 10):g}%", False
    return _cell_text(cell, "")


def _rows(ws, scan, width: int, by_pos: dict, where: dict):
    """The rows holding a value in the contract's columns: ``(row, texts)``, the cells
    already reported (a formula, an Excel error) and the number cells, and problems."""
    last = xlsx.MAX_ROWS if scan is None else scan.last_row(width)
    rows, flagged, numeric, problems = [], {}, {}, []
    for row, cells in enumerate(ws.iter_rows(min_row=2, max_row=max(last, 1), max_col=width),
                                start=2):
        if scan is not None and not scan.has_values(row, width):
            continue
        texts = []
        for pos, cell in enumerate(cells):
            name = by_pos.get(pos)
            kind = getattr(cell, "data_type", None)
            if name is not None and kind in ("f", "e"):
                rule = "formula" if kind == "f" else "excel_error"
                problems.append(Problem("error", rule, row=row, column=name,
                                        value=str(getattr(cell.value, "text", cell.value)),
                                        **where))
                flagged[(row, pos)] = None
                texts.append("")
                continue
            text, is_number = _text(cell) if name is not None else ("", False)
            if is_number:
                numeric[(row, pos)] = None
            texts.append(text)
        if any(texts) or any((row, p) in flagged for p in by_pos):
            rows.append((row, texts))
    return rows, flagged, numeric, problems


def _read(path: Path, wb, title: str, scan) -> tuple[pd.DataFrame | None, list[Problem]]:
    where = {"file": str(path), "sheet": title}
    ws = wb[title]
    ws.reset_dimensions()
    header_cells = next(ws.iter_rows(min_row=1, max_row=1, max_col=xlsx.MAX_COLUMNS), ())
    header = [_cell_text(c, "")[0] for c in header_cells]
    while header and not header[-1]:
        header.pop()
    if not header or (scan is not None and scan.last_row() < 1):
        return None, [Problem("error", "empty_file", text="empty_file.sheet", **where)]
    references = reference_labels()
    named = ["" if clean(h) in references else h for h in header]
    positions, problems = table_columns(named, COLUMNS, REQUIRED, where)
    if positions is None:
        return None, problems
    if scan is not None:
        problems += _beyond_header(scan, len(header), where)
    by_pos = {pos: name for name, pos in positions.items()}
    rows, flagged, numeric, found = _rows(ws, scan, max(by_pos) + 1, by_pos, where)
    problems += found
    if not rows:
        return None, problems + [Problem("error", "empty_file", text="empty_file.rows",
                                         **where)]
    in_cells, more = cell_problems(rows, positions, where)
    flagged.update(more)
    return rows_to_frame(rows, positions, COLUMNS, where, flagged, numeric), problems + in_cells


def read_par_sheet(path: Path, data: bytes) -> ParSheet:
    """The ``par_index`` sheet of a workbook (never raises: what cannot be read is a
    problem). A workbook without the sheet gives ``present=False`` and no problem: whether
    it was asked for is the round's to say."""
    import openpyxl

    where = {"file": str(path), "sheet": None}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        titles = tuple(xlsx.sheet_parts(archive))
        same = [name for name in titles if header_name(name) == SHEET]
        if not same:
            return ParSheet(sheets=titles)
        if len(same) > 1:
            return ParSheet(True, None, [Problem("error", "duplicate_sheet", fields=(
                ("name", SHEET), ("names", ", ".join(same)), ("count", len(same))), **where)],
                titles)
        scans = xlsx.scan_workbook(archive, same)
        findings = [f for s in scans.values() for f in s.findings]
        if findings:
            return ParSheet(True, None, _limit_problems(path, findings), titles)
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            frame, problems = _read(path, wb, same[0], scans.get(same[0]))
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - any failure means "not a readable sheet"
        return ParSheet(True, None, [Problem("error", "wrong_format", text="wrong_format.corrupt",
                                             hint="wrong_format.corrupt", **where)])
    return ParSheet(True, frame, problems, titles)


def filled(r: dict) -> bool:
    """Whether the unit self-assessed the row (points or evidence given)."""
    return bool(r["self"] or r["evidence"])


def check_par_rows(frame: pd.DataFrame | None, asked: set[str], last_row: int, year: int,
                   units, rated: dict, unit: str) -> list[Problem]:
    """The problems of the rows ``unit`` filled among those asked (rows not asked are the
    round's ``not_asked``), by the rules of :func:`assessment.intake.par_checks.check_par_year`."""
    if frame is None or not len(frame):
        return []
    keep = [i for i, r in enumerate(frame.to_dict("records"))
            if r["criterion"] in asked and int(r["_row"]) <= last_row and filled(r)
            and not r["_flagged"]]  # a formula or an Excel error: reported once already
    if not keep:
        return []
    rows = frame.iloc[keep].copy()
    rows.insert(0, "unit", unit)
    rows["appraised"] = ""  # the council's, afterwards
    problems: list[Problem] = []
    _check_scores(rows[list(PAR_SCORE_COLUMNS) + [c for c in rows.columns if c.startswith("_")]],
                  year, units, rated, problems)
    return problems
