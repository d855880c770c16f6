"""Escaping of data-derived text for the three places it ends up.

Everything taken from data (unit names, notes, sources, indicator names) goes through
:func:`md` before the notebooks put it into Markdown; Pandoc then escapes it correctly
for HTML and Typst. :func:`html` and :func:`typst` are for the rare raw HTML or raw
Typst contexts (templates, the portal page). All three return NFC text.
"""
from __future__ import annotations

import html as _html
import re
import string
import unicodedata
from typing import Any

__all__ = ["html", "md", "typst", "text"]

# Pandoc Markdown (and CommonMark) let a backslash escape any ASCII punctuation.
# Quotes are left alone so that smart typography still applies; the rest is escaped
# wherever it occurs, which also covers leading "1." lists, "#" headings, "|" in
# pipe tables, "@" citations, "$" maths, "<" raw HTML and "&" entities.
_MD_SPECIAL = frozenset(string.punctuation) - set("\"',;?/%")
_TYPST_SPECIAL = frozenset(string.punctuation)
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def text(value: Any) -> str:
    """``value`` as NFC text: ``None`` becomes ``""``, line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    s = unicodedata.normalize("NFC", str(value))
    return _NEWLINES.sub(" ", s).replace("\t", " ").strip()


def md(value: Any) -> str:
    """Escape for Pandoc Markdown so ``value`` is shown literally (also in table cells)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text(value))


def html(value: Any) -> str:
    """Escape for HTML text and attribute values."""
    return _html.escape(text(value), quote=True)


def typst(value: Any) -> str:
    """Escape for Typst markup (content blocks ``[...]``)."""
    return "".join("\\" + ch if ch in _TYPST_SPECIAL else ch for ch in text(value))


def typst_string(value: Any) -> str:
    """``value`` as a quoted Typst string literal."""
    body = text(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'
