"""Commune comparison: a unit × indicator heatmap and a ranking by mean score."""
from __future__ import annotations

import pandas as pd

from assessment.i18n import fmt_number, fmt_percent, t
from assessment.progress.assessment import Assessment
from assessment.progress.rankings import ranked_rows
from assessment.report import charts
from assessment.plan.status import INDICATOR_STATUSES, SYMBOLS
from assessment.report.blocks import badge, bullets, cell, chart_data, figure, heading, join, table
from assessment.report.figures import Figures
from assessment.report.parts import part

COLUMNS_PER_HEATMAP = 9  # indicators per heatmap, so that its cells stay legible in print


def _alt(statuses: pd.DataFrame, names: dict, lang: str) -> str:
    items = []
    for unit, row in statuses.iterrows():
        counts = row.value_counts()
        text = ", ".join(f"{int(counts[s])} {t('status.' + s, lang).lower()}"
                         for s in INDICATOR_STATUSES if counts.get(s, 0))
        items.append(t("communes.heatmap_alt_item", lang, unit=names[unit], counts=text))
    return t("communes.heatmap_alt", lang, items="; ".join(items))


def _data(matrix: pd.DataFrame, statuses: pd.DataFrame, names: dict, labels: dict,
          lang: str) -> str:
    rows = [[cell(names[unit]), *(f"{fmt_percent(matrix.loc[unit, c], lang)} "
                                  f"{SYMBOLS.get(statuses.loc[unit, c], '')}".strip()
                                  for c in matrix.columns)]
            for unit in matrix.index]
    headers = [t("communes.col_unit", lang), *(labels[c] for c in matrix.columns)]
    return chart_data(t("annex.chart_data", lang), headers, rows,
                      align="l" + "r" * len(matrix.columns))


@part("communes", draws=True)
def communes(a: Assessment, figs: Figures) -> str:
    lang, milestone = a.lang, a.milestone
    c = ranked_rows(a.communes, a.catalogue, milestone)
    units = sorted(c["unit"].unique())
    head = heading(2, t("communes.heading", lang), "sec-communes")
    intro = t("communes.intro", lang, year=a.year, n=len(units), milestone=milestone)
    if c.empty:
        return join(head, intro)
    matrix = c.pivot(index="unit", columns="indicator", values="value")
    statuses = c.pivot(index="unit", columns="indicator", values="status")
    codes = list(matrix.columns)
    labels = {code: f"C{i + 1}" for i, code in enumerate(codes)}
    names = {u: a.units.name(u, lang) for u in matrix.index}
    chunks = [codes[i:i + COLUMNS_PER_HEATMAP] for i in range(0, len(codes), COLUMNS_PER_HEATMAP)]
    figures = []
    for k, chunk in enumerate(chunks, start=1):
        path, rel = figs.path(f"commune-heatmap-{k}")
        charts.commune_heatmap(matrix[chunk], statuses[chunk], unit_names=names,
                               indicator_labels=labels, lang=lang, path=path)
        suffix = f" ({labels[chunk[0]]}–{labels[chunk[-1]]})" if len(chunks) > 1 else ""
        figures.append(figure(rel, caption=t("communes.heatmap_caption", lang, year=a.year)
                              + suffix, alt=_alt(statuses[chunk], names, lang),
                              ident=f"figure-commune-heatmap-{k}"))
        figures.append(_data(matrix[chunk], statuses[chunk], names, labels, lang))
    legend = bullets([f"{labels[code]}: {cell(a.catalogue.indicator(code).name(lang))}"
                      for code in codes])
    r = a.rankings
    rows = [(fmt_number(x.rank, lang, 0), cell(a.units.name(x.unit, lang)),
             fmt_number(x.score, lang, 2), f"{x.met}/{x.n}",
             badge(x.status, lang))
            for x in r.itertuples()]
    headers = [t(f"communes.col_{k}", lang) for k in ("rank", "unit", "score", "meeting", "status")]
    return join(head, intro, t("communes.mergers", lang) if a.after_district else "",
                t("communes.legend", lang), legend, *figures,
                table(headers, rows, caption=t("communes.ranking_caption", lang, year=a.year),
                      ident="table-commune-ranking", align="rlrrl", widths=[4, 16, 7, 7, 11]))
