"""The task timeline: one row per task, its status symbol at its due date.

Drawn across the text width with every task's full label, wrapped, at 7 pt: a row is as
tall as its label, so the chart is as tall as the list (an A4 page holds about 30 tasks
of two lines)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from assessment.i18n import check_lang, fmt_date, nfc, t
from assessment.plan.dates import as_date
from assessment.plan.status import COLOURS, TASK_STATUSES
from assessment.report.charts.style import (GRID, TEXT_WIDTH, figure, require, save,
                                            text_width, wrap_to)
from assessment.report.charts.symbols import add_legend, draw_symbols, symbol_line

__all__ = ["task_timeline"]

_NO_DATE_SLOTS = {"annual": 0, "roadmap": 1}
_LABEL_SIZE, _AXIS_SIZE = 7.0, 7.0
_LABEL_PT = 250          # a task's label wraps beyond this width (points)
_LINE_IN = 8.4 / 72      # one line of a label, in inches
_ROW_GAP = 0.6           # between two rows, in lines
_WIDTHS = (2.5, 1.0)     # the dated axis and the no-date band


def task_timeline(tasks: pd.DataFrame, *, task_labels: dict[str, str],
                  reference_date: dt.date, lang: str, path: Path | str) -> Path:
    """One row per task: a status symbol at its due date; tasks without a due date
    (annual, roadmap) in a separate band at the right; a line at the reference date.

    ``tasks`` has the columns task, group, due, status, deadline_kind (in display
    order); ``task_labels`` maps a task code to its name in ``lang`` (the code is
    prefixed; the full label is wrapped, never cut). Drawn at the A4 text width, so its
    7 pt labels print at that size.
    """
    check_lang(lang)
    require(tasks, ("task", "group", "due", "status", "deadline_kind"), "tasks")
    rows = tasks.reset_index(drop=True)
    dues = [as_date(v) for v in rows["due"]]
    labels = [wrap_to(_task_label(code, task_labels.get(code, "")), _LABEL_PT, _LABEL_SIZE)
              for code in rows["task"]]
    heights = np.array([label.count("\n") + 1 + _ROW_GAP for label in labels])
    centres = np.cumsum(heights) - heights / 2
    with figure((TEXT_WIDTH, 1.05 + _LINE_IN * max(heights.sum(), 1.0))) as fig:
        fig.get_layout_engine().set(w_pad=0.02, h_pad=0.03, wspace=0.02)
        grid = fig.add_gridspec(1, 2, width_ratios=_WIDTHS)
        ax = fig.add_subplot(grid[0])
        band = fig.add_subplot(grid[1], sharey=ax)
        _task_rows(ax, band, rows, labels, centres, heights)
        _task_markers(ax, band, rows, dues, centres)
        dated = [d for d, k in zip(dues, rows["deadline_kind"]) if not _in_band(k, d)]
        _date_axis(ax, dated + [as_date(reference_date)])
        _reference_line(ax, as_date(reference_date), lang)
        _no_date_band(band, lang)
        used = [s for s in TASK_STATUSES if (rows["status"] == s).any()]
        add_legend(fig, [_task_handle(s) for s in used], [t(f"status.{s}", lang) for s in used],
                   ncols=len(used))
        return save(fig, path)


def _task_rows(ax, band, rows: pd.DataFrame, labels: list[str], centres: np.ndarray,
               heights: np.ndarray) -> None:
    """The labels, left-aligned in a column of their own, one row per task as tall as
    its label; a darker line between groups."""
    ax.set_yticks(centres, labels)
    ax.set_ylim(float(heights.sum()), 0.0)
    widest = max([text_width(line, _LABEL_SIZE) for label in labels
                  for line in label.split("\n")] + [0.0])
    ax.tick_params(axis="y", length=0, labelsize=_LABEL_SIZE, pad=widest + 6)
    for label in ax.get_yticklabels():
        label.set_horizontalalignment("left")
    groups = list(rows["group"])
    edges = np.cumsum(heights)
    for target in (ax, band):
        for y in centres:
            target.axhline(y, color=GRID, linewidth=0.6, zorder=0)
        for k in range(1, len(rows)):
            if groups[k] != groups[k - 1]:
                target.axhline(edges[k - 1], color="#9A9A9A", linewidth=0.8, zorder=1)
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


def _task_markers(ax, band, rows: pd.DataFrame, dues: list[dt.date | None],
                  centres: np.ndarray) -> None:
    entries = list(zip(dues, rows["status"], rows["deadline_kind"], centres))
    for status in dict.fromkeys(rows["status"]):
        dated = [(mdates.date2num(d), y) for d, s, k, y in entries
                 if s == status and not _in_band(k, d)]
        undated = [(_NO_DATE_SLOTS.get(k, 1), y) for d, s, k, y in entries
                   if s == status and _in_band(k, d)]
        for target, points in ((ax, dated), (band, undated)):
            if points:
                xs, ys = zip(*points)
                draw_symbols(target, xs, ys, status, COLOURS[status], 8.5,
                             edge="#333333", edgewidth=0.6, zorder=4)


def _task_handle(status: str) -> Line2D:
    return symbol_line(status, COLOURS[status], 8.5, edge="#333333", edgewidth=0.6)


def _date_axis(ax, dates: list[dt.date | None]) -> None:
    """A tick at each 1 January; every other year labelled when one a year would not fit."""
    dates = [d for d in dates if d is not None] or [dt.date(2021, 1, 1)]
    first = min(min(d.year for d in dates), 2021)
    last = max(d.year for d in dates)
    ax.set_xlim(mdates.date2num(dt.date(first, 1, 1)),
                mdates.date2num(dt.date(last, 12, 31)) + 120)
    years = list(range(first, last + 1))
    room = (TEXT_WIDTH * 72 - _LABEL_PT - 16) * _WIDTHS[0] / sum(_WIDTHS)  # the axis width
    step = 1 if len(years) * (text_width("2030", _AXIS_SIZE) + 5) <= room else 2
    ax.set_xticks([mdates.date2num(dt.date(y, 1, 1)) for y in years],
                  [str(y) if (y - first) % step == 0 else "" for y in years])
    ax.tick_params(axis="x", labelsize=_AXIS_SIZE)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _reference_line(ax, when: dt.date | None, lang: str) -> None:
    if when is None:
        return
    x = mdates.date2num(when)
    ax.axvline(x, color="#222222", linestyle="--", linewidth=1.1, zorder=3)
    where = blended_transform_factory(ax.transData, ax.transAxes)
    low, high = ax.get_xlim()
    ha = "right" if (x - low) / (high - low) > 0.65 else "center"
    ax.text(x, 1.005, t("chart.timeline.reference", lang, date=fmt_date(when, lang)),
            transform=where, ha=ha, va="bottom", fontsize=_AXIS_SIZE, color="#222222")


def _no_date_band(band, lang: str) -> None:
    slot = (TEXT_WIDTH * 72 - _LABEL_PT - 16) * _WIDTHS[1] / sum(_WIDTHS) / 2 - 2
    band.set_facecolor("#F3F3F3")
    band.set_xlim(-0.6, 1.6)
    band.set_xticks([0, 1], [wrap_to(t(f"chart.timeline.{key}", lang), slot, _AXIS_SIZE,
                                     break_words=False) for key in ("annual", "roadmap")],
                    fontsize=_AXIS_SIZE)
    band.set_title(wrap_to(t("chart.timeline.no_date", lang), 2 * slot, _AXIS_SIZE,
                           break_words=False),
                   fontsize=_AXIS_SIZE, fontweight="normal", pad=4)
    band.tick_params(axis="x", length=0)
    for side in ("left", "top", "right"):
        band.spines[side].set_visible(False)
