"""The two tables of a year's input, as text: their columns, and what reading a CSV file
or a workbook sheet into them shares.

Rows become frames of stripped, NFC-normalised *text* (``""`` for an empty cell), each row
with where it came from: ``_file``, ``_sheet`` (``None`` for CSV), ``_row`` (the row the
user sees: the header is row 1), ``_flagged`` (columns whose cell was already reported,
e.g. a formula, and emptied) and ``_numeric`` (columns whose cell was a number cell).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd
from openpyxl.utils.cell import get_column_letter

from assessment.intake import xlsx
from assessment.i18n import LANGS, fmt_number, t
from assessment.intake.problems import Problem
from assessment.intake.rowcheck import closest

INDICATOR_COLUMNS = ("indicator", "unit", "value", "numerator", "denominator", "source", "note")
INDICATOR_REQUIRED = ("indicator", "unit", "value")
TASK_COLUMNS = ("task", "status", "completed_on", "note")
TASK_REQUIRED = ("task", "status")
# the PAR Index of offices and communes (data/<year>/par_index/)
PAR_SCORE_COLUMNS = ("unit", "criterion", "self", "appraised", "evidence", "note")
PAR_SURVEY_COLUMNS = ("unit", "group", "score", "respondents", "population")
PAR_ANSWER_COLUMNS = ("unit", "group", "respondent", "answer")
TABLES = {"indicators": (INDICATOR_COLUMNS, INDICATOR_REQUIRED),
          "tasks": (TASK_COLUMNS, TASK_REQUIRED)}
PAR_TABLES = {"par_scores": (PAR_SCORE_COLUMNS, ("unit", "criterion", "self")),
          "par_survey": (PAR_SURVEY_COLUMNS, ("unit", "group", "score")),
          "par_answers": (PAR_ANSWER_COLUMNS, PAR_ANSWER_COLUMNS)}
ALL_TABLES = {**TABLES, **PAR_TABLES}
LOCATION_COLUMNS = ("_file", "_sheet", "_row", "_flagged", "_numeric")
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                "#SPILL!", "#CALC!", "#GETTING_DATA")
NUMBER_COLUMNS = ("value", "numerator", "denominator")
# the template's grey reference columns (assessment.intake.template), read by nobody
REFERENCE_HEADERS = ("template.ref.indicator_name", "template.ref.unit_name",
                     "template.ref.measure", "template.ref.last_year", "template.ref.task_name",
                     "template.ref.deadline", "template.ref.lead", "template.ref.last_status",
                     "template.ref.target", "template.ref.co_leads")
# where a row of the year's files came from, written by ``assessment collect``: the
# returned workbook's name, its row and the workbook's SHA-256 (read by nobody, kept for
# reviewers)
PROVENANCE_COLUMNS = ("return_file", "return_row", "return_sha256")


def clean(text: str) -> str:
    """Stripped, NFC-normalised (ASCII text is NFC already)."""
    return text.strip() if text.isascii() else unicodedata.normalize("NFC", text).strip()


def header_name(text: str) -> str:
    """A header cell as a column name: its first line (the per-unit workbooks put a
    Vietnamese label on the second), lower case, spaces and dashes as ``_``."""
    first = clean(text).lstrip("\ufeff").split("\n", 1)[0]
    return re.sub(r"[\s\-]+", "_", first.strip().lower())


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns + LOCATION_COLUMNS})


def frame(records: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    if not records:
        return empty_frame(columns)
    frame = pd.DataFrame.from_records(records, columns=list(columns + LOCATION_COLUMNS))
    return frame.astype({c: object for c in frame.columns if c != "_row"})


def _reference_header(text: str) -> bool:
    """Whether a header is one of the template's reference columns (any year)."""
    key = re.sub(r"\d{4}", "", clean(text))
    return key in _reference_labels()


@lru_cache(maxsize=1)
def _reference_labels() -> frozenset[str]:
    both = {f"{t(k, 'vi', year=2000)} / {t(k, 'en', year=2000)}" for k in REFERENCE_HEADERS}
    vi = {t(k, "vi", year=2000) for k in REFERENCE_HEADERS}  # the per-unit workbooks'
    return frozenset(re.sub(r"\d{4}", "", label) for label in both | vi)


def table_columns(header: list[str], columns: tuple[str, ...], required: tuple[str, ...],
                   where: dict) -> tuple[dict[str, int] | None, list[Problem]]:
    """Map contract column names to positions. Missing or duplicate columns are errors;
    a column the contract does not know is a warning (it is not read)."""
    names = [header_name(h) for h in header]
    problems, positions = [], {}
    for i, name in enumerate(names):
        if name in columns:
            if name in positions:
                problems.append(Problem("error", "duplicate_column", row=1, column=name,
                                        value=name, **where))
            positions.setdefault(name, i)
        elif name and name not in PROVENANCE_COLUMNS and not _reference_header(header[i]):
            near = closest(name, list(columns))
            problems.append(Problem(
                "warning", "unknown_column", row=1, column=_column_label(i, where),
                value=header[i], hint="unknown_column.suggest" if near else None,
                fields=(("suggestion", near or ""), ("expected", ",".join(columns))),
                **where))
    missing = [c for c in required if c not in positions]
    if missing:
        problems.append(Problem("error", "missing_columns", row=1,
                                value=",".join(h for h in header if h) or None,
                                fields=(("columns", ", ".join(missing)),
                                        ("expected", ",".join(columns))), **where))
    fatal = any(p.is_error for p in problems)
    return (None if fatal else positions), problems


def _column_label(position: int, where: dict) -> str:
    """A column as the user finds it: its letter in a workbook, its number in a CSV."""
    return get_column_letter(position + 1) if where.get("sheet") else str(position + 1)


def rows_to_frame(rows: list[tuple[int, list[str]]], positions: dict[str, int],
                   columns: tuple[str, ...], where: dict,
                   flagged: dict[tuple[int, int], None] | None = None,
                   numeric: dict[tuple[int, int], None] | None = None) -> pd.DataFrame:
    flagged, numeric = flagged or {}, numeric or {}
    places = [(c, positions.get(c)) for c in columns]
    records = []
    for row, cells in rows:
        width = len(cells)
        rec = [cells[p] if p is not None and p < width else "" for _, p in places]
        marks = tuple(c for c, p in places if p is not None and (row, p) in flagged) \
            if flagged else ()
        numbers = tuple(c for c, p in places if p is not None and (row, p) in numeric) \
            if numeric else ()
        records.append((*rec, where["file"], where["sheet"], row, marks, numbers))
    return frame(records, columns)


def cell_problems(rows: list[tuple[int, list[str]]], positions: dict[str, int],
                   where: dict) -> tuple[list[Problem], dict]:
    """Excel error values (#DIV/0!, #N/A, ...) exported as text and cells longer than
    Excel allows: flag and empty them."""
    problems, flagged = [], {}
    for row, cells in rows:
        for name, pos in positions.items():
            if pos >= len(cells):
                continue
            text = cells[pos]
            if len(text) > xlsx.MAX_CELL_CHARS:
                problems.append(too_long(where, row, name, len(text)))
            elif text[:1] == "#" and text.upper() in EXCEL_ERRORS:
                problems.append(Problem("error", "excel_error", row=row, column=name,
                                        value=text, **where))
            else:
                continue
            flagged[(row, pos)] = None
            cells[pos] = ""
    return problems, flagged


def too_long(where: dict, row: int | None, column: str | None, length: int,
              more: bool = False) -> Problem:
    fields = tuple((f"{name}_{lang}", fmt_number(number, lang, 0))
                   for name, number in (("length", length), ("limit", xlsx.MAX_CELL_CHARS))
                   for lang in LANGS)
    return Problem("error", "cell_too_long", row=row, column=column, value=None,
                   text="cell_too_long.more" if more else None, fields=fields, **where)
