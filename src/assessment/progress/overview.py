"""The year at a glance: the milestone a report leads with, the district's overall status
for it and the key figures of the summary.

Every figure of the summary is computed here (and written to ``results/key_figures.csv``);
the report only words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assessment.plan.status import INDICATOR_STATUSES, TASK_STATUSES, UNSCORED
from assessment.progress.areas import combined_status
from assessment.progress.coverage import total_coverage

DONE = ("done", "done_late")
KEY_FIGURES = ("targets", "achieved", "coverage", "tasks_done", "tasks_overdue", "units")


def focus_milestone(year: int) -> int:
    """The milestone a year's report leads with: 2025 up to 2025, then 2030."""
    return 2025 if year <= 2025 else 2030


@dataclass(frozen=True)
class Overall:
    """The district's targets of one milestone, combined (see :mod:`.areas`)."""

    milestone: int
    status: str
    score: float
    counts: dict  # {status: number of the district's targets}, statuses in their order

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def assessable(self) -> int:
        """Targets that can be assessed this year (not pending, still applicable)."""
        return self.n - sum(self.counts.get(s, 0) for s in UNSCORED)

    @property
    def judged(self) -> int:
        """Assessable targets with a status other than insufficient data."""
        return self.assessable - self.counts.get("insufficient_data", 0)

    @property
    def achieved(self) -> int:
        return self.counts.get("achieved", 0)

    @property
    def final(self) -> int:
        """Targets with a final verdict once the milestone has passed."""
        return self.achieved + self.counts.get("not_achieved", 0)

    @property
    def share_achieved(self) -> float:
        """Percentage of the final verdicts that are "achieved" (NaN without any)."""
        return 100 * self.achieved / self.final if self.final else float("nan")


def _counts(statuses: pd.Series, order: tuple[str, ...]) -> dict:
    counts = statuses.value_counts()
    return {s: int(counts[s]) for s in order if s in counts.index}


def overall(progress: pd.DataFrame, milestone: int) -> Overall:
    """The district's status for ``milestone``: its targets' combined status and score."""
    rows = progress[(progress["unit"] == "district") & (progress["milestone"] == milestone)]
    status, score = combined_status(rows["status"])
    return Overall(milestone, status, score, _counts(rows["status"], INDICATOR_STATUSES))


def task_counts(tasks: pd.DataFrame) -> dict:
    """``{status: number of tasks}`` in the order of the task statuses."""
    return _counts(tasks["status"], TASK_STATUSES)


def scored_areas(areas: pd.DataFrame, milestone: int) -> pd.DataFrame:
    """The rows of ``areas`` for ``milestone`` that have indicators (area 9, leadership
    and direction, has none: its work is reported through tasks)."""
    return areas[(areas["milestone"] == milestone) & (areas["n_indicators"] > 0)]


def key_figures(progress: pd.DataFrame, tasks: pd.DataFrame, milestone: int,
                coverage: pd.DataFrame) -> pd.DataFrame:
    """The summary's key figures: ``figure`` (one of :data:`KEY_FIGURES`), ``value`` and
    ``total`` (the count it is out of; NaN when it stands alone).

    targets: the district's target rows (all milestones); achieved: those of
    ``milestone`` achieved, out of that milestone's that count (not pending, still
    applicable); coverage: percentage of the year's expected figures reported, from
    :mod:`.coverage` (the same figure as the data-quality section's total); tasks_done: done or done late, out of all tasks;
    tasks_overdue; units: communes (and the township) assessed.
    """
    d = progress[progress["unit"] == "district"]
    mine = d[(d["milestone"] == milestone) & ~d["status"].isin(UNSCORED)]
    status = tasks["status"]
    nan = float("nan")
    rows = [
        ("targets", len(d), nan),
        ("achieved", int((mine["status"] == "achieved").sum()), len(mine)),
        ("coverage", 100 * total_coverage(coverage), nan),
        ("tasks_done", int(status.isin(DONE).sum()), len(status)),
        ("tasks_overdue", int((status == "overdue").sum()), nan),
        ("units", progress.loc[progress["unit"] != "district", "unit"].nunique(), nan),
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "total"]).astype(
        {"value": "float64", "total": "float64"})
