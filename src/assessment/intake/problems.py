"""A problem found in the inputs, and the report that lists them.

A :class:`Problem` names the file, sheet, row, column, the value, the rule and a hint; its
texts live in ``locales/validation.yaml`` (``validate.text.*`` for what is wrong,
``validate.hint.*`` for how to fix it) and are rendered in Vietnamese or English.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from assessment.i18n import check_lang, fmt_date, fmt_number, t

SEVERITIES = ("error", "warning")


class Rule(NamedTuple):
    """What a rule means: its ``severity``; its ``scope`` (``file``: a file or sheet as a
    whole, ``row``: one row, ``coverage``: rows the year should hold, ``edition``: the
    edition file, ``narrative``: the analyst's narrative, located by line and column); ``unread``: the file or sheet is not read at all; ``closes``: the
    workbook is not opened any further (nothing of it is read)."""

    severity: str
    scope: str
    unread: bool = False
    closes: bool = False


_E, _W = "error", "warning"
# Every rule, by id: the one table the checks, the loader and the report consult.
RULES: dict[str, Rule] = {
    # reading a year folder, a file or a sheet
    "no_data": Rule(_E, "file", unread=True),
    "ambiguous_input": Rule(_E, "file", unread=True),
    "several_workbooks": Rule(_E, "file", unread=True),
    "empty_file": Rule(_E, "file", unread=True),
    "wrong_format": Rule(_E, "file", unread=True),
    "encoding": Rule(_E, "file", unread=True),
    "missing_sheet": Rule(_E, "file", unread=True),
    "missing_columns": Rule(_E, "file", unread=True),
    "duplicate_column": Rule(_E, "file", unread=True),
    "duplicate_sheet": Rule(_E, "file", unread=True),
    "too_large": Rule(_E, "file", unread=True, closes=True),
    "cell_too_long": Rule(_E, "file", closes=True),
    "unclosed_quote": Rule(_E, "file"),
    "extra_fields": Rule(_E, "row"),
    "formula": Rule(_E, "row"),
    "excel_error": Rule(_E, "row"),
    "unknown_column": Rule(_W, "file"),
    # rows of indicators
    "empty_required": Rule(_E, "row"),
    "unknown_indicator": Rule(_E, "row"),
    "unknown_unit": Rule(_E, "row"),
    "unit_not_valid": Rule(_E, "row"),
    "wrong_level": Rule(_E, "row"),
    "duplicate_row": Rule(_E, "row"),
    "not_a_number": Rule(_E, "row"),
    "ambiguous_number": Rule(_E, "row"),
    "decimal_comma": Rule(_W, "row"),
    "percent_out_of_range": Rule(_E, "row"),
    "probably_fraction": Rule(_W, "row"),
    "negative_value": Rule(_E, "row"),
    "invalid_rank": Rule(_E, "row"),
    "invalid_done": Rule(_E, "row"),
    "denominator_zero": Rule(_E, "row"),
    "numerator_gt_denominator": Rule(_E, "row"),
    "incomplete_ratio": Rule(_E, "row"),
    "value_mismatch": Rule(_E, "row"),
    "missing_value": Rule(_W, "row"),
    "not_finite": Rule(_E, "row"),
    "not_whole": Rule(_E, "row"),
    "district_inconsistent": Rule(_W, "row"),
    "indicator_missing": Rule(_W, "coverage"),
    "communes_missing": Rule(_W, "coverage"),
    # rows of tasks
    "unknown_task": Rule(_E, "row"),
    "duplicate_task": Rule(_E, "row"),
    "invalid_status": Rule(_E, "row"),
    "missing_status": Rule(_W, "row"),
    "bad_date": Rule(_E, "row"),
    "completed_not_done": Rule(_E, "row"),
    "done_without_date": Rule(_W, "row"),
    "completed_after_year": Rule(_E, "row"),
    "completed_in_future": Rule(_E, "row"),
    "completed_after_reference": Rule(_W, "row"),
    "completed_before_plan": Rule(_E, "row"),
    "task_missing": Rule(_W, "coverage"),
    "no_tasks": Rule(_W, "coverage"),
    # the data round (assessment collect): returned workbooks
    "return_not_workbook": Rule(_W, "file"),
    "not_a_return": Rule(_E, "file", unread=True),
    "return_other_year": Rule(_E, "file", unread=True),
    "return_unknown_unit": Rule(_E, "file", unread=True),
    "return_wrong_unit": Rule(_E, "file", unread=True),
    "duplicate_return": Rule(_E, "file", unread=True),
    "identical_return": Rule(_W, "file"),
    "locked_changed": Rule(_E, "row"),
    "not_asked": Rule(_E, "row"),
    # the PAR Index of offices and communes (data/<year>/par_index/)
    "par_no_framework": Rule(_E, "file"),
    "par_unit_not_rated": Rule(_E, "row"),
    "par_unknown_criterion": Rule(_E, "row"),
    "par_not_leaf": Rule(_E, "row"),
    "par_na_not_allowed": Rule(_E, "row"),
    "par_bad_points": Rule(_E, "row"),
    "par_appraised_without_self": Rule(_E, "row"),
    "par_no_evidence": Rule(_E, "row"),
    "par_no_council_note": Rule(_W, "row"),
    "par_duplicate": Rule(_E, "row"),
    "par_bad_score": Rule(_E, "row"),
    "par_unknown_group": Rule(_E, "row"),
    "par_bad_answer": Rule(_E, "row"),
    "par_small_sample": Rule(_W, "row"),
    "par_unit_missing": Rule(_W, "coverage"),
    "par_criteria_missing": Rule(_W, "coverage"),
    "par_survey_missing": Rule(_W, "coverage"),
    # the edition file
    "edition_invalid": Rule(_E, "edition"),
    # the analyst's narrative (data/<year>/narrative/<lang>.md)
    "narrative_encoding": Rule(_E, "narrative"),
    "narrative_missing_section": Rule(_W, "narrative"),
    "narrative_no_section_id": Rule(_E, "narrative"),
    "narrative_unknown_section": Rule(_E, "narrative"),
    "narrative_duplicate_section": Rule(_E, "narrative"),
    "narrative_outside": Rule(_W, "narrative"),
    "narrative_unclosed": Rule(_E, "narrative"),
    "narrative_syntax": Rule(_E, "narrative"),
    "narrative_unknown_field": Rule(_E, "narrative"),
    "narrative_unknown_option": Rule(_E, "narrative"),
    "narrative_no_code": Rule(_E, "narrative"),
    "narrative_no_status": Rule(_E, "narrative"),
    "narrative_unknown_code": Rule(_E, "narrative"),
    "narrative_unknown_task": Rule(_E, "narrative"),
    "narrative_unknown_unit": Rule(_E, "narrative"),
    "narrative_unit_not_valid": Rule(_E, "narrative"),
    "narrative_bad_year": Rule(_E, "narrative"),
    "narrative_bad_milestone": Rule(_E, "narrative"),
    "narrative_bad_status": Rule(_E, "narrative"),
    "narrative_bad_area": Rule(_E, "narrative"),
    "narrative_figures_differ": Rule(_W, "narrative"),
}


@dataclass(frozen=True)
class Problem:
    """One problem in the inputs.

    ``rule`` is a stable id (see :data:`RULES`, which also fixes its severity); ``text`` and ``hint`` select variants of
    the rule's locale texts (default: the rule id); ``fields`` fill their placeholders.
    A field named ``x_vi``/``x_en`` is offered as ``{x}`` in that language; dates and
    floats are formatted for the language.
    """

    severity: str
    rule: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    text: str | None = None
    hint: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")
        if self.severity != RULES[self.rule].severity:  # the table decides
            raise ValueError(f"rule {self.rule!r} is an {RULES[self.rule].severity}, "
                             f"not an {self.severity}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, lang: str) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(t("validate.where.sheet", lang, sheet=self.sheet))
        if self.row and RULES[self.rule].scope == "narrative":  # a text file: its lines
            parts.append(t("validate.where.line", lang, row=self.row))
        elif self.row:
            parts.append(t("validate.where.row", lang, row=self.row))
        if self.column:
            parts.append(t("validate.where.column", lang, column=self.column))
        return ", ".join(parts)

    def _fields(self, lang: str) -> dict[str, str]:
        out: dict[str, str] = {"rule": self.rule, "column": self.column or "",
                               "value": self.value or ""}
        for key, value in self.fields:
            if key.endswith(("_vi", "_en")):
                if key[-2:] != lang:
                    continue
                key = key[:-3]
            out[key] = _render(value, lang)
        return out

    def message(self, lang: str) -> str:
        """One line: where, "the value" — what is wrong. How to fix it. [rule]"""
        check_lang(lang)
        fields = self._fields(lang)
        what = t(f"validate.text.{self.text or self.rule}", lang, **fields)
        hint = t(f"validate.hint.{self.hint or self.rule}", lang, **fields)
        value = ""
        if self.value is not None:
            shown = " ".join(str(self.value).split())
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            value = f'"{shown}" — ' if shown else f'{t("validate.empty_value", lang)} — '
        where = self.location(lang)
        return f"{where + ': ' if where else ''}{value}{what}. {hint} [{self.rule}]"

    def sort_key(self) -> tuple:
        """Errors first; by file, sheet, row; coverage problems after the rows (in order)."""
        if RULES[self.rule].scope == "coverage":
            return (SEVERITIES.index(self.severity), self.file or "", self.sheet or "",
                    math.inf, "", "")
        return (SEVERITIES.index(self.severity), self.file or "", self.sheet or "",
                self.row or 0, self.column or "", self.rule)


def _render(value: Any, lang: str) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, float):
        return fmt_number(value, lang, 2)
    if isinstance(value, (list, tuple)):
        return ", ".join(_render(v, lang) for v in value)
    return str(value)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def _count(n: int, what: str, lang: str) -> str:
    return t(f"validate.report.{what}_{'one' if n == 1 else 'other'}", lang, n=n)


def summary_line(problems: list[Problem], year: int | None, lang: str) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    counts = t("validate.report.counts", lang, errors=_count(errors, "error", lang),
               warnings=_count(warnings, "warning", lang))
    if year is None:
        return counts
    return t("validate.report.summary", lang, year=year, counts=counts)


def relative_paths(problems: list[Problem], base: Path) -> list[Problem]:
    """The problems with their files named relative to ``base`` where they lie under it
    (``data/2024/indicators.csv`` rather than an absolute path). Each distinct file is
    resolved once, however many problems name it."""
    root = Path(base).resolve()
    names: dict[str | None, str | None] = {}
    out = []
    for p in problems:
        if p.file not in names:
            names[p.file] = _relative(p.file, root)
        name = names[p.file]
        out.append(p if name is None or name == p.file else replace(p, file=name))
    return out


def _relative(file: str | None, root: Path) -> str | None:
    if file is None:
        return None
    try:
        return str(Path(file).resolve().relative_to(root))
    except (ValueError, OSError):
        return file


def format_report(problems: list[Problem], lang: str, year: int | None = None,
                  closing: str = "validate.report") -> str:
    """Errors, then warnings, numbered, with counts; the last line says what to do (the
    keys ``<closing>.none``, ``.fix`` and ``.ok``: ``collect`` has its own)."""
    check_lang(lang)
    if not problems:
        return t(f"{closing}.none", lang)
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [summary_line(ordered, year, lang)]
    for severity in SEVERITIES:
        chosen = [p for p in ordered if p.severity == severity]
        if chosen:
            lines += ["", t(f"validate.report.{severity}s", lang, n=len(chosen))]
            lines += [f"  {i}. {p.message(lang)}" for i, p in enumerate(chosen, start=1)]
    lines += ["", t(f"{closing}.fix" if has_errors(ordered) else f"{closing}.ok", lang)]
    return "\n".join(lines)
