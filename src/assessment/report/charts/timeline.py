"""The task timeline: one row per task, its status symbol at its due date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from assessment.i18n import check_lang, fmt_date, nfc, t
from assessment.plan.dates import as_date
from assessment.plan.status import COLOURS, TASK_STATUSES
from assessment.report.charts.style import GRID, figure, require, save, truncate, wrap
from assessment.report.charts.symbols import add_legend, draw_symbols, symbol_line

__all__ = ["task_timeline"]

_NO_DATE_SLOTS = {"annual": 0, "roadmap": 1}


def task_timeline(tasks: pd.DataFrame, *, task_labels: dict[str, str],
                  reference_date: dt.date, lang: str, path: Path | str) -> Path:
    """One row per task: a status symbol at its due date; tasks without a due date
    (annual, roadmap) in a separate band at the right; a line at the reference date.

    ``tasks`` has the columns task, group, due, status, deadline_kind (in display
    order); ``task_labels`` maps a task code to its name in ``lang`` (the code is
    prefixed and the label truncated).
    """
    check_lang(lang)
    require(tasks, ("task", "group", "due", "status", "deadline_kind"), "tasks")
    rows = tasks.reset_index(drop=True)
    dues = [as_date(v) for v in rows["due"]]
    with figure((11.0, 1.9 + 0.3 * max(len(rows), 1))) as fig:
        grid = fig.add_gridspec(1, 2, width_ratios=[5.2, 1.3], wspace=0.02)
        ax = fig.add_subplot(grid[0])
        band = fig.add_subplot(grid[1], sharey=ax)
        _task_rows(ax, band, rows, task_labels)
        _task_markers(ax, band, rows, dues)
        dated = [d for d, k in zip(dues, rows["deadline_kind"]) if not _in_band(k, d)]
        _date_axis(ax, dated + [as_date(reference_date)])
        _reference_line(ax, as_date(reference_date), lang)
        _no_date_band(band, lang)
        fig.suptitle(t("chart.timeline.title", lang), x=0.0, ha="left", fontsize=10,
                     fontweight="bold")
        used = [s for s in TASK_STATUSES if (rows["status"] == s).any()]
        add_legend(fig, [_task_handle(s) for s in used], [t(f"status.{s}", lang) for s in used],
                   ncols=min(4, max(len(used), 1)))
        return save(fig, path)


def _task_rows(ax, band, rows: pd.DataFrame, task_labels: dict[str, str]) -> None:
    labels = [truncate(_task_label(code, task_labels.get(code, "")), 62)
              for code in rows["task"]]
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=8)
    groups = list(rows["group"])
    for target in (ax, band):
        for y in range(len(rows)):
            target.axhline(y, color=GRID, linewidth=0.6, zorder=0)
        for y in range(1, len(rows)):
            if groups[y] != groups[y - 1]:
                target.axhline(y - 0.5, color="#9A9A9A", linewidth=0.8, zorder=1)
    band.tick_params(axis="y", left=False, labelleft=False)
    ax.spines["left"].set_visible(False)


def _task_label(code: str, name: str) -> str:
    """``code name``, unless the caller's label already starts with the code."""
    name = nfc(str(name)).strip()
    if name.startswith((code, code.replace("_", "-"))):
        return name
    return f"{code} {name}".strip()


def _in_band(kind: Any, due: dt.date | None) -> bool:
    """Annual and roadmap tasks (and any task without a due date) go to the band."""
    return due is None or kind in _NO_DATE_SLOTS


def _task_markers(ax, band, rows: pd.DataFrame, dues: list[dt.date | None]) -> None:
    entries = list(zip(dues, rows["status"], rows["deadline_kind"]))
    for status in dict.fromkeys(rows["status"]):
        dated = [(mdates.date2num(d), y) for y, (d, s, k) in enumerate(entries)
                 if s == status and not _in_band(k, d)]
        undated = [(_NO_DATE_SLOTS.get(k, 1), y) for y, (d, s, k) in enumerate(entries)
                   if s == status and _in_band(k, d)]
        for target, points in ((ax, dated), (band, undated)):
            if points:
                xs, ys = zip(*points)
                draw_symbols(target, xs, ys, status, COLOURS[status], 9,
                             edge="#333333", edgewidth=0.6, zorder=4)


def _task_handle(status: str) -> Line2D:
    return symbol_line(status, COLOURS[status], 9, edge="#333333", edgewidth=0.6)


def _date_axis(ax, dates: list[dt.date | None]) -> None:
    dates = [d for d in dates if d is not None] or [dt.date(2021, 1, 1)]
    first = min(min(d.year for d in dates), 2021)
    last = max(d.year for d in dates)
    ax.set_xlim(mdates.date2num(dt.date(first, 1, 1)),
                mdates.date2num(dt.date(last, 12, 31)) + 120)
    ticks = [mdates.date2num(dt.date(y, 1, 1)) for y in range(first, last + 1)]
    ax.set_xticks(ticks, [str(y) for y in range(first, last + 1)])
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _reference_line(ax, when: dt.date | None, lang: str) -> None:
    if when is None:
        return
    x = mdates.date2num(when)
    ax.axvline(x, color="#222222", linestyle="--", linewidth=1.1, zorder=3)
    where = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(x, 1.005, t("chart.timeline.reference", lang, date=fmt_date(when, lang)),
            transform=where, ha="center", va="bottom", fontsize=8, color="#222222")


def _no_date_band(band, lang: str) -> None:
    band.set_facecolor("#F3F3F3")
    band.set_xlim(-0.6, 1.6)
    band.set_xticks([0, 1], [wrap(t("chart.timeline.annual", lang), 9, 2),
                             wrap(t("chart.timeline.roadmap", lang), 9, 2)], fontsize=7.5)
    band.set_title(t("chart.timeline.no_date", lang), fontsize=8, fontweight="normal",
                   pad=4)
    band.tick_params(axis="x", length=0)
    for side in ("left", "top", "right"):
        band.spines[side].set_visible(False)
