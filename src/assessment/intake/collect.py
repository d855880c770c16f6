"""Collecting a data round (``assessment collect``): the returned workbooks → the year's
``indicators.csv``, ``tasks.csv`` and ``par_index/scores.csv`` (the PAR Index
self-assessments), with provenance, and the state of the round.

1. Every workbook in the returns folder is read and checked against the unit it was made
   for (:mod:`assessment.intake.returns`). A second, different return from the same unit
   refuses both (which one to use is the analyst's call); an identical copy is taken once.
2. The returns that pass are checked together with the rules and messages of
   ``validate`` (:func:`assessment.intake.validate.check_year`, every row located at its
   returned workbook). A return with an error is refused whole, never half taken, and the
   others are checked again without it. Its PAR Index sheet is checked with the rules and
   messages of ``scores.csv`` (:mod:`assessment.intake.par_returns`): an error there
   refuses the whole return too.
3. The rows of the returns taken become the year's files, each row with ``return_file``,
   ``return_row`` and ``return_sha256``: the workbook an office sent, traceable by hash.
   A number typed as a number stays that number (written so that it reads back the same).
   ``scores.csv`` gets the criteria each unit self-assessed (``self``, ``evidence``);
   ``appraised`` and ``note`` are left to the appraisal council.

Pure apart from reading the returns: writing is :func:`assessment.intake.round_io.write_year`.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from assessment.intake.assignment import assignments
from assessment.intake.layout import visible_files
from assessment.intake.par_checks import rated_units
from assessment.intake.par_returns import MISSING_PREFIX, filled
from assessment.intake.par_template import SHEET as PAR_SHEET
from assessment.intake.parsing import read_number
from assessment.intake.problems import RULES, Problem
from assessment.intake.reading import RawYear
from assessment.intake.returns import Returned, read_return, round_problems
from assessment.intake.round_state import UnitState
from assessment.intake.unit_template import unit_in_name
from assessment.intake.tables import (INDICATOR_COLUMNS, PAR_SCORE_COLUMNS,
                                      PROVENANCE_COLUMNS, TASK_COLUMNS)
from assessment.intake.task_checks import TASK_STATUSES, status_code
from assessment.intake.validate import check_year, prior_context
from assessment.plan.units import Units

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
IDENTITY_RULES = ("not_a_return", "return_other_year", "return_unknown_unit",
                  "return_wrong_unit")
FIRST_ERRORS = 3  # errors the tracker shows per unit


@dataclass
class Round:
    """A collected round: the state of every unit, the returns taken, the files refused
    (with their problems), every problem, and the year's files as CSV text."""

    year: int
    returns_dir: Path
    collected_on: dt.date
    states: list[UnitState]
    taken: list[Returned] = field(default_factory=list)
    refused: dict[str, list[Problem]] = field(default_factory=dict)  # file -> errors
    problems: list[Problem] = field(default_factory=list)
    indicators_csv: str | None = None
    tasks_csv: str | None = None
    par_csv: str | None = None  # par_index/scores.csv
    par_asked: bool = False  # whether the round asked any unit for its PAR self-assessment

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def returned_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The workbooks of a returns folder, and a warning for each other file in it."""
    books, others = [], []
    for path in visible_files(folder):
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            books.append(path)
        else:
            others.append(Problem("warning", "return_not_workbook", file=str(path)))
    return books, others


def _duplicates(rets: list[Returned], problems: dict[str, list[Problem]]) -> None:
    """A unit with several returns: identical copies are taken once (a warning on the
    others), different ones are all refused."""
    by_unit: dict[str, list[Returned]] = {}
    for ret in rets:
        if not any(p.is_error and (p.rule in IDENTITY_RULES or RULES[p.rule].unread)
                   for p in problems[str(ret.path)]):
            by_unit.setdefault(ret.unit, []).append(ret)
    for unit, same in by_unit.items():
        if len(same) < 2:
            continue
        if len({r.sha256 for r in same}) == 1:
            # the copy under the template's own name is kept: "… - Copy.xlsx" is the spare
            same.sort(key=lambda r: (unit_in_name(r.path.name, r.year or 0) != unit,
                                     len(r.path.name), r.path.name))
            for ret in same[1:]:
                problems[str(ret.path)].append(Problem(
                    "warning", "identical_return", file=str(ret.path),
                    fields=(("first", same[0].path.name), ("unit", unit))))
            continue
        for ret in same:
            others = [r.path.name for r in same if r is not ret]
            problems[str(ret.path)].append(Problem(
                "error", "duplicate_return", file=str(ret.path), value=unit,
                fields=(("others", ", ".join(others)), ("count", len(same)))))


def _stack(frames: list[pd.DataFrame | None]) -> pd.DataFrame | None:
    frames = [f for f in frames if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True) if frames else None


def _merged_check(taken: list[Returned], year: int, catalogue, units: Units, context,
                  out_dir: Path, reference: dt.date | None, refuse: set[str]):
    """check_year over the returns taken; returns with an error are dropped and the rest
    checked again, until none has one. The files in ``refuse`` (refused for their rows
    already) are checked in the first pass only, so that their unit hears of every
    problem at once. → (taken, checked, refused problems by file)"""
    previous, earlier = context
    refused: dict[str, list[Problem]] = {}
    pending = set(refuse)  # refused already: their rows are checked in the first pass
    while True:
        raw = RawYear(year=year, folder=out_dir,
                      indicators=_stack([r.frames.get("indicators") for r in taken]),
                      tasks=_stack([r.frames.get("tasks") for r in taken]),
                      files=(out_dir / "indicators.csv", out_dir / "tasks.csv"))
        checked = check_year(raw, catalogue, units, previous, reference, dict(earlier))
        files = {str(r.path) for r in taken}
        bad = {p.file for p in checked.problems if p.is_error and p.file in files}
        bad |= pending & files
        pending = set()
        if not bad:
            return taken, checked, refused
        for file in bad:  # the year's gaps are the merged files', not this return's
            refused[file] = [p for p in checked.problems if p.file == file
                             and RULES[p.rule].scope != "coverage"]
        taken = [r for r in taken if str(r.path) not in bad]


def _number_text(text: str, numeric: bool) -> str:
    """A workbook number cell read as ``1.325``: written ``1.3250`` so that the CSV reads
    it back as the same number (``1.325`` typed as text is ambiguous: 1325 or 1.325)."""
    if numeric and read_number(text).issue == "ambiguous_number":
        return text + "0"
    return text


def _rows_csv(frame: pd.DataFrame, columns: tuple[str, ...], order, sha: dict[str, str],
              tasks: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns + PROVENANCE_COLUMNS)
    records = []
    for r in frame.to_dict("records"):
        cells = []
        for c in columns:
            text = r.get(c, "") or ""
            if c in ("value", "numerator", "denominator"):
                text = _number_text(text, c in (r.get("_numeric") or ()))
            if tasks and c == "status" and status_code(text) in TASK_STATUSES:
                text = status_code(text)
            if c in ("indicator", "task"):
                text = text.upper()
            cells.append(text)
        cells += [Path(r["_file"]).name, int(r["_row"]), sha[r["_file"]]]
        records.append((order(r), cells))
    for _, cells in sorted(records, key=lambda x: x[0]):
        writer.writerow(cells)
    return out.getvalue()


def _state(unit_state: UnitState, ret: Returned, a, warnings: int) -> None:
    ind = ret.frames.get("indicators")
    tasks = ret.frames.get("tasks")
    filled_ind = set()
    if ind is not None:
        for r in ind.to_dict("records"):
            if r["value"] or (r["numerator"] and r["denominator"]):
                filled_ind.add((r["indicator"].upper(), r["unit"].lower()))
    filled_tasks = set()
    if tasks is not None:
        filled_tasks = {r["task"].upper() for r in tasks.to_dict("records") if r["status"]}
    missing = [code for code, unit in a.indicators if (code, unit) not in filled_ind]
    missing += [code for code in a.tasks if code not in filled_tasks]
    filled_par = {r["criterion"] for r in _par_rows(ret, a)}
    missing += [MISSING_PREFIX + code for code in a.par if code not in filled_par]
    unit_state.state = "returned"
    unit_state.files = (ret.path.name,)
    unit_state.sha256 = (ret.sha256,)
    unit_state.missing = tuple(missing)
    unit_state.filled = a.size - len(missing)
    unit_state.warnings = warnings


def _par_rows(ret: Returned, a) -> list[dict]:
    """The PAR rows ``ret`` self-assessed among those asked of its unit, in sheet order."""
    frame = ret.frames.get(PAR_SHEET)
    if frame is None or not a.par:
        return []
    asked = set(a.par)
    return [r for r in frame.to_dict("records") if r["criterion"] in asked and filled(r)]


def collect_round(returns_dir: Path, out_dir: Path, data_dir: Path, year: int, catalogue,
                  units: Units, collected_on: dt.date | None = None,
                  reference: dt.date | None = None, frameworks=None) -> Round:
    """Read and check every return in ``returns_dir`` for ``year``; the merged files are
    for ``out_dir`` (the year folder); earlier years come from ``data_dir``. With
    ``frameworks`` (the PAR Index frameworks), the units they rate return their
    self-assessment too."""
    rated = rated_units(frameworks, units, year) if frameworks is not None else {}
    expected = {a.unit: a for a in assignments(catalogue, units, year, frameworks)}
    books, stray = returned_files(returns_dir)
    rets = [read_return(p) for p in books]
    problems = {str(r.path): round_problems(r, year, expected, units, rated) for r in rets}
    _duplicates(rets, problems)
    refuse = {str(r.path) for r in rets if any(p.is_error for p in problems[str(r.path)])}
    taken = [r for r in rets if not any(  # refused for their rows only: checked as well
        p.is_error and RULES[p.rule].scope != "row" for p in problems[str(r.path)])]
    unique = [r for r in taken  # identical copies: the one kept by _duplicates only
              if not any(p.rule == "identical_return" for p in problems[str(r.path)])]
    context = prior_context(data_dir, year, catalogue, units)
    taken, checked, refused = _merged_check(unique, year, catalogue, units, context,
                                            out_dir, reference, refuse)
    for file, found in refused.items():
        problems[file] = problems[file] + found
    states = {code: UnitState(unit=code, kind=a.kind, areas=a.areas, asked=a.size)
              for code, a in expected.items()}
    merged = [coverage_at(p, out_dir) for p in checked.problems if p.file not in refused]
    for ret in taken:
        warnings = sum(1 for p in merged if p.file == str(ret.path))
        _state(states[ret.unit], ret, expected[ret.unit], warnings)
    for ret in rets:
        errors = [p for p in problems[str(ret.path)] if p.is_error]
        if errors and ret.unit in states and states[ret.unit].state != "returned" and not any(
                p.rule in IDENTITY_RULES for p in errors):
            s = states[ret.unit]
            s.state = "returned_with_errors"
            s.files += (ret.path.name,)
            s.sha256 += (ret.sha256,)
            s.errors += errors
    all_problems = stray + [p for found in problems.values() for p in found] + merged
    result = Round(year=int(year), returns_dir=returns_dir,
                   collected_on=collected_on or dt.date.today(),
                   states=list(states.values()), taken=taken,
                   refused={f: [p for p in found if p.is_error]
                            for f, found in problems.items()
                            if any(p.is_error for p in found)},
                   problems=sorted(dict.fromkeys(all_problems), key=Problem.sort_key),
                   par_asked=any(a.par for a in expected.values()))
    if taken:
        result.indicators_csv, result.tasks_csv = _year_files(taken, catalogue, units)
        result.par_csv = _par_file(taken, expected, units)
    return result


def _par_file(taken: list[Returned], expected: dict, units: Units) -> str | None:
    """``par_index/scores.csv`` of the returns taken: one row per criterion self-assessed,
    units in the order of data/units.csv, criteria in their framework's; ``appraised``
    and ``note`` empty, for the appraisal council. None when no return holds one."""
    unit_order = {code: i for i, code in enumerate(units.codes)}
    records = []
    for ret in taken:
        a = expected[ret.unit]
        order = {code: i for i, code in enumerate(a.par)}
        for r in _par_rows(ret, a):
            row = {"unit": a.unit, "criterion": r["criterion"], "self": r["self"],
                   "appraised": "", "evidence": r["evidence"], "note": ""}
            records.append(((unit_order.get(a.unit, 10 ** 6), order[r["criterion"]]),
                            [row[c] for c in PAR_SCORE_COLUMNS]
                            + [ret.path.name, int(r["_row"]), ret.sha256]))
    if not records:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PAR_SCORE_COLUMNS + PROVENANCE_COLUMNS)
    for _, cells in sorted(records, key=lambda x: x[0]):
        writer.writerow(cells)
    return out.getvalue()


def _year_files(taken: list[Returned], catalogue, units: Units) -> tuple[str | None, str | None]:
    sha = {str(r.path): r.sha256 for r in taken}
    ind_order = {ind.code: i for i, ind in enumerate(catalogue.indicators)}
    unit_order = {code: i for i, code in enumerate(units.codes)}
    task_order = {task.code: i for i, task in enumerate(catalogue.tasks)}
    indicators = _stack([r.frames.get("indicators") for r in taken])
    tasks = _stack([r.frames.get("tasks") for r in taken])
    ind_csv = None if indicators is None else _rows_csv(
        indicators, INDICATOR_COLUMNS,
        lambda r: (ind_order.get(r["indicator"].upper(), 10 ** 6),
                   unit_order.get(r["unit"].lower(), 10 ** 6)), sha, tasks=False)
    task_csv = None if tasks is None else _rows_csv(
        tasks, TASK_COLUMNS, lambda r: task_order.get(r["task"].upper(), 10 ** 6), sha,
        tasks=True)
    return ind_csv, task_csv


def coverage_at(problem: Problem, out_dir: Path) -> Problem:
    """A problem of the year as a whole (an indicator without rows) named at the year's
    merged file rather than at whichever return came first."""
    if RULES[problem.rule].scope != "coverage":
        return problem
    name = "tasks.csv" if problem.rule in ("task_missing", "no_tasks") else "indicators.csv"
    return replace(problem, file=str(out_dir / name), sheet=None)
