"""Outlook to a milestone (ESCAP's anticipated progress, DESIGN.md section 5).

For each target not yet final, the tracked points up to the report year are fitted with
the recency-weighted least-squares line of :func:`assessment.progress.methods.weighted_trend`
(weights 1, 2, …, n, newest heaviest) and the line is read at the milestone year T: the
*anticipated* value. The outlook is then

- ``maintain``: the anticipated value meets the target (direction-aware), or the target is
  already met: keep the present pace;
- ``accelerate``: the anticipated value is short of the target but no further from it
  than the present value (moving toward it, too slowly, or standing still);
- ``reverse``: the trend leads away from the target: the anticipated value lies further
  from it than the present value (on the present trend the indicator ends worse off).

No outlook (empty) for a final milestone, a target whose period has not begun
(``pending``), one no longer applicable, one without data, a done-by-date milestone (no
trend to project) or fewer than two tracked points. Pure functions; the progress table
carries the result in its ``anticipated`` and ``outlook`` columns.
"""
from __future__ import annotations

import math

import pandas as pd

from assessment.plan.catalogue import PLAN_START
from assessment.plan.status import OUTLOOKS
from assessment.progress.methods import NAN, Track, meets, weighted_trend

__all__ = ["OUTLOOKS", "anticipated", "classify_outlook"]
_NONE = ("pending", "not_applicable", "insufficient_data")


def _points(track: Track) -> tuple[tuple[int, float], ...]:
    """The points the trend is fitted to: the observed years (from the plan's start) when
    there are two of them, otherwise every tracked point (a running total starts at 0)."""
    points = tuple((y, v) for y, v in track.history if not math.isnan(v))
    observed = tuple(p for p in points if p[0] >= PLAN_START)
    return observed if len(observed) >= 2 else points


def anticipated(track: Track) -> float:
    """The recency-weighted trend read at the milestone year; NaN with fewer than two
    points or no target."""
    points = _points(track)
    if len(points) < 2 or math.isnan(track.target):
        return NAN
    intercept, slope = weighted_trend(points)
    return intercept + slope * track.milestone


def classify_outlook(track: Track, status: str, final: bool, projected: float) -> str:
    """``maintain``, ``accelerate``, ``reverse`` or "" (see the module doc)."""
    if final or status in _NONE:
        return ""
    if status == "achieved":
        return "maintain"
    if math.isnan(projected) or math.isnan(track.value):
        return ""
    if meets(projected, track.target, track.direction):
        return "maintain"
    needed = track.target - track.value  # the way to the target from where it stands
    return "reverse" if (projected - track.value) * needed < 0 else "accelerate"


def outlook_counts(progress, milestone: int):
    """Per area, the district's targets of ``milestone`` by outlook: columns ``area``,
    ``n_projected`` and ``n_<outlook>``, plus a total row (area 0)."""
    d = progress[(progress["unit"] == "district") & (progress["milestone"] == milestone)]
    rows = []
    for area, part in [*d.groupby("area"), (0, d)]:
        counts = part["outlook"].value_counts()
        rows.append({"area": int(area), "n_projected": int(part["outlook"].isin(OUTLOOKS).sum()),
                     **{f"n_{o}": int(counts.get(o, 0)) for o in OUTLOOKS}})
    return pd.DataFrame(rows, columns=["area", "n_projected", *(f"n_{o}" for o in OUTLOOKS)])
