"""What every chart shares: the bundled fonts, the rcParams, a fresh figure, the
deterministic SVG writer, and the number and text helpers for labels.

Charts are drawn for the A4 text width (:data:`TEXT_WIDTH`, 16.5 cm) and at most
:data:`MAX_HEIGHT` tall, so that they print at their own size and no text is smaller than
:data:`MIN_FONT` points on paper. rcParams are only changed inside :func:`figure` (an
``rc_context``), and :func:`save` writes an SVG with text as paths, a fixed
``svg.hashsalt`` and no date or software metadata, so that identical input gives
identical bytes.
"""
from __future__ import annotations

import io
import re
import warnings
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import matplotlib
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from assessment.i18n import fmt_number, fmt_percent, nfc

__all__ = ["FAMILY", "DPI", "TEXT_WIDTH", "MAX_HEIGHT", "MIN_FONT", "GRID", "font_path",
           "setup_fonts", "figure", "save", "LangFormatter", "text_width",
           "wrap_to", "require"]

FAMILY = "Noto Sans"
DPI = 150            # of the canvas that measures text; the SVG itself is vector
TEXT_WIDTH = 6.5     # inches: the A4 text width (21 cm less 2.4 + 2.1 cm of margins)
MAX_HEIGHT = 9.0     # inches: the A4 text height (24.7 cm) less room for a caption
MIN_FONT = 7.0       # points on paper: no chart text is smaller
GRID = "#E3E3E3"
_RC = {
    "font.family": [FAMILY], "font.size": 8, "axes.unicode_minus": False,
    "text.parse_math": False, "figure.dpi": DPI, "savefig.dpi": DPI,
    "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 8,
    "axes.titleweight": "bold", "axes.edgecolor": "#555555", "legend.frameon": False,
    "legend.fontsize": 7.5, "legend.title_fontsize": 7.5, "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5, "axes.labelsize": 7.5,
    # SVG: text as paths (no font needed to view it, exact in Typst), fixed ids
    "svg.fonttype": "path", "svg.hashsalt": "assessment",
}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


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


# ------------------------------------------------------------------ figure and file
@contextmanager
def figure(size: tuple[float, float], layout: str | None = "constrained") -> Iterator[Figure]:
    """A fresh figure (on an Agg canvas, used only to measure text); rcParams (Noto
    Sans, no mathtext) apply only inside. ``size`` is in inches, at most
    :data:`TEXT_WIDTH` wide."""
    setup_fonts()
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size, dpi=DPI, layout=layout, facecolor="white")
        FigureCanvasAgg(fig)
        yield fig


_FLOAT = re.compile(rb"-?\d+\.\d{3,}")
# path data, positions and translations (never a scale: glyphs are scaled by 1/64)
_POSITIONS = re.compile(rb'(\s(?:d|x|y)="|translate\()([^")]*)([")])')


def _round(match: re.Match) -> bytes:
    text = b"%.2f" % float(match.group(0))
    text = text.rstrip(b"0").rstrip(b".")
    return b"0" if text in (b"-0", b"") else text


def _compact(svg: bytes) -> bytes:
    """Coordinates to 1/100 pt (plenty for print): a smaller file, the same drawing."""
    return _POSITIONS.sub(lambda m: m.group(1) + _FLOAT.sub(_round, m.group(2)) + m.group(3),
                          svg)


def save(fig: Figure, path: Path | str) -> Path:
    """Write ``fig`` as vector SVG: text as paths, no raster, no date or software name, so
    identical input gives identical bytes. The SVG has the figure's size: the layout fits
    every label, title and legend inside it. Should it fail to (the layout engine gives
    up, or a legend is wider than the figure), the SVG is cropped to what is drawn instead
    (``bbox_inches="tight"``), so that nothing is ever cut off."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        fig.savefig(buffer, format="svg", metadata=_METADATA, facecolor="white")
        renderer = fig.canvas.get_renderer()
        wide = any(legend.get_window_extent(renderer).width > fig.bbox.width + 1
                   for legend in fig.legends)
        if wide or any("layout not applied" in str(w.message) for w in caught):
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata=_METADATA, facecolor="white",
                        bbox_inches="tight", pad_inches=0.01)
    for w in caught:
        if "layout not applied" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    path.write_bytes(_compact(buffer.getvalue()))
    return path


# ------------------------------------------------------------------ numbers and text
def _digits(values: Iterable[float], most: int = 3) -> int:
    values = [v for v in values if np.isfinite(v)]
    for digits in range(most + 1):
        if all(abs(round(v, digits) - v) < 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return most


class LangFormatter(mticker.Formatter):
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


@lru_cache(maxsize=None)
def _advance(char: str, size: float, weight: str) -> float:
    setup_fonts()
    prop = FontProperties(family=FAMILY, size=size, weight=weight)
    return TextToPath().get_text_width_height_descent(char, prop, ismath=False)[0]


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width in points of one line of ``text`` in the bundled Noto Sans: the sum of
    its characters' advances (kerning left out, which errs on the wide side by a few
    tenths of a percent), fast enough to wrap every label by measure."""
    return sum(_advance(char, size, weight) for char in nfc(str(text)))


def wrap_to(text: str, width_pt: float, size: float, weight: str = "normal",
            break_words: bool = True) -> str:
    """``text`` wrapped, whole, into lines at most ``width_pt`` points wide; a word wider
    than that is broken, unless ``break_words`` is false (it then sticks out)."""
    lines: list[str] = []
    for word in " ".join(nfc(str(text)).split()).split(" "):
        line = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(line, size, weight) <= width_pt:
            lines[-1] = line
            continue
        while break_words and text_width(word, size, weight) > width_pt and len(word) > 1:
            cut = max(1, max(i for i in range(1, len(word) + 1)
                             if text_width(word[:i], size, weight) <= width_pt or i == 1))
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return "\n".join(line for line in lines if line)


def require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, frame.columns))}")
