"""The PAR Index of each office and commune for one year: pure functions of checked inputs.

Method (the framework in force gives every number; none is written here):

* **Appraised points** A: the council's points on the leaf criteria that count in the
  maximum; a leaf without a row counts 0. **Bonus and penalty** B: the adjustment leaves'
  appraised points (outside the maximum).
* **Applicable maximum** M: the maxima of those leaves, less the leaves marked ``na``
  (not applicable to that unit).
* **Survey points** S = survey maximum × Σ wᵍ·scoreᵍ/100 / Σ wᵍ over the groups surveyed
  (a group not surveyed leaves the weighting; the others are re-weighted).
  With no survey at all, the framework's ``missing`` rule: ``rescale`` (the index on the
  appraised part alone) or ``zero`` (S = 0 out of the survey maximum).
* **Index** = (A + B + S) / (M + survey maximum) × 100, kept within 0-100 and rounded to two
  places. A unit given every maximum and 100 in every group scores 100.
* **Component index** of an area = its appraised points / its applicable maximum × 100; the
  survey is a component of its own (S / survey maximum × 100).
* **Band**: the block's band whose minimum the index reaches. **Rank** within the block,
  highest index first; equal indices (to two places) share a rank and the next rank is
  skipped (1, 2, 2, 4); within a tie units are listed in the order of data/units.csv.
* A unit is **appraised** when every applicable leaf it scored has the council's points;
  otherwise it has a self-assessed index only and is neither banded nor ranked.
"""
from __future__ import annotations

import math

import pandas as pd

RESULT_COLUMNS = ["unit", "block", "framework", "max_points", "appraised_points",
                  "survey_points", "index", "rank", "band", "self_points", "self_index",
                  "adjustment_points", "appraised", "surveyed", "block_size"]
COMPONENT_COLUMNS = ["unit", "area", "max_points", "points", "index"]
SURVEY_AREA = "survey"


def _round(x: float) -> float:
    return float(round(x + 0.0, 2))


def _survey_points(framework, rows: pd.DataFrame) -> float | None:
    if rows.empty:
        return None
    weights = {g.code: g.weight for g in framework.survey.groups}
    total = sum(weights[g] for g in rows["group"])
    share = sum(weights[g] * s / 100 for g, s in zip(rows["group"], rows["score"])) / total
    return framework.survey.maximum * share


def unit_index(framework, scores: pd.DataFrame, survey: pd.DataFrame,
               column: str = "appraised") -> dict:
    """One unit's points and index from its score rows and survey rows (``column``:
    ``appraised`` or ``self``)."""
    leaves = {n.code: n for n in framework.leaves}
    given = scores.set_index("criterion") if len(scores) else pd.DataFrame()
    applicable = points = adjustment = 0.0
    for code, node in leaves.items():
        row = given.loc[code] if code in given.index else None
        if row is not None and bool(row["na"]):
            continue
        value = row[column] if row is not None else 0.0
        value = 0.0 if value is None or (isinstance(value, float) and math.isnan(value)) else value
        if node.adjustment:
            adjustment += value
        else:
            applicable += node.maximum
            points += value
    surveyed = _survey_points(framework, survey)
    smax = framework.survey.maximum
    if surveyed is None and framework.survey.missing == "rescale":
        total, top = points + adjustment, applicable
    else:
        total, top = points + adjustment + (surveyed or 0.0), applicable + smax
    index = min(100.0, max(0.0, total / top * 100)) if top else float("nan")
    return {"max_points": _round(applicable + (smax if surveyed is not None
                                               or framework.survey.missing == "zero" else 0)),
            "points": _round(points), "adjustment_points": _round(adjustment),
            "survey_points": None if surveyed is None else _round(surveyed),
            "index": _round(index)}


def components(framework, unit: str, scores: pd.DataFrame, survey: pd.DataFrame) -> list[dict]:
    """The component index of each area (and of the survey) for one unit."""
    given = scores.set_index("criterion") if len(scores) else pd.DataFrame()
    out = []
    for area in framework.areas:
        top = got = 0.0
        node_area = framework.nodes[area]
        for node in framework.leaves_of(area):
            row = given.loc[node.code] if node.code in given.index else None
            if row is not None and bool(row["na"]):
                continue
            value = row["appraised"] if row is not None else 0.0
            got += 0.0 if value is None or (isinstance(value, float) and math.isnan(value)) \
                else value
            top += node.maximum
        index = _round(got / top * 100) if top and not node_area.adjustment else None
        out.append({"unit": unit, "area": area, "max_points": None if node_area.adjustment
                    else _round(top), "points": _round(got), "index": index})
    surveyed = _survey_points(framework, survey)
    smax = framework.survey.maximum
    out.append({"unit": unit, "area": SURVEY_AREA, "max_points": _round(smax),
                "points": None if surveyed is None else _round(surveyed),
                "index": None if surveyed is None else _round(surveyed / smax * 100)})
    return out


def competition_ranks(values: list[float]) -> list[int]:
    """1, 2, 2, 4: equal values (to two places) share the rank; highest first."""
    keyed = [round(v, 2) for v in values]
    return [1 + sum(1 for other in keyed if other > v) for v in keyed]


def score_year(par, units) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(results, components)`` of a checked year (:class:`~assessment.intake.par_checks.ParYear`):
    one row per rated unit that returned a self-assessment, in the order of data/units.csv."""
    results, comps = [], []
    for code, (framework, block) in par.rated.items():
        mine = par.scores[par.scores["unit"] == code]
        if mine.empty:
            continue
        survey = par.survey[par.survey["unit"] == code]
        appraised_rows = mine[~mine["na"].astype(bool)]
        appraised = bool(len(appraised_rows)) and bool(appraised_rows["appraised"].notna().all())
        own = unit_index(framework, mine, survey, "self")
        got = unit_index(framework, mine, survey, "appraised") if appraised else None
        if got is not None and math.isnan(got["index"]):  # nothing applies: no index
            got, appraised = None, False
        results.append({
            "unit": code, "block": block.code, "framework": framework.id,
            "max_points": own["max_points"],
            "appraised_points": got["points"] if got else None,
            "survey_points": own["survey_points"],
            "index": got["index"] if got else None, "rank": None,
            "band": block.band(got["index"]).code if got else "",
            "self_points": own["points"], "self_index": own["index"],
            "adjustment_points": got["adjustment_points"] if got else None,
            "appraised": appraised, "surveyed": own["survey_points"] is not None,
            "block_size": None})
        if appraised:
            comps += components(framework, code, mine, survey)
    frame = pd.DataFrame(results, columns=RESULT_COLUMNS)
    for block, rows in frame[frame["appraised"]].groupby("block", sort=False):
        ranks = competition_ranks(rows["index"].tolist())
        frame.loc[rows.index, "rank"] = ranks
        frame.loc[rows.index, "block_size"] = len(rows)
    return frame, pd.DataFrame(comps, columns=COMPONENT_COLUMNS)
