"""A workbook returned in the data round, read and checked against the unit it was made for.

:func:`read_return` reads the sheets with the same reader, rules and messages as
``validate`` (:func:`assessment.intake.workbook.read_workbook`), and the hidden ``meta``
sheet the template wrote (:mod:`assessment.intake.unit_template`). :func:`round_problems`
then checks the workbook against the round: made for this year, for a unit that reports
in it, under its own name; its locked cells as they were made; no row added; and the
PAR Index self-assessment of a unit asked for one (:mod:`assessment.intake.par_returns`):
its sheet there, its rows by the rules of ``scores.csv``. Those problems are located like
any other (file, sheet, row, column, value, hint).
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from assessment.intake.assignment import Assignment
from assessment.intake.par_returns import check_par_rows, read_par_sheet
from assessment.intake.par_template import SHEET as PAR_SHEET
from assessment.intake.problems import Problem
from assessment.intake.unit_template import (FORMAT, META_SHEET, locked_text, unit_in_name)
from assessment.intake.workbook import read_workbook

MAX_LOCKED = 20_000  # locked cells a meta sheet may list (a workbook has a few hundred)


@dataclass
class Returned:
    """One returned workbook: its bytes' SHA-256, the meta it carries, its sheets as text
    frames (with file, sheet and row) and the problems of reading it."""

    path: Path
    sha256: str
    meta: dict = field(default_factory=dict)
    locked: dict = field(default_factory=dict)  # "sheet!A2" -> the value it was made with
    frames: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    par_sheet: bool = False  # whether it has a par_index sheet
    sheets: tuple[str, ...] = ()  # its sheets' names, for a missing par_index sheet

    @property
    def unit(self) -> str | None:
        return self.meta.get("unit") or None

    @property
    def year(self) -> int | None:
        try:
            return int(float(self.meta.get("year", "")))
        except ValueError:
            return None


def _meta(data: bytes) -> tuple[dict, dict, dict]:
    """The meta sheet's pairs and locked cells, and the values now in those cells."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if META_SHEET not in wb.sheetnames:
            return {}, {}, {}
        pairs, locked, in_locked = {}, {}, False
        for i, (key, value) in enumerate(wb[META_SHEET].iter_rows(
                min_row=1, max_col=2, values_only=True)):
            if i > MAX_LOCKED:
                break
            key = "" if key is None else str(key)
            if key == "locked":
                in_locked = True
            elif in_locked and "!" in key:
                locked[key] = "" if value is None else str(value)
            elif not in_locked and key:
                pairs[key] = locked_text(value)
        now: dict[str, str] = {}
        wanted: dict[str, set] = {}
        for ref in locked:
            sheet, cell = ref.split("!", 1)
            wanted.setdefault(sheet, set()).add(cell)
        for sheet, cells in wanted.items():
            if sheet not in wb.sheetnames:  # renamed or deleted: one missing_sheet error
                now[f"{sheet}!"] = None
                continue
            for row in wb[sheet].iter_rows():
                for c in row:
                    coordinate = getattr(c, "coordinate", None)
                    if coordinate in cells:
                        now[f"{sheet}!{coordinate}"] = locked_text(c.value)
        return pairs, locked, now
    finally:
        wb.close()


def read_return(path: Path) -> Returned:
    """Read a returned workbook (never raises: what cannot be read is a problem)."""
    data = path.read_bytes()
    ret = Returned(path=path, sha256=hashlib.sha256(data).hexdigest())
    ret.frames, ret.problems = read_workbook(path)
    where = {"file": str(path), "sheet": None}
    if any(p.rule in ("wrong_format", "too_large", "empty_file") and p.sheet is None
           for p in ret.problems) or not zipfile.is_zipfile(io.BytesIO(data)):
        return ret
    try:
        ret.meta, ret.locked, now = _meta(data)
    except Exception:  # noqa: BLE001 - the sheets were read; the meta part is damaged
        ret.meta, ret.locked, now = {}, {}, {}
    if ret.meta.get("format") != FORMAT:
        ret.problems.append(Problem("error", "not_a_return", **where))
        return ret
    ret.meta["_now"] = now
    par = read_par_sheet(path, data)
    ret.par_sheet, ret.sheets = par.present, par.sheets
    if par.frame is not None:
        ret.frames[PAR_SHEET] = par.frame
    ret.problems += par.problems
    return ret


def _sheet_problems(ret: Returned, a: Assignment) -> list[Problem]:
    """Reading problems of a sheet the unit was not asked to fill are moot (an office
    without indicators gets no ``indicators`` sheet)."""
    asked = {"indicators": bool(a.indicators), "tasks": bool(a.tasks),
             PAR_SHEET: bool(a.par)}
    out = []
    for p in ret.problems:
        table = (p.sheet or "").lower() or ("indicators" if p.rule == "missing_sheet" else "")
        if table in asked and not asked[table] and p.rule in ("missing_sheet", "empty_file"):
            continue
        out.append(p)
    return out


def _locked_problems(ret: Returned) -> list[Problem]:
    """A locked cell whose value is not the one it was made with (the cells of a sheet
    that is not there at all are left to its ``missing_sheet`` error)."""
    now = ret.meta.get("_now", {})
    out = []
    for ref, made in ret.locked.items():
        sheet, cell = ref.split("!", 1)
        if f"{sheet}!" in now:
            continue
        found = now.get(ref, "")
        if found != made:
            column = "".join(ch for ch in cell if ch.isalpha())
            row = int("".join(ch for ch in cell if ch.isdigit()) or 0)
            out.append(Problem("error", "locked_changed", file=str(ret.path), sheet=sheet,
                               row=row, column=column, value=found,
                               fields=(("expected", made or "–"), ("cell", cell))))
    return out


def par_last_row(ret: Returned, a: Assignment) -> int:
    """The last row of the PAR sheet as made (its locked cells say; the area header rows
    are among them)."""
    made = [int("".join(ch for ch in ref.split("!", 1)[1] if ch.isdigit()) or 0)
            for ref in ret.locked if ref.split("!", 1)[0] == PAR_SHEET]
    return max(made) if made else 10 ** 9


def _key(table: str, r: dict):
    if table == "indicators":
        return r["indicator"].upper(), r["unit"].lower()
    return r["criterion"] if table == PAR_SHEET else r["task"].upper()


def _added_rows(ret: Returned, a: Assignment) -> list[Problem]:
    """Rows beyond the pre-filled ones, or rows for an indicator, unit, task or criterion
    that was not asked of this unit."""
    out = []
    asked = {"indicators": set(a.indicators), "tasks": set(a.tasks), PAR_SHEET: set(a.par)}
    last = {"indicators": len(a.indicators) + 1, "tasks": len(a.tasks) + 1,
            PAR_SHEET: par_last_row(ret, a) if a.par else 1}
    for table, frame in ret.frames.items():
        if frame is None or table not in asked:
            continue
        for r in frame.to_dict("records"):
            key = _key(table, r)
            if int(r["_row"]) > last[table] or key not in asked[table]:
                shown = " / ".join(key) if isinstance(key, tuple) else key
                out.append(Problem("error", "not_asked", file=r["_file"], sheet=r["_sheet"],
                                   row=int(r["_row"]), column=frame.columns[0], value=shown,
                                   fields=(("unit", a.unit),)))
    return out


def _par_problems(ret: Returned, a: Assignment, year: int, units, rated: dict | None):
    """The PAR sheet of a unit asked for its self-assessment: there, and its rows right."""
    if not a.par:
        return []
    if not ret.par_sheet:
        return [Problem("error", "missing_sheet", file=str(ret.path), sheet=None,
                        fields=(("name", PAR_SHEET), ("names", ", ".join(ret.sheets))))]
    if not rated or a.unit not in rated:
        return []
    return check_par_rows(ret.frames.get(PAR_SHEET), set(a.par), par_last_row(ret, a), year,
                          units, rated, a.unit)


def round_problems(ret: Returned, year: int, expected: dict[str, Assignment],
                   units, rated: dict | None = None) -> list[Problem]:
    """The round's checks of one return read by :func:`read_return`: its year, its unit
    (one that reports in ``year``, the one its file name says), its locked cells and rows,
    its PAR Index rows (``rated``: :func:`~assessment.intake.par_checks.rated_units`);
    with its reading problems (those of sheets the unit was not asked for left out)."""
    where = {"file": str(ret.path), "sheet": None}
    if ret.meta.get("format") != FORMAT:
        return ret.problems
    if ret.year != int(year):
        return ret.problems + [Problem("error", "return_other_year", value=str(ret.year),
                                       fields=(("year", year), ("made", ret.year or "?")),
                                       **where)]
    if ret.unit not in expected:
        return ret.problems + [Problem("error", "return_unknown_unit", value=ret.unit,
                                       fields=(("year", year),), **where)]
    named = unit_in_name(ret.path.name, year)
    if named is not None and named != ret.unit:
        return ret.problems + [Problem("error", "return_wrong_unit", value=ret.path.name,
                                       fields=(("named", units.name(named, "vi")),
                                               ("named_code", named),
                                               ("unit", units.name(ret.unit, "vi")),
                                               ("code", ret.unit)), **where)]
    a = expected[ret.unit]
    return (_sheet_problems(ret, a) + _locked_problems(ret) + _added_rows(ret, a)
            + _par_problems(ret, a, year, units, rated))

