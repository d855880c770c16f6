"""The report's charts, in Vietnamese or English, as deterministic PNG files.

Every chart function is pure apart from writing one PNG: ``fn(..., lang, path) -> path``.
Conventions shared by all charts:

* Figures are built with :class:`matplotlib.figure.Figure` on the Agg canvas (no pyplot,
  no global figure state), at 150 dpi, and saved with ``metadata={"Software": None}`` so
  that identical input gives identical bytes.
* All text uses the bundled Noto Sans (``fonts/NotoSans-*.ttf``), registered by
  :func:`setup_fonts` ahead of any system copy; rcParams are only changed inside a
  ``rc_context`` while a chart is drawn. Mathtext is off, so ``$`` in data is plain text.
* Status is never shown by colour alone. The status symbols of :mod:`assessment.plan.status`
  (✔ ▲ ► ▼ ✖ ○) are not in Noto Sans, so they are drawn as marker *shapes* of the same
  form (a check mark path, triangles, an X, a circle); symbols the font has (``?``,
  ``!``, ``…``, ``—``) are drawn from the font's own outlines. Legends pair colour,
  symbol and the status word (``status.<name>`` in the locale files).
* Numbers follow the language through :func:`assessment.i18n.fmt_number` /
  :func:`~assessment.i18n.fmt_percent` (vi ``82,5%``, en ``82.5%``); years are printed
  without a thousands separator. Texts are NFC-normalised.
"""
from __future__ import annotations

from dataclasses import dataclass

import datetime as dt
import textwrap
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import matplotlib
import matplotlib.dates as mdates
import matplotlib.path as mpath
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextPath
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from assessment.plan.dates import as_date
from assessment.i18n import check_lang, fmt_date, fmt_measure, fmt_number, fmt_percent, nfc, t
from assessment.plan.status import COLOURS, INDICATOR_STATUSES, SYMBOLS, TASK_STATUSES

__all__ = ["FAMILY", "DPI", "font_path", "setup_fonts", "status_marker", "status_overview",
           "trend", "commune_heatmap", "task_timeline"]

FAMILY = "Noto Sans"
DPI = 150
TREND_DPI = 120  # trend charts are printed at about 70% of the text width: 120 dpi is ample
_INK_DARK, _INK_LIGHT = "#1A1A1A", "#FFFFFF"
_GRID = "#E3E3E3"
_NA_COLOUR = "#FFFFFF"
_RC = {
    "font.family": [FAMILY], "font.size": 9, "axes.unicode_minus": False,
    "text.parse_math": False, "figure.dpi": DPI, "savefig.dpi": DPI,
    "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10,
    "axes.titleweight": "bold", "axes.edgecolor": "#555555", "legend.frameon": False,
    "legend.fontsize": 8, "xtick.labelsize": 8, "ytick.labelsize": 8,
}


# ------------------------------------------------------------------ fonts
def _font_dir() -> Path:
    return Path(str(resources.files("assessment") / "fonts"))


def font_path(style: str = "Regular", family: str = "NotoSans") -> Path:
    """The bundled font file, e.g. ``font_path()`` → ``…/fonts/NotoSans-Regular.ttf``."""
    path = _font_dir() / f"{family}-{style}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"bundled font {path} is missing: reinstall the package")
    return path


def setup_fonts() -> str:
    """Register the bundled Noto fonts with matplotlib (idempotent); return the family.

    The bundled faces are moved ahead of any system copy of Noto Sans/Serif, so that
    ``findfont("Noto Sans")`` resolves to the file shipped with the package.
    """
    manager = font_manager.fontManager
    bundled = {str(p) for p in sorted(_font_dir().glob("Noto*.ttf"))}
    known = {entry.fname for entry in manager.ttflist}
    for fname in sorted(bundled - known):
        manager.addfont(fname)
    order = [entry.fname not in bundled for entry in manager.ttflist]
    if order != sorted(order):
        manager.ttflist.sort(key=lambda entry: entry.fname not in bundled)
        cache = getattr(manager, "_findfont_cached", None)
        if cache is not None:
            cache.cache_clear()
    return FAMILY


@contextmanager
def _figure(size: tuple[float, float], layout: str | None = "constrained") -> Iterator[Figure]:
    """A fresh Agg figure; rcParams (Noto Sans, no mathtext) apply only inside."""
    setup_fonts()
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size, dpi=DPI, layout=layout, facecolor="white")
        FigureCanvasAgg(fig)
        yield fig


def _save(fig: Figure, path: Path | str, dpi: int = DPI) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None},
                facecolor="white")  # constrained layout already fits the content
    return path


# ------------------------------------------------------------------ status symbols
_CHECK = mpath.Path([(-0.50, 0.02), (-0.32, 0.20), (-0.12, 0.00), (0.32, 0.46),
                     (0.50, 0.28), (-0.12, -0.38), (-0.50, 0.02)], closed=True)
_ARROW_UP = mpath.Path([(-0.14, -0.5), (0.14, -0.5), (0.14, 0.05), (0.36, 0.05),
                        (0.0, 0.5), (-0.36, 0.05), (-0.14, 0.05), (-0.14, -0.5)],
                       closed=True)
_ELLIPSIS = mpath.Path.make_compound_path(
    *(mpath.Path.circle((x, 0.0), 0.17) for x in (-0.33, 0.0, 0.33)))
_DASH = mpath.Path([(-0.5, -0.11), (0.5, -0.11), (0.5, 0.11), (-0.5, 0.11), (-0.5, -0.11)],
                   closed=True)
_SHAPES: dict[str, Any] = {"✔": _CHECK, "▲": "^", "►": ">", "▼": "v", "✖": "X", "○": "o",
                           "…": _ELLIPSIS, "—": _DASH}
# Wide or thin symbols look small at a common marker size: enlarge them.
_SCALE = {"…": 1.4, "—": 1.2, "!": 1.15}


@lru_cache(maxsize=None)
def _has_glyph(char: str) -> bool:
    from matplotlib.ft2font import FT2Font
    return FT2Font(str(font_path())).get_char_index(ord(char)) != 0


@lru_cache(maxsize=None)
def _glyph_marker(char: str) -> mpath.Path:
    """The outline of ``char`` in the bundled Noto Sans, centred on the origin."""
    glyph = TextPath((0, 0), char, size=1, prop=FontProperties(fname=str(font_path("Bold"))))
    box = glyph.get_extents()
    return mpath.Path(glyph.vertices - [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2],
                      glyph.codes)


def status_marker(status: str) -> Any:
    """A matplotlib marker drawing the status symbol (see the module docstring)."""
    symbol = SYMBOLS[status]
    if symbol in _SHAPES:
        return _SHAPES[symbol]
    return _glyph_marker(symbol) if _has_glyph(symbol) else "s"


def _hollow(status: str) -> bool:
    return SYMBOLS[status] == "○"


def _ink(colour: str) -> str:
    """Black or white, whichever contrasts more with ``colour`` (WCAG luminance)."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return _INK_DARK if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else _INK_LIGHT


def _symbol_line(status: str, colour: str, size: float, **kw: Any) -> Line2D:
    """A marker-only Line2D (legend handle) for ``status`` drawn in ``colour``."""
    hollow = _hollow(status)
    edge, edgewidth = kw.pop("edge", colour), kw.pop("edgewidth", 0.0)
    size *= _SCALE.get(SYMBOLS[status], 1.0)
    return Line2D([], [], linestyle="none", marker=status_marker(status), markersize=size,
                  markerfacecolor="none" if hollow else colour,
                  markeredgecolor=colour if hollow else edge,
                  markeredgewidth=1.5 if hollow else edgewidth, **kw)


def _swatch_handle(status: str) -> tuple:
    colour = COLOURS[status]
    return (Patch(facecolor=colour, edgecolor="none"),
            _symbol_line(status, _ink(colour), 6.5))


def _legend(fig: Figure, handles: Sequence, labels: Sequence[str], ncols: int,
            note: str | None = None) -> None:
    legend = fig.legend(handles, labels, loc="outside lower center", ncols=ncols,
                        handler_map={tuple: HandlerTuple(ndivide=1)}, handlelength=1.6,
                        handleheight=1.1, columnspacing=1.4, title=note,
                        title_fontsize=7.5)
    legend.get_title().set_color("#444444")


def _status_legend(fig: Figure, statuses: Iterable[str], lang: str, ncols: int) -> None:
    statuses = list(statuses)
    _legend(fig, [_swatch_handle(s) for s in statuses],
            [t(f"status.{s}", lang) for s in statuses], ncols)


def _draw_symbols(ax, xs: Sequence[float], ys: Sequence[float], status: str, colour: str,
                  size: float, dx_points: float = 0.0, dy_points: float = 0.0,
                  **kw: Any) -> None:
    """Status symbols at data positions, shifted by (``dx_points``, ``dy_points``)."""
    if not len(xs):
        return
    shift = ScaledTranslation(dx_points / 72, dy_points / 72, ax.figure.dpi_scale_trans)
    line = _symbol_line(status, colour, size, **kw)
    line.set_data(list(xs), list(ys))
    line.set_transform(ax.transData + shift)
    ax.add_line(line)


# ------------------------------------------------------------------ numbers and text
def _digits(values: Iterable[float], most: int = 3) -> int:
    values = [v for v in values if np.isfinite(v)]
    for digits in range(most + 1):
        if all(abs(round(v, digits) - v) < 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return most


class _LangFormatter(mticker.Formatter):
    """Tick labels per language: numbers, percentages, or plain years."""

    def __init__(self, lang: str, kind: str = "number"):
        self.lang, self.kind, self.digits = lang, kind, 1

    def set_locs(self, locs):
        super().set_locs(locs)
        self.digits = _digits(locs)

    def __call__(self, x, pos=None):
        x = 0.0 if abs(x) < 1e-12 else float(x)
        if self.kind == "year":
            return str(int(round(x)))
        if self.kind == "percent":
            return fmt_percent(x, self.lang, self.digits)
        return fmt_number(x, self.lang, self.digits)


def _wrap(text: str, width: int, lines: int) -> str:
    """``text`` wrapped at ``width`` characters on at most ``lines`` lines (… if cut)."""
    parts = textwrap.wrap(nfc(str(text)), width=width, break_long_words=True)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(parts)


def _two_lines(text: str, width: int = 26) -> str:
    """A name on one line if short, else split at the space nearest the middle."""
    text = nfc(str(text)).strip()
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    head, tail = text[:cut], text[cut + 1:]
    if max(len(head), len(tail)) <= width + 8:
        return head + "\n" + tail
    return _wrap(text, width + 4, 3)  # a long name: three lines rather than cut short


def _truncate(text: str, width: int) -> str:
    text = " ".join(nfc(str(text)).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, frame.columns))}")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# ------------------------------------------------------------------ 1. status overview
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
    _require(areas, ("area", "milestone", *_COUNT_COLUMNS), "areas")
    milestones = sorted(set(int(m) for m in areas["milestone"].dropna()))
    if len(milestones) > 1:
        raise ValueError(f"areas mixes milestones {milestones}: pass one milestone's rows")
    frame = areas.sort_values("area", kind="stable").reset_index(drop=True)
    counts = frame[list(_COUNT_COLUMNS)].fillna(0).astype(int).to_numpy()
    with _figure((9.0, 1.5 + 0.5 * max(len(frame), 1))) as fig:
        ax = fig.add_subplot()
        _stacked_bars(ax, counts, lang, axes_width_in=6.3)
        ax.set_yticks(range(len(frame)),
                      [_two_lines(area_names.get(int(a), str(a))) for a in frame["area"]])
        ax.set_ylim(len(frame) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0, labelsize=8.5)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(t("chart.overview.xlabel", lang))
        year = milestones[0] if milestones else ""
        ax.set_title(t("chart.overview.title", lang, milestone=year), loc="left")
        present = [s for s, n in zip(INDICATOR_STATUSES, counts.sum(axis=0)) if n > 0]
        _status_legend(fig, present or INDICATOR_STATUSES, lang, ncols=4)
        return _save(fig, path)


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
    ax.xaxis.set_major_formatter(_LangFormatter(lang))
    ax.grid(axis="x", color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _segment_labels(ax, rows, left, widths, status: str, lang: str,
                    unit_points: float) -> None:
    """The count inside each segment with the symbol beside it, or above it when the
    segment is narrow."""
    ink = _ink(COLOURS[status])
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
            _draw_symbols(ax, xs, ys, status, ink, 5.5 if dy else 6, dx_points=dx,
                          dy_points=dy)


# ------------------------------------------------------------------ 2. trend
_LINE, _PATH_COLOUR, _TARGET_COLOUR = "#0072B2", "#666666", "#1A1A1A"


def trend(series: pd.DataFrame, path_points: pd.DataFrame, *, title: str, measure: str,
          target: float, milestone: int, direction: str, lang: str,
          path: Path | str) -> Path:
    """One unit's values (``series``: year, value) against the target path
    (``path_points``: year, expected) and the milestone target; small (6×3.2 in)."""
    check_lang(lang)
    _require(series, ("year", "value"), "series")
    _require(path_points, ("year", "expected"), "path_points")
    with _figure((6.0, 3.2)) as fig:
        ax = fig.add_subplot()
        years = _plot_actual(ax, series)
        years |= _plot_path(ax, path_points)
        _plot_target(ax, target, int(milestone), measure, direction, lang)
        _year_axis(ax, years | {int(milestone)})
        _measure_axis(ax, measure, lang)
        ax.set_title(_wrap(title, 78, 2), loc="left", fontsize=9.5)
        handles = [Line2D([], [], color=_LINE, marker="o", markersize=4.5, linewidth=2),
                   Line2D([], [], color=_PATH_COLOUR, linestyle="--", linewidth=1.3),
                   Line2D([], [], linestyle="none", marker=_direction_marker(direction),
                          markersize=8, color="#555555")]
        labels = [t("chart.trend.actual", lang), t("chart.trend.path", lang),
                  t(f"direction.{direction}", lang)]
        _legend(fig, handles, labels, ncols=3)
        return _save(fig, path, dpi=TREND_DPI)


@dataclass(frozen=True)
class TrendPanel:
    """One indicator of a :func:`trend_grid`: the same inputs as :func:`trend`."""

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
    with _figure((3.6 * ncols, height), layout=None) as fig:
        axes = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw=dict(
            left=0.085, right=0.985, top=1 - title_h / height, bottom=(legend_h + 0.3) / height,
            hspace=(title_h + 0.3) / (row_h - title_h - 0.3), wspace=0.24))
        for ax, panel in zip(axes.flat, panels):
            _require(panel.series, ("year", "value"), "series")
            _require(panel.path_points, ("year", "expected"), "path_points")
            years = _plot_actual(ax, panel.series) | _plot_path(ax, panel.path_points)
            _plot_target(ax, panel.target, int(panel.milestone), panel.measure,
                         panel.direction, lang)
            _year_axis(ax, years | {int(panel.milestone)})
            _measure_axis(ax, panel.measure, lang)
            ax.set_title(_wrap(panel.title, 52, 3), loc="left", fontsize=7.5)
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
        return _save(fig, path, dpi=TREND_DPI)


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
    if _missing(target):
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
    ax.xaxis.set_major_formatter(_LangFormatter("en", "year"))
    ax.set_xlim(first - 0.4, last + 0.4)


def _measure_axis(ax, measure: str, lang: str) -> None:
    kind = "percent" if measure == "percent" else "number"
    if measure in ("count", "rank", "done"):
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=5))
    else:
        ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(_LangFormatter(lang, kind))
    if measure != "percent":
        key = f"chart.unit.{measure}"
        ax.set_ylabel(t(key, lang) if key in _unit_keys() else "", fontsize=8)
    ax.grid(axis="y", color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)


@lru_cache(maxsize=None)
def _unit_keys() -> frozenset[str]:
    from assessment.i18n import catalogue_text
    return frozenset(k for k in catalogue_text() if k.startswith("chart.unit."))


# ------------------------------------------------------------------ 3. commune heatmap
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
    with _figure((2.3 + 0.82 * max(ncol, 1), 1.9 + 0.3 * max(nrow, 1))) as fig:
        ax = fig.add_subplot()
        ax.imshow(_cell_colours(states), aspect="auto", interpolation="nearest")
        _cell_texts(ax, matrix, states, lang)
        _heatmap_axes(ax, matrix, unit_names, indicator_labels)
        ax.set_title(t("chart.heatmap.title", lang), loc="left", pad=8)
        used = [s for s in INDICATOR_STATUSES if (states == s).any().any()]
        handles = [_swatch_handle(s) for s in used]
        labels = [t(f"status.{s}", lang) for s in used]
        if states.isna().any().any():
            handles.append(Patch(facecolor=_NA_COLOUR, edgecolor="#999999", linewidth=0.6))
            labels.append(t("chart.heatmap.not_applicable", lang))
        _legend(fig, handles, labels, ncols=min(4, max(len(handles), 1)),
                note=t("chart.heatmap.note", lang))
        return _save(fig, path)


def _cell_colours(states: pd.DataFrame) -> np.ndarray:
    unknown = {s for s in states.stack().dropna() if s not in INDICATOR_STATUSES}
    if unknown:
        raise ValueError(f"unknown status(es) {sorted(unknown)}: use "
                         f"{', '.join(INDICATOR_STATUSES)} or leave the cell empty")
    rgb = np.ones(states.shape + (3,))
    for i, row in enumerate(states.itertuples(index=False)):
        for j, status in enumerate(row):
            rgb[i, j] = to_rgb(_NA_COLOUR if _missing(status) else COLOURS[status])
    return rgb


def _cell_texts(ax, matrix: pd.DataFrame, states: pd.DataFrame, lang: str) -> None:
    symbols: dict[str, list[tuple[int, int]]] = {}
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            status, value = states.iat[i, j], matrix.iat[i, j]
            if _missing(status):
                ax.text(j, i, "–", ha="center", va="center", fontsize=8, color="#777777")
                continue
            ink = _ink(COLOURS[status])
            ax.annotate(fmt_percent(value, lang), (j, i), xytext=(5, 0),
                        textcoords="offset points", ha="right", va="center",
                        fontsize=7.5, color=ink)
            symbols.setdefault(status, []).append((j, i))
    for status, cells in symbols.items():
        xs, ys = zip(*cells)
        _draw_symbols(ax, xs, ys, status, _ink(COLOURS[status]), 5.5, dx_points=12)


def _heatmap_axes(ax, matrix: pd.DataFrame, unit_names: dict[str, str],
                  indicator_labels: dict[str, str]) -> None:
    nrow, ncol = matrix.shape
    ax.set_xticks(range(ncol), [_wrap(indicator_labels.get(c, c), 15, 3)
                                for c in matrix.columns], fontsize=7.5)
    ax.set_yticks(range(nrow), [_truncate(unit_names.get(u, u), 28) for u in matrix.index],
                  fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, ncol, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, nrow, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


# ------------------------------------------------------------------ 4. task timeline
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
    _require(tasks, ("task", "group", "due", "status", "deadline_kind"), "tasks")
    rows = tasks.reset_index(drop=True)
    dues = [as_date(v) for v in rows["due"]]
    with _figure((11.0, 1.9 + 0.3 * max(len(rows), 1))) as fig:
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
        _legend(fig, [_task_handle(s) for s in used], [t(f"status.{s}", lang) for s in used],
                ncols=min(4, max(len(used), 1)))
        return _save(fig, path)


def _task_rows(ax, band, rows: pd.DataFrame, task_labels: dict[str, str]) -> None:
    labels = [_truncate(_task_label(code, task_labels.get(code, "")), 62)
              for code in rows["task"]]
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=8)
    groups = list(rows["group"])
    for target in (ax, band):
        for y in range(len(rows)):
            target.axhline(y, color=_GRID, linewidth=0.6, zorder=0)
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
                _draw_symbols(target, xs, ys, status, COLOURS[status], 9,
                              edge="#333333", edgewidth=0.6, zorder=4)


def _task_handle(status: str) -> Line2D:
    return _symbol_line(status, COLOURS[status], 9, edge="#333333", edgewidth=0.6)


def _date_axis(ax, dates: list[dt.date | None]) -> None:
    dates = [d for d in dates if d is not None] or [dt.date(2021, 1, 1)]
    first = min(min(d.year for d in dates), 2021)
    last = max(d.year for d in dates)
    ax.set_xlim(mdates.date2num(dt.date(first, 1, 1)),
                mdates.date2num(dt.date(last, 12, 31)) + 120)
    ticks = [mdates.date2num(dt.date(y, 1, 1)) for y in range(first, last + 1)]
    ax.set_xticks(ticks, [str(y) for y in range(first, last + 1)])
    ax.grid(axis="x", color=_GRID, linewidth=0.6)
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
    band.set_xticks([0, 1], [_wrap(t("chart.timeline.annual", lang), 9, 2),
                             _wrap(t("chart.timeline.roadmap", lang), 9, 2)], fontsize=7.5)
    band.set_title(t("chart.timeline.no_date", lang), fontsize=8, fontweight="normal",
                   pad=4)
    band.tick_params(axis="x", length=0)
    for side in ("left", "top", "right"):
        band.spines[side].set_visible(False)
