"""Trend small multiples: each indicator's values against its target path and target.

Two panels a row across the text width (a lone panel takes the whole width); each panel's
title is the indicator's full name, wrapped; the milestone target is a diamond with its
value written in a corner of the panel that no line crosses; a percentage axis stops at
100%. One legend below, as many rows as it needs."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import matplotlib.path as mpath
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from assessment.i18n import check_lang, fmt_measure, t
from assessment.values import is_missing
from assessment.report.charts.style import (GRID, TEXT_WIDTH, LangFormatter, figure,
                                            require, save, text_width, wrap_to)
from assessment.report.charts.symbols import add_legend

__all__ = ["TrendPanel", "trend_grid"]

_LINE, _PATH_COLOUR, _TARGET_COLOUR = "#0072B2", "#666666", "#1A1A1A"
# "higher is better": a thin stem with an open head (unlike the solid ⬇ of "regressing")
_ARROW_UP = mpath.Path([(0.0, -0.5), (0.0, 0.46), (-0.3, 0.16), (0.0, 0.46), (0.3, 0.16)],
                       [mpath.Path.MOVETO, mpath.Path.LINETO, mpath.Path.MOVETO,
                        mpath.Path.LINETO, mpath.Path.LINETO])
_TITLE_SIZE, _TARGET_SIZE, _TICK_SIZE = 7.5, 7.0, 7.0
_ROW_HEIGHT = 2.3  # inches per row of panels, title included


@dataclass(frozen=True)
class TrendPanel:
    """One indicator of a :func:`trend_grid`: one unit's values (``series``: year, value)
    against the target path (``path_points``: year, expected) and the ``target`` for
    ``milestone``; ``direction`` is ``"up"`` or ``"down"``."""

    series: pd.DataFrame
    path_points: pd.DataFrame
    title: str
    measure: str
    target: float
    milestone: int
    direction: str


def trend_grid(panels: Sequence[TrendPanel], *, lang: str, path: Path | str,
               ncols: int = 2) -> Path:
    """Small multiples: each panel one indicator's values against its target path, with
    one shared legend. An area's indicators fit in one figure instead of one each."""
    check_lang(lang)
    if not panels:
        raise ValueError("trend_grid needs at least one panel")
    for panel in panels:
        require(panel.series, ("year", "value"), "series")
        require(panel.path_points, ("year", "expected"), "path_points")
    ncols = max(1, min(ncols, len(panels)))
    nrows = -(-len(panels) // ncols)
    width_pt = TEXT_WIDTH * 72 / ncols - 40  # a panel's plot area, less its tick labels
    with figure((TEXT_WIDTH, _ROW_HEIGHT * nrows + 0.45)) as fig:
        fig.get_layout_engine().set(w_pad=0.03, h_pad=0.06, wspace=0.06, hspace=0.04)
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, panel in zip(axes.flat, panels):
            _plot_actual(ax, panel.series)
            _plot_path(ax, panel.path_points)
            _plot_target_marker(ax, panel.target, int(panel.milestone))
            years = _years(panel) | {int(panel.milestone)}
            _year_axis(ax, years)
            _measure_axis(ax, panel.measure, lang)
            _cap_percent(ax, panel)
            ax.tick_params(labelsize=_TICK_SIZE)
            # the full name, wrapped; the direction arrow at the end of its last line
            ax.set_title(wrap_to(panel.title, width_pt - 24, _TITLE_SIZE, "bold"),
                         loc="left", fontsize=_TITLE_SIZE, pad=5)
            ax.plot([1.0], [1.0], linestyle="none", clip_on=False,
                    transform=ax.transAxes + ScaledTranslation(-4 / 72, 9 / 72,
                                                               fig.dpi_scale_trans),
                    marker=_direction_marker(panel.direction), markersize=8,
                    markeredgewidth=1.3, color="#555555")
            _label_target(ax, panel, lang, width_pt)
        for ax in list(axes.flat)[len(panels):]:
            ax.set_axis_off()
        handles = [Line2D([], [], color=_LINE, marker="o", markersize=4.5, linewidth=2),
                   Line2D([], [], color=_PATH_COLOUR, linestyle="--", linewidth=1.3),
                   Line2D([], [], linestyle="none", marker="D", markersize=6,
                          color=_TARGET_COLOUR)]
        labels = [t("chart.trend.actual", lang), t("chart.trend.path", lang),
                  t("chart.trend.target_marker", lang)]
        for direction in sorted({p.direction for p in panels}, reverse=True):  # up, down
            handles.append(Line2D([], [], linestyle="none", markersize=8, color="#555555",
                                  markeredgewidth=1.3, marker=_direction_marker(direction)))
            labels.append(t(f"direction.{direction}", lang))
        add_legend(fig, handles, labels, ncols=len(handles), handleheight=0.8)
        return save(fig, path)


def _direction_marker(direction: str) -> mpath.Path:
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    flip = 1 if direction == "up" else -1
    return mpath.Path(_ARROW_UP.vertices * [1, flip], _ARROW_UP.codes)


def _years(panel: TrendPanel) -> set[int]:
    years = set()
    for frame, column in ((panel.series, "value"), (panel.path_points, "expected")):
        data = frame.dropna(subset=["year", column])
        years |= {int(y) for y in data["year"]}
    return years


def _plot_actual(ax, series: pd.DataFrame) -> None:
    data = series.dropna(subset=["year"]).astype({"year": int}).sort_values("year")
    data = data.groupby("year", as_index=True)["value"].last()
    if data.empty:
        return
    full = data.reindex(range(data.index.min(), data.index.max() + 1))  # gaps break the line
    ax.plot(full.index, full.to_numpy(dtype=float), color=_LINE, linewidth=2, marker="o",
            markersize=4.5, zorder=3)


def _plot_path(ax, points: pd.DataFrame) -> None:
    data = points.dropna().astype({"year": int}).sort_values("year")
    if data.empty:
        return
    ax.plot(data["year"], data["expected"].astype(float), color=_PATH_COLOUR,
            linestyle="--", linewidth=1.3, zorder=2)


def _plot_target_marker(ax, target: float, milestone: int) -> None:
    if not is_missing(target):
        ax.plot([milestone], [float(target)], linestyle="none", marker="D", markersize=6.5,
                color=_TARGET_COLOUR, zorder=4)


# Corners for the target's label, in axes fractions (x, y, ha, va), in order of preference.
_CORNERS = ((0.02, 0.98, "left", "top"), (0.02, 0.02, "left", "bottom"),
            (0.98, 0.02, "right", "bottom"), (0.98, 0.98, "right", "top"))


def _label_target(ax, panel: TrendPanel, lang: str, width_pt: float) -> None:
    """"Mục tiêu 2025: 80%" in the first corner of the panel that no line or marker
    crosses; when every corner is crossed, the axis grows to leave one clear."""
    if is_missing(panel.target):
        return
    label = t("chart.trend.target", lang, year=int(panel.milestone),
              value=fmt_measure(float(panel.target), panel.measure, lang))
    box_w = (text_width(label, _TARGET_SIZE, "bold") + 4) / width_pt
    box_h = (_TARGET_SIZE * 1.5 + 3) / (72 * (_ROW_HEIGHT - 0.95))
    points = _ink(ax)
    for grow in (0.0, 0.2, 0.4):
        if grow:  # room above and below, as far as a percentage axis allows
            low, high = ax.get_ylim()
            ax.set_ylim(low - grow * (high - low), high + grow * (high - low))
            _cap_percent(ax, panel)
        ax.get_xlim(), ax.get_ylim()  # the view limits, up to date
        xy = ax.transLimits.transform(points) if len(points) else np.zeros((0, 2))
        for x, y, ha, va in _CORNERS:
            x0 = x if ha == "left" else x - box_w
            y0 = y - box_h if va == "top" else y
            inside = ((xy[:, 0] >= x0 - 0.02) & (xy[:, 0] <= x0 + box_w + 0.02)
                      & (xy[:, 1] >= y0 - 0.04) & (xy[:, 1] <= y0 + box_h + 0.04))
            if not inside.any():
                ax.text(x, y, label, transform=ax.transAxes, ha=ha, va=va,
                        fontsize=_TARGET_SIZE, fontweight="bold", color=_TARGET_COLOUR,
                        zorder=5)
                return
    ax.text(0.02, 0.98, label, transform=ax.transAxes, ha="left", va="top",  # crowded
            fontsize=_TARGET_SIZE, fontweight="bold", color=_TARGET_COLOUR, zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0})


def _ink(ax) -> np.ndarray:
    """Points along every line of ``ax`` (in data units), dense enough to find where a
    label would be crossed."""
    found = []
    for line in ax.lines:
        xy = np.column_stack([np.asarray(line.get_xdata(), dtype=float),
                              np.asarray(line.get_ydata(), dtype=float)])
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) == 1:
            found.append(xy)
        for a, b in zip(xy[:-1], xy[1:]):
            found.append(a + np.linspace(0, 1, 25)[:, None] * (b - a))
    return np.vstack(found) if found else np.zeros((0, 2))


class _Within(mticker.Locator):
    """The ticks of ``base`` that lie within [``low``, ``high``]."""

    def __init__(self, base: mticker.Locator, low: float, high: float):
        self.base, self.low, self.high = base, low, high

    def set_axis(self, axis):
        super().set_axis(axis)
        self.base.set_axis(axis)

    def __call__(self):
        return [v for v in self.base() if self.low - 1e-9 <= v <= self.high + 1e-9]

    def tick_values(self, vmin, vmax):
        return [v for v in self.base.tick_values(vmin, vmax)
                if self.low - 1e-9 <= v <= self.high + 1e-9]


def _cap_percent(ax, panel: TrendPanel) -> None:
    """A percentage axis stops at 100% (and at 0%): just beyond, by half a marker, only
    when a value sits on the bound; no tick outside 0–100%."""
    if panel.measure != "percent":
        return
    values = [float(v) for v in (*panel.series["value"], *panel.path_points["expected"],
                                 panel.target) if not is_missing(v)]
    low, high = ax.get_ylim()
    room = 0.035 * (high - low)
    top = 100.0 + (room if values and max(values) > 100 - room else 0.0)
    bottom = 0.0 - (room if values and min(values) < room else 0.0)
    ax.set_ylim(max(low, bottom), min(high, top))
    locator = ax.yaxis.get_major_locator()
    base = locator.base if isinstance(locator, _Within) else locator
    ax.yaxis.set_major_locator(_Within(base, 0.0, 100.0))


def _year_axis(ax, years: set[int]) -> None:
    if not years:
        return
    first, last = min(years), max(years)
    step = 1 if last - first <= 12 else 2
    ax.set_xticks(list(range(first, last + 1, step)))
    ax.xaxis.set_major_formatter(LangFormatter("en", "year"))
    ax.set_xlim(first - 0.4, last + 0.4)


def _measure_axis(ax, measure: str, lang: str) -> None:
    kind = "percent" if measure == "percent" else "number"
    if measure in ("count", "rank", "done"):
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=5))
    else:
        ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(LangFormatter(lang, kind))
    if measure != "percent":
        key = f"chart.unit.{measure}"
        ax.set_ylabel(t(key, lang) if key in _unit_keys() else "", fontsize=7.5)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.margins(y=0.12)


@lru_cache(maxsize=None)
def _unit_keys() -> frozenset[str]:
    from assessment.i18n import catalogue_text
    return frozenset(k for k in catalogue_text() if k.startswith("chart.unit."))
