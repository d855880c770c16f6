"""The commune heatmap: communes × commune-level indicators, coloured by status."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch

from assessment.i18n import check_lang, fmt_percent, t
from assessment.plan.status import COLOURS, INDICATOR_STATUSES
from assessment.report.charts.style import NA_COLOUR, figure, save, truncate, wrap
from assessment.values import is_missing
from assessment.report.charts.symbols import add_legend, draw_symbols, ink_for, swatch_handle

__all__ = ["commune_heatmap"]


def commune_heatmap(matrix: pd.DataFrame, statuses: pd.DataFrame, *,
                    unit_names: dict[str, str], indicator_labels: dict[str, str],
                    lang: str, path: Path | str) -> Path:
    """Communes (rows) × commune-level indicators (columns), values in percent.

    Cells are coloured by the status in ``statuses`` (same index and columns as
    ``matrix``) and annotated with the value and the status symbol; a missing status
    means the indicator does not apply (white cell, "–").
    """
    check_lang(lang)
    states = statuses.reindex(index=matrix.index, columns=matrix.columns)
    nrow, ncol = matrix.shape
    with figure((2.3 + 0.82 * max(ncol, 1), 1.9 + 0.3 * max(nrow, 1))) as fig:
        ax = fig.add_subplot()
        ax.imshow(_cell_colours(states), aspect="auto", interpolation="nearest")
        _cell_texts(ax, matrix, states, lang)
        _heatmap_axes(ax, matrix, unit_names, indicator_labels)
        ax.set_title(t("chart.heatmap.title", lang), loc="left", pad=8)
        used = [s for s in INDICATOR_STATUSES if (states == s).any().any()]
        handles = [swatch_handle(s) for s in used]
        labels = [t(f"status.{s}", lang) for s in used]
        if states.isna().any().any():
            handles.append(Patch(facecolor=NA_COLOUR, edgecolor="#999999", linewidth=0.6))
            labels.append(t("chart.heatmap.not_applicable", lang))
        add_legend(fig, handles, labels, ncols=min(4, max(len(handles), 1)),
                   note=t("chart.heatmap.note", lang))
        return save(fig, path)


def _cell_colours(states: pd.DataFrame) -> np.ndarray:
    unknown = {s for s in states.stack().dropna() if s not in INDICATOR_STATUSES}
    if unknown:
        raise ValueError(f"unknown status(es) {sorted(unknown)}: use "
                         f"{', '.join(INDICATOR_STATUSES)} or leave the cell empty")
    rgb = np.ones(states.shape + (3,))
    for i, row in enumerate(states.itertuples(index=False)):
        for j, status in enumerate(row):
            rgb[i, j] = to_rgb(NA_COLOUR if is_missing(status) else COLOURS[status])
    return rgb


def _cell_texts(ax, matrix: pd.DataFrame, states: pd.DataFrame, lang: str) -> None:
    symbols: dict[str, list[tuple[int, int]]] = {}
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            status, value = states.iat[i, j], matrix.iat[i, j]
            if is_missing(status):
                ax.text(j, i, "–", ha="center", va="center", fontsize=8, color="#777777")
                continue
            ink = ink_for(COLOURS[status])
            ax.annotate(fmt_percent(value, lang), (j, i), xytext=(5, 0),
                        textcoords="offset points", ha="right", va="center",
                        fontsize=7.5, color=ink)
            symbols.setdefault(status, []).append((j, i))
    for status, cells in symbols.items():
        xs, ys = zip(*cells)
        draw_symbols(ax, xs, ys, status, ink_for(COLOURS[status]), 5.5, dx_points=12)


def _heatmap_axes(ax, matrix: pd.DataFrame, unit_names: dict[str, str],
                  indicator_labels: dict[str, str]) -> None:
    nrow, ncol = matrix.shape
    ax.set_xticks(range(ncol), [wrap(indicator_labels.get(c, c), 15, 3)
                                for c in matrix.columns], fontsize=7.5)
    ax.set_yticks(range(nrow), [truncate(unit_names.get(u, u), 28) for u in matrix.index],
                  fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, ncol, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, nrow, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
