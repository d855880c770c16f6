"""How a task's status follows from its latest update, its deadline and the reference
date: the rule that validation (to say what the report will show) and the progress layer
(to report it) share. The rules are listed in :mod:`assessment.progress.tasks`.
"""
from __future__ import annotations

import datetime as dt

from assessment.plan.catalogue import Task
from assessment.plan.dates import as_date

DUE_SOON_DAYS = 180


def due_date(task: Task, year: int) -> dt.date | None:
    """The task's due date in the report year: annual tasks are due on 31 December."""
    if task.deadline.kind == "annual":
        return dt.date(year, 12, 31)
    return task.deadline.due


def judge(task: Task, update: dict | None, year: int, reference: dt.date) -> str:
    """The task status, by the rules listed in :mod:`assessment.progress.tasks`."""
    reported = update["status"] if update else None
    due = due_date(task, year)
    if reported == "cancelled":
        return "cancelled"
    if reported == "done":
        completed = as_date(update.get("completed_on"))
        if completed is not None and completed > reference:
            reported = "in_progress"  # not yet done on the reference date
        else:
            late = due is not None and completed is not None and completed > due
            return "done_late" if late else "done"
    if task.deadline.kind == "roadmap":
        return "roadmap"
    if due is not None and due <= reference:
        return "overdue"
    if due is not None and (due - reference).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_schedule" if reported == "in_progress" else "not_started"
