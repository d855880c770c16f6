"""Reading numbers and dates as offices type them.

Offices type numbers the Vietnamese way (``1.330`` is one thousand three hundred and
thirty, ``82,5`` is eighty-two and a half) or the English way (``1,330``; ``82.5``), and a
CSV saved by Excel in a Vietnamese locale carries the same forms. A text is read only when
its meaning is certain; a form that could mean two numbers is refused with both readings:

=====================  =========================  =====================================
typed                  read as                    why
=====================  =========================  =====================================
``82.5`` ``1e3``       82.5, 1000                 plain decimal point
``82,5``               82.5 (``decimal_comma``)   a comma then other than 3 digits
``1.234.567``          1234567                    several dot groups: only thousands
``1,234,567``          1234567                    several comma groups: only thousands
``1.234,5``            1234.5 (``decimal_comma``) dot groups, then a decimal comma
``1,234.5``            1234.5                     comma groups, then a decimal point
``1 234`` ``80%``      1234, 80                   spaces between 3-digit groups, a %
``1 5``                refused (``not_a_number``) a space that is not a thousands gap
``0.330`` ``0,330``    0.33                       a group never starts with 0
``1.330`` ``1,330``    refused (``ambiguous``)    1330 (thousands) or 1.33 (decimal)
``1e309`` ``inf``      refused (``not_finite``)   not a finite number
=====================  =========================  =====================================

A final ``%`` is noted in :attr:`Reading.percent` (the checks refuse it for a measure
that is not a percentage); a Unicode minus (−) is a minus. A number cell of a workbook is
a number already and is never re-read from text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import NamedTuple

_PLAIN = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_ONE_GROUP = re.compile(r"^[-+]?[1-9]\d{0,2}[.,]\d{3}$")  # 1.330 / 1,330: two readings
_DOT_GROUPS = re.compile(r"^[-+]?[1-9]\d{0,2}(\.\d{3}){2,}$")
_COMMA_GROUPS = re.compile(r"^[-+]?[1-9]\d{0,2}(,\d{3}){2,}$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
_VI_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}(\.\d{3})+,\d+$")
_EN_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}(,\d{3})+\.\d+$")
_SPACE_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}( \d{3})+([.,]\d+)?$")
_NON_FINITE = re.compile(r"^[-+]?(inf|infinity|nan|∞)$", re.IGNORECASE)


class Reading(NamedTuple):
    """How a text reads as a number.

    ``issue``: None, ``decimal_comma`` (a warning; ``number`` is still given), or an error
    with ``number`` None: ``ambiguous_number`` (``readings`` holds the thousands and the
    decimal reading), ``not_finite`` or ``not_a_number``. An empty text has neither.
    """

    number: float | None
    issue: str | None = None
    readings: tuple[float, ...] = ()
    percent: bool = False  # typed with a final %


_EMPTY = Reading(None)


def _finite(number: float, issue: str | None = None) -> Reading:
    return Reading(number, issue) if math.isfinite(number) else Reading(None, "not_finite")


@lru_cache(maxsize=1 << 16)
def read_number(text: str) -> Reading:
    """Read ``text`` as a number (module docstring). Readings are immutable and many texts
    repeat ("100", "0"), so they are cached."""
    if not text:
        return _EMPTY
    s = " ".join(str(text).replace("\u2212", "-").split())  # NBSP and others: one space
    percent = s.endswith("%")
    s = s.removesuffix("%").strip()
    if not s:
        return _EMPTY
    if " " in s:  # spaces only between groups of three digits: 1 234 567
        if not _SPACE_GROUPED.match(s):
            return Reading(None, "not_a_number", percent=percent)
        s = s.replace(" ", "")
    reading = _read(s)
    return reading._replace(percent=True) if percent else reading


def _read(s: str) -> Reading:
    if _ONE_GROUP.match(s):
        sep = "." if "." in s else ","
        return Reading(None, "ambiguous_number",
                       (float(s.replace(sep, "")), float(s.replace(sep, "."))))
    if _PLAIN.match(s):
        return _finite(float(s))
    if _DOT_GROUPS.match(s):
        return _finite(float(s.replace(".", "")))
    if _COMMA_GROUPS.match(s):
        return _finite(float(s.replace(",", "")))
    if _COMMA_DECIMAL.match(s):
        return _finite(float(s.replace(",", ".")), "decimal_comma")
    if _VI_GROUPED.match(s):
        return _finite(float(s.replace(".", "").replace(",", ".")), "decimal_comma")
    if _EN_GROUPED.match(s):
        return _finite(float(s.replace(",", "")))
    if _NON_FINITE.match(s):
        return Reading(None, "not_finite")
    return Reading(None, "not_a_number")


def parse_number(text: str) -> tuple[float | None, str | None]:
    """``(number, issue)`` of :func:`read_number`."""
    reading = read_number(text)
    return reading.number, reading.issue


def parse_date(text: str) -> dt.date | None:
    """``2025-03-31`` or ``31/03/2025`` (``-`` and ``.`` also accepted); ValueError if neither."""
    s = str(text).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?", s)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {s!r}")
