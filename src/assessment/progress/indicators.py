"""Progress of every indicator × reporting unit × milestone in a report year.

For each target the yearly observations are turned into a *tracked quantity* with a
baseline (b, v_b), a value v_t at the year assessed t = min(report year, T) and an absolute
target; :func:`assessment.progress.methods.assess` then gives the pace ratio and the status.
Baseline conventions per kind (the columns ``baseline_year``, ``baseline``, ``target``):

- ``at_least``, ``at_most``, ``range``, ``rank``: b is the first year with a value; v_b that
  value; the target as written (for a range, the lower bound; ``target_high`` the upper).
- ``reduce_by``: as above, and target = v_b × (1 − p/100) for a reduction of p%.
- ``cumulative``: the tracked quantity is the running total of the yearly flows from
  2021 (the plan start) to t; b = 2020 with v_b = 0, so the path runs from 0 to the target.
  Every year 2021..t must have a value (a missing flow makes the total unknown).
- ``schedule``: the plan's yearly value is E_t (linear in between, from 0 in 2020); b = 2020
  with v_b = 0, so R = v_t / E_t.
- ``growth`` (g% against the reference years r0..r1, every one of which must have a
  value): with ``sum``, the tracked quantity is the running total of r1+1..t, b = r1,
  v_b = 0 and target = (1 + g/100) × the reference total; with ``mean``, it is the running
  mean of the values of r1+1..t, b = r1, v_b = the reference mean and
  target = (1 + g/100) × the reference mean. Up to r1 the period has not begun:
  ``pending``. For a sum every year r1+1..t must have a value.
- ``milestone`` (measure done, 1 = done): ``achieved`` once a value of 1 is reported in any
  year up to the report year (final); if not done, ``on_track`` while the due date is later
  than 31 December of the report year, otherwise ``not_achieved`` (final); no value for
  the report year and never done: ``insufficient_data``. No ratio.

After the milestone year (report year > T) the milestone is judged on the value of T
(``value_year``). ``yoy_change`` is the change of the tracked quantity from the year before
(for a cumulative target that is the year's flow). ``projection`` is the value expected at
T: the current pace carried on (linear), the current growth rate compounded (cagr,
unsd2022) or the weighted trend (escap).

One path per indicator (DESIGN.md section 5): where an indicator has a 2025 and a 2030
target of comparable kinds (neither ``growth`` nor ``milestone``), the 2030 path runs
through the 2025 target. Up to 2025 the 2030 milestone is judged on the 2025 path (same
baseline, E_t and ratio): ``achieved`` if the value already meets the 2030 target;
``on_track`` when the 2025 target is met; once 2025 is over and its target was missed,
at best ``needs_acceleration`` (a missed 2025 target never leaves 2030 on track);
otherwise the 2025 row's status. After 2025 the path runs from the 2025 value (the last
value up to 2025) to the 2030 target.

``pending``: a growth target whose period (after its reference years) has not begun.
``not_applicable``: every target of an indicator whose subject no longer exists in the
year (catalogue ``not_applicable``); such rows keep their value but get no ratio.
``anticipated`` and ``outlook``: the recency-weighted trend read at T and what it means
(``maintain``, ``accelerate``, ``reverse``; :mod:`assessment.progress.outlook`).
``reported``: whether the unit's figure for the report year is known (a value for the
year, or a milestone done in an earlier year): the one measure of data coverage
(:mod:`assessment.progress.coverage`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from assessment.plan.catalogue import MILESTONES, PLAN_START, Catalogue, Indicator, Target
from assessment.plan.units import Units
from assessment.progress.lineage import Observed, indicator_series
from assessment.progress.methods import (NAN, Assessment, Pace, Thresholds, Track, assess,
                                         classify, get_method, meets)
from assessment.progress.outlook import anticipated, classify_outlook

COLUMNS = ["indicator", "area", "unit", "milestone", "kind", "measure", "direction",
           "target", "baseline_year", "baseline", "year", "value", "expected", "ratio",
           "status", "yoy_change", "projection", "final", "method",
           "level", "section", "target_plan", "target_high", "value_year", "reported",
           "anticipated", "outlook"]
LEVEL_KINDS = ("at_least", "at_most", "range", "rank", "reduce_by")


@dataclass(frozen=True)
class Prepared:
    """A track plus what the row reports about it."""

    track: Track
    value_year: int
    yoy_change: float = NAN


def _get(series: pd.Series, year: int) -> float:
    return float(series.get(year, NAN))


def _upto(series: pd.Series, last: int, first: int | None = None) -> pd.Series:
    idx = series.index
    keep = (idx <= last) & ((idx >= first) if first is not None else True)
    return series[keep]


def _track(ind: Indicator, tgt: Target, *, base_year, base, year, value, target,
           history=(), expected=None) -> Track:
    return Track(direction=ind.direction, base_year=base_year, base=base, year=year,
                 value=value, milestone=tgt.milestone, target=target,
                 history=tuple(history), expected=expected)


def _prepare_level(ind: Indicator, tgt: Target, series: pd.Series, te: int) -> Prepared:
    known = _upto(series, te).dropna()
    base_year = int(known.index[0]) if len(known) else None
    base = float(known.iloc[0]) if len(known) else NAN
    target = base * (1 - tgt.value / 100) if tgt.kind == "reduce_by" else tgt.value
    value = _get(series, te)
    track = _track(ind, tgt, base_year=base_year, base=base, year=te, value=value,
                   target=target, history=tuple(known.items()))
    return Prepared(track, te, value - _get(series, te - 1))


def _running(values: pd.Series, how: str) -> pd.Series:
    return values.cumsum() if how == "sum" else values.expanding().mean()


def _complete(series: pd.Series, first: int, last: int) -> pd.Series | None:
    """The values of ``first..last`` if every one is present, else None."""
    span = series.reindex(range(first, last + 1))
    return None if span.isna().any() else span


def _prepare_cumulative(ind: Indicator, tgt: Target, series: pd.Series, te: int) -> Prepared:
    flows = _complete(series, PLAN_START, te) if te >= PLAN_START else None
    totals = _running(flows, "sum") if flows is not None else pd.Series(dtype=float)
    value = float(totals.iloc[-1]) if len(totals) else NAN
    history = ((PLAN_START - 1, 0.0), *totals.items())
    track = _track(ind, tgt, base_year=PLAN_START - 1, base=0.0, year=te, value=value,
                   target=tgt.value, history=history)
    return Prepared(track, te, _get(series, te) if len(totals) else NAN)


def scheduled_value(tgt: Target, year: int) -> float:
    """E_t of a schedule: the plan's value, linear between stated years, 0 in 2020."""
    points = ((PLAN_START - 1, 0.0), *tgt.schedule)
    xs, ys = zip(*sorted(points))
    return float(np.interp(year, xs, ys))


def _prepare_schedule(ind: Indicator, tgt: Target, series: pd.Series, te: int) -> Prepared:
    known = _upto(series, te, PLAN_START).dropna()
    value = _get(series, te) if te >= PLAN_START else NAN
    track = _track(ind, tgt, base_year=PLAN_START - 1, base=0.0, year=te, value=value,
                   target=tgt.value, history=((PLAN_START - 1, 0.0), *known.items()),
                   expected=scheduled_value(tgt, te))
    return Prepared(track, te, value - _get(series, te - 1))


def _prepare_growth(ind: Indicator, tgt: Target, series: pd.Series, te: int) -> Prepared:
    r0, r1 = tgt.reference
    ref = _complete(series, r0, r1)
    how = tgt.aggregate
    if ref is None:
        base = NAN
    else:
        base = 0.0 if how == "sum" else float(ref.mean())
    reference_level = NAN if ref is None else float(ref.sum() if how == "sum" else ref.mean())
    target = (1 + tgt.value / 100) * reference_level
    if te <= r1:
        period = None
    elif how == "sum":
        period = _complete(series, r1 + 1, te)
    else:
        period = _upto(series, te, r1 + 1).dropna()
        period = period if te in period.index else None
    running = _running(period, how) if period is not None else pd.Series(dtype=float)
    value = float(running.iloc[-1]) if len(running) else NAN
    before = float(running.iloc[-2]) if len(running) > 1 else (base if len(running) else NAN)
    track = _track(ind, tgt, base_year=r1, base=base, year=te, value=value, target=target,
                   history=((r1, base), *running.items()))
    return Prepared(track, te, value - before)


PREPARERS = {"cumulative": _prepare_cumulative, "schedule": _prepare_schedule,
             "growth": _prepare_growth, **{k: _prepare_level for k in LEVEL_KINDS}}


def _milestone_row(ind: Indicator, tgt: Target, series: pd.Series, year: int) -> dict:
    known = _upto(series, year).dropna()
    value = _get(series, year)
    if (known >= 1).any():
        status, final, value = "achieved", True, 1.0
    elif pd.isna(value):
        status, final = "insufficient_data", False
    elif tgt.due is not None and tgt.due.year > year:
        status, final = "on_track", False
    else:
        status, final = "not_achieved", True
    return {"target": tgt.value,
            "baseline_year": int(known.index[0]) if len(known) else None,
            "baseline": float(known.iloc[0]) if len(known) else NAN,
            "value": value, "value_year": year, "expected": NAN, "ratio": NAN,
            "status": status, "final": final, "projection": NAN,
            "yoy_change": value - _get(series, year - 1), "anticipated": NAN,
            "outlook": "maintain" if status == "achieved" and not final else ""}


def _through(ind: Indicator, tgt: Target) -> Target | None:
    """The 2025 target that ``tgt``'s path runs through (see the module doc), if any."""
    first = ind.target(MILESTONES[0])
    if tgt.milestone == MILESTONES[0] or first is None:
        return None
    return None if {first.kind, tgt.kind} & {"growth", "milestone"} else first


def _rebased(track: Track, year: int) -> Track:
    """``track`` with its baseline moved to its last point up to ``year``."""
    before = [(y, v) for y, v in track.history if y <= year and not pd.isna(v)]
    if not before or before[-1][0] <= (track.base_year or 0):
        return track
    base_year, base = before[-1]
    return replace(track, base_year=int(base_year), base=float(base),
                   history=tuple((y, v) for y, v in track.history if y >= base_year))


def _carried(first: Assessment, thresholds) -> str:
    """The 2030 status up to 2025, from the 2025 row (the 2030 target not yet met)."""
    if first.status == "achieved":
        return "on_track"
    if first.status != "not_achieved":
        return first.status
    ratio = first.pace.ratio
    if pd.isna(ratio):
        return "regressing"
    status = classify(ratio, thresholds)
    return "needs_acceleration" if status == "on_track" else status


def _measured_row(ind: Indicator, tgt: Target, series: pd.Series, year: int,
                  method: str, thresholds: Thresholds | None) -> dict:
    prepared = PREPARERS[tgt.kind](ind, tgt, series, min(year, tgt.milestone))
    via = _through(ind, tgt)
    if via is not None and year > via.milestone:
        prepared = replace(prepared, track=_rebased(prepared.track, via.milestone))
    result: Assessment = assess(prepared.track, method, thresholds)
    track, pace, status = prepared.track, result.pace, result.status
    if tgt.kind == "growth" and year <= tgt.reference[1]:
        status = "pending"
    if via is not None and year <= via.milestone:
        first_prepared = PREPARERS[via.kind](ind, via, series, year)
        first = assess(first_prepared.track, method, thresholds)
        bands = thresholds or get_method(method).thresholds
        if status not in ("achieved", "insufficient_data"):
            status = _carried(first, bands)
        pace = Pace(expected=first.pace.expected, ratio=first.pace.ratio,
                    projection=pace.projection)
        track = replace(track, base_year=first_prepared.track.base_year,
                        base=first_prepared.track.base)
    projected = anticipated(prepared.track)
    if ind.measure == "percent" and not pd.isna(projected):
        projected = min(max(projected, 0.0), 100.0)  # a share stays within 0-100%
    return {"target": track.target, "baseline_year": track.base_year,
            "baseline": track.base, "value": track.value,
            "value_year": prepared.value_year, "expected": pace.expected,
            "ratio": pace.ratio, "status": status, "final": result.final,
            "projection": pace.projection, "yoy_change": prepared.yoy_change,
            "anticipated": NAN if result.final else projected,
            "outlook": classify_outlook(prepared.track, status, result.final, projected)}


def _lapsed_row(ind: Indicator, tgt: Target, series: pd.Series, year: int) -> dict:
    value = _get(series, year)
    return {"target": tgt.value, "baseline_year": None, "baseline": NAN, "value": value,
            "value_year": year, "expected": NAN, "ratio": NAN, "status": "not_applicable",
            "final": False, "projection": NAN, "yoy_change": value - _get(series, year - 1),
            "anticipated": NAN, "outlook": ""}


def _row(ind: Indicator, tgt: Target, unit: str, series: pd.Series, year: int,
         method: str, thresholds: Thresholds | None) -> dict:
    if ind.lapsed(year):
        body = _lapsed_row(ind, tgt, series, year)
    elif tgt.kind == "milestone":
        body = _milestone_row(ind, tgt, series, year)
    else:
        body = _measured_row(ind, tgt, series, year, method, thresholds)
    return {"indicator": ind.code, "area": ind.area, "unit": unit,
            "milestone": tgt.milestone, "kind": tgt.kind, "measure": ind.measure,
            "direction": ind.direction, "year": year, "method": method,
            "level": ind.level, "section": tgt.section, "target_plan": tgt.value,
            "target_high": NAN if tgt.high is None else tgt.high, **body,
            "reported": _reported(ind, series, year)}


def _reported(ind: Indicator, series: pd.Series, year: int) -> bool:
    """Whether the unit's figure for ``year`` is known (a done milestone stays known)."""
    if not pd.isna(_get(series, year)):
        return True
    return ind.measure == "done" and bool((_upto(series, year).dropna() >= 1).any())


def _sorted(frame: pd.DataFrame, unit_order: dict[str, int]) -> pd.DataFrame:
    order = frame["unit"].map(lambda u: (u != "district", unit_order.get(u, len(unit_order))))
    frame = frame.assign(_u=order.map(lambda pair: pair[0] * 10_000 + pair[1]))
    frame = frame.sort_values(["area", "indicator", "milestone", "_u"], kind="stable")
    return frame.drop(columns="_u").reset_index(drop=True)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    floats = ["target", "baseline", "value", "expected", "ratio", "yoy_change",
              "projection", "target_plan", "target_high", "anticipated"]
    ints = {"area": "int64", "milestone": "int64", "year": "int64",
            "baseline_year": "Int64", "value_year": "Int64"}
    return frame.astype({**{c: "float64" for c in floats}, **ints, "final": "bool",
                         "reported": "bool"})


def compute_progress(catalogue: Catalogue, observations: pd.DataFrame, units: Units,
                     year: int, method: str = "linear",
                     thresholds: Thresholds | None = None) -> pd.DataFrame:
    """One row per indicator × reporting unit × milestone for ``year`` (see module doc).

    Units without data are kept with status ``insufficient_data``. Raises ConfigError for
    an unknown ``method``.
    """
    get_method(method)
    obs = observations[observations["year"] <= year]
    by_indicator = {code: Observed.from_frame(part) for code, part in obs.groupby("indicator")}
    empty = Observed.from_frame(obs.iloc[0:0])
    rows = []
    for ind in catalogue.indicators:
        scale = 100.0 if ind.measure == "percent" else 1.0
        part = by_indicator.get(ind.code, empty)
        # the district (for a commune-level indicator, the communes' aggregate), then
        # every commune valid in the year
        for unit in units.reporting(year, ind.reporting_level):
            series = indicator_series(part, units, unit, scale=scale)
            rows.extend(_row(ind, tgt, unit, series, year, method, thresholds)
                        for tgt in ind.targets)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    unit_order = {c: i for i, c in enumerate(units.codes)}
    return _typed(_sorted(frame, unit_order))


# ------------------------------------------------------------------ communes
def commune_breakdown(progress: pd.DataFrame) -> pd.DataFrame:
    """Commune rows of ``progress`` with a rank and the share of communes meeting the target.

    rank: 1 = best value (highest for direction up, lowest for down), ties share the best
    rank ('min'), no value no rank. share_meeting = communes whose value meets the row's
    target / communes with a value (NaN when none has a value).
    """
    rows = progress[progress["unit"] != "district"]
    cols = ["indicator", "milestone", "unit", "value", "target", "direction", "status"]
    rows = rows[cols].copy()
    rows["meets"] = [meets(v, t, d) for v, t, d in
                     zip(rows["value"], rows["target"], rows["direction"])]
    signed = rows["value"].where(rows["direction"] == "down", -rows["value"])
    rows["rank"] = (signed.groupby([rows["indicator"], rows["milestone"]])
                    .rank(method="min").astype("Int64"))
    group = rows.groupby(["indicator", "milestone"])
    rows["n_with_data"] = group["value"].transform("count").astype("int64")
    rows["n_meeting"] = group["meets"].transform("sum").astype("int64")
    rows["share_meeting"] = (rows["n_meeting"] / rows["n_with_data"].replace(0, np.nan))
    out = ["indicator", "milestone", "unit", "value", "status", "rank", "share_meeting",
           "n_meeting", "n_with_data"]
    return rows[out].reset_index(drop=True)
