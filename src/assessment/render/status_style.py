"""Badge styles of the statuses for HTML (CSS) and Typst, made at render time from the one
palette of :mod:`assessment.plan.status`, so that a badge has the colour of the same status
in the charts.

A badge: the status colour as its border, a light tint of it as background, dark text, and
the symbol in the status colour (darkened, in the same hue, until it stands out from the
tint by 3:1, the contrast WCAG asks of graphics). A colour too dark to tint (black, for a
missed milestone) fills the badge, with white text and symbol, as the chart's black bar.
"""
from __future__ import annotations

from assessment.plan.status import COLOURS

__all__ = ["badge_colours", "contrast", "status_css", "typst_badge_colours"]

TEXT = "#1d2430"
TINT = 0.22  # share of the status colour in the badge background
SYMBOL_CONTRAST = 3.0  # symbol against the badge background (WCAG 1.4.11, graphics)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _darkened(colour: str, background: str) -> str:
    """``colour`` mixed with black, in 5 % steps, until it has SYMBOL_CONTRAST on
    ``background``."""
    rgb = _rgb(colour)
    for step in range(21):
        shade = _hex(c * (1 - step / 20) for c in rgb)
        if contrast(shade, background) >= SYMBOL_CONTRAST:
            return shade
    return "#000000"


def badge_colours(status: str) -> tuple[str, str, str, str]:
    """(border, background, text, symbol) of a status badge; the border is the status's
    colour in :data:`assessment.plan.status.COLOURS`."""
    colour = COLOURS[status]
    if _luminance(colour) < 0.05:
        return colour, colour, "#ffffff", "#ffffff"
    tint = _hex(TINT * c + (1 - TINT) * 255 for c in _rgb(colour))
    return colour, tint, TEXT, _darkened(colour, tint)


def status_css() -> str:
    """One rule per status for ``.status.<name>`` and its ``.status-symbol``."""
    rules = []
    for status in COLOURS:
        border, background, text, symbol = badge_colours(status)
        rules.append(f".status.{status} {{ border-color: {border}; background: {background}; "
                     f"color: {text}; }} .status.{status} .status-symbol {{ color: {symbol}; }}")
    return "\n".join(rules) + "\n"


def typst_badge_colours() -> str:
    """A Typst dictionary ``(status: (border, background, text, symbol), …)``."""
    items = [f'{status}: ({", ".join(f"rgb({chr(34)}{c}{chr(34)})" for c in badge_colours(status))})'
             for status in COLOURS]
    return "(" + ", ".join(items) + ")"
