"""Checking a year's inputs: every problem at once, each naming file, sheet, row, column,
the value, the rule and a hint, in Vietnamese or English.

Element-wise rules (codes that must exist, statuses, value ranges per measure) are a
pandera ``DataFrameSchema`` validated with ``lazy=True``; rules across rows or against
the catalogue and the unit list (duplicates, validity of a unit in the year, level,
probable fractions, coverage) are plain code. Reading problems come from
:mod:`assessment.intake`. Texts live in ``locales/validation.yaml`` (``validate.text.*``
for what is wrong, ``validate.hint.*`` for how to fix it).

Numbers: ``82.5``; ``82,5`` (a decimal comma) is read as 82.5 with a warning; ``1,234``
(a comma followed by exactly three digits) is an error because it may be a thousands
separator; ``1.234,5`` and ``1,234.5`` (grouped, with a decimal part) are accepted, the
first with the decimal-comma warning; spaces inside a number and a trailing ``%`` are
ignored. Dates: ``2025-03-31``, ``31/03/2025`` (day first, also with ``-`` or ``.``),
or a date cell of a workbook. Codes are matched ignoring case (indicators and tasks are
upper-case, units lower-case).
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from .i18n import check_lang, fmt_date, fmt_number, t
from .units import is_valid_in_year, reporting_units, successor_in_year, unit_record

SEVERITIES = ("error", "warning")
COVERAGE_RULES = frozenset({"indicator_missing", "communes_missing", "task_missing", "no_tasks"})
TASK_STATUSES = ("not_started", "in_progress", "done", "cancelled")
PERCENT_TOLERANCE = 0.1  # percentage points between value and 100 × numerator / denominator
RULES = (
    # reading
    "no_data", "ambiguous_input", "several_workbooks", "empty_file", "wrong_format",
    "encoding", "missing_sheet", "missing_columns", "duplicate_column", "extra_fields",
    "formula", "excel_error",
    # indicators
    "empty_required", "unknown_indicator", "unknown_unit", "unit_not_valid", "wrong_level",
    "duplicate_row", "not_a_number", "ambiguous_number", "decimal_comma",
    "percent_out_of_range", "probably_fraction", "negative_value", "invalid_rank",
    "invalid_done", "denominator_zero", "numerator_gt_denominator", "incomplete_ratio",
    "value_mismatch", "missing_value", "indicator_missing", "communes_missing",
    # tasks
    "unknown_task", "duplicate_task", "invalid_status", "missing_status", "bad_date",
    "completed_not_done", "done_without_date", "task_missing", "no_tasks",
    # the edition file
    "edition_invalid",
)


@dataclass(frozen=True)
class Problem:
    """One problem in the inputs.

    ``rule`` is a stable id (see :data:`RULES`); ``text`` and ``hint`` select variants of
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
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}")
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, lang: str) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(t("validate.where.sheet", lang, sheet=self.sheet))
        if self.row:
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
        if self.rule in COVERAGE_RULES:
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


# ------------------------------------------------------------------ parsing
_PLAIN = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
_VI_GROUPED = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")
_EN_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str) -> tuple[float | None, str | None]:
    """``(number, issue)``; issue is None, ``decimal_comma`` (a warning; the number is
    still returned), ``ambiguous_number`` or ``not_a_number`` (errors; number is None).
    An empty text is ``(None, None)``."""
    s = re.sub(r"[\s\u00a0\u202f]", "", str(text)).removesuffix("%")
    if not s:
        return None, None
    if _PLAIN.match(s):
        return float(s), None
    if _COMMA_DECIMAL.match(s):
        if len(s.split(",")[1]) == 3:
            return None, "ambiguous_number"
        return float(s.replace(",", ".")), "decimal_comma"
    if _VI_GROUPED.match(s):
        return float(s.replace(".", "").replace(",", ".")), "decimal_comma"
    if _EN_GROUPED.match(s):
        return float(s.replace(",", "")), None
    return None, "not_a_number"


def parse_date(text: str) -> dt.date | None:
    """``2025-03-31`` or ``31/03/2025`` (``-`` and ``.`` also accepted); ValueError if neither."""
    s = str(text).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?", s)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {s!r}")


# ------------------------------------------------------------------ helpers
def reporting_level(ind) -> str:
    """Who reports ``ind``: ``district``, ``commune`` or ``both`` (the catalogue decides
    whether a commune-level indicator also has a district row, its aggregate)."""
    if ind.reported_by_district and ind.reported_by_communes:
        return "both"
    return "district" if ind.reported_by_district else "commune"


def _at(r: Any, severity: str, rule: str, column: str | None, value: Any = None,
        **kw) -> Problem:
    """A problem located at row ``r`` (a namedtuple from ``itertuples``)."""
    return Problem(severity, rule, file=r._file, sheet=r._sheet, row=int(r._row),
                   column=column, value=None if value is None else str(value), **kw)


def _closest(value: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(value.upper(), [c.upper() for c in choices], n=1,
                                          cutoff=0.6)
        found = [choices[[c.upper() for c in choices].index(found[0])]] if found else []
    return found[0] if found else None


def _unknown(r: Any, rule: str, column: str, value: str, choices: list[str],
             names: dict[str, str] | None = None) -> Problem:
    key = value.casefold()
    for prefix in ("xã ", "thị trấn ", "tt ", "huyện "):
        key = key.removeprefix(prefix)
    by_name = (names or {}).get(key)
    suggestion = by_name or _closest(value, choices)
    if suggestion:
        return _at(r, "error", rule, column, value, hint=f"{rule}.suggest",
                   fields=(("suggestion", suggestion),))
    return _at(r, "error", rule, column, value)


class _Row(dict):
    """A row as a dict whose keys (including ``_file``, ``_row``) read as attributes."""

    __getattr__ = dict.__getitem__


def _rows(df: pd.DataFrame):
    for index, record in zip(df.index, df.to_dict("records")):
        yield _Row(Index=index, **record)


def _flagged(r: Any, column: str) -> bool:
    return column in (r._flagged or ())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _schema_failures(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> dict[str, set]:
    """Run a lazy pandera schema; ``{check name: {failing index labels}}``."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out: dict[str, set] = {}
        for case in exc.failure_cases.itertuples():
            if case.index is not None and not _blank(case.index):
                out.setdefault(str(case.check), set()).add(case.index)
        return out
    return {}


def _isin(name: str, allowed: set) -> pa.Check:
    return pa.Check(lambda s: s.isin(allowed) | s.isna(), name=name)


def _measure_check(name: str, measure: str | tuple, ok) -> pa.Check:
    measures = (measure,) if isinstance(measure, str) else measure

    def check(df: pd.DataFrame) -> pd.Series:
        applies = df["measure"].isin(measures) & df["value"].notna()
        return ~applies | df["value"].map(lambda v: _blank(v) or ok(v)).astype(bool)
    return pa.Check(check, name=name)


# ------------------------------------------------------------------ indicators
def _indicator_schema(catalogue, units: pd.DataFrame) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"indicator": pa.Column(checks=_isin("unknown_indicator",
                                             {i.code for i in catalogue.indicators}),
                                nullable=True),
         "unit": pa.Column(checks=_isin("unknown_unit", set(units["code"])), nullable=True)},
        checks=[
            _measure_check("percent_out_of_range", "percent", lambda v: 0 <= v <= 100),
            _measure_check("negative_value", ("count", "billion_vnd"), lambda v: v >= 0),
            _measure_check("invalid_rank", "rank", lambda v: v >= 1 and float(v).is_integer()),
            _measure_check("invalid_done", "done", lambda v: v in (0, 1)),
        ], strict=False)


def _norm_code(text: str, known: set[str], upper: bool) -> str:
    cased = text.upper() if upper else text.lower()
    return cased if cased in known else text


def _numbers(r: Any) -> tuple[dict[str, float | None], list[Problem], bool]:
    """Parse value, numerator, denominator; the flag says whether all parsed."""
    parsed, problems, ok = {}, [], True
    for column in ("value", "numerator", "denominator"):
        text = getattr(r, column)
        if _flagged(r, column):
            parsed[column], ok = None, False
            continue
        number, issue = parse_number(text)
        parsed[column] = number
        if issue == "decimal_comma":
            problems.append(_at(r, "warning", issue, column, text,
                                fields=(("parsed", number),)))
        elif issue:
            problems.append(_at(r, "error", issue, column, text))
            ok = False
    return parsed, problems, ok


def _ratio_checks(r: Any, ind, nums: dict) -> tuple[float | None, list[Problem]]:
    """Value from numerator/denominator, and the checks of the three together."""
    num, den, value = nums["numerator"], nums["denominator"], nums["value"]
    if (num is None) != (den is None):
        given = "numerator" if num is not None else "denominator"
        return value, [_at(r, "error", "incomplete_ratio", given, getattr(r, given),
                           fields=(("given", given),))]
    if num is None:
        return value, []
    fields = (("numerator", num), ("denominator", den))
    if num < 0 or den < 0:
        col = "numerator" if num < 0 else "denominator"
        return value, [_at(r, "error", "negative_value", col, getattr(r, col))]
    if den == 0:
        return value, [_at(r, "error", "denominator_zero", "denominator", r.denominator)]
    if ind.measure == "percent" and num > den:
        return value, [_at(r, "error", "numerator_gt_denominator", "numerator", r.numerator,
                           fields=fields)]
    computed = 100 * num / den if ind.measure == "percent" else num / den
    if value is None:
        return computed, []
    tol = PERCENT_TOLERANCE if ind.measure == "percent" else 1e-3 * max(1.0, abs(computed))
    if abs(value - computed) > tol + 1e-9:
        return value, [_at(r, "error", "value_mismatch", "value", r.value,
                           fields=fields + (("computed", round(computed, 2)),
                                            ("unit", "%" if ind.measure == "percent" else "")))]
    return value, []


def _unit_checks(r: Any, ind, unit: str, year: int, units: pd.DataFrame) -> list[Problem]:
    rec = unit_record(units, unit)
    if rec is None:
        return []
    if not is_valid_in_year(units, unit, year):
        return [_unit_not_valid(r, rec, year, units)]
    if ind is None:
        return []
    kind = rec["kind"]
    fields = (("indicator", ind.code),)
    if kind == "office":
        return [_at(r, "error", "wrong_level", "unit", unit, text="wrong_level.office",
                    hint="wrong_level.office", fields=fields)]
    if kind in ("commune", "town") and not ind.reported_by_communes:
        return [_at(r, "error", "wrong_level", "unit", unit, text="wrong_level.commune_row",
                    hint="wrong_level.commune_row", fields=fields)]
    if kind == "district" and not ind.reported_by_district:
        return [_at(r, "error", "wrong_level", "unit", unit, text="wrong_level.district_row",
                    hint="wrong_level.district_row", fields=fields)]
    return []


def _unit_not_valid(r: Any, rec: dict, year: int, units: pd.DataFrame) -> Problem:
    fields: list[tuple[str, Any]] = [("year", year)]
    end = rec["valid_to"]
    if rec["valid_from"] is not None and rec["valid_from"] > dt.date(year, 12, 31):
        text = "unit_not_valid.created"
        fields.append(("date", rec["valid_from"]))
    elif rec["successor"]:
        text = "unit_not_valid.merged"
        first = unit_record(units, rec["successor"])
        fields += [("date", end + dt.timedelta(days=1)),
                   ("merged_vi", first["name_vi"]), ("merged_en", first["name_en"])]
    else:
        text = "unit_not_valid.ended"
        fields.append(("date", (end or dt.date(year, 1, 1)) + dt.timedelta(days=1)))
    target = successor_in_year(units, rec["code"], year)
    if target is not None:
        t_rec = unit_record(units, target)
        fields += [("successor", target), ("successor_name_vi", t_rec["name_vi"]),
                   ("successor_name_en", t_rec["name_en"])]
        hint = "unit_not_valid.successor"
    else:
        hint = "unit_not_valid.district"
    return _at(r, "error", "unit_not_valid", "unit", rec["code"], text=text, hint=hint,
               fields=tuple(fields))


def check_indicators(frame: pd.DataFrame, year: int, catalogue,
                     units: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the text frame of indicator rows; return the typed rows and the problems."""
    codes = {i.code: i for i in catalogue.indicators}
    unit_codes = set(units["code"])
    names = {}
    for rec in units.itertuples():
        for name in (rec.name_vi, rec.name_en):
            key = name.casefold()
            for prefix in ("xã ", "thị trấn ", "huyện "):
                key = key.removeprefix(prefix)
            names.setdefault(key, rec.code)
    df = frame.copy()
    df["indicator"] = df["indicator"].map(lambda s: _norm_code(s, set(codes), True))
    df["unit"] = df["unit"].map(lambda s: _norm_code(s, unit_codes, False))
    problems: list[Problem] = []
    rows, seen = [], {}
    for r in _rows(df):
        for column in ("indicator", "unit"):
            if r[column] == "" and not _flagged(r, column):
                problems.append(_at(r, "error", "empty_required", column, ""))
        nums, found, numbers_ok = _numbers(r)
        problems += found
        ind = codes.get(r.indicator)
        value = nums["value"]
        if ind is not None and numbers_ok:
            value, found = _ratio_checks(r, ind, nums)
            problems += found
        if r.unit in unit_codes:
            problems += _unit_checks(r, ind, r.unit, year, units)
        if ind is not None and r.unit in unit_codes:
            key = (r.indicator, r.unit)
            if key in seen:
                problems.append(_at(r, "error", "duplicate_row", "indicator", r.indicator,
                                    fields=(("first", seen[key]), ("unit", r.unit))))
            seen.setdefault(key, int(r._row))
        if value is None and numbers_ok and not _flagged(r, "value") and all(
                nums[c] is None for c in ("numerator", "denominator")):
            problems.append(_at(r, "warning", "missing_value", "value", ""))
        rows.append({"_index": r.Index, "indicator": r.indicator, "unit": r.unit,
                     "value": value, "numerator": nums["numerator"],
                     "denominator": nums["denominator"], "source": r.source, "note": r.note,
                     "measure": ind.measure if ind else None, "_file": r._file,
                     "_sheet": r._sheet, "_row": int(r._row)})
    typed = pd.DataFrame(rows, columns=["_index", "indicator", "unit", "value", "numerator",
                                        "denominator", "source", "note", "measure", "_file",
                                        "_sheet", "_row"]).set_index("_index")
    typed = typed.astype({"value": "float64", "numerator": "float64",
                          "denominator": "float64"})
    problems += _schema_problems(typed, df, catalogue, units, names)
    problems += _fraction_warnings(typed, df)
    problems += _coverage(typed, frame, year, catalogue, units)
    typed = typed[typed["value"].notna()].drop(columns="measure").reset_index(drop=True)
    return typed, problems


def _schema_problems(typed: pd.DataFrame, df: pd.DataFrame, catalogue, units,
                     names: dict) -> list[Problem]:
    view = typed.copy()
    for column in ("indicator", "unit"):
        view[column] = view[column].where(view[column] != "")
    failures = _schema_failures(view, _indicator_schema(catalogue, units))
    problems = []
    by_index = {r.Index: r for r in _rows(df)}
    for rule, labels in failures.items():
        for label in sorted(labels, key=lambda i: by_index[i]._row):
            r = by_index[label]
            if rule == "unknown_indicator":
                problems.append(_unknown(r, rule, "indicator", r.indicator,
                                         [i.code for i in catalogue.indicators]))
            elif rule == "unknown_unit":
                problems.append(_unknown(r, rule, "unit", r.unit, list(units["code"]), names))
            else:
                problems.append(_at(r, "error", rule, "value", r.value or
                                    fmt_number(typed.at[label, "value"], "en", 2),
                                    fields=(("indicator", r.indicator),)))
    return problems


def _fraction_warnings(typed: pd.DataFrame, df: pd.DataFrame) -> list[Problem]:
    problems = []
    by_index = {r.Index: r for r in _rows(df)}
    percent = typed[(typed["measure"] == "percent") & typed["value"].notna()]
    for code, group in percent.groupby("indicator", sort=False):
        for label, value in group["value"].items():
            others = group["value"].drop(label)
            if 0 < value <= 1 and len(others) and (others > 1).sum() > len(others) / 2 \
                    and others.min() / 2 <= 100 * value <= min(100, 2 * others.max()):
                r = by_index[label]
                problems.append(_at(r, "warning", "probably_fraction", "value",
                                    r.value or fmt_number(value, "en", 3),
                                    fields=(("indicator", code),
                                            ("example", float(value)),
                                            ("percent", fmt_number(100 * value, "en", 1)))))
    return problems


def _coverage(typed: pd.DataFrame, frame: pd.DataFrame, year: int, catalogue,
              units: pd.DataFrame) -> list[Problem]:
    file = str(frame["_file"].iloc[0]) if len(frame) else None
    sheet = frame["_sheet"].iloc[0] if len(frame) else None
    present = set(zip(typed["indicator"], typed["unit"]))
    problems = []
    for ind in catalogue.indicators:
        rows = {u for code, u in present if code == ind.code}
        where = dict(file=file, sheet=sheet, column="indicator", value=ind.code,
                     fields=(("indicator", ind.code), ("year", year)))
        if ind.reported_by_district and "district" not in rows:
            problems.append(Problem("warning", "indicator_missing",
                                    text="indicator_missing.district", **where))
            if not rows:
                continue
        elif not rows:
            problems.append(Problem("warning", "indicator_missing", **where))
            continue
        if ind.reported_by_communes:
            missing = [u for u in reporting_units(units, year, "commune") if u not in rows]
            if missing:
                problems.append(Problem("warning", "communes_missing", **{
                    **where, "fields": where["fields"] + (("missing", tuple(missing)),
                                                          ("count", len(missing)))}))
    return problems


# ------------------------------------------------------------------ tasks
TASK_FRAME_COLUMNS = ("task", "status", "completed_on", "note", "_file", "_sheet", "_row")


def _empty_tasks() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in TASK_FRAME_COLUMNS})


def check_tasks(frame: pd.DataFrame | None, year: int, catalogue,
                file: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the text frame of task rows; return the typed rows and the problems."""
    columns = list(TASK_FRAME_COLUMNS)
    if frame is None:
        return _empty_tasks(), [Problem("warning", "no_tasks", file=file,
                                        fields=(("year", year),))]
    codes = [task.code for task in catalogue.tasks]
    df = frame.copy()
    df["task"] = df["task"].map(lambda s: _norm_code(s, set(codes), True))
    df["status"] = df["status"].map(lambda s: re.sub(r"[\s\-]+", "_", s.lower()))
    view = df[["task", "status"]].copy()
    for column in view.columns:
        view[column] = view[column].where(view[column] != "")
    schema = pa.DataFrameSchema({
        "task": pa.Column(checks=_isin("unknown_task", set(codes)), nullable=True),
        "status": pa.Column(checks=_isin("invalid_status", set(TASK_STATUSES)), nullable=True),
    })
    failures = _schema_failures(view, schema)
    problems, rows, seen = [], [], {}
    for r in _rows(df):
        raw = frame.loc[r.Index]
        if r.task == "" and not _flagged(r, "task"):
            problems.append(_at(r, "error", "empty_required", "task", ""))
        if r.Index in failures.get("unknown_task", ()):
            problems.append(_unknown(r, "unknown_task", "task", r.task, codes))
        elif r.task in seen:
            problems.append(_at(r, "error", "duplicate_task", "task", r.task,
                                fields=(("first", seen[r.task]),)))
        seen.setdefault(r.task, int(r._row))
        if r.Index in failures.get("invalid_status", ()):
            problems.append(_unknown(r, "invalid_status", "status", raw["status"],
                                     list(TASK_STATUSES)))
        elif r.status == "" and not _flagged(r, "status"):
            problems.append(_at(r, "warning", "missing_status", "status", ""))
        completed = None
        try:
            completed = parse_date(r.completed_on)
        except ValueError:
            problems.append(_at(r, "error", "bad_date", "completed_on", r.completed_on))
        if completed is not None and r.status in TASK_STATUSES and r.status != "done":
            problems.append(_at(r, "error", "completed_not_done", "completed_on",
                                r.completed_on, fields=(("status", r.status),)))
        if r.status == "done" and completed is None and not r.completed_on \
                and not _flagged(r, "completed_on"):
            problems.append(_at(r, "warning", "done_without_date", "completed_on", ""))
        rows.append({"task": r.task, "status": r.status, "completed_on": completed,
                     "note": r.note, "_file": r._file, "_sheet": r._sheet, "_row": int(r._row)})
    reported = {r["task"] for r in rows}
    sheet = frame["_sheet"].iloc[0] if len(frame) else None
    for code in codes:
        if code not in reported:
            problems.append(Problem("warning", "task_missing", file=file, sheet=sheet,
                                    column="task", value=code, fields=(("task", code),)))
    typed = pd.DataFrame(rows, columns=columns)
    typed["completed_on"] = typed["completed_on"].astype(object)
    typed = typed[typed["status"] != ""].reset_index(drop=True)
    typed["completed_on"] = typed["completed_on"].map(lambda d: d if isinstance(d, dt.date)
                                                      else None).astype(object)
    return typed, problems


# ------------------------------------------------------------------ the year
def check_year(raw, catalogue, units: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame,
                                                             list[Problem]]:
    """All checks of a :class:`~assessment.intake.RawYear`: (indicators, tasks, problems)."""
    problems = list(raw.problems)
    indicators = pd.DataFrame(columns=["indicator", "unit", "value", "numerator",
                                       "denominator", "source", "note", "_file", "_sheet",
                                       "_row"])
    if raw.indicators is not None:
        indicators, found = check_indicators(raw.indicators, raw.year, catalogue, units)
        problems += found
    if not raw.files:  # nothing could be read from the folder
        return indicators, _empty_tasks(), sorted(dict.fromkeys(problems), key=Problem.sort_key)
    book = raw.files[0].suffix.lower() == ".xlsx"
    tasks_file = str(raw.files[1] if len(raw.files) > 1 else
                     raw.files[0] if book else raw.folder / "tasks.csv")
    unreadable = raw.tasks is None and any(
        p.is_error and p.file == tasks_file and (p.sheet or "tasks").lower() == "tasks"
        for p in problems)
    if unreadable:
        tasks = _empty_tasks()
    else:
        tasks, found = check_tasks(raw.tasks, raw.year, catalogue, tasks_file)
        problems += found
    return indicators, tasks, sorted(dict.fromkeys(problems), key=Problem.sort_key)


def validate_year(data_dir: str | Path, year: int, catalogue,
                  units: pd.DataFrame) -> list[Problem]:
    """Every problem of ``<data_dir>/<year>``, errors first (empty list: all clean)."""
    from .intake import read_raw

    problems = check_year(read_raw(data_dir, year), catalogue, units)[2]
    return edition_problems(Path(data_dir), year) + problems


def edition_problems(data_dir: Path, year: int) -> list[Problem]:
    """The edition file's problem (its official parameters), if any."""
    from .edition import EditionError, official_parameters
    try:
        official_parameters(data_dir, year)
    except EditionError as exc:
        value = None if exc.value is None else str(exc.value)
        return [Problem("error", "edition_invalid", file=str(exc.path), row=exc.line,
                        value=value, text=f"edition_invalid.{exc.kind}",
                        hint=f"edition_invalid.{exc.kind}",
                        fields=(("year", year), ("name", exc.key)))]
    return []


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
    (``data/2024/indicators.csv`` rather than an absolute path)."""
    out = []
    for p in problems:
        try:
            out.append(replace(p, file=str(Path(p.file).resolve().relative_to(base.resolve()))))
        except (TypeError, ValueError, OSError):
            out.append(p)
    return out


def format_report(problems: list[Problem], lang: str, year: int | None = None) -> str:
    """Errors, then warnings, numbered, with counts; the last line says what to do."""
    check_lang(lang)
    if not problems:
        return t("validate.report.none", lang)
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [summary_line(ordered, year, lang)]
    for severity in SEVERITIES:
        chosen = [p for p in ordered if p.severity == severity]
        if chosen:
            lines += ["", t(f"validate.report.{severity}s", lang, n=len(chosen))]
            lines += [f"  {i}. {p.message(lang)}" for i, p in enumerate(chosen, start=1)]
    lines += ["", t("validate.report.fix" if has_errors(ordered) else "validate.report.ok",
                    lang)]
    return "\n".join(lines)
