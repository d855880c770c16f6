"""How targets, baselines and values read in the report: one wording for the body, the
annex and the summary (``≥ 80%``, ``at most 1,305 people``, ``75 (2021–25 total)``)."""
from __future__ import annotations

import pandas as pd

from assessment.i18n import t
from assessment.plan import wording
from assessment.plan.catalogue import PLAN_START, Indicator, Target
from assessment.progress.trends import growth_reference
from assessment.report.blocks import cell


def quantity(value, ind: Indicator, lang: str, compact: bool = True) -> str:
    """A value in the indicator's measure, with what a count counts: ``1.330 người``."""
    return wording.quantity(value, ind, lang, compact, escape=cell)


def target_text(ind: Indicator, tgt: Target, lang: str, baseline_year: int | None = None) -> str:
    """The target as a reader expects it (:func:`assessment.plan.wording.target_text`)."""
    return wording.target_text(ind, tgt, lang, baseline_year, escape=cell)


def bound_text(value: float, ind: Indicator, lang: str) -> str:
    """``≥ 95%`` or ``at most 1,305 people`` (:func:`assessment.plan.wording.bound_text`)."""
    return wording.bound_text(value, ind, lang, escape=cell)


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
