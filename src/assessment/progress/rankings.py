"""The communes ranked: the mean status score of each commune over the commune-level
percentage indicators of a milestone (written to ``results/rankings.csv``).

The score is that of :func:`~assessment.progress.areas.combined_status` (achieved 5 …
regressing and not achieved 1, insufficient data left out). Best first; ties are broken
by the number of targets met, then by code; equal scores share the best rank ("min").
"""
from __future__ import annotations

import pandas as pd

from assessment.progress.areas import combined_status

COLUMNS = ["rank", "unit", "score", "status", "met", "n"]


def ranked_rows(communes: pd.DataFrame, catalogue, milestone: int) -> pd.DataFrame:
    """The rows of ``communes`` the comparison uses: ``milestone``'s percentage indicators."""
    percent = {i.code for i in catalogue.indicators if i.measure == "percent"}
    return communes[(communes["milestone"] == milestone) & communes["indicator"].isin(percent)]


def commune_ranking(communes: pd.DataFrame, catalogue, milestone: int) -> pd.DataFrame:
    """One row per commune: rank, unit, score, status, met (targets achieved), n."""
    c = ranked_rows(communes, catalogue, milestone)
    if c.empty:
        return pd.DataFrame({k: pd.Series([], dtype=t) for k, t in zip(
            COLUMNS, ("float64", object, "float64", object, "int64", "int64"))})
    g = c.groupby("unit").agg(score=("status", lambda s: combined_status(s)[1]),
                              status=("status", lambda s: combined_status(s)[0]),
                              met=("status", lambda s: int((s == "achieved").sum())),
                              n=("status", "size")).reset_index()
    g = g.sort_values(["score", "met", "unit"], ascending=[False, False, True], kind="stable")
    g["rank"] = g["score"].rank(ascending=False, method="min")
    return g.reset_index(drop=True)[COLUMNS]
