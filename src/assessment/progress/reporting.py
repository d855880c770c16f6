"""Who reported in the year's data round (``data/<year>/round.csv``, written by
``assessment collect``): the counts and the units the data-quality part names."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RoundSummary:
    """The round's state on the day it was taken."""

    collected_on: dt.date | None
    total: int
    returned: int
    not_returned: tuple[str, ...]  # unit codes, in the round's order
    with_errors: tuple[str, ...]  # returned, refused for errors: not in the year's data
    incomplete: tuple[str, ...]  # returned with rows left empty

    @property
    def complete(self) -> bool:
        return not (self.not_returned or self.with_errors)


def round_summary(frame: pd.DataFrame | None) -> RoundSummary | None:
    """The summary of a round file read by :func:`assessment.intake.round_state.read_round`
    (None: the year's data were not collected by a round)."""
    if frame is None or frame.empty:
        return None
    dates = [d for d in frame["collected_on"] if d]
    try:
        day = dt.date.fromisoformat(max(dates)) if dates else None
    except ValueError:
        day = None
    state = frame["state"]
    returned = frame[state == "returned"]
    return RoundSummary(
        collected_on=day, total=len(frame), returned=len(returned),
        not_returned=tuple(frame.loc[state == "not_returned", "unit"]),
        with_errors=tuple(frame.loc[state == "returned_with_errors", "unit"]),
        incomplete=tuple(returned.loc[returned["filled"] < returned["asked"], "unit"]))
