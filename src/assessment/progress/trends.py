"""What the trend charts draw: the district's yearly values and each target's path, and
the reference of a growth target (every value here is computed, the charts only plot)."""
from __future__ import annotations

import pandas as pd

from assessment.plan.catalogue import PLAN_START, Indicator, Target


def yearly_series(observations: pd.DataFrame, ind: Indicator, tgt: Target) -> pd.DataFrame:
    """The district's yearly values as charted: running totals for cumulative counts."""
    obs = observations
    s = obs[(obs["indicator"] == ind.code) & (obs["unit"] == "district")][["year", "value"]]
    s = s.sort_values("year").reset_index(drop=True)
    if tgt.kind == "cumulative":
        s = s.assign(value=s["value"].fillna(0).cumsum().where(s["value"].notna()))
    return s


def target_path(row, tgt: Target) -> pd.DataFrame:
    """The expected values from the baseline to the milestone (the charted target path);
    ``row`` is the target's row of the progress table."""
    if tgt.kind == "schedule":
        return pd.DataFrame(tgt.schedule, columns=["year", "expected"])
    if tgt.kind == "cumulative":
        start, base = PLAN_START - 1, 0.0
    elif pd.isna(row.baseline) or pd.isna(row.target):
        return pd.DataFrame(columns=["year", "expected"])
    else:
        start, base = int(row.baseline_year), float(row.baseline)
    years = list(range(start, tgt.milestone + 1))
    span = max(tgt.milestone - start, 1)
    goal = float(row.target)
    return pd.DataFrame({"year": years,
                         "expected": [base + (goal - base) * (y - start) / span for y in years]})


def growth_reference(row, tgt: Target) -> float:
    """The sum or mean over the reference period that a growth target grows from
    (``target / (1 + growth)``); NaN when the target is unknown."""
    if pd.isna(row.target):
        return float("nan")
    return float(row.target) / (1 + tgt.value / 100)
