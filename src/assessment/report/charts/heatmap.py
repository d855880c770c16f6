"""The commune heatmap: communes × commune-level indicators, coloured by status."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from assessment.i18n import check_lang, fmt_percent, t
from assessment.plan.status import COLOURS, INDICATOR_STATUSES, UNSCORED
from assessment.report.charts.style import TEXT_WIDTH, figure, save, text_width, wrap_to
from assessment.values import is_missing
from assessment.report.charts.symbols import add_legend, draw_symbols, ink_for, swatch_handle

__all__ = ["commune_heatmap"]

_VALUE_SIZE, _LABEL_SIZE = 7.0, 7.5
_ROW_LABEL_PT = 92  # the widest a commune's name may be before it wraps
_MISSING = "not_applicable"  # a cell without a status: the indicator does not apply


def commune_heatmap(matrix: pd.DataFrame, statuses: pd.DataFrame, *,
                    unit_names: dict[str, str], indicator_labels: dict[str, str],
                    lang: str, path: Path | str) -> Path:
    """Communes (rows) × commune-level indicators (columns), values in percent.

    Cells are coloured by the status in ``statuses`` (same index and columns as
    ``matrix``) and carry the value and the status symbol, both from
    :mod:`assessment.plan.status`. A cell without a status is drawn as
    ``not_applicable``. The unscored statuses (not yet due, not applicable) have light
    colours of their own; a cell that does not apply shows its symbol alone (its value
    would mean nothing), one not yet due its value if it has one. Drawn across the text
    width.
    """
    check_lang(lang)
    states = statuses.reindex(index=matrix.index, columns=matrix.columns)
    states = states.astype(object).where(states.notna(), _MISSING)
    nrow, ncol = matrix.shape
    with figure((TEXT_WIDTH, 1.25 + 0.3 * max(nrow, 1))) as fig:
        ax = fig.add_subplot()
        _cells(ax, _cell_colours(states))
        _cell_texts(ax, matrix, states, lang)
        _heatmap_axes(ax, matrix, unit_names, indicator_labels)
        used = [s for s in INDICATOR_STATUSES if (states == s).any().any()]
        add_legend(fig, [swatch_handle(s) for s in used], [t(f"status.{s}", lang) for s in used],
                   ncols=len(used), note=t("chart.heatmap.note", lang))
        return save(fig, path)


def _cells(ax, rgb: np.ndarray) -> None:
    """One vector rectangle per cell (not an image: the chart stays vector in print),
    with a white gap between cells."""
    nrow, ncol = rgb.shape[:2]
    for i in range(nrow):
        for j in range(ncol):
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=rgb[i, j],
                                   edgecolor="white", linewidth=1.4, zorder=0))
    ax.set_xlim(-0.5, ncol - 0.5)
    ax.set_ylim(nrow - 0.5, -0.5)


def _cell_colours(states: pd.DataFrame) -> np.ndarray:
    unknown = {s for s in states.stack().dropna() if s not in INDICATOR_STATUSES}
    if unknown:
        raise ValueError(f"unknown status(es) {sorted(unknown)}: use "
                         f"{', '.join(INDICATOR_STATUSES)} or leave the cell empty")
    rgb = np.ones(states.shape + (3,))
    for i, row in enumerate(states.itertuples(index=False)):
        for j, status in enumerate(row):
            rgb[i, j] = to_rgb(COLOURS[status])
    return rgb


def _cell_texts(ax, matrix: pd.DataFrame, states: pd.DataFrame, lang: str) -> None:
    """The value right-aligned left of the centre, the symbol right of it; a cell that
    does not apply, or is not yet due and has no value, shows its symbol alone, centred."""
    beside: dict[str, list[tuple[int, int]]] = {}
    alone: dict[str, list[tuple[int, int]]] = {}
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            status, value = states.iat[i, j], matrix.iat[i, j]
            if status == "not_applicable" or (status in UNSCORED and is_missing(value)):
                alone.setdefault(status, []).append((j, i))
                continue
            ax.annotate(fmt_percent(value, lang), (j, i), xytext=(5, 0),
                        textcoords="offset points", ha="right", va="center",
                        fontsize=_VALUE_SIZE, color=ink_for(COLOURS[status]))
            beside.setdefault(status, []).append((j, i))
    for cells, dx in ((beside, 12), (alone, 0)):
        for status, where in cells.items():
            xs, ys = zip(*where)
            draw_symbols(ax, xs, ys, status, ink_for(COLOURS[status]), 6, dx_points=dx)


def _heatmap_axes(ax, matrix: pd.DataFrame, unit_names: dict[str, str],
                  indicator_labels: dict[str, str]) -> None:
    nrow, ncol = matrix.shape
    names = [unit_names.get(u, u) for u in matrix.index]
    widest = max([text_width(n, _LABEL_SIZE) for n in names] + [1.0])
    column_pt = (TEXT_WIDTH * 72 - min(widest, _ROW_LABEL_PT) - 12) / max(ncol, 1) - 4
    ax.set_xticks(range(ncol), [wrap_to(indicator_labels.get(c, c), column_pt, _LABEL_SIZE)
                                for c in matrix.columns], fontsize=_LABEL_SIZE)
    ax.set_yticks(range(nrow), [wrap_to(n, _ROW_LABEL_PT, _LABEL_SIZE) for n in names],
                  fontsize=_LABEL_SIZE)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
