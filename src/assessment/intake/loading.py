"""Typed, validated years: what the computations start from.

:func:`load_history` reads and checks every year up to the report year, each once, and
returns their typed frames only when no error was found; :func:`load_year` does so for
one year on its own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from assessment.plan.units import Units
from assessment.errors import DataError
from assessment.intake.problems import (Problem, format_report, has_errors, relative_paths,
                                        summary_line)
from assessment.intake.reading import read_raw
from assessment.intake.validate import check_history, check_year, reference_date, year_problems

OBSERVATION_COLUMNS = ("year", "indicator", "unit", "value", "numerator", "denominator",
                       "source", "note")
TASK_UPDATE_COLUMNS = ("year", "task", "status", "completed_on", "note")
GAP_COLUMNS = ("year", "indicator", "unit", "source", "note")


@dataclass
class YearData:
    """A validated year: typed frames, the rows without a figure (*gaps*, with their
    note) and the warnings that remain."""

    year: int
    indicators: pd.DataFrame
    tasks: pd.DataFrame
    problems: list[Problem]
    gaps: pd.DataFrame | None = None


class History(NamedTuple):
    """Every year up to the report year: observations, task updates and gaps, and the
    report year's problems (warnings only: an error raises)."""

    observations: pd.DataFrame
    updates: pd.DataFrame
    gaps: pd.DataFrame
    problems: tuple[Problem, ...] = ()


def load_year(data_dir: str | Path, year: int, catalogue, units: Units,
              previous: dict | None = None, reference: dt.date | None = None,
              earlier: dict | None = None) -> YearData:
    """Read and validate one year on its own; raise :class:`DataError` listing every
    problem on error.

    ``indicators``: indicator, unit, value (float; computed from numerator/denominator
    when empty), numerator, denominator (float or NaN), source, note ("" when empty) and
    the location columns. ``tasks``: task, status, completed_on (date or None), note and
    the location columns. Rows without a value (or status) are left out with a warning;
    those without a value but with a note are the ``gaps``.
    """
    checked = check_year(read_raw(data_dir, year), catalogue, units, previous, reference,
                         earlier)
    if has_errors(checked.problems):
        raise DataError(summary_line(checked.problems, int(year), "en"), checked.problems)
    return YearData(int(year), checked.indicators, checked.tasks, checked.problems,
                    checked.gaps)


def load_history(data_dir: str | Path, year: int, catalogue, units: Units,
                 reference: dt.date | None = None, lang: str = "en",
                 narrative: tuple | list = ()) -> History:
    """Observations, task updates and gaps of every year with data up to ``year``, and
    the report year's problems (those of ``assessment validate``).

    Each year is read and checked once (:func:`~assessment.intake.validate.check_history`).
    An error in the report year raises :class:`DataError` with the full report in
    ``lang``; an error in an earlier year raises naming that year. ``reference`` is the
    report year's reference date (default: the edition's). ``narrative``: the problems of
    the year's narrative (:func:`~assessment.intake.narrative.load_narratives`), reported
    and raised with the data's.
    """
    reference = reference or reference_date(data_dir, year)
    checked = check_history(data_dir, year, catalogue, units, reference)
    problems = year_problems(data_dir, year, checked[int(year)], narrative)
    if has_errors(problems):
        raise DataError(format_report(relative_paths(problems, Path.cwd()), lang), problems)
    for y, c in checked.items():
        if has_errors(c.problems):
            raise DataError(summary_line(c.problems, y, "en"), c.problems)
    obs = [c.indicators.assign(year=y)[list(OBSERVATION_COLUMNS)] for y, c in checked.items()]
    upd = [c.tasks.assign(year=y)[list(TASK_UPDATE_COLUMNS)] for y, c in checked.items()]
    gaps = [c.gaps.assign(year=y)[list(GAP_COLUMNS)] for y, c in checked.items()]
    observations = _concat(obs, OBSERVATION_COLUMNS, {"year": "int64", "value": "float64",
                                                       "numerator": "float64",
                                                       "denominator": "float64"})
    updates = _concat(upd, TASK_UPDATE_COLUMNS, {"year": "int64"})
    updates["completed_on"] = updates["completed_on"].astype(object)
    return History(observations, updates, _concat(gaps, GAP_COLUMNS, {"year": "int64"}),
                   tuple(problems))


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...], dtypes: dict) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if frames:
        out = pd.concat(frames, ignore_index=True)
    else:
        out = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return out.astype(dtypes)
