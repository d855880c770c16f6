"""Reform areas: the mean indicator score per area and milestone (Open SDG / StatCan style).

Each indicator row of one unit (default the district) scores by its status
(``assessment.plan.status.SCORES``: achieved 5, on track 4, needs acceleration 3, off track 2,
regressing and not achieved 1); ``insufficient_data`` is left out. The area score is the
mean of the scores, mapped back to a status by ``status_from_score`` (≥ 4.5 achieved,
≥ 3.5 on track, ≥ 2.5 needs acceleration, ≥ 1.5 off track, else regressing). An area
with no scored indicator, or fewer than half scored, is ``insufficient_data``; when every
judged target is final
(achieved or not achieved) and one was missed, the area is ``not_achieved``. Coverage = indicators with data /
indicators. Only the rows of ``unit`` count: commune-only indicators do not enter the
district's area score. Area 9 (leadership and direction) has no indicators; its row has
``n_indicators`` 0 (its work is reported through tasks, group VIII).
"""
from __future__ import annotations

import pandas as pd

from assessment.plan.catalogue import MILESTONES, Catalogue
from assessment.plan.status import INDICATOR_STATUSES, SCORES, status_from_score


MIN_ASSESSED = 0.5  # below this share of targets assessed, no combined status is given


def combined_status(statuses: pd.Series) -> tuple[str, float]:
    """The status and mean score of a set of targets (an area, a commune, the district)."""
    statuses = pd.Series(statuses)
    scores = statuses.map(SCORES).dropna()
    score = float(scores.mean()) if len(scores) else float("nan")
    return _area_status(statuses, score), score


def _area_status(statuses: pd.Series, score: float) -> str:
    """The score's status, given enough targets could be assessed (at least half: in the
    baseline year most cannot be, and a status resting on a few would mislead). Once the
    milestone year has passed and every judged target is final, the set is ``achieved``
    only if all of them were, else ``not_achieved`` (a mean score would otherwise call a
    finished milestone "on track")."""
    judged = statuses[statuses != "insufficient_data"]
    if judged.empty or len(judged) < MIN_ASSESSED * len(statuses):
        return "insufficient_data"
    if judged.isin(("achieved", "not_achieved")).all() and (judged == "not_achieved").any():
        return "not_achieved"
    return status_from_score(score)


def _summary(rows: pd.DataFrame) -> dict:
    statuses = rows["status"]
    scores = statuses.map(SCORES).dropna()
    n = len(rows)
    n_data = int((statuses != "insufficient_data").sum())
    score = float(scores.mean()) if len(scores) else float("nan")
    counts = {f"n_{s}": int((statuses == s).sum()) for s in INDICATOR_STATUSES}
    return {"score": score,
            "status": _area_status(statuses, score),
            "n_indicators": n, "n_with_data": n_data,
            "coverage": n_data / n if n else float("nan"), **counts}


def area_summary(catalogue: Catalogue, progress: pd.DataFrame,
                 unit: str = "district") -> pd.DataFrame:
    """One row per area (catalogue order) × milestone for ``unit``."""
    mine = progress[progress["unit"] == unit]
    rows = []
    for area in catalogue.areas:
        for milestone in MILESTONES:
            part = mine[(mine["area"] == area.area) & (mine["milestone"] == milestone)]
            rows.append({"area": area.area, "milestone": milestone, "unit": unit,
                         **_summary(part)})
    return pd.DataFrame(rows).astype({"area": "int64", "milestone": "int64"})
