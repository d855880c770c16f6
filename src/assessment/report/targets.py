"""How targets, baselines and values read in the report: one wording for the body, the
annex and the summary (``≥ 80%``, ``at most 1,305 people``, ``75 (2021–25 total)``)."""
from __future__ import annotations

import pandas as pd

from assessment.i18n import fmt_measure, t
from assessment.plan.catalogue import PLAN_START, Indicator, Target
from assessment.progress.trends import growth_reference
from assessment.report.blocks import cell


def quantity(value, ind: Indicator, lang: str, compact: bool = True) -> str:
    """A value in the indicator's measure, with what a count counts: ``1.330 người``."""
    text = fmt_measure(value, ind.measure, lang, compact=compact)
    unit = ind.counted(lang)
    return f"{text} {cell(unit)}" if unit and text != "–" else text


def target_text(ind: Indicator, tgt: Target, lang: str, baseline_year: int | None = None) -> str:
    """The target as a reader expects it: ``≥ 80%``, ``100%``, ``20–25%``, ``−10% vs 2021``,
    ``+10% vs 2021–25``, ``75 (2021–25 total)``, ``rank ≤ 3``."""
    value = quantity(tgt.value, ind, lang)
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
    return bound_text(tgt.value, ind, lang)


def bound_text(value: float, ind: Indicator, lang: str) -> str:
    """``≥ 95%`` for an indicator that should rise, ``at most 1,305 people`` for one that
    should fall (a lower-is-better figure must never read as a level to exceed)."""
    if ind.measure == "percent" and value in (0.0, 100.0):
        return quantity(value, ind, lang)  # "at least 100%" would read oddly: it is all
    if ind.direction == "down":
        return t("target.at_most", lang, value=quantity(value, ind, lang))
    return t("target.at_least", lang, value=quantity(value, ind, lang))


def baseline_text(row, ind: Indicator, lang: str) -> str:
    """The baseline of a row as ``60% (2021)``; the reference period for a growth target;
    nothing for a path that starts from 0 before the plan (no year without data is
    printed as if it had a value)."""
    tgt = ind.target(int(row.milestone))
    if tgt is not None and tgt.kind == "growth" and not pd.isna(row.baseline):
        reference = growth_reference(row, tgt)  # the 2021-2025 sum or mean
        return t(f"baseline.growth_{tgt.aggregate}", lang, start=tgt.reference[0],
                 end=tgt.reference[1], value=quantity(reference, ind, lang))
    if pd.isna(row.baseline) or pd.isna(row.baseline_year) or row.baseline_year < PLAN_START:
        return "–"
    return f"{quantity(row.baseline, ind, lang)} ({int(row.baseline_year)})"
