"""One part per reform area: indicators against targets, trend charts, commune results."""
from __future__ import annotations

import math

import pandas as pd

from assessment.i18n import fmt_measure, fmt_number, fmt_percent, fmt_ratio, t
from assessment.plan.catalogue import PLAN_START, Indicator, Target
from assessment.progress.assessment import Assessment
from assessment.progress.trends import growth_reference, target_path, yearly_series
from assessment.report import charts
from assessment.report.blocks import badge, bullets, cell, figure, heading, join, table
from assessment.report.figures import Figures
from assessment.report.parts import part

PANELS_PER_FIGURE = 6  # three rows of two: a figure and its caption fit on one page


def target_text(ind: Indicator, tgt: Target, lang: str, baseline_year: int | None = None) -> str:
    """The target as a reader expects it: ``≥ 80%``, ``100%``, ``20–25%``, ``−10% vs 2021``,
    ``+10% vs 2021–25``, ``75 (2021–25 total)``."""
    value = fmt_measure(tgt.value, ind.measure, lang, compact=True)
    if tgt.kind == "range":
        return f"{fmt_number(tgt.value, lang)}–{fmt_measure(tgt.high, ind.measure, lang)}"
    if tgt.kind == "reduce_by":
        return t("target.reduce_by", lang, value=fmt_number(tgt.value, lang),
                 year=baseline_year or PLAN_START)
    if tgt.kind == "growth":
        sign = "+" if tgt.value >= 0 else "−"
        return t("target.growth", lang, sign=sign, value=fmt_number(abs(tgt.value), lang),
                 start=tgt.reference[0], end=tgt.reference[1])
    if tgt.kind == "cumulative":
        return t("target.cumulative", lang, value=value, start=PLAN_START, end=tgt.milestone)
    if tgt.kind == "milestone":
        return t("value.done", lang)
    if ind.measure == "percent" and tgt.value in (0.0, 100.0):
        return value  # "≥ 100%" would read oddly: the target is exactly all (or none)
    bound = "at_most" if ind.direction == "down" or tgt.kind == "at_most" else "at_least"
    return t(f"target.{bound}", lang, value=value)


def _baseline_text(row, ind: Indicator, lang: str) -> str:
    tgt = ind.target(int(row.milestone))
    if tgt is not None and tgt.kind == "growth" and not pd.isna(row.target):
        reference = growth_reference(row, tgt)  # the 2021-2025 sum or mean
        return t(f"baseline.growth_{tgt.aggregate}", lang, start=tgt.reference[0],
                 end=tgt.reference[1],
                 value=fmt_measure(reference, ind.measure, lang, compact=True))
    if pd.isna(row.baseline):
        return "–"
    return f"{fmt_measure(row.baseline, ind.measure, lang, compact=True)} ({int(row.baseline_year)})"


def indicator_rows(a: Assessment, area: int) -> list[tuple[str, ...]]:
    lang = a.lang
    d = a.district()
    d = d[d["area"] == area].sort_values(["indicator", "milestone"], kind="stable")
    rows = []
    for r in d.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        tgt = ind.target(r.milestone)
        base_year = None if pd.isna(r.baseline_year) else int(r.baseline_year)
        rows.append((cell(ind.name(lang)), str(r.milestone), target_text(ind, tgt, lang, base_year),
                     _baseline_text(r, ind, lang),
                     fmt_measure(r.expected, ind.measure, lang, compact=True),
                     fmt_measure(r.value, ind.measure, lang, compact=True), fmt_ratio(r.ratio, lang),
                     badge(r.status, lang), tgt.section))
    return rows


def _indicator_table(a: Assessment, area: int) -> str:
    lang = a.lang
    headers = [t("areas.col_indicator", lang), t("areas.col_milestone", lang),
               t("areas.col_target", lang), t("areas.col_baseline", lang),
               t("areas.col_expected", lang, year=a.year), t("areas.col_actual", lang, year=a.year),
               t("areas.col_ratio", lang), t("areas.col_status", lang),
               t("areas.col_section", lang)]
    name = cell(a.catalogue.area(area).name(lang))
    return table(headers, indicator_rows(a, area),
                 caption=t("areas.table_caption", lang, area=area, name=name, year=a.year),
                 ident=f"table-area-{area}", align="lcrrrrrll",
                 widths=[25, 5, 9, 10, 8, 8, 6, 11, 7])


def _notes(a: Assessment, area: int) -> str:
    notes = [f"*{cell(i.name(a.lang))}*: {cell(i.note(a.lang))}"
             for i in a.catalogue.indicators_in(area) if i.note(a.lang)]
    return join(t("areas.notes_heading", a.lang), bullets(notes)) if notes else ""


# ------------------------------------------------------------------ trend charts
def _trend_charts(a: Assessment, area: int, figs: Figures) -> str:
    """One figure of small multiples per area: every charted indicator's yearly values
    against its path to the focus milestone's target."""
    lang, milestone = a.lang, a.milestone
    d = a.district()
    d = d[(d["area"] == area) & (d["milestone"] == milestone)]
    panels, names = [], []
    for r in d.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        tgt = ind.target(milestone)
        if ind.measure == "done" or tgt.kind == "growth":
            continue
        series = yearly_series(a.observations, ind, tgt)
        if series["value"].notna().sum() == 0:
            continue
        panels.append(charts.TrendPanel(series, target_path(r, tgt), title=ind.name(lang),
                                        measure=ind.measure, target=float(r.target),
                                        milestone=milestone, direction=ind.direction))
        names.append(cell(ind.name(lang)))
    if not panels:
        return ""
    area_name = cell(a.catalogue.area(area).name(lang))
    chunks = [range(i, min(i + PANELS_PER_FIGURE, len(panels)))
              for i in range(0, len(panels), PANELS_PER_FIGURE)]
    parts = []
    for k, idx in enumerate(chunks, start=1):
        suffix = f" ({k}/{len(chunks)})" if len(chunks) > 1 else ""
        path, rel = figs.path(f"trends-area-{area}-{k}")
        charts.trend_grid([panels[i] for i in idx], lang=lang, path=path)
        parts.append(figure(rel, caption=t("areas.trend_caption", lang, name=area_name,
                                           milestone=milestone) + suffix,
                            alt=t("areas.trend_alt", lang, milestone=milestone,
                                  name="; ".join(names[i] for i in idx)),
                            ident=f"figure-trends-area-{area}-{k}"))
    return join(heading(3, t("areas.trend_heading", lang), unnumbered=True), *parts)


# ------------------------------------------------------------------ commune results
def _commune_table(a: Assessment, area: int) -> str:
    lang, milestone = a.lang, a.milestone
    c = a.communes
    c = c[(c["milestone"] == milestone)
          & c["indicator"].isin([i.code for i in a.catalogue.indicators_in(area)])]
    if c.empty:
        return ""
    rows = []
    for code, grp in c.groupby("indicator", sort=True):
        ind = a.catalogue.indicator(code)
        valued = grp.dropna(subset=["value"]).sort_values("rank", kind="stable")
        if valued.empty:
            continue
        best, worst = valued.iloc[0], valued.iloc[-1]
        def who(r) -> str:
            return f"{cell(a.units.name(r['unit'], lang))} ({fmt_measure(r['value'], ind.measure, lang)})"
        share = grp["share_meeting"].iloc[0]
        same = best["value"] == worst["value"]
        rows.append((cell(ind.name(lang)), str(len(valued)),
                     fmt_percent(100 * share if not math.isnan(share) else share, lang, 0),
                     t("areas.all_units", lang, value=fmt_measure(best["value"], ind.measure, lang))
                     if same else who(best), "" if same else who(worst)))
    if not rows:
        return ""
    headers = [t("areas.col_indicator", lang), t("areas.col_units", lang),
               t("areas.col_meeting", lang), t("areas.col_best", lang), t("areas.col_worst", lang)]
    return join(heading(3, t("areas.commune_heading", lang), unnumbered=True),
                table(headers, rows, caption=t("areas.commune_caption", lang, area=area,
                                               milestone=milestone, year=a.year),
                      ident=f"table-communes-area-{area}", align="lrrll",
                      widths=[30, 7, 8, 14, 14]))


def _area_score(a: Assessment, area: int) -> str:
    milestone = a.milestone
    r = a.areas[(a.areas["area"] == area) & (a.areas["milestone"] == milestone)]
    if r.empty:
        return ""
    r = r.iloc[0]
    score = "–" if pd.isna(r["score"]) else fmt_number(r["score"], a.lang, 2)
    return t("areas.score", a.lang, milestone=milestone, status=badge(r["status"], a.lang),
             score=score, with_data=int(r["n_with_data"]), total=int(r["n_indicators"]))


@part("area", draws=True)
def area_part(a: Assessment, figs: Figures, area: int) -> str:
    lang = a.lang
    info = a.catalogue.area(area)
    office = cell(a.units.name(info.office, lang))
    head = heading(2, cell(info.name(lang)), f"sec-area-{area}")
    lead = t("areas.lead", lang, office=office, section=info.section)
    if not a.catalogue.indicators_in(area):
        return join(head, lead, t("areas.no_indicators", lang, group=info.group or "–"))
    return join(head, lead, _area_score(a, area), _indicator_table(a, area), _notes(a, area),
                _trend_charts(a, area, figs), _commune_table(a, area))


@part("areas_intro")
def areas_intro(a: Assessment) -> str:
    return join(heading(1, t("areas.heading", a.lang), "sec-areas"),
                t("areas.intro", a.lang, year=a.year))
