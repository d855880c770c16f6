"""Bilingual text and locale-aware formatting.

Every label and sentence lives in ``locales/*.yaml`` as ``key: {vi: ..., en: ...}``; the
language is always an explicit ``lang`` argument. Numbers, money and dates are formatted
with Babel: vi ``82,5%``, ``170 tỷ đồng``, ``22/11/2021``; en ``82.5%``,
``VND 170 billion``, ``22 Nov 2021``.
"""
from __future__ import annotations

import datetime as dt
import math
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LANGS = ("vi", "en")
_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
from assessment import yamlio
from assessment.values import is_missing


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from assessment.errors import ConfigError
        raise ConfigError(f"Unknown language {lang!r}: use one of {', '.join(LANGS)}.")
    return lang


@lru_cache(maxsize=None)
def catalogue_text() -> dict[str, dict[str, str]]:
    """All keys of all locale files, merged; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("assessment") / "locales"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yamlio.load(entry.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key in merged:
                raise KeyError(f"locale key {key!r} defined twice ({entry.name})")
            merged[key] = {k: unicodedata.normalize("NFC", str(v)) for k, v in value.items()}
    return merged


def t(key: str, lang: str, **fields: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{field}`` placeholders filled."""
    entry = catalogue_text().get(key)
    if entry is None or lang not in entry:
        raise KeyError(f"missing locale text {key!r} for language {lang!r}")
    text = entry[lang]
    return text.format(**fields) if fields else text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ numbers
def fmt_number(value: Any, lang: str, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals: vi ``1.234,5``, en ``1,234.5``."""
    if is_missing(value):
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern, locale=_LOCALES[lang])


def fmt_fixed(value: Any, lang: str, digits: int = 2, sign: bool = False) -> str:
    """A number with exactly ``digits`` decimals (an index, points): vi ``85,31``, en
    ``85.31``; ``sign``: ``+2,50`` / ``−1,20`` for a change."""
    if is_missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(round(abs(float(value)) if sign else float(value), digits),
                          format=pattern, locale=_LOCALES[lang])
    if sign:
        return ("+" if value > 0 else "−" if value < 0 else "±") + text
    return text


def fmt_percent(value: Any, lang: str, digits: int = 1) -> str:
    """A value already in percent (80 means 80%): vi ``82,5%``, en ``82.5%``."""
    if is_missing(value):
        return "–"
    return f"{fmt_number(value, lang, digits)}%"


def fmt_money(value: Any, lang: str, digits: int = 1, compact: bool = False) -> str:
    """Billions of VND: vi ``170 tỷ đồng``, en ``VND 170 billion``; ``compact`` (for table
    cells): en ``VND 170bn``."""
    if is_missing(value):
        return "–"
    number = fmt_number(value, lang, digits)
    return t("value.money_compact" if compact else "value.money", lang, number=number)


def fmt_ratio(value: Any, lang: str) -> str:
    return "–" if is_missing(value) or math.isinf(value) else fmt_number(value, lang, 2)


def fmt_measure(value: Any, measure: str, lang: str, compact: bool = False) -> str:
    """Format a value in the indicator's measure (``compact``: the short form for tables)."""
    if is_missing(value):
        return "–"
    if measure == "percent":
        return fmt_percent(value, lang)
    if measure == "billion_vnd":
        return fmt_money(value, lang, compact=compact)
    if measure == "done":
        return t("value.done" if float(value) >= 1 else "value.not_done", lang)
    if measure == "rank":
        return t("value.rank", lang, rank=fmt_number(value, lang, 0))
    return fmt_number(value, lang, 1)


def fmt_date(value: dt.date | None, lang: str, style: str = "short") -> str:
    """vi ``22/11/2021``; en ``22 Nov 2021`` (``style="long"``: ``22 tháng 11 năm 2021``)."""
    if value is None or (hasattr(value, "year") is False):
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if lang == "vi":
        if style == "long":
            return f"ngày {value.day} tháng {value.month} năm {value.year}"
        return value.strftime("%d/%m/%Y")
    # en_US month abbreviations ("Sep"; en_GB writes "Sept"), day-first order as en_GB
    return _babel_date(value, format="d MMM y" if style == "short" else "d MMMM y",
                       locale="en_US")
