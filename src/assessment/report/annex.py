"""The annex (Phụ lục): per area, every target's details (baseline, value required by
the path, actual, pace ratio, status, seed section), the trend charts with their data,
the commune results and the interpretations of the targets."""
from __future__ import annotations

import math

import pandas as pd

from assessment.i18n import fmt_percent, fmt_ratio, t
from assessment.progress.assessment import Assessment
from assessment.progress.trends import target_path, yearly_series
from assessment.report import charts
from assessment.report.blocks import (badge, bullets, cell, chart_data, figure, heading, join,
                                      table)
from assessment.report.figures import Figures
from assessment.report.narrative import attached_note
from assessment.report.parts import part
from assessment.report.targets import baseline_text, quantity, target_text

PANELS_PER_FIGURE = 6  # three rows of two: a figure and its caption fit on one page


def detail_rows(a: Assessment, area: int) -> list[tuple[str, ...]]:
    lang = a.lang
    d = a.district()
    d = d[d["area"] == area].sort_values(["indicator", "milestone"], kind="stable")
    rows = []
    for r in d.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        tgt = ind.target(r.milestone)
        base_year = None if pd.isna(r.baseline_year) else int(r.baseline_year)
        rows.append((cell(ind.name(lang)), str(r.milestone), target_text(ind, tgt, lang, base_year),
                     baseline_text(r, ind, lang), quantity(r.expected, ind, lang),
                     quantity(r.value, ind, lang), fmt_ratio(r.ratio, lang),
                     badge(r.status, lang), tgt.section))
    return rows


def _detail_table(a: Assessment, area: int) -> str:
    lang = a.lang
    headers = [t("areas.col_indicator", lang), t("areas.col_milestone", lang),
               t("areas.col_target", lang), t("areas.col_baseline", lang),
               t("areas.col_expected", lang, year=a.year), t("areas.col_actual", lang, year=a.year),
               t("areas.col_ratio", lang), t("areas.col_status", lang),
               t("areas.col_section", lang)]
    name = cell(a.catalogue.area(area).name(lang))
    return table(headers, detail_rows(a, area),
                 caption=t("annex.table_caption", lang, area=area, name=name, year=a.year),
                 ident=f"table-annex-area-{area}", align="lcrrrrrll",
                 widths=[25, 5, 9, 10, 8, 8, 6, 11, 7])


def _notes(a: Assessment, area: int) -> str:
    notes = [f"*{cell(i.name(a.lang))}*: {cell(i.note(a.lang))}"
             for i in a.catalogue.indicators_in(area) if i.note(a.lang)]
    return join(t("areas.notes_heading", a.lang), bullets(notes)) if notes else ""


# ------------------------------------------------------------------ trend charts
def _series_text(series: pd.DataFrame, ind, lang: str) -> str:
    points = [f"{int(y)}: {quantity(v, ind, lang)}" for y, v in
              zip(series["year"], series["value"]) if not pd.isna(v)]
    return ", ".join(points)


def _trend_charts(a: Assessment, area: int, figs: Figures) -> str:
    """Small multiples of every charted indicator's yearly values against its path to the
    focus milestone's target; alt text and a data table carry the same numbers."""
    lang, milestone = a.lang, a.milestone
    d = a.district()
    d = d[(d["area"] == area) & (d["milestone"] == milestone)]
    panels, described, data_rows = [], [], []
    for r in d.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        tgt = ind.target(milestone)
        if ind.measure == "done" or tgt.kind == "growth" or r.status == "not_applicable":
            continue
        series = yearly_series(a.observations, ind, tgt)
        if series["value"].notna().sum() == 0:
            continue
        panels.append(charts.TrendPanel(series, target_path(r, tgt), title=ind.name(lang),
                                        measure=ind.measure, target=float(r.target),
                                        milestone=milestone, direction=ind.direction))
        target = quantity(r.target, ind, lang)
        described.append(t("annex.trend_alt_item", lang, name=cell(ind.name(lang)),
                           values=_series_text(series, ind, lang), milestone=milestone,
                           target=target))
        data_rows.append([cell(ind.name(lang)),
                          *(quantity(v, ind, lang) for v in series["value"]), target])
        years = [str(int(y)) for y in series["year"]]
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
                            alt="; ".join(described[i] for i in idx),
                            ident=f"figure-trends-area-{area}-{k}"))
        width = max(len(data_rows[i]) for i in idx)
        rows = [data_rows[i] + [""] * (width - len(data_rows[i])) for i in idx]
        headers = [t("areas.col_indicator", lang), *years[:width - 2],
                   t("annex.col_target", lang, milestone=milestone)]
        parts.append(chart_data(t("annex.chart_data", lang), headers, rows,
                                align="l" + "r" * (len(headers) - 1)))
    return join(heading(3, t("areas.trend_heading", lang), unnumbered=True), *parts)


# ------------------------------------------------------------------ commune results
def _commune_table(a: Assessment, area: int) -> str:
    lang, milestone = a.lang, a.milestone
    c = a.communes
    c = c[(c["milestone"] == milestone)
          & c["indicator"].isin([i.code for i in a.catalogue.indicators_in(area)])]
    rows = []
    for code, grp in c.groupby("indicator", sort=True):
        ind = a.catalogue.indicator(code)
        valued = grp.dropna(subset=["value"]).sort_values("rank", kind="stable")
        if valued.empty:
            continue
        best, worst = valued.iloc[0], valued.iloc[-1]
        def who(r) -> str:
            return f"{cell(a.units.name(r['unit'], lang))} ({quantity(r['value'], ind, lang)})"
        share = grp["share_meeting"].iloc[0]
        same = best["value"] == worst["value"]
        rows.append((cell(ind.name(lang)), str(len(valued)),
                     fmt_percent(100 * share if not math.isnan(share) else share, lang, 0),
                     t("areas.all_units", lang, value=quantity(best["value"], ind, lang))
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


@part("annex_area", draws=True)
def annex_area(a: Assessment, figs: Figures, area: int) -> str:
    info = a.catalogue.area(area)
    if not a.catalogue.indicators_in(area):
        return ""
    head = heading(2, t("annex.area_heading", a.lang, area=area, name=cell(info.name(a.lang))),
                   f"sec-annex-area-{area}")
    return join(head, _detail_table(a, area), _notes(a, area), _trend_charts(a, area, figs),
                _commune_table(a, area))


@part("annex_intro")
def annex_intro(a: Assessment) -> str:
    return join(heading(1, t("annex.heading", a.lang), "sec-annex", appendix=True),
                attached_note(a),
                t("annex.intro", a.lang, year=a.year, milestone=a.milestone))
