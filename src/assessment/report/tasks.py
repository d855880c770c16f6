"""The task tracker: the appendix's 25 key tasks by group, overdue first, and a timeline."""
from __future__ import annotations

import pandas as pd

from assessment.report import charts
from assessment.report.blocks import badge, cell, chart_data, figure, heading, join, table
from assessment.plan.catalogue import GROUPS
from assessment.progress.assessment import Assessment
from assessment.report.figures import Figures
from assessment.report.parts import part
from assessment.i18n import fmt_date, t
from assessment.plan.status import TASK_STATUSES


def _counts(a: Assessment) -> str:
    lang = a.lang
    counts = a.tasks["status"].value_counts()
    rows = [(badge(s, lang), str(int(counts.get(s, 0)))) for s in TASK_STATUSES
            if counts.get(s, 0)]
    ref = fmt_date(a.params.reference, lang)
    return table([t("tasks.col_status", lang), t("tasks.col_count", lang)], rows,
                 caption=t("tasks.counts_caption", lang, reference=ref),
                 ident="table-task-counts", align="lr")


def _status_cell(r, lang: str) -> str:
    text = badge(r.status, lang)
    if r.completed_on is not None and not pd.isna(r.completed_on):
        text += " (" + t("tasks.completed_on", lang, date=fmt_date(r.completed_on, lang)) + ")"
    return text


def _group_table(a: Assessment, group: str, name: str) -> str:
    lang = a.lang
    frame = a.tasks[a.tasks["group"] == group]
    if frame.empty:
        return ""
    rows = []
    for r in frame.itertuples():
        task = a.catalogue.task(r.task)
        lead = task.lead_vi if lang == "vi" else task.lead_en
        deadline = task.deadline.text if lang == "vi" else t(f"deadline.{task.deadline.kind}", lang)
        if lang == "en" and task.deadline.due is not None:
            deadline = fmt_date(task.deadline.due, lang)
        note = r.note if isinstance(r.note, str) else ""
        code = r.task.replace("_", "\u2011")  # non-breaking hyphens: "T‑VI‑5" on one line
        rows.append((code, cell(task.name(lang)), cell(lead), cell(deadline),
                     _status_cell(r, lang), cell(note)))
    headers = [t(f"tasks.col_{c}", lang) for c in ("code", "task", "lead", "deadline", "status", "note")]
    return join(heading(3, t("tasks.group_heading", lang, group=group, name=name)),
                table(headers, rows, caption=t("tasks.table_caption", lang, group=group, name=name),
                      ident=f"table-tasks-{group.lower()}", align="llllll",
                      widths=[6, 24, 11, 8, 11, 10]))


@part("tasks", draws=True)
def tasks(a: Assessment, figs: Figures) -> str:
    lang = a.lang
    ref = fmt_date(a.params.reference, lang)
    path, rel = figs.path("task-timeline")
    labels = {x.code: f"{x.code.replace('_', '-')} {x.name(lang)}" for x in a.catalogue.tasks}
    charts.task_timeline(a.tasks, task_labels=labels, reference_date=a.params.reference,
                         lang=lang, path=path)
    counts = a.tasks["status"].value_counts()
    counted = ", ".join(f"{int(counts[s])} {t('status.' + s, lang).lower()}"
                        for s in TASK_STATUSES if counts.get(s, 0))
    return join(heading(2, t("tasks.heading", lang), "sec-tasks"),
                t("tasks.intro", lang, n=len(a.tasks), reference=ref), _counts(a),
                figure(rel, caption=t("tasks.timeline_caption", lang),
                       alt=t("tasks.timeline_alt", lang, n=len(a.tasks), counts=counted),
                       ident="figure-task-timeline"),
                _timeline_data(a), _attention(a))


ATTENTION = ("overdue", "due_soon", "not_started")


def _attention(a: Assessment) -> str:
    """The tasks that call for action, named in the body (every task is in the annex)."""
    lang = a.lang
    frame = a.tasks[a.tasks["status"].isin(ATTENTION)]
    if frame.empty:
        return t("tasks.attention_none", lang)
    items = []
    for r in frame.itertuples():
        task = a.catalogue.task(r.task)
        lead = task.lead_vi if lang == "vi" else task.lead_en
        due = task.deadline.due
        items.append(t("tasks.attention_item", lang, code=r.task.replace("_", "\u2011"),
                       name=cell(task.name(lang)), lead=cell(lead), status=badge(r.status, lang),
                       deadline=fmt_date(due, lang) if due else cell(task.deadline.text)))
    return join(t("tasks.attention_intro", lang), "\n".join(f"- {i}" for i in items),
                t("tasks.annex_pointer", lang))


@part("annex_tasks")
def annex_tasks(a: Assessment) -> str:
    """The annex's task tables, one per group."""
    lang = a.lang
    names = {x.group: cell(x.name(lang)) for x in a.catalogue.areas if x.group}
    groups = [_group_table(a, g, names.get(g, g)) for g in GROUPS]
    return join(heading(2, t("tasks.annex_heading", lang), "sec-annex-tasks"), *groups)


def _timeline_data(a: Assessment) -> str:
    """The timeline's data: each task's deadline and status."""
    lang = a.lang
    rows = []
    for r in a.tasks.itertuples():
        task = a.catalogue.task(r.task)
        due = task.deadline.due
        rows.append((r.task.replace("_", "\u2011"), cell(task.name(lang)),
                     fmt_date(due, lang) if due else t(f"deadline.{task.deadline.kind}", lang),
                     t(f"status.{r.status}", lang)))
    headers = [t(f"tasks.col_{c}", lang) for c in ("code", "task", "deadline", "status")]
    return chart_data(t("annex.chart_data", lang), headers, rows)
