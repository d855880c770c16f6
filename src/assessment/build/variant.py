"""How a variant is described to its readers: on its cover, its page heads and the portal.

A variant is a build of a year with parameters other than the edition's
(:meth:`assessment.params.Params.differences`); it is published apart from the edition,
under ``<year>/variants/<name>/``, and says what it changed.
"""
from __future__ import annotations

import datetime as dt

from assessment.i18n import fmt_date, fmt_number, t

__all__ = ["describe"]


def _value(key: str, value, lang: str) -> str:
    if key == "method":
        return t(f"method.name.{value}", lang)
    if key == "reference_date":
        return fmt_date(dt.date.fromisoformat(str(value)), lang)
    return fmt_number(value, lang, 2)


def describe(differences: dict, lang: str) -> str:
    """``phương pháp … (bản chính thức: …); …`` from ``{parameter: (official, used)}``
    (lists from a manifest are accepted too); "" when nothing differs."""
    parts = []
    diffs = {k: tuple(v) for k, v in differences.items()}
    if "method" in diffs:
        official, used = diffs["method"]
        parts.append(t("render.variant.method", lang, used=_value("method", used, lang),
                       official=_value("method", official, lang)))
    if "on_track" in diffs or "needs_acceleration" in diffs:
        pairs = [diffs.get(k) for k in ("on_track", "needs_acceleration")]
        used = " / ".join(_value("on_track", p[1], lang) for p in pairs if p)
        official = " / ".join(_value("on_track", p[0], lang) for p in pairs if p)
        parts.append(t("render.variant.thresholds", lang, used=used, official=official))
    if "reference_date" in diffs:
        official, used = diffs["reference_date"]
        parts.append(t("render.variant.reference_date", lang,
                       used=_value("reference_date", used, lang),
                       official=_value("reference_date", official, lang)))
    return "; ".join(parts)
