"""Checking the rows of ``tasks``: codes, statuses, completion dates, and what the report
will make of a task whose status is missing.

A task is judged on what was known at the reference date (:mod:`assessment.plan.task_rules`): a
completion date after the end of the report year, or one that has not yet come, is an
error; one after the reference date within the year is a warning saying that the report
counts the task as still in progress on that date.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from assessment.i18n import t
from assessment.intake.parsing import parse_date
from assessment.intake.problems import Problem
from assessment.intake.rowcheck import at, flagged, isin, norm_code, rows, schema_failures, unknown
from assessment.plan.task_rules import judge

TASK_STATUSES = ("not_started", "in_progress", "done", "cancelled")
PLAN_START = dt.date(2021, 1, 1)  # the plan covers 2021-2030 (Decision 11671/QĐ-UBND)
TASK_FRAME_COLUMNS = ("task", "status", "completed_on", "note", "_file", "_sheet", "_row")


@lru_cache(maxsize=1)
def _status_words() -> dict[str, str]:
    """The statuses' words, as the per-unit workbooks' drop-down shows them (Vietnamese)
    and in English, lower case, each to its code."""
    words = {unicodedata.normalize("NFC", t(f"template.status.{code}", lang)).lower(): code
             for code in TASK_STATUSES for lang in ("vi", "en")}
    # "hoàn thành" for "đã hoàn thành", "hủy" for "đã hủy": what a clerk types by hand
    words.update({w[3:]: code for w, code in list(words.items()) if w.startswith("đã ")})
    return words


def status_code(text: str) -> str:
    """A typed status as its code: ``in progress``, ``In-Progress`` or ``đang thực hiện``
    → ``in_progress``; anything else as typed, spaces and dashes as ``_``."""
    words = " ".join(unicodedata.normalize("NFC", str(text)).lower().split())
    words = words.replace("uỷ", "ủy")  # both tone placements are written: huỷ, hủy
    return _status_words().get(words) or re.sub(r"[\s\-]+", "_", str(text).lower())


def empty_tasks() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in TASK_FRAME_COLUMNS})


def consequence(task, year: int, reference: dt.date,
                earlier: dict | None = None) -> tuple[str, tuple]:
    """What the report shows for ``task`` without a status this year: the message variant
    and its fields. An annual task is judged on this year's update alone; another task
    keeps its latest earlier status (``earlier``: ``{task: update}`` with ``year``,
    ``status``, ``completed_on``), or is judged by its deadline alone."""
    update = None if task.deadline.kind == "annual" else (earlier or {}).get(task.code)
    status = judge(task, update, year, reference)
    fields = (("outcome_vi", t(f"status.{status}", "vi")),
              ("outcome_en", t(f"status.{status}", "en")), ("reference", reference))
    if update is not None:
        return "kept", fields + (("earlier", update["year"]),)
    return ("annual" if task.deadline.kind == "annual" else "deadline"), fields


def earlier_updates(frames: list[tuple[int, pd.DataFrame]]) -> dict:
    """``{task: update}``, the latest status each task had in earlier years' frames
    (``[(year, frame)]`` in year order, text or typed); rows that do not read are left
    out."""
    out = {}
    for year, frame in frames:
        for code, status, completed in zip(frame["task"], frame["status"],
                                           frame["completed_on"]):
            status = status_code(status)
            if status not in TASK_STATUSES:
                continue
            try:  # a typed frame holds dates, a text frame what was typed
                day = completed if isinstance(completed, dt.date) else parse_date(completed)
            except ValueError:
                day = None
            out[str(code).upper()] = {"year": year, "status": status, "completed_on": day}
    return out


def _date_problems(r, completed: dt.date, year: int, reference: dt.date,
                   today: dt.date) -> list[Problem]:
    fields = (("date", completed), ("year", year), ("next", year + 1),
              ("reference", reference), ("today", today), ("start", PLAN_START))
    if completed < PLAN_START:
        return [at(r, "error", "completed_before_plan", "completed_on", r.completed_on,
                   fields=fields)]
    if completed > dt.date(year, 12, 31):
        return [at(r, "error", "completed_after_year", "completed_on", r.completed_on,
                   fields=fields)]
    if completed > today:
        return [at(r, "error", "completed_in_future", "completed_on", r.completed_on,
                   fields=fields)]
    if completed > reference:
        return [at(r, "warning", "completed_after_reference", "completed_on",
                   r.completed_on, fields=fields)]
    return []


def check_tasks(frame: pd.DataFrame | None, year: int, catalogue, file: str | None,
                reference: dt.date | None = None, today: dt.date | None = None,
                earlier: dict | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the text frame of task rows; return the typed rows and the problems.

    ``reference`` is the report's reference date (default 31 December of ``year``),
    ``today`` the date the data are checked (default: today), ``earlier`` the tasks'
    latest statuses of earlier years (:func:`earlier_updates`)."""
    reference = reference or dt.date(year, 12, 31)
    today = today or dt.date.today()
    if frame is None:
        return empty_tasks(), [Problem("warning", "no_tasks", file=file,
                                       fields=(("year", year),))]
    by_code = {task.code: task for task in catalogue.tasks}
    codes = list(by_code)
    df = frame.copy()
    df["task"] = df["task"].map(lambda s: norm_code(s, set(codes), True))
    df["status"] = df["status"].map(status_code)
    view = df[["task", "status"]].copy()
    for column in view.columns:
        view[column] = view[column].where(view[column] != "")
    schema = pa.DataFrameSchema({
        "task": pa.Column(checks=isin("unknown_task", set(codes)), nullable=True),
        "status": pa.Column(checks=isin("invalid_status", set(TASK_STATUSES)), nullable=True),
    })
    failures = schema_failures(view, schema)
    problems, records, seen, near = [], [], {}, {"task": {}, "status": {}}
    for r in rows(df):
        if r.task == "" and not flagged(r, "task"):
            problems.append(at(r, "error", "empty_required", "task", ""))
        if r.Index in failures.get("unknown_task", ()):
            problems.append(unknown(r, "unknown_task", "task", r.task, codes,
                                    cache=near["task"]))
        elif r.task in seen:
            problems.append(at(r, "error", "duplicate_task", "task", r.task,
                               fields=(("first", seen[r.task]),)))
        seen.setdefault(r.task, int(r._row))
        if r.Index in failures.get("invalid_status", ()):
            problems.append(unknown(r, "invalid_status", "status", frame.at[r.Index, "status"],
                                    list(TASK_STATUSES), cache=near["status"]))
        elif r.status == "" and not flagged(r, "status"):
            task = by_code.get(r.task)
            variant, fields = (consequence(task, year, reference, earlier)
                               if task is not None else ("unknown", ()))
            problems.append(at(r, "warning", "missing_status", "status", "",
                               text=f"missing_status.{variant}", fields=fields))
        completed = None
        try:
            completed = parse_date(r.completed_on)
        except ValueError:
            problems.append(at(r, "error", "bad_date", "completed_on", r.completed_on))
        if completed is not None and r.status in TASK_STATUSES and r.status != "done":
            problems.append(at(r, "error", "completed_not_done", "completed_on",
                               r.completed_on, fields=(("status", r.status),)))
        elif completed is not None:
            problems += _date_problems(r, completed, year, reference, today)
        if r.status == "done" and completed is None and not r.completed_on \
                and not flagged(r, "completed_on"):
            problems.append(at(r, "warning", "done_without_date", "completed_on", ""))
        records.append({"task": r.task, "status": r.status, "completed_on": completed,
                        "note": r.note, "_file": r._file, "_sheet": r._sheet,
                        "_row": int(r._row)})
    reported = {r["task"] for r in records}
    sheet = frame["_sheet"].iloc[0] if len(frame) else None
    for code in codes:
        if code not in reported:
            variant, fields = consequence(by_code[code], year, reference, earlier)
            problems.append(Problem("warning", "task_missing", file=file, sheet=sheet,
                                    column="task", value=code, text=f"task_missing.{variant}",
                                    fields=(("task", code),) + fields))
    typed = pd.DataFrame(records, columns=list(TASK_FRAME_COLUMNS))
    typed = typed[typed["status"] != ""].reset_index(drop=True)
    typed["completed_on"] = typed["completed_on"].map(
        lambda d: d if isinstance(d, dt.date) else None).astype(object)
    return typed, problems
