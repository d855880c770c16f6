"""Checks across rows of ``indicators``: a percentage probably typed as a fraction, and a
district row that disagrees with its communes. Both are warnings; each takes one pass
over the rows (grouped by indicator), so the time grows linearly with the rows.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from assessment.i18n import fmt_number
from assessment.intake.problems import Problem
from assessment.intake.rowcheck import at
from assessment.plan.units import DISTRICT, Units

SUM_TOLERANCE = {"count": 0.5, "billion_vnd": 0.05}  # absolute, besides 0.1% of the sum
RANGE_TOLERANCE = 0.1  # percentage points


# ------------------------------------------------------------------ fractions
def _looks_like_fraction(value: float, reference: float) -> bool:
    """``value`` (0-1] read as percent is near ``reference`` (a percentage above 1)."""
    return reference > 1 and reference / 2 <= 100 * value <= min(100, 2 * reference)


def _fraction(r: Any, code: str, value: float, variant: str, extra: tuple) -> Problem:
    typed = r.value or fmt_number(value, "en", 3)
    return at(r, "warning", "probably_fraction", "value", typed,
              text=f"probably_fraction.{variant}",
              fields=(("indicator", code), ("unit", getattr(r, "unit", None)),
                      ("typed", typed), ("percent", 100 * value)) + extra)


def fraction_warnings(typed: pd.DataFrame, by_index: dict, previous: dict,
                      year: int | None = None) -> list[Problem]:
    """A percentage between 0 and 1 where the indicator's other rows, or the same unit's
    value last year (``previous``: ``{(indicator, unit): value}``), are about 100 times
    larger."""
    percent = typed[(typed["measure"] == "percent") & typed["value"].notna()]
    problems = []
    for code, group in percent.groupby("indicator", sort=False):
        values = group["value"].to_numpy(dtype=float)
        candidates = np.flatnonzero((values > 0) & (values <= 1))
        if not len(candidates):
            continue
        n, above = len(values), int((values > 1).sum())
        order = np.argsort(values, kind="stable")
        smallest, top = order[:2], values.max()
        for i in candidates:
            label, value = group.index[i], float(values[i])
            r = by_index[label]
            others_min = values[smallest[1]] if smallest[0] == i and n > 1 else values[
                smallest[0]]
            if n > 1 and above > (n - 1) / 2 and others_min / 2 <= 100 * value <= min(100, 2 * top):
                problems.append(_fraction(r, code, value, "rows", ()))
                continue
            last = previous.get((code, r.unit))
            if last is not None and not math.isnan(last) and _looks_like_fraction(value, last):
                problems.append(_fraction(r, code, value, "last_year",
                                          (("last", float(last)),
                                           ("last_year", (year - 1) if year else ""))))
    return problems


# ------------------------------------------------------------------ district vs communes
def _sums_differ(measure: str, district: float, total: float, at_least: bool) -> bool:
    tol = SUM_TOLERANCE.get(measure, 0.5) + 1e-3 * abs(total)
    return district < total - tol if at_least else abs(district - total) > tol


def _inconsistent(r: Any, ind, variant: str, fields: tuple) -> Problem:
    return at(r, "warning", "district_inconsistent", "value", r.value or r.numerator,
              text=f"district_inconsistent.{variant}", hint=f"district_inconsistent.{variant}",
              fields=(("indicator", ind.code),) + fields)


def _compare(ind, d: Any, d_row: Any, communes: pd.DataFrame, complete: bool) -> Problem | None:
    """The district row ``d`` against the commune rows of one indicator, or None."""
    at_least = ind.district_row == "includes" or not complete
    if ind.measure in SUM_TOLERANCE:
        total = float(communes["value"].sum())
        if _sums_differ(ind.measure, d.value, total, at_least):
            return _inconsistent(d_row, ind, "below_sum" if at_least else "sum",
                                 (("district", d.value), ("total", total),
                                  ("count", len(communes))))
        return None
    if ind.measure != "percent":
        return None
    with_ratio = communes["numerator"].notna() & communes["denominator"].notna()
    if not math.isnan(d.numerator) and not math.isnan(d.denominator) and with_ratio.any() \
            and (with_ratio.all() or at_least):
        num = float(communes.loc[with_ratio, "numerator"].sum())
        den = float(communes.loc[with_ratio, "denominator"].sum())
        exact = not at_least and with_ratio.all()
        if _sums_differ("count", d.numerator, num, not exact) or _sums_differ(
                "count", d.denominator, den, not exact):
            return _inconsistent(d_row, ind, "ratio_sums" if exact else "ratio_below",
                                 (("numerator", d.numerator), ("denominator", d.denominator),
                                  ("num_total", num), ("den_total", den),
                                  ("count", int(with_ratio.sum()))))
        return None
    if ind.district_row == "aggregate" and complete:
        low, high = float(communes["value"].min()), float(communes["value"].max())
        if not low - RANGE_TOLERANCE <= d.value <= high + RANGE_TOLERANCE:
            return _inconsistent(d_row, ind, "range", (("district", d.value), ("low", low),
                                                       ("high", high),
                                                       ("count", len(communes))))
    return None


def district_consistency(typed: pd.DataFrame, by_index: dict, catalogue,
                         units: Units, year: int) -> list[Problem]:
    """The district row of each indicator communes report, against the commune rows, as the
    indicator's ``district_row`` allows: ``aggregate`` (the default) is the communes' pooled
    total (numerators and denominators, or counts, add up to it; a share lies within the
    communes' range), ``includes`` covers them and more (at least their sums), ``separate``
    is not compared. Only the rows with a value count; with communes missing, only what
    still holds (at least the sums of those present) is checked."""
    expected = set(units.reporting(year, "commune"))
    rows = typed[typed["value"].notna()]
    problems = []
    indicators = {i.code: i for i in catalogue.indicators
                  if i.reported_by_communes and i.district_row != "separate"}
    for code, group in rows[rows["indicator"].isin(set(indicators))].groupby(
            "indicator", sort=False):
        district = group[group["unit"] == DISTRICT]
        communes = group[group["unit"].isin(expected)]
        if district.empty or communes.empty:
            continue
        d = district.iloc[0]
        complete = set(communes["unit"]) >= expected
        found = _compare(indicators[code], d, by_index[district.index[0]], communes, complete)
        if found is not None:
            problems.append(found)
    return problems
