"""Status of the appendix's 25 key projects and tasks at the report's reference date.

The reference date defaults to 31 December of the report year. Each task is judged on its
latest update from a year up to the report year; an *annual* task ("Hàng năm") recurs, so
only the report year's own update counts and its due date is 31 December of that year.
A due date on or before the reference date has passed (the reference date closes the
reporting period). A task is judged on what was known at the reference date: one reported
done with a completion date after it counts as still in progress on that date. Rules,
first match wins:

1. ``cancelled``  reported cancelled;
2. ``done``       reported done, completed on or before the due date (or no due date,
                  or no completion date given);
3. ``done_late``  reported done, completed after the due date;
4. ``roadmap``    not done, the deadline follows a central/provincial roadmap (no date);
5. ``overdue``    not done and the due date is on or before the reference date;
6. ``due_soon``   not done and due within 180 days after the reference date;
7. ``not_started`` reported not started, or never reported;
8. ``on_schedule`` in progress, due later.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from assessment.plan.catalogue import GROUPS, Catalogue, Task
from assessment.plan.dates import as_date
from assessment.plan.task_rules import due_date, judge

COLUMNS = ["task", "group", "area", "deadline", "deadline_kind", "due", "reported_status",
           "completed_on", "status", "note", "update_year"]


def latest_update(task: Task, updates: pd.DataFrame, year: int) -> dict | None:
    """The last update of ``task`` from a year up to ``year`` (only ``year`` if annual)."""
    mine = updates[updates["task"] == task.code]
    mine = mine[mine["year"] == year] if task.deadline.kind == "annual" else mine[
        mine["year"] <= year]
    if mine.empty:
        return None
    return mine.sort_values("year", kind="stable").iloc[-1].to_dict()


def _row(task: Task, update: dict | None, year: int, reference: dt.date) -> dict:
    note = "" if not update or pd.isna(update.get("note")) else str(update.get("note"))
    return {"task": task.code, "group": task.group, "area": task.area,
            "deadline": task.deadline.text, "deadline_kind": task.deadline.kind,
            "due": due_date(task, year),
            "reported_status": update["status"] if update else None,
            "completed_on": as_date(update.get("completed_on")) if update else None,
            "status": judge(task, update, year, reference), "note": note,
            "update_year": int(update["year"]) if update else None}


def task_status(catalogue: Catalogue, task_updates: pd.DataFrame, year: int,
                reference_date: dt.date | None = None) -> pd.DataFrame:
    """One row per catalogue task; overdue first, then due soon, then by group (I-VIII)
    and the catalogue's order."""
    reference = reference_date or dt.date(year, 12, 31)
    rows = [_row(task, latest_update(task, task_updates, year), year, reference)
            for task in catalogue.tasks]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    urgency = frame["status"].map({"overdue": 0, "due_soon": 1}).fillna(2)
    frame = frame.assign(_urgency=urgency, _group=frame["group"].map(GROUPS.index),
                         _order=range(len(frame)))
    frame = frame.sort_values(["_urgency", "_group", "_order"], kind="stable")
    out = frame.drop(columns=["_urgency", "_group", "_order"]).reset_index(drop=True)
    return out.astype({"area": "int64", "update_year": "Int64"})
