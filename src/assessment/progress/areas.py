"""Reform areas: the mean indicator score per area and milestone (Open SDG / StatCan style).

Each target of one unit (default the district) scores by its status
(``assessment.plan.status.SCORES``: achieved 5, on track 4, needs acceleration 3, off track 2,
regressing and not achieved 1). Targets that are ``not_applicable`` do not count at all;
``pending`` and ``insufficient_data`` targets count but are not assessed (an area whose
targets are partly pending has no verdict on them yet). The area rule
(:func:`combined_status`, the same for the district as a whole and for a commune):

1. more than half of the counted targets must be assessed (have a status other than
   insufficient data or pending), else no verdict: ``pending`` when more of the
   unassessed targets are pending than lack data (their period has not begun), otherwise
   ``insufficient_data``; a verdict resting on a few would mislead;
2. once every assessed target is final (the milestone has passed): ``not_achieved`` if
   one was missed; ``achieved`` if all counted targets were assessed and achieved;
   otherwise ``insufficient_data`` (the verdict cannot be given on part of the area);
3. otherwise the mean score's status (≥ 4.5 achieved, ≥ 3.5 on track, ≥ 2.5 needs
   acceleration, ≥ 1.5 off track, else regressing), but ``achieved`` only when every
   counted target is achieved (else ``on_track``).

Columns: ``n_indicators`` all target rows; ``n_counted`` without the not applicable;
``n_assessed`` those with a status (neither pending nor insufficient data); one ``n_<status>`` per status. Data coverage is
a different measure (reported figures, :mod:`assessment.progress.coverage`). Only the
rows of ``unit`` count. Area 9 (leadership and direction) has no indicators; its row has
``n_indicators`` 0 (its work is reported through tasks, group VIII).
"""
from __future__ import annotations

import pandas as pd

from assessment.plan.catalogue import MILESTONES, Catalogue
from assessment.plan.status import INDICATOR_STATUSES, SCORES, status_from_score

FINAL = ("achieved", "not_achieved")
UNASSESSED = ("insufficient_data", "pending")


def combined_status(statuses: pd.Series) -> tuple[str, float]:
    """The status and mean score of a set of targets (an area, a commune, the district)."""
    statuses = pd.Series(statuses, dtype=object)
    counted = statuses[statuses != "not_applicable"]
    scores = counted.map(SCORES).dropna()
    score = float(scores.mean()) if len(scores) else float("nan")
    return _rule(counted, score), score


def _rule(counted: pd.Series, score: float) -> str:
    assessed = counted[~counted.isin(UNASSESSED)]
    if assessed.empty or 2 * len(assessed) <= len(counted):
        # no verdict: "not yet due" when the targets' periods have not begun, more of
        # them than lack data
        pending = int((counted == "pending").sum())
        return "pending" if pending > int((counted == "insufficient_data").sum()) else \
            "insufficient_data"
    complete = len(assessed) == len(counted)
    all_achieved = complete and bool((assessed == "achieved").all())
    if assessed.isin(FINAL).all():
        if (assessed == "not_achieved").any():
            return "not_achieved"
        return "achieved" if complete else "insufficient_data"
    status = status_from_score(score)
    return "on_track" if status == "achieved" and not all_achieved else status


def _summary(rows: pd.DataFrame) -> dict:
    statuses = rows["status"]
    status, score = combined_status(statuses)
    counted = statuses[statuses != "not_applicable"]
    counts = {f"n_{s}": int((statuses == s).sum()) for s in INDICATOR_STATUSES}
    return {"score": score, "status": status, "n_indicators": len(rows),
            "n_counted": len(counted),
            "n_assessed": int((~counted.isin(UNASSESSED)).sum()), **counts}


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
