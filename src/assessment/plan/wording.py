"""How a target reads, in the report and in the data-entry workbooks: ``≥ 80%``, ``at
most 1,305 people``, ``20–25%``, ``−10% vs 2021``, ``75 (2021–25 total)``.

``escape`` is applied to the words that come from the catalogue (what a count counts):
the report passes its Markdown escaping, a workbook none.
"""
from __future__ import annotations

from typing import Callable

from assessment.i18n import fmt_measure, t
from assessment.plan.catalogue import PLAN_START, Indicator, Target


def _plain(text: str) -> str:
    return text


def quantity(value, ind: Indicator, lang: str, compact: bool = True,
             escape: Callable[[str], str] = _plain) -> str:
    """A value in the indicator's measure, with what a count counts: ``1.330 người``."""
    text = fmt_measure(value, ind.measure, lang, compact=compact)
    unit = ind.counted(lang)
    return f"{text} {escape(unit)}" if unit and text != "–" else text


def target_text(ind: Indicator, tgt: Target, lang: str, baseline_year: int | None = None,
                escape: Callable[[str], str] = _plain) -> str:
    """The target as a reader expects it: ``≥ 80%``, ``100%``, ``20–25%``, ``−10% vs 2021``,
    ``+10% vs 2021–25``, ``75 (2021–25 total)``, ``rank ≤ 3``."""
    value = quantity(tgt.value, ind, lang, escape=escape)
    if tgt.kind == "range":
        return t("target.range", lang, low=fmt_measure(tgt.value, ind.measure, lang),
                 high=fmt_measure(tgt.high, ind.measure, lang))
    if tgt.kind == "reduce_by":
        return t("target.reduce_by", lang, value=fmt_measure(tgt.value, "percent", lang),
                 year=baseline_year or PLAN_START)
    if tgt.kind == "growth":
        sign = "+" if tgt.value >= 0 else "−"
        return t("target.growth", lang, sign=sign,
                 value=fmt_measure(abs(tgt.value), "percent", lang),
                 start=tgt.reference[0], end=tgt.reference[1])
    if tgt.kind == "cumulative":
        return t("target.cumulative", lang, value=value, start=PLAN_START, end=tgt.milestone)
    if tgt.kind == "milestone":
        return t("value.done", lang)
    if ind.measure == "percent" and tgt.value in (0.0, 100.0):
        return value  # "≥ 100%" would read oddly: the target is exactly all (or none)
    return bound_text(tgt.value, ind, lang, escape)


def bound_text(value: float, ind: Indicator, lang: str,
               escape: Callable[[str], str] = _plain) -> str:
    """``≥ 95%`` for an indicator that should rise, ``at most 1,305 people`` for one that
    should fall (a lower-is-better figure must never read as a level to exceed)."""
    if ind.measure == "percent" and value in (0.0, 100.0):
        return quantity(value, ind, lang, escape=escape)  # "at least 100%" reads oddly
    if ind.direction == "down":
        return t("target.at_most", lang, value=quantity(value, ind, lang, escape=escape))
    return t("target.at_least", lang, value=quantity(value, ind, lang, escape=escape))
