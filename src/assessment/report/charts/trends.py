"""Trend small multiples: each indicator's values against its target path and target."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import matplotlib.path as mpath
import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.lines import Line2D

from assessment.i18n import check_lang, fmt_measure, t
from assessment.values import is_missing
from assessment.report.charts.style import (GRID, TREND_DPI, LangFormatter, figure,
                                            require, save, wrap)

__all__ = ["TrendPanel", "trend_grid"]

_LINE, _PATH_COLOUR, _TARGET_COLOUR = "#0072B2", "#666666", "#1A1A1A"
_ARROW_UP = mpath.Path([(-0.14, -0.5), (0.14, -0.5), (0.14, 0.05), (0.36, 0.05),
                        (0.0, 0.5), (-0.36, 0.05), (-0.14, 0.05), (-0.14, -0.5)],
                       closed=True)


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
    ncols = max(1, min(ncols, len(panels)))
    nrows = -(-len(panels) // ncols)
    # A fixed grid (no layout solver: it would draw every panel twice): room above each
    # panel for a three-line title, below for the year axis, at the bottom for the legend.
    row_h, title_h, legend_h = 2.35, 0.5, 0.45
    height = row_h * nrows + legend_h
    with figure((3.6 * ncols, height), layout=None) as fig:
        axes = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw=dict(
            left=0.085, right=0.985, top=1 - title_h / height, bottom=(legend_h + 0.3) / height,
            hspace=(title_h + 0.3) / (row_h - title_h - 0.3), wspace=0.24))
        for ax, panel in zip(axes.flat, panels):
            require(panel.series, ("year", "value"), "series")
            require(panel.path_points, ("year", "expected"), "path_points")
            years = _plot_actual(ax, panel.series) | _plot_path(ax, panel.path_points)
            _plot_target(ax, panel.target, int(panel.milestone), panel.measure,
                         panel.direction, lang)
            _year_axis(ax, years | {int(panel.milestone)})
            _measure_axis(ax, panel.measure, lang)
            ax.set_title(wrap(panel.title, 52, 3), loc="left", fontsize=7.5)
            ax.plot([0.97], [0.93], transform=ax.transAxes, linestyle="none", clip_on=False,
                    marker=_direction_marker(panel.direction), markersize=7, color="#555555")
            ax.tick_params(labelsize=7)
        for ax in list(axes.flat)[len(panels):]:
            ax.set_axis_off()
        handles = [Line2D([], [], color=_LINE, marker="o", markersize=4.5, linewidth=2),
                   Line2D([], [], color=_PATH_COLOUR, linestyle="--", linewidth=1.3),
                   Line2D([], [], linestyle="none", marker="D", markersize=6,
                          color=_TARGET_COLOUR)]
        labels = [t("chart.trend.actual", lang), t("chart.trend.path", lang),
                  t("chart.trend.target_marker", lang)]
        for direction in sorted({p.direction for p in panels}, reverse=True):  # up, down
            handles.append(Line2D([], [], linestyle="none", markersize=7, color="#555555",
                                  marker=_direction_marker(direction)))
            labels.append(t(f"direction.{direction}", lang))
        fig.legend(handles, labels, loc="lower center", ncols=min(len(handles), 5),
                   bbox_to_anchor=(0.5, 0.01), handlelength=1.6, columnspacing=1.4,
                   frameon=False)
        return save(fig, path, dpi=TREND_DPI)


def _direction_marker(direction: str) -> mpath.Path:
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    flip = 1 if direction == "up" else -1
    return mpath.Path(_ARROW_UP.vertices * [1, flip], _ARROW_UP.codes)


def _plot_actual(ax, series: pd.DataFrame) -> set[int]:
    data = series.dropna(subset=["year"]).astype({"year": int}).sort_values("year")
    data = data.groupby("year", as_index=True)["value"].last()
    if data.empty:
        return set()
    full = data.reindex(range(data.index.min(), data.index.max() + 1))  # gaps break the line
    ax.plot(full.index, full.to_numpy(dtype=float), color=_LINE, linewidth=2, marker="o",
            markersize=4.5, zorder=3)
    return set(int(y) for y in data.dropna().index)


def _plot_path(ax, points: pd.DataFrame) -> set[int]:
    data = points.dropna().astype({"year": int}).sort_values("year")
    if data.empty:
        return set()
    ax.plot(data["year"], data["expected"].astype(float), color=_PATH_COLOUR,
            linestyle="--", linewidth=1.3, zorder=2)
    return set(int(y) for y in data["year"])


def _plot_target(ax, target: float, milestone: int, measure: str, direction: str,
                 lang: str) -> None:
    if is_missing(target):
        return
    ax.plot([milestone], [float(target)], linestyle="none", marker="D", markersize=6.5,
            color=_TARGET_COLOUR, zorder=4)
    label = t("chart.trend.target", lang, year=milestone,
              value=fmt_measure(float(target), measure, lang))
    above = direction == "up"
    ax.annotate(label, (milestone, float(target)), xytext=(-2, 8 if above else -8),
                textcoords="offset points", ha="right", va="bottom" if above else "top",
                fontsize=8, fontweight="bold", color=_TARGET_COLOUR)
    ax.margins(y=0.22)


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
        ax.set_ylabel(t(key, lang) if key in _unit_keys() else "", fontsize=8)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


@lru_cache(maxsize=None)
def _unit_keys() -> frozenset[str]:
    from assessment.i18n import catalogue_text
    return frozenset(k for k in catalogue_text() if k.startswith("chart.unit."))
