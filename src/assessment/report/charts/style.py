"""What every chart shares: the bundled fonts, the rcParams, a fresh figure, the
deterministic PNG writer, and the number and text helpers for labels.

rcParams are only changed inside :func:`figure` (an ``rc_context``), and :func:`save`
drops the ``Software`` metadata, so that identical input gives identical bytes.
"""
from __future__ import annotations

import textwrap
from contextlib import contextmanager
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

from assessment.i18n import fmt_number, fmt_percent, nfc

__all__ = ["FAMILY", "DPI", "TREND_DPI", "GRID", "NA_COLOUR", "font_path", "setup_fonts",
           "figure", "save", "LangFormatter", "wrap", "two_lines", "truncate", "require"]

FAMILY = "Noto Sans"
DPI = 150
TREND_DPI = 120  # trend charts are printed at about 70% of the text width: 120 dpi is ample
GRID = "#E3E3E3"
NA_COLOUR = "#FFFFFF"
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


# ------------------------------------------------------------------ figure and file
@contextmanager
def figure(size: tuple[float, float], layout: str | None = "constrained") -> Iterator[Figure]:
    """A fresh Agg figure; rcParams (Noto Sans, no mathtext) apply only inside."""
    setup_fonts()
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=size, dpi=DPI, layout=layout, facecolor="white")
        FigureCanvasAgg(fig)
        yield fig


def save(fig: Figure, path: Path | str, dpi: int = DPI) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None},
                facecolor="white")  # constrained layout already fits the content
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


def wrap(text: str, width: int, lines: int) -> str:
    """``text`` wrapped at ``width`` characters on at most ``lines`` lines (… if cut)."""
    parts = textwrap.wrap(nfc(str(text)), width=width, break_long_words=True)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(parts)


def two_lines(text: str, width: int = 26) -> str:
    """A name on one line if short, else split at the space nearest the middle."""
    text = nfc(str(text)).strip()
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    head, tail = text[:cut], text[cut + 1:]
    if max(len(head), len(tail)) <= width + 8:
        return head + "\n" + tail
    return wrap(text, width + 4, 3)  # a long name: three lines rather than cut short


def truncate(text: str, width: int) -> str:
    text = " ".join(nfc(str(text)).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}; "
                         f"it has {', '.join(map(str, frame.columns))}")
