"""The PAR Index ranking of one block: a horizontal bar per unit, the band cut-offs as lines.

Bars are shaded by band (darker: higher band) and each carries its index and band word,
so the band is never told by shade alone.
"""
from __future__ import annotations

from pathlib import Path

from assessment.i18n import fmt_fixed, t
from assessment.report.charts.style import GRID, TEXT_WIDTH, figure, save

__all__ = ["par_ranking"]

SHADES = ("#1F4E79", "#2E75B6", "#9DC3E6", "#D9D9D9", "#EDEDED")  # band 1, 2, …
INK = ("white", "white", "black", "black", "black")


def par_ranking(names: list[str], indices: list[float], bands: list[int], band_words: list[str],
                cutoffs: list[tuple[float, str]], lang: str, path: Path | str) -> Path:
    """``names`` by rank; ``bands`` the position of each unit's band (0: the highest);
    ``cutoffs`` the bands' minima above 0 with their words."""
    rows = len(names)
    with figure((TEXT_WIDTH, 0.9 + 0.27 * max(rows, 1))) as fig:
        ax = fig.add_subplot()
        low = max(0.0, min(min(indices, default=0) - 10, min((c for c, _ in cutoffs), default=0) - 5))
        for i, (value, band, word) in enumerate(zip(indices, bands, band_words)):
            shade = SHADES[min(band, len(SHADES) - 1)]
            ax.barh(i, value - low, left=low, color=shade, height=0.7, edgecolor="#404040",
                    linewidth=0.3)
            ax.text(value - 0.4, i, f"{fmt_fixed(value, lang)} · {word}", va="center",
                    ha="right", fontsize=7, color=INK[min(band, len(INK) - 1)])
        for cut, word in cutoffs:
            if cut > low:
                ax.axvline(cut, color="#7F7F7F", linewidth=0.8, linestyle=(0, (3, 2)))
                ax.text(cut, -0.9, t("par.chart.cutoff", lang, band=word,
                                     min=fmt_fixed(cut, lang, 0)), fontsize=7,
                        ha="center", va="bottom", color="#404040")
        ax.set_yticks(range(rows), names, fontsize=7.5)
        ax.set_ylim(rows - 0.5, -1.2)
        ax.set_xlim(low, 100)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        ax.spines[["left", "top", "right"]].set_visible(False)
        ax.xaxis.set_major_formatter(lambda x, _: fmt_fixed(x, lang, 0))
        ax.set_xlabel(t("par.chart.xlabel", lang))
        return save(fig, path)
