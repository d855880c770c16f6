"""The bundled Noto fonts: the Typst font folder, and ``@font-face`` rules with the fonts
as data URIs for the self-contained HTML (subset to the report's scripts, cached on disk)."""
from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path

from assessment.paths import write_atomic

__all__ = ["font_face_css", "FONTS", "PACKAGE_DIR"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONTS = PACKAGE_DIR / "fonts"


_FACES = (  # (family, file, weight, style)
    ("Noto Serif", "NotoSerif-Regular.ttf", 400, "normal"),
    ("Noto Serif", "NotoSerif-Bold.ttf", 700, "normal"),
    ("Noto Serif", "NotoSerif-Italic.ttf", 400, "italic"),
    ("Noto Serif", "NotoSerif-BoldItalic.ttf", 700, "italic"),
    ("Noto Sans", "NotoSans-Regular.ttf", 400, "normal"),
    ("Noto Sans", "NotoSans-Bold.ttf", 700, "normal"),
    ("Noto Sans", "NotoSans-Italic.ttf", 400, "italic"),
    # status symbols (✔ ▲ ► ▼ ✖ ○): not in Noto Serif/Sans
    ("Noto Sans Symbols2", "NotoSansSymbols2-Regular.ttf", 400, "normal"),
    # − ≤ ≥: not in Noto Serif/Sans either
    ("Noto Sans Math", "NotoSansMath-Regular.ttf", 400, "normal"),
)
# Latin, Latin-1, Latin Extended A/B, combining marks, Vietnamese (Latin Extended
# Additional), general punctuation, currency (₫ €), letterlike, arrows, math operators.
_UNICODES = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
             *range(0x2000, 0x2070), *range(0x20A0, 0x20C1), *range(0x2100, 0x2150),
             *range(0x2190, 0x2200), *range(0x2200, 0x2300), *range(0x25A0, 0x27C0)]


def _font_bytes(path: Path) -> tuple[bytes, str]:
    """The font subset to the report's scripts, as WOFF (falls back to the whole TTF)."""
    try:
        from io import BytesIO

        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return path.read_bytes(), "truetype"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.flavor = "woff"
    font = TTFont(path, recalcTimestamp=False)  # reproducible bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    buffer = BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue(), "woff"


def _font_cache_file() -> Path:
    """Where the subset fonts' CSS is kept between runs (subsetting takes seconds)."""
    import hashlib
    digest = hashlib.sha256(repr(_UNICODES).encode())
    for _family, file, *_ in _FACES:
        digest.update(file.encode())
        digest.update((FONTS / file).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assessment"
    return root / f"fonts-{digest.hexdigest()[:20]}.css"


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """``@font-face`` rules with the bundled Noto fonts as data URIs (no network).

    The result depends only on the font files and the character ranges; it is cached on
    disk under a key of both, so only the first build on a machine pays for subsetting."""
    cache = _font_cache_file()
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    rules = []
    for family, file, weight, style in _FACES:
        data, fmt = _font_bytes(FONTS / file)
        mime = "font/woff" if fmt == "woff" else "font/ttf"
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(f'@font-face{{font-family:"{family}";font-weight:{weight};'
                     f"font-style:{style};font-display:swap;"
                     f'src:url(data:{mime};base64,{encoded}) format("{fmt}");}}')
    css = "\n".join(rules)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, css)
    except OSError:  # a read-only home: no cache, same result
        pass
    return css
