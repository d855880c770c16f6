"""One part per reform area in the body: the area's verdict and one row per indicator
with both milestones. The per-target details, trend charts and commune results are in
the annex (:mod:`assessment.report.annex`)."""
from __future__ import annotations

import pandas as pd

from assessment.i18n import fmt_number, t
from assessment.plan.catalogue import MILESTONES, PLAN_START
from assessment.progress.assessment import Assessment
from assessment.report.blocks import badge, cell, heading, join, table
from assessment.report.flags import flagged, flag_note
from assessment.report.parts import part
from assessment.report.narrative import narrative_block, period_start_value
from assessment.report.targets import quantity, target_text


def _status_cell(rows: pd.DataFrame, milestone: int, lang: str) -> str:
    row = rows[rows["milestone"] == milestone]
    return badge(row["status"].iloc[0], lang) if len(row) else "–"


def indicator_rows(a: Assessment, area: int) -> list[tuple[str, ...]]:
    """One row per indicator of ``area``: name, the two targets, the year's value and
    the two statuses."""
    lang = a.lang
    d = a.district()
    d = d[d["area"] == area]
    rows = []
    for ind in a.catalogue.indicators_in(area):
        mine = d[d["indicator"] == ind.code]
        if mine.empty:
            continue
        targets = [target_text(ind, tgt, lang) if (tgt := ind.target(m)) else "–"
                   for m in MILESTONES]
        value = quantity(mine.sort_values("milestone")["value"].iloc[0], ind, lang)
        if flagged(a, ind.code):
            value += "\u00a0*"
        start = (quantity(period_start_value(a, ind.code), ind, lang),) if a.review else ()
        rows.append((cell(ind.name(lang)), *targets, *start, value,
                     *(_status_cell(mine, m, lang) for m in MILESTONES)))
    return rows


def _table(a: Assessment, area: int) -> str:
    lang = a.lang
    start = (t("areas.col_actual", lang, year=PLAN_START),) if a.review else ()
    headers = [t("areas.col_indicator", lang),
               *(t("areas.col_target_m", lang, milestone=m) for m in MILESTONES),
               *start, t("areas.col_actual", lang, year=a.year),
               *(t("areas.col_status_m", lang, milestone=m) for m in MILESTONES)]
    name = cell(a.catalogue.area(area).name(lang))
    key = "areas.table_caption_review" if a.review else "areas.table_caption"
    widths = [27, 8, 8, 8, 8, 11, 11] if a.review else [30, 9, 9, 9, 11, 11]
    return table(headers, indicator_rows(a, area),
                 caption=t(key, lang, area=area, name=name, year=a.year, start=PLAN_START),
                 ident=f"table-area-{area}", align="lrr" + "r" * len(start) + "rll",
                 widths=widths)


def _verdict(a: Assessment, area: int) -> str:
    """The area's status for each milestone, with the rule that gave it where a reader
    would ask (a final "not achieved" with most targets met, or no verdict)."""
    lang = a.lang
    parts = []
    for r in a.areas[(a.areas["area"] == area)].itertuples():
        if r.n_indicators == 0:
            continue
        score = "–" if pd.isna(r.score) else fmt_number(r.score, lang, 2)
        text = t("areas.verdict", lang, milestone=r.milestone, status=badge(r.status, lang),
                 score=score, assessed=r.n_assessed, counted=r.n_counted)
        if r.status == "not_achieved" and r.n_achieved:
            text += " " + t("areas.rule_final", lang, achieved=r.n_achieved, n=r.n_counted)
        elif r.status == "insufficient_data" and r.n_assessed:
            text += " " + t("areas.rule_coverage", lang)
        elif r.status == "on_track" and r.score >= 4.5:
            text += " " + t("areas.rule_all", lang)
        if r.n_not_applicable:
            text += " " + t("areas.not_applicable", lang, n=r.n_not_applicable)
        parts.append(text)
    return " ".join(parts)


def _lapsed(a: Assessment, area: int) -> str:
    items = [t("areas.lapsed_item", a.lang, name=cell(i.name(a.lang)),
               reason=cell(i.not_applicable.reason(a.lang)))
             for i in a.catalogue.indicators_in(area) if i.lapsed(a.year)]
    return " ".join(items)


@part("area")
def area_part(a: Assessment, area: int, titled: bool = True) -> str:
    """An area's section; ``titled=False`` leaves out its heading (area 9's results
    are shown in Part I, direction and management)."""
    lang = a.lang
    info = a.catalogue.area(area)
    office = cell(a.units.name(info.office, lang))
    head = heading(2, cell(info.name(lang)), f"sec-area-{area}") if titled else ""
    if a.after_district:  # the district's offices ended on 30/6/2025
        office += " " + t("areas.office_until", lang)
    lead = t("areas.lead", lang, office=office, section=info.section)
    prose = narrative_block(a, f"area-{area}") if area <= 8 else ""
    if not a.catalogue.indicators_in(area):
        return join(head, prose, lead, t("areas.no_indicators", lang, group=info.group or "–"))
    return join(head, prose, lead, _verdict(a, area), _table(a, area), flag_note(a, area),
                _lapsed(a, area), t("areas.annex_pointer", lang, area=area))
