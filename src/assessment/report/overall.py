"""Part II of the report, its opening: the results as a whole (key figures, the status
key, the areas' verdicts and chart, the targets needing attention, the province's
context), before one section per reform area (:mod:`assessment.report.areas`).

In a milestone year the part reviews the period (``outline.results_review``). All wording
comes from ``locales/``; everything from data is escaped.
"""
from __future__ import annotations

import math

from assessment.i18n import fmt_date, fmt_number, fmt_percent, t
from assessment.plan.catalogue import PLAN_START
from assessment.plan.status import INDICATOR_STATUSES, TASK_STATUSES
from assessment.progress.assessment import Assessment
from assessment.progress.overview import scored_areas, task_counts
from assessment.report import charts
from assessment.report.blocks import badge, bullets, cell, chart_data, figure, heading, join, table
from assessment.report.targets import bound_text, quantity
from assessment.report.figures import Figures
from assessment.report.parts import part

ATTENTION = ("off_track", "regressing", "not_achieved")


def _counts_text(counts: dict[str, int], lang: str, order, noun: str = "targets") -> str:
    """``10 chỉ tiêu đã đạt, 5 chỉ tiêu không đạt`` / ``10 achieved, 5 not achieved``."""
    items = [t(f"summary.count_{noun}", lang, n=n, status=t(f"status.{s}", lang).lower())
             for s in order if (n := counts.get(s, 0))]
    return ", ".join(items) if items else "–"


def _status_key(lang: str) -> str:
    """What each status means, before the first table that uses them."""
    rows = [(badge(s, lang), t(f"key.{s}", lang)) for s in INDICATOR_STATUSES]
    return table([t("methodology.col_status", lang), t("key.col_meaning", lang)], rows,
                 caption=t("key.caption", lang), ident="table-status-key", align="ll",
                 widths=[9, 30])


def _score_text(score: float, lang: str) -> str:
    return "–" if score is None or math.isnan(score) else fmt_number(score, lang, 2)


# ------------------------------------------------------------------ summary
def _figure(row, lang: str) -> str:
    """A key figure as the summary shows it: a count, "n/total" or a percentage."""
    if row.figure == "coverage":
        return fmt_percent(row.value, lang)
    if row.figure == "targets":
        return fmt_number(row.value, lang, 0)
    count = str(int(row.value))
    return count if math.isnan(row.total) else f"{count}/{int(row.total)}"


def _key_figures(a: Assessment, lang: str) -> str:
    rows = [(t(f"summary.kf_{r.figure}", lang, year=a.year, milestone=a.milestone),
             _figure(r, lang)) for r in a.key_figures.itertuples()]
    return table([t("summary.kf_item", lang), t("summary.kf_value", lang)], rows,
                 caption=t("summary.key_figures", lang), ident="table-key-figures", align="lr")


def _areas_table(a: Assessment, milestone: int, lang: str) -> str:
    frame = scored_areas(a.areas, milestone)
    coverage = a.coverage.set_index("area")
    rows = []
    for r in frame.itertuples():
        counts = {s: int(getattr(r, f"n_{s}")) for s in INDICATOR_STATUSES}
        cov = coverage.loc[r.area] if r.area in coverage.index else None
        rows.append((f"{r.area}. {cell(a.catalogue.area(r.area).name(lang))}",
                     badge(r.status, lang), _score_text(r.score, lang),
                     _counts_text(counts, lang, INDICATOR_STATUSES, "short"),
                     f"{r.n_assessed}/{r.n_counted}",
                     "–" if cov is None else fmt_percent(100 * cov["coverage"], lang, 0)))
    headers = [t("quality.col_area", lang), t("areas.col_status", lang),
               t("communes.col_score", lang), t("summary.col_counts", lang),
               t("summary.col_assessed", lang), t("summary.col_coverage", lang)]
    return join(table(headers, rows, caption=t("summary.areas_caption", lang, milestone=milestone),
                      ident="table-areas", align="llrlrr", widths=[20, 11, 6, 20, 7, 7]),
                t("summary.area_rule", lang))


def _attention(a: Assessment, lang: str) -> str:
    d = a.district()
    d = d[d["status"].isin(ATTENTION)].sort_values(["milestone", "area", "indicator"],
                                                    kind="stable")
    if d.empty:
        return t("summary.attention_none", lang)
    items = []
    for r in d.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        final = r.status == "not_achieved"
        required = bound_text(r.target if final else r.expected, ind, lang)
        items.append(t("summary.attention_final" if final else "summary.attention_item", lang,
                       name=cell(ind.name(lang)), area=r.area, milestone=r.milestone,
                       status=badge(r.status, lang), value=quantity(r.value, ind, lang),
                       required=required, year=a.year))
    return join(t("summary.attention_intro", lang), bullets(items))


def _context_table(a: Assessment, lang: str) -> str:
    ctx = a.context
    if ctx is None or ctx.empty:
        return ""
    rows = []
    for year, grp in ctx.groupby("year"):
        vals = {r.indicator: r for r in grp.itertuples()}
        def show(code: str, pct: bool) -> str:
            r = vals.get(code)
            if r is None:
                return "–"
            value = fmt_percent(r.value, lang, 2) if pct else fmt_number(r.value, lang, 2)
            return f"{value} ({int(r.rank)}/{int(r.of)})"
        rows.append((str(year), show("PAR_INDEX", False), show("SIPAS", True)))
    source = cell(ctx["source"].dropna().iloc[0]) if "source" in ctx else ""
    return join(heading(3, t("summary.context_heading", lang), unnumbered=True),
                t("summary.context_intro", lang, source=source),
                table([t("summary.context_year", lang), t("summary.context_par", lang),
                       t("summary.context_sipas", lang)], rows,
                      caption=t("summary.context_caption", lang), ident="table-context",
                      align="lrr"),
                t("summary.context_target", lang),
                t("summary.context_scorecards", lang, year=a.year) if a.scorecards else "")


def _overall_text(a: Assessment, lang: str) -> str:
    o = a.overall
    if o.status == "insufficient_data":
        return t("summary.overall_none", lang, milestone=o.milestone, judged=o.judged, n=o.n)
    if o.milestone <= a.year:
        return t("summary.overall_final", lang, milestone=o.milestone, achieved=o.achieved,
                 n=o.final, share=fmt_percent(o.share_achieved, lang, 0),
                 next=o.milestone + 5)
    return t("summary.overall", lang, milestone=o.milestone, status=badge(o.status, lang),
             score=_score_text(o.score, lang), n=o.n,
             counts=_counts_text(o.counts, lang, INDICATOR_STATUSES))


def _overview(a: Assessment, figs: Figures, lang: str, milestone: int) -> str:
    """The headline chart, its alt text with the counts, and its data one click away."""
    frame = scored_areas(a.areas, milestone)
    names = {x.area: x.name(lang) for x in a.catalogue.areas}
    path, rel = figs.path("status-overview")
    charts.status_overview(frame, names, lang=lang, path=path)
    described = [t("summary.chart_alt_item", lang, area=r.area,
                   counts=_counts_text({s: int(getattr(r, f"n_{s}")) for s in INDICATOR_STATUSES},
                                       lang, INDICATOR_STATUSES, "short"))
                 for r in frame.itertuples()]
    statuses = [s for s in INDICATOR_STATUSES if frame[f"n_{s}"].sum()]
    rows = [[f"{r.area}. {cell(names[r.area])}", *(str(int(getattr(r, f"n_{s}"))) for s in statuses)]
            for r in frame.itertuples()]
    headers = [t("quality.col_area", lang), *(t(f"status.{s}", lang) for s in statuses)]
    return join(figure(rel, caption=t("summary.chart_caption", lang, milestone=milestone),
                       alt=t("summary.chart_alt", lang, milestone=milestone,
                             items="; ".join(described)),
                       ident="figure-status-overview"),
                chart_data(t("annex.chart_data", lang), headers, rows,
                           align="l" + "r" * len(statuses)))


@part("results", draws=True)
def results(a: Assessment, figs: Figures) -> str:
    lang, milestone = a.lang, a.milestone
    method = t(f"method.name.{a.params.method}", lang)
    title = (t("outline.results_review", lang, start=PLAN_START, year=a.year) if a.review
             else t("outline.results", lang, year=a.year))
    return join(
        heading(1, title, "sec-results"),
        t("areas.intro", lang, year=a.year),
        heading(2, t("outline.overall", lang), "sec-overall", unnumbered=True),
        t("summary.intro", lang, reference=fmt_date(a.params.reference, lang), method=method),
        t("summary.after_district", lang) if a.after_district else "",
        _overall_text(a, lang),
        _key_figures(a, lang),
        _status_key(lang),
        _overview(a, figs, lang, milestone),
        _areas_table(a, milestone, lang),
        heading(3, t("summary.attention_heading", lang), unnumbered=True),
        _attention(a, lang),
        t("summary.tasks_sentence", lang, n=len(a.tasks),
          counts=_counts_text(task_counts(a.tasks), lang, TASK_STATUSES, "tasks")),
        _context_table(a, lang))
