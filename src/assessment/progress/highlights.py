"""What the summary names first: the district's targets met, missed and to watch at a
milestone, one per area before a second of the same area (so the few named cover the
plan's breadth), in the plan's order. Pure functions of the progress table."""
from __future__ import annotations

import pandas as pd

__all__ = ["MET", "MISSED_FINAL", "MISSED", "named_targets"]

MET = ("achieved",)
MET_OR_ON_TRACK = ("achieved", "on_track")
MISSED_FINAL = ("not_achieved",)
MISSED = ("off_track", "regressing", "not_achieved")


def named_targets(progress: pd.DataFrame, milestone: int, statuses,
                  column: str = "status") -> pd.DataFrame:
    """The district rows of ``milestone`` whose ``column`` is one of ``statuses``: the
    first of each area, then the second of each area, and so on."""
    d = progress[(progress["unit"] == "district") & (progress["milestone"] == milestone)
                 & progress[column].isin(statuses)]
    d = d.sort_values(["area", "indicator"], kind="stable")
    d = d.assign(_turn=d.groupby("area").cumcount())
    return d.sort_values(["_turn", "area", "indicator"], kind="stable").drop(columns="_turn")
