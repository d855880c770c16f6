"""Typed, validated years: what the computations start from.

:func:`load_year` reads and checks one year folder and returns its typed frames only when
no error was found; :func:`load_history` does so for every year up to the report year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .errors import DataError
from .indicator_checks import last_year_values
from .intake import STRUCTURAL, RawYear, read_raw
from .layout import available_years
from .problems import Problem, summary_line
from .task_checks import earlier_updates
from .validate import check_year

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
    """Every year up to the report year: observations, task updates and gaps."""

    observations: pd.DataFrame
    updates: pd.DataFrame
    gaps: pd.DataFrame


def read_year(data_dir: str | Path, year: int) -> RawYear:
    """Read a year folder; raise :class:`DataError` (with the problems) if a file is unreadable."""
    raw = read_raw(data_dir, year)
    fatal = [p for p in raw.errors if p.rule in STRUCTURAL]
    if fatal:
        raise DataError(summary_line(raw.problems, int(year), "en"), raw.problems)
    return raw


def load_year(data_dir: str | Path, year: int, catalogue, units: pd.DataFrame,
              previous: dict | None = None, reference: dt.date | None = None,
              earlier: dict | None = None) -> YearData:
    """Read and validate a year; raise :class:`DataError` listing every problem on error.

    ``indicators``: indicator, unit, value (float; computed from numerator/denominator
    when empty), numerator, denominator (float or NaN), source, note ("" when empty) and
    the location columns. ``tasks``: task, status, completed_on (date or None), note and
    the location columns. Rows without a value (or status) are left out with a warning;
    those without a value but with a note are the ``gaps``.
    """
    checked = check_year(read_raw(data_dir, year), catalogue, units, previous, reference,
                         earlier)
    if any(p.severity == "error" for p in checked.problems):
        raise DataError(summary_line(checked.problems, int(year), "en"), checked.problems)
    return YearData(int(year), checked.indicators, checked.tasks, checked.problems,
                    checked.gaps)


def load_history(data_dir: str | Path, year: int, catalogue, units: pd.DataFrame,
                 reference: dt.date | None = None) -> History:
    """Observations, task updates and gaps of every year with data up to ``year``.

    Each year is validated on its own (units valid in that year, last year's values for
    the fraction check); the first year with an error raises :class:`DataError`.
    ``reference`` is the report year's reference date.
    """
    obs, upd, gaps, previous, earlier = [], [], [], {}, {}
    for y in (y for y in available_years(data_dir) if y <= int(year)):
        data = load_year(data_dir, y, catalogue, units, previous.get(y - 1),
                         reference if y == int(year) else None, dict(earlier))
        previous = {y: last_year_values(data.indicators)}
        earlier.update(earlier_updates([(y, data.tasks)]))
        obs.append(data.indicators.assign(year=y)[list(OBSERVATION_COLUMNS)])
        upd.append(data.tasks.assign(year=y)[list(TASK_UPDATE_COLUMNS)])
        gaps.append(data.gaps.assign(year=y)[list(GAP_COLUMNS)])
    observations = _concat(obs, OBSERVATION_COLUMNS, {"year": "int64", "value": "float64",
                                                       "numerator": "float64",
                                                       "denominator": "float64"})
    updates = _concat(upd, TASK_UPDATE_COLUMNS, {"year": "int64"})
    updates["completed_on"] = updates["completed_on"].astype(object)
    return History(observations, updates, _concat(gaps, GAP_COLUMNS, {"year": "int64"}))


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...], dtypes: dict) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if frames:
        out = pd.concat(frames, ignore_index=True)
    else:
        out = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return out.astype(dtypes)
