"""Checking a year's inputs: every problem at once, each naming file, sheet, row, column,
the value, the rule and a hint, in Vietnamese or English.

Reading problems come from :mod:`assessment.intake.reading`; the rows of ``indicators`` are
checked by :mod:`assessment.intake.indicator_checks` (with :mod:`assessment.intake.cross_checks`), the
rows of ``tasks`` by :mod:`assessment.intake.task_checks`; numbers and dates are read by
:mod:`assessment.intake.parsing`. Problems and their report are :mod:`assessment.intake.problems`.
Codes are matched ignoring case (indicators and tasks are upper-case, units lower-case).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.plan.units import Units
from assessment.intake.indicator_checks import (GAP_COLUMNS, PERCENT_TOLERANCE, TYPED_COLUMNS,
                               check_indicators, last_year_values)
from assessment.intake.reading import RawYear, read_raw
from assessment.intake.parsing import parse_date, parse_number
from assessment.intake.problems import (RULES, SEVERITIES, Problem, format_report,
                       has_errors, relative_paths, summary_line)
from assessment.intake.layout import available_years
from assessment.intake.task_checks import TASK_STATUSES, check_tasks, earlier_updates, empty_tasks

__all__ = ["PERCENT_TOLERANCE", "RULES", "SEVERITIES", "TASK_STATUSES",
           "Checked", "Problem", "check_indicators", "check_tasks", "check_year",
           "edition_problems", "format_report", "has_errors", "parse_date", "parse_number",
           "check_history", "reference_date", "relative_paths", "year_problems",
           "summary_line", "validate_year"]


@dataclass
class Checked:
    """A checked year: typed indicator rows (with a value), the rows without a figure
    (*gaps*, with the note that explains them), typed task rows and every problem."""

    indicators: pd.DataFrame
    gaps: pd.DataFrame
    tasks: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def check_year(raw: RawYear, catalogue, units: Units, previous: dict | None = None,
               reference: dt.date | None = None, earlier: dict | None = None) -> Checked:
    """All checks of a :class:`~assessment.intake.reading.RawYear`. ``previous``: last year's
    values ``{(indicator, unit): value}``; ``reference``: the report's reference date;
    ``earlier``: the tasks' latest statuses of earlier years."""
    problems = list(raw.problems)
    indicators, gaps = _empty(TYPED_COLUMNS), _empty(GAP_COLUMNS)
    if raw.indicators is not None:
        indicators, gaps, found = check_indicators(raw.indicators, raw.year, catalogue, units,
                                                   previous)
        problems += found
    tasks = empty_tasks()
    if raw.files:  # something could be read from the folder
        book = raw.files[0].suffix.lower() == ".xlsx"
        tasks_file = str(raw.files[1] if len(raw.files) > 1 else
                         raw.files[0] if book else raw.folder / "tasks.csv")
        # the tasks could not be read: their file or sheet failed, or the whole workbook
        # was refused (a cell beyond Excel's limits keeps it closed)
        unreadable = raw.tasks is None and any(
            p.is_error and p.file == tasks_file and (
                (p.sheet or "tasks").lower() == "tasks" or RULES[p.rule].closes)
            for p in problems)
        if not unreadable:
            tasks, found = check_tasks(raw.tasks, raw.year, catalogue, tasks_file, reference,
                                       earlier=earlier)
            problems += found
    return Checked(indicators, gaps, tasks, sorted(dict.fromkeys(problems),
                                                   key=Problem.sort_key))


def check_history(data_dir: str | Path, year: int, catalogue, units: Units,
                  reference: dt.date | None = None) -> dict[int, Checked]:
    """Every year with data up to ``year``, each read once and checked on its own (units
    valid in that year, the year before's values for the fraction check, earlier task
    statuses), in year order. ``reference`` applies to ``year`` only."""
    years = [y for y in available_years(data_dir) if y < int(year)]
    out, previous, earlier = _walk(data_dir, years, catalogue, units)
    out[int(year)] = check_year(read_raw(data_dir, year), catalogue, units, previous,
                                reference, dict(earlier))
    return out


def prior_context(data_dir: str | Path, year: int, catalogue, units: Units
                  ) -> tuple[dict, dict]:
    """What the checks of ``year`` need from the years before it: last year's values
    ``{(indicator, unit): value}`` and the tasks' latest earlier statuses."""
    years = [y for y in available_years(data_dir) if y < int(year)]
    _, previous, earlier = _walk(data_dir, years, catalogue, units)
    return previous, earlier


def _walk(data_dir, years: list[int], catalogue, units: Units
          ) -> tuple[dict[int, Checked], dict, dict]:
    out: dict[int, Checked] = {}
    previous: dict = {}
    earlier: dict = {}
    for y in years:
        checked = check_year(read_raw(data_dir, y), catalogue, units, previous, None,
                             dict(earlier))
        previous = last_year_values(checked.indicators)
        earlier.update(earlier_updates([(y, checked.tasks)]))
        out[y] = checked
    return out, previous, earlier


def reference_date(data_dir: str | Path, year: int) -> dt.date:
    """The reference date of ``year``'s edition (31 December unless edition.yaml says)."""
    from assessment.intake.edition import EditionError, official_parameters
    try:
        text = official_parameters(Path(data_dir), year).reference_date
        day = dt.date.fromisoformat(text) if text else None
    except (EditionError, ValueError):
        day = None
    return day if day is not None and day.year == int(year) else dt.date(int(year), 12, 31)


def validate_year(data_dir: str | Path, year: int, catalogue, units: Units,
                  reference: dt.date | None = None) -> list[Problem]:
    """Every problem of ``<data_dir>/<year>``, errors first (empty list: all clean).
    ``reference``: the report's reference date (default: the edition's)."""
    reference = reference or reference_date(data_dir, year)
    from assessment.intake.narrative import load_narratives
    return year_problems(data_dir, year,
                         check_history(data_dir, year, catalogue, units, reference)[int(year)],
                         load_narratives(Path(data_dir), int(year), catalogue, units)[1])


def year_problems(data_dir: str | Path, year: int, checked: Checked,
                  narrative: list[Problem] | tuple = ()) -> list[Problem]:
    """A year's problems as ``validate`` reports them: the edition file's, the data's,
    then the narrative's (:func:`assessment.intake.narrative.load_narratives`)."""
    return edition_problems(Path(data_dir), year) + checked.problems + list(narrative)


def edition_problems(data_dir: Path, year: int) -> list[Problem]:
    """The edition file's problem (its official parameters or document facts), if any."""
    from assessment.intake.document import edition_document
    from assessment.intake.edition import EditionError, official_parameters
    try:
        official_parameters(data_dir, year)
        edition_document(data_dir, year)
    except EditionError as exc:
        value = None if exc.value is None else str(exc.value)
        return [Problem("error", "edition_invalid", file=str(exc.path), row=exc.line,
                        value=value, text=f"edition_invalid.{exc.kind}",
                        hint=f"edition_invalid.{exc.kind}",
                        fields=(("year", year), ("name", exc.key)))]
    return []
