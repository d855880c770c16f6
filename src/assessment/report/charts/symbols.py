"""Status symbols as matplotlib markers, and the legends that pair them with words.

Status is never shown by colour alone. The status symbols of :mod:`assessment.plan.status`
(✔ ▲ ► ▼ ✖ ○) are drawn as marker *shapes* of the same form (a check mark path,
triangles, an X, a circle); the others (``?``, ``!``, ⬇, ☑, ◷, ⊘) from the outline of the
first bundled font that has them (Noto Sans, Noto Sans Symbols 2, Noto Sans Math), so
every status has a marker of its own. Legends pair colour,
symbol and the status word (``status.<name>`` in the locale files).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Sequence

import matplotlib.path as mpath
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextPath
from matplotlib.transforms import ScaledTranslation

from assessment.i18n import t
from assessment.plan.status import COLOURS, SYMBOLS
from assessment.report.charts.style import font_path

__all__ = ["status_marker", "ink_for", "symbol_line", "swatch_handle", "add_legend",
           "add_status_legend", "draw_symbols"]

_INK_DARK, _INK_LIGHT = "#1A1A1A", "#FFFFFF"

_CHECK = mpath.Path([(-0.50, 0.02), (-0.32, 0.20), (-0.12, 0.00), (0.32, 0.46),
                     (0.50, 0.28), (-0.12, -0.38), (-0.50, 0.02)], closed=True)
_ELLIPSIS = mpath.Path.make_compound_path(
    *(mpath.Path.circle((x, 0.0), 0.17) for x in (-0.33, 0.0, 0.33)))
_DASH = mpath.Path([(-0.5, -0.11), (0.5, -0.11), (0.5, 0.11), (-0.5, 0.11), (-0.5, -0.11)],
                   closed=True)
_SHAPES: dict[str, Any] = {"✔": _CHECK, "▲": "^", "►": ">", "▼": "v", "✖": "X", "○": "o",
                           "…": _ELLIPSIS, "—": _DASH}
# Wide or thin symbols look small at a common marker size: enlarge them. Glyphs drawn
# with thin strokes are outlined in their own colour (width in points), never in another
# (a dark outline would hide a light colour), to stay legible in print.
_SCALE = {"…": 1.4, "—": 1.2, "!": 1.15, "⬇": 1.3, "◷": 1.15, "⊘": 1.15, "☑": 1.05}
_STROKE = {"◷": 0.7, "⊘": 0.7, "⬇": 0.3, "☑": 0.6}


_GLYPH_FONTS = (("Bold", "NotoSans"), ("Regular", "NotoSansSymbols2"), ("Regular", "NotoSansMath"))


@lru_cache(maxsize=None)
def _glyph_font(char: str):
    """The first bundled font file with a glyph for ``char`` (None if none has it)."""
    from matplotlib.ft2font import FT2Font
    for style, family in _GLYPH_FONTS:
        path = font_path(style, family)
        if FT2Font(str(path)).get_char_index(ord(char)) != 0:
            return path
    return None


def _has_glyph(char: str) -> bool:
    return _glyph_font(char) is not None


@lru_cache(maxsize=None)
def _glyph_marker(char: str) -> mpath.Path:
    """The outline of ``char`` in a bundled font, centred on the origin."""
    glyph = TextPath((0, 0), char, size=1, prop=FontProperties(fname=str(_glyph_font(char))))
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


def ink_for(colour: str) -> str:
    """Black or white, whichever contrasts more with ``colour`` (WCAG luminance)."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return _INK_DARK if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else _INK_LIGHT


def symbol_line(status: str, colour: str, size: float, **kw: Any) -> Line2D:
    """A marker-only Line2D (legend handle) for ``status`` drawn in ``colour``."""
    hollow, symbol = _hollow(status), SYMBOLS[status]
    edge, edgewidth = kw.pop("edge", colour), kw.pop("edgewidth", 0.0)
    if symbol in _STROKE:
        edge, edgewidth = colour, _STROKE[symbol]
    size *= _SCALE.get(symbol, 1.0)
    return Line2D([], [], linestyle="none", marker=status_marker(status), markersize=size,
                  markerfacecolor="none" if hollow else colour,
                  markeredgecolor=colour if hollow else edge,
                  markeredgewidth=1.5 if hollow else edgewidth, **kw)


def swatch_handle(status: str) -> tuple:
    colour = COLOURS[status]
    return (Patch(facecolor=colour, edgecolor="none"),
            symbol_line(status, ink_for(colour), 6.5))


def add_legend(fig: Figure, handles: Sequence, labels: Sequence[str], ncols: int,
               note: str | None = None, **kw: Any):
    """A legend below the plot, centred, with at most ``ncols`` columns: fewer when its
    rows would be wider than the figure, so that neither end is cut off."""
    options = dict(loc="outside lower center", handler_map={tuple: HandlerTuple(ndivide=1)},
                   handlelength=1.6, handleheight=1.1, columnspacing=1.4, title=note)
    options.update(kw)
    room = fig.get_figwidth() * fig.dpi * 0.98
    renderer = fig.canvas.get_renderer()
    for n in range(max(1, min(ncols, len(handles))), 0, -1):
        legend = fig.legend(handles, labels, ncols=n, **options)
        if n == 1 or legend.get_window_extent(renderer).width <= room:
            break
        legend.remove()
    legend.get_title().set_color("#444444")
    return legend


def add_status_legend(fig: Figure, statuses: Iterable[str], lang: str, ncols: int) -> None:
    statuses = list(statuses)
    add_legend(fig, [swatch_handle(s) for s in statuses],
               [t(f"status.{s}", lang) for s in statuses], ncols)


def draw_symbols(ax, xs: Sequence[float], ys: Sequence[float], status: str, colour: str,
                 size: float, dx_points: float = 0.0, dy_points: float = 0.0,
                 **kw: Any) -> None:
    """Status symbols at data positions, shifted by (``dx_points``, ``dy_points``)."""
    if not len(xs):
        return
    shift = ScaledTranslation(dx_points / 72, dy_points / 72, ax.figure.dpi_scale_trans)
    line = symbol_line(status, colour, size, **kw)
    line.set_data(list(xs), list(ys))
    line.set_transform(ax.transData + shift)
    ax.add_line(line)
