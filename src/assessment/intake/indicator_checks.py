"""Checking the rows of ``indicators``: codes, numbers, the three numbers of a ratio,
units valid in the year and at the indicator's level, duplicates, coverage.

Element-wise rules (codes that must exist, ranges per measure, whole counts) are a pandera
``DataFrameSchema`` validated with ``lazy=True``; the rest is one pass over the rows, so
the time grows linearly with the rows. Rules across rows (probable fractions, the district
row against its communes) are in :mod:`assessment.intake.cross_checks`.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from assessment.intake.cross_checks import district_consistency, fraction_warnings
from assessment.i18n import LANGS, fmt_number
from assessment.intake.parsing import Reading, read_number
from assessment.intake.problems import Problem
from assessment.intake.rowcheck import (at, flagged, isin, measure_check, norm_code, rows,
                       schema_failures, unit_names, unknown)
from assessment.plan.units import Units

PERCENT_TOLERANCE = 0.1  # percentage points between value and 100 × numerator / denominator
NUMBER_COLUMNS = ("value", "numerator", "denominator")
TYPED_COLUMNS = ["indicator", "unit", "value", "numerator", "denominator", "source", "note",
                 "_file", "_sheet", "_row"]
GAP_COLUMNS = ["indicator", "unit", "source", "note", "_file", "_sheet", "_row"]
# the name of each number column in messages, per language
COLUMN_NAMES = {"value": ("giá trị", "value"), "numerator": ("tử số", "numerator"),
                "denominator": ("mẫu số", "denominator")}


def _schema(catalogue, units: Units) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"indicator": pa.Column(checks=isin("unknown_indicator",
                                            {i.code for i in catalogue.indicators}),
                                nullable=True),
         "unit": pa.Column(checks=isin("unknown_unit", set(units.codes)), nullable=True)},
        checks=[
            measure_check("percent_out_of_range", "percent", lambda v: v.between(0, 100)),
            measure_check("negative_value", ("count", "billion_vnd"), lambda v: v >= 0),
            measure_check("not_whole", "count", lambda v: v == np.floor(v)),
            measure_check("invalid_rank", "rank", lambda v: (v >= 1) & (v == np.floor(v))),
            measure_check("invalid_done", "done", lambda v: v.isin((0, 1))),
        ], strict=False)


def _column_fields(name: str, column: str) -> tuple[tuple[str, str], ...]:
    vi, en = COLUMN_NAMES[column]
    return ((f"{name}_vi", vi), (f"{name}_en", en))


@lru_cache(maxsize=1 << 14)
def _decimal(number: float, lang: str) -> str:
    return fmt_number(number, lang, 3)


def _ambiguous(r: Any, column: str, text: str, readings: tuple[float, float]) -> Problem:
    thousands, decimal = readings
    sep = "dot" if "." in text else "comma"
    fields = (("thousands", f"{thousands:.0f}"), ("decimal_vi", _decimal(decimal, "vi")),
              ("decimal_en", _decimal(decimal, "en")))
    return at(r, "error", "ambiguous_number", column, text, text=f"ambiguous_number.{sep}",
              fields=fields + _column_fields("column", column))


def _cell_number(text: str) -> Reading:
    """A workbook's number cell: a number already (never re-read), if finite."""
    number = float(text)
    return Reading(number) if math.isfinite(number) else Reading(None, "not_finite")


def _numbers(r: Any, ind) -> tuple[dict[str, float | None], list[Problem], bool]:
    """Parse value, numerator, denominator; the flag says whether all parsed. A number
    cell of a workbook (named in ``_numeric``) is a number already. A ``%`` belongs to
    percentages only; a numerator or a denominator counts things, so it is whole."""
    parsed, problems, ok = {}, [], True
    numeric = r.get("_numeric") or ()
    for column in NUMBER_COLUMNS:
        text = r[column]
        if flagged(r, column):
            parsed[column], ok = None, False
            continue
        reading = _cell_number(text) if column in numeric else read_number(text)
        parsed[column] = reading.number
        fields = _column_fields("column", column)
        if reading.percent and ind is not None and (ind.measure != "percent"
                                                    or column != "value"):
            problems.append(at(r, "error", "not_a_number", column, text,
                               text="not_a_number.percent_sign",
                               hint="not_a_number.percent_sign",
                               fields=fields + (("indicator", ind.code),)))
            parsed[column], ok = None, False
        elif reading.issue == "decimal_comma":
            problems.append(at(r, "warning", "decimal_comma", column, text,
                               fields=tuple((f"parsed_{lang}", fmt_number(
                                   reading.number, lang, 6)) for lang in LANGS)))
        elif reading.issue == "ambiguous_number":
            problems.append(_ambiguous(r, column, text, reading.readings))
            ok = False
        elif reading.issue:
            problems.append(at(r, "error", reading.issue, column, text, fields=fields))
            ok = False
        if column != "value" and reading.number is not None and ok \
                and not float(reading.number).is_integer():
            problems.append(at(r, "error", "not_whole", column, text,
                               text="not_whole.ratio", hint="not_whole.ratio",
                               fields=fields))
            ok = False
    return parsed, problems, ok


def _ratio_checks(r: Any, ind, nums: dict) -> tuple[float | None, list[Problem]]:
    """Value from numerator/denominator, and the checks of the three together."""
    num, den, value = nums["numerator"], nums["denominator"], nums["value"]
    if (num is None) != (den is None):
        given = "numerator" if num is not None else "denominator"
        missing = "denominator" if given == "numerator" else "numerator"
        # in a comma CSV, 84,75 typed unquoted splits into value 84 and numerator 75
        split = given == "numerator" and r.value and r._sheet is None
        return value, [at(r, "error", "incomplete_ratio", given, r[given],
                          hint="incomplete_ratio.split" if split else None,
                          fields=_column_fields("given", given)
                          + _column_fields("missing", missing)
                          + (("typed", f"{r.value},{r.numerator}"),))]
    if num is None:
        return value, []
    fields = (("numerator", num), ("denominator", den))
    if num < 0 or den < 0:
        col = "numerator" if num < 0 else "denominator"
        return value, [at(r, "error", "negative_value", col, r[col])]
    if den == 0:
        return value, [at(r, "error", "denominator_zero", "denominator", r.denominator)]
    if ind.measure == "percent" and num > den:
        return value, [at(r, "error", "numerator_gt_denominator", "numerator", r.numerator,
                          fields=fields)]
    computed = 100 * num / den if ind.measure == "percent" else num / den
    if value is None:
        return computed, []
    tol = PERCENT_TOLERANCE if ind.measure == "percent" else 1e-3 * max(1.0, abs(computed))
    if abs(value - computed) > tol + 1e-9:
        return value, [at(r, "error", "value_mismatch", "value", r.value,
                          fields=fields + (("computed", round(computed, 2)),
                                           ("unit", "%" if ind.measure == "percent" else "")))]
    return value, []


def _unit_verdict(ind, unit: str, year: int, units: Units) -> str | None:
    """What is wrong with ``unit`` for ``ind`` in ``year``: ``not_valid``, a
    ``wrong_level`` variant, or None. It depends on the unit and the indicator's level
    only, so it is computed once per such pair."""
    rec = units.get(unit)
    if rec is None:
        return None
    if not units.is_valid(unit, year):
        return "not_valid"
    if ind is None:
        return None
    if rec.kind == "office":
        return "wrong_level.office"
    if rec.kind in ("commune", "town") and not ind.reported_by_communes:
        return "wrong_level.commune_row"
    return None  # every indicator has a district row


def _unit_checks(r: Any, ind, verdict: str | None, year: int,
                 units: Units) -> list[Problem]:
    if verdict is None:
        return []
    if verdict == "not_valid":
        return [_unit_not_valid(r, units.get(r.unit), year, units)]
    fields = (("indicator", ind.code),) + units.communes_label(year)
    return [at(r, "error", "wrong_level", "unit", r.unit, text=verdict, hint=verdict,
               fields=fields)]


def _unit_not_valid(r: Any, rec, year: int, units: Units) -> Problem:
    fields: list[tuple[str, Any]] = [("year", year)]
    end = rec.valid_to
    if rec.valid_from is not None and rec.valid_from > dt.date(year, 12, 31):
        text = "unit_not_valid.created"
        fields.append(("date", rec.valid_from))
    elif rec.successor:
        text = "unit_not_valid.merged"
        first = units.get(rec.successor)
        fields += [("date", end + dt.timedelta(days=1)),
                   ("merged_vi", first.name_vi), ("merged_en", first.name_en)]
    else:
        text = "unit_not_valid.ended"
        fields.append(("date", (end or dt.date(year, 1, 1)) + dt.timedelta(days=1)))
    target = units.successor_in(rec.code, year)
    if target is not None:
        t_rec = units.get(target)
        fields += [("successor", target), ("successor_name_vi", t_rec.name_vi),
                   ("successor_name_en", t_rec.name_en)]
        hint = "unit_not_valid.successor"
    else:
        hint = "unit_not_valid.district"
    return at(r, "error", "unit_not_valid", "unit", rec.code, text=text, hint=hint,
              fields=tuple(fields))


unit_not_valid = _unit_not_valid  # also the PAR Index checks' (intake.par_checks)


def _missing_value(r: Any, ind, units: Units) -> Problem:
    name = ind.code if ind is not None else r.indicator
    noted = "noted" if r.note else "plain"
    return at(r, "warning", "missing_value", "value", "", text=f"missing_value.{noted}",
              hint=f"missing_value.{noted}",
              fields=(("indicator", name), ("unit_name_vi", units.name(r.unit, "vi")),
                      ("unit_name_en", units.name(r.unit, "en"))))


def check_indicators(frame: pd.DataFrame, year: int, catalogue, units: Units,
                     previous: dict | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Check the text frame of indicator rows: ``(typed rows with a value, gaps, problems)``.

    *Gaps* are the rows without a figure (kept with their ``note``, which explains why).
    ``previous`` maps ``(indicator, unit)`` to last year's value, for the fraction check.
    """
    codes = {i.code: i for i in catalogue.indicators}
    unit_codes = set(units.codes)
    df = frame.copy()
    known = set(codes)
    df["indicator"] = df["indicator"].map(lambda s: norm_code(s, known, True))
    df["unit"] = df["unit"].map(lambda s: norm_code(s, unit_codes, False))
    problems: list[Problem] = []
    records, seen, by_index, verdicts = [], {}, {}, {}
    for r in rows(df):
        by_index[r.Index] = r
        for column in ("indicator", "unit"):
            if r[column] == "" and not flagged(r, column):
                problems.append(at(r, "error", "empty_required", column, ""))
        ind = codes.get(r.indicator)
        nums, found, numbers_ok = _numbers(r, ind)
        problems += found
        value = nums["value"]
        if ind is not None and numbers_ok:
            value, found = _ratio_checks(r, ind, nums)
            problems += found
        if r.unit in unit_codes:
            pair = (r.unit, ind.level if ind is not None else None)
            if pair not in verdicts:
                verdicts[pair] = _unit_verdict(ind, r.unit, year, units)
            problems += _unit_checks(r, ind, verdicts[pair], year, units)
        if ind is not None and r.unit in unit_codes:
            key = (r.indicator, r.unit)
            if key in seen:
                problems.append(at(r, "error", "duplicate_row", "indicator", r.indicator,
                                   fields=(("first", seen[key]), ("unit", r.unit))))
            seen.setdefault(key, int(r._row))
        if value is None and numbers_ok and not flagged(r, "value") and all(
                nums[c] is None for c in ("numerator", "denominator")):
            problems.append(_missing_value(r, ind, units))
        records.append((r.Index, r.indicator, r.unit, value, nums["numerator"],
                        nums["denominator"], r.source, r.note,
                        ind.measure if ind else None, r._file, r._sheet, int(r._row)))
    typed = pd.DataFrame.from_records(
        records, columns=["_index", "indicator", "unit", "value", "numerator", "denominator",
                          "source", "note", "measure", "_file", "_sheet", "_row"])
    typed = typed.set_index("_index").astype({"value": "float64", "numerator": "float64",
                                              "denominator": "float64"})
    problems += _schema_problems(typed, by_index, catalogue, units, year)
    problems += fraction_warnings(typed, by_index, previous or {}, year)
    problems += district_consistency(typed, by_index, catalogue, units, year)
    problems += _coverage(typed, frame, year, catalogue, units)
    gaps = typed[typed["value"].isna() & typed["note"].astype(str).str.strip().ne("")
                 & typed["indicator"].isin(set(codes)) & typed["unit"].isin(unit_codes)]
    gaps = gaps[GAP_COLUMNS].reset_index(drop=True)
    typed = typed[typed["value"].notna()].drop(columns="measure").reset_index(drop=True)
    return typed, gaps, problems


def _schema_problems(typed: pd.DataFrame, by_index: dict, catalogue, units: Units,
                     year: int) -> list[Problem]:
    view = typed.copy()
    for column in ("indicator", "unit"):
        view[column] = view[column].where(view[column] != "")
    failures = schema_failures(view, _schema(catalogue, units))
    problems = []
    names = unit_names(units, year) if failures.get("unknown_unit") else {}
    valid_codes = [c for c in units.codes if units.is_valid(c, year)] if names else []
    near: dict[str, dict] = {"unknown_indicator": {}, "unknown_unit": {}}
    for rule, labels in failures.items():
        for label in sorted(labels, key=lambda i: by_index[i]._row):
            r = by_index[label]
            if rule == "unknown_indicator":
                problems.append(unknown(r, rule, "indicator", r.indicator,
                                        [i.code for i in catalogue.indicators],
                                        cache=near[rule]))
            elif rule == "unknown_unit":
                problems.append(unknown(r, rule, "unit", r.unit, valid_codes, names,
                                        near[rule]))
            else:
                problems.append(at(r, "error", rule, "value", r.value or
                                   fmt_number(typed.at[label, "value"], "en", 2),
                                   fields=(("indicator", r.indicator),)))
    return problems


def _coverage(typed: pd.DataFrame, frame: pd.DataFrame, year: int, catalogue,
              units: Units) -> list[Problem]:
    file = str(frame["_file"].iloc[0]) if len(frame) else None
    sheet = frame["_sheet"].iloc[0] if len(frame) else None
    present: dict[str, set] = {}
    for code, unit in zip(typed["indicator"], typed["unit"]):
        present.setdefault(code, set()).add(unit)
    label = units.communes_label(year)
    problems = []
    for ind in catalogue.indicators:
        if ind.lapsed(year) and ind.code not in present:
            continue  # its subject no longer exists: nothing is asked for (data round)
        found = present.get(ind.code, set())
        where = dict(file=file, sheet=sheet, column="indicator", value=ind.code,
                     fields=(("indicator", ind.code), ("year", year)))
        if "district" not in found:  # every indicator has a district row
            problems.append(Problem("warning", "indicator_missing",
                                    text="indicator_missing.district", **where))
        if found and ind.reported_by_communes:
            missing = [u for u in units.reporting(year, "commune") if u not in found]
            if missing:
                problems.append(Problem("warning", "communes_missing", **{
                    **where, "fields": where["fields"] + label + (
                        ("missing", tuple(missing)), ("count", len(missing)))}))
    return problems


def last_year_values(typed: pd.DataFrame) -> dict:
    """``{(indicator, unit): value}`` of a checked year, for next year's checks."""
    return dict(zip(zip(typed["indicator"], typed["unit"]), typed["value"]))

