"""The headline chart: indicator statuses per reform area as stacked bars."""
from __future__ import annotations

from pathlib import Path

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from assessment.i18n import check_lang, fmt_number, t
from assessment.plan.status import COLOURS, INDICATOR_STATUSES
from assessment.report.charts.style import (GRID, TEXT_WIDTH, LangFormatter, figure, require,
                                            save, text_width, wrap_to)
from assessment.report.charts.symbols import add_status_legend, draw_symbols, ink_for

__all__ = ["status_overview"]

_COUNT_COLUMNS = tuple(f"n_{s}" for s in INDICATOR_STATUSES)


def status_overview(areas: pd.DataFrame, area_names: dict[int, str], lang: str,
                    path: Path | str) -> Path:
    """Headline chart: one horizontal stacked bar of indicator statuses per area.

    ``areas`` has the columns ``area, milestone, n_<status>`` for every status of
    :data:`INDICATOR_STATUSES` (one milestone). Segments are coloured by status, carry
    the count and (when there is room) the status symbol; the legend pairs symbol and
    word in the order of :data:`INDICATOR_STATUSES`.
    """
    check_lang(lang)
    require(areas, ("area", "milestone", *_COUNT_COLUMNS), "areas")
    milestones = sorted(set(int(m) for m in areas["milestone"].dropna()))
    if len(milestones) > 1:
        raise ValueError(f"areas mixes milestones {milestones}: pass one milestone's rows")
    frame = areas.sort_values("area", kind="stable").reset_index(drop=True)
    counts = frame[list(_COUNT_COLUMNS)].fillna(0).astype(int).to_numpy()
    names = [_area_label(area_names.get(int(a), str(a))) for a in frame["area"]]
    label_pt = max([text_width(line, _LABEL_SIZE) for n in names for line in n.split("\n")]
                   + [0.0])
    with figure((TEXT_WIDTH, 1.0 + 0.42 * max(len(frame), 1))) as fig:
        ax = fig.add_subplot()
        _stacked_bars(ax, counts, lang, axes_width_in=TEXT_WIDTH - (label_pt + 30) / 72)
        ax.set_yticks(range(len(frame)), names)
        ax.set_ylim(len(frame) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0, labelsize=_LABEL_SIZE)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(t("chart.overview.xlabel", lang))
        present = [s for s, n in zip(INDICATOR_STATUSES, counts.sum(axis=0)) if n > 0]
        add_status_legend(fig, present or INDICATOR_STATUSES, lang, ncols=4)
        return save(fig, path)


_LABEL_SIZE = 7.5
_LABEL_PT = 118  # an area's name wraps beyond this width (points)


def _area_label(name: str) -> str:
    """An area's name, whole, on as many lines of at most ``_LABEL_PT`` as it takes."""
    return wrap_to(name, _LABEL_PT, _LABEL_SIZE)


def _stacked_bars(ax, counts: np.ndarray, lang: str, axes_width_in: float) -> None:
    totals = counts.sum(axis=1) if counts.size else np.zeros(0, dtype=int)
    top = max(int(totals.max()) if totals.size else 0, 1)
    xmax = top * 1.08 + 0.6
    unit_points = axes_width_in * 72 / xmax  # width of one indicator in points
    rows = np.arange(len(counts))
    left = np.zeros(len(counts))
    for k, status in enumerate(INDICATOR_STATUSES):
        widths = counts[:, k] if counts.size else np.zeros(0)
        colour = COLOURS[status]
        ax.barh(rows, widths, left=left, height=0.68, color=colour, edgecolor="white",
                linewidth=0.8)
        _segment_labels(ax, rows, left, widths, status, lang, unit_points)
        left = left + widths
    for row, total in zip(rows, totals):
        ax.text(total + 0.15 * top / 10 + 0.1, row, fmt_number(total, lang, 0), va="center",
                ha="left", fontsize=8, color="#444444")
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(LangFormatter(lang))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _segment_labels(ax, rows, left, widths, status: str, lang: str,
                    unit_points: float) -> None:
    """The count inside each segment with the symbol beside it, or above it when the
    segment is narrow."""
    ink = ink_for(COLOURS[status])
    beside: list[tuple[float, float]] = []
    above: list[tuple[float, float]] = []
    for row, start, width in zip(rows, left, widths):
        if width < 1:
            continue
        centre, text = start + width / 2, fmt_number(width, lang, 0)
        room = width * unit_points
        side = room >= 15 + 5 * len(text)
        stack = not side and room >= max(8, 5 * len(text))
        offset = (4.5, 0) if side else (0, -4.5) if stack else (0, 0)
        ax.annotate(text, (centre, row), xytext=offset, textcoords="offset points",
                    ha="center", va="center", fontsize=8, color=ink, fontweight="bold")
        (beside if side else above if stack else []).append((centre, row))
    for points, dx, dy in ((beside, -5.5, 0.0), (above, 0.0, 5.5)):
        if points:
            xs, ys = zip(*points)
            draw_symbols(ax, xs, ys, status, ink, 5.5 if dy else 6, dx_points=dx,
                         dy_points=dy)
