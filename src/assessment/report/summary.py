"""The summary (Tóm tắt / Summary), first after the cover: in sentences, what was
achieved (named, with figures), what was not and the outlook; then the one-page
dashboard of the areas (status per milestone and the outlook), as ESCAP's SDG progress
snapshot does for goals. No chart comes before it.
"""
from __future__ import annotations

from assessment.i18n import t
from assessment.plan.catalogue import MILESTONES, PLAN_START
from assessment.plan.status import OUTLOOKS, SYMBOLS
from assessment.progress.assessment import Assessment
from assessment.progress.highlights import (MET, MET_OR_ON_TRACK, MISSED, MISSED_FINAL,
                                            named_targets)
from assessment.progress.outlook import outlook_counts
from assessment.progress.overview import overall, scored_areas, task_counts
from assessment.report.blocks import badge, cell, heading, join, table
from assessment.report.narrative import in_sentence
from assessment.report.parts import part
from assessment.report.targets import bound_text, quantity

NAMED = 4  # targets named in a sentence before "and n more"


def _named(a: Assessment, rows, key: str) -> str:
    lang = a.lang
    items = []
    for r in rows.head(NAMED).itertuples():
        ind = a.catalogue.indicator(r.indicator)
        # a target behind its path is measured against the value the path requires now
        goal = r.expected if key == "lead.behind_item" else r.target
        form = "_done" if ind.measure == "done" else "_down" if ind.direction == "down" else ""
        items.append(t(key + form, lang, name=in_sentence(cell(ind.name(lang)), lang),
                       value=quantity(r.value, ind, lang), target=bound_text(goal, ind, lang)))
    if len(rows) > NAMED:
        items.append(t("lead.more", lang, n=len(rows) - NAMED))
    return "; ".join(items)


def _achieved(a: Assessment, milestone: int) -> str:
    lang = a.lang
    d = a.district()
    d = d[(d["milestone"] == milestone) & ~d["status"].isin(("pending", "not_applicable",
                                                              "insufficient_data"))]
    final = a.year >= milestone
    met = named_targets(a.progress, milestone, MET if final else MET_OR_ON_TRACK)
    missed = named_targets(a.progress, milestone, MISSED_FINAL if final else MISSED)
    out = []
    if len(met):
        out.append(t("lead.achieved" if final else "lead.achieved_year", lang, n=len(met),
                     total=len(d), milestone=milestone, year=a.year,
                     items=_named(a, met, "lead.achieved_item")))
    if len(missed):
        out.append(t("lead.missed" if final else "lead.missed_year", lang, n=len(missed),
                     items=_named(a, missed, "lead.missed_item" if final
                                  else "lead.behind_item")))
    elif final:
        out.append(t("lead.none_missed", lang))
    return join(*out)


def _next_milestone(a: Assessment) -> int | None:
    """The milestone the outlook looks to: the plan's end, 2030, while it is ahead."""
    return MILESTONES[-1] if a.year < MILESTONES[-1] else None


def _outlook(a: Assessment) -> str:
    nxt = _next_milestone(a)
    if nxt is None:
        return ""
    lang = a.lang
    total = outlook_counts(a.progress, nxt).set_index("area").loc[0]
    if not total["n_projected"]:
        return ""
    reverse = named_targets(a.progress, nxt, ("reverse",), column="outlook")
    names = "; ".join(in_sentence(cell(a.catalogue.indicator(c).name(lang)), lang)
                      for c in reverse["indicator"].head(NAMED))
    return t("lead.outlook", lang, next=nxt, total=int(total["n_projected"]),
             **{o: int(total[f"n_{o}"]) for o in OUTLOOKS},
             names=t("lead.reverse_names", lang, names=names) if names else "")


def _tasks(a: Assessment) -> str:
    counts = task_counts(a.tasks)
    return t("lead.tasks", a.lang, n=len(a.tasks),
             done=counts.get("done", 0) + counts.get("done_late", 0),
             overdue=counts.get("overdue", 0))


def _outlook_cell(row) -> str:
    cells = [f"[{SYMBOLS[o]} {int(row[f'n_{o}'])}]{{.status .{o}}}" for o in OUTLOOKS
             if row[f"n_{o}"]]
    return " ".join(cells) if cells else "–"


def _status_cell(areas, area: int, milestone: int, final: bool, lang: str) -> str:
    rows = areas[(areas["area"] == area) & (areas["milestone"] == milestone)]
    if not len(rows):
        return "–"
    r = rows.iloc[0]
    met = f" {int(r['n_achieved'])}/{int(r['n_counted'])}" if final else ""
    return badge(r["status"], lang) + met


def _total_cell(a: Assessment, milestone: int, lang: str) -> str:
    o = overall(a.progress, milestone)
    return badge(o.status, lang) + (f" {o.achieved}/{o.final}" if a.year >= milestone else "")


def dashboard(a: Assessment) -> str:
    """One row per area: its status at each milestone still reported and the outlook to
    the next milestone (the number of targets by outlook)."""
    lang = a.lang
    shown = [m for m in MILESTONES if m >= a.milestone]
    nxt = _next_milestone(a) or shown[-1]
    outlook = outlook_counts(a.progress, nxt).set_index("area")
    scored = scored_areas(a.areas, shown[0])
    rows = []
    for area in scored["area"]:
        name = f"{area}. {cell(a.catalogue.area(area).name(lang))}"
        statuses = [_status_cell(a.areas, area, m, a.year >= m, lang) for m in shown]
        rows.append((name, *statuses,
                     _outlook_cell(outlook.loc[area]) if area in outlook.index else "–"))
    totals = outlook.loc[0] if 0 in outlook.index else None
    rows.append((f"**{t('dashboard.total', lang)}**",
                 *(_total_cell(a, m, lang) for m in shown),
                 _outlook_cell(totals) if totals is not None else "–"))
    headers = [t("dashboard.col_area", lang),
               *(t("dashboard.col_milestone", lang, milestone=m) for m in shown),
               t("dashboard.col_outlook", lang, next=nxt)]
    key = "dashboard.caption" if a.year >= a.milestone else "dashboard.caption_year"
    legend = ", ".join(f"{SYMBOLS[o]} {t(f'status.{o}', lang)}" for o in OUTLOOKS)
    widths = [30, *([13] * len(shown)), 14]
    return join(table(headers, rows, caption=t(key, lang, milestone=a.milestone, next=nxt,
                                               year=a.year),
                      ident="table-dashboard", align="l" + "l" * len(shown) + "l",
                      widths=widths),
                t("dashboard.note", lang, next=nxt) + " " + legend + ".")


@part("summary")
def summary(a: Assessment) -> str:
    lang, milestone = a.lang, a.milestone
    period = ""
    if a.review:
        key = "lead.period" if a.year < MILESTONES[-1] else "lead.period_final"
        period = t(key, lang, start=PLAN_START, year=a.year, next=a.year + 5)
    return join(
        heading(1, t("summary.heading", lang), "sec-summary", unnumbered=True),
        period,
        t("summary.after_district", lang) if a.after_district else "",
        _achieved(a, milestone),
        _outlook(a),
        _tasks(a),
        dashboard(a))
