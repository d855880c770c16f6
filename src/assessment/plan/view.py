"""The catalogue as tables: what ``assessment plan`` prints."""
from __future__ import annotations

import textwrap

import pandas as pd

from assessment.plan.catalogue import Catalogue
from assessment.i18n import t


def targets_frame(cat: Catalogue) -> pd.DataFrame:
    """One row per indicator × milestone."""
    rows = []
    for ind, tgt in cat.targets():
        rows.append({
            "indicator": ind.code, "area": ind.area, "milestone": tgt.milestone,
            "kind": tgt.kind, "measure": ind.measure, "direction": ind.direction,
            "level": ind.level, "target": tgt.value, "target_high": tgt.high,
            "due": tgt.due.isoformat() if tgt.due else "",
            "schedule": ";".join(f"{y}:{v:g}" for y, v in tgt.schedule),
            "reference": f"{tgt.reference[0]}-{tgt.reference[1]}" if tgt.reference else "",
            "aggregate": tgt.aggregate or "", "section": tgt.section, "office": ind.office,
            "name_vi": ind.name_vi, "name_en": ind.name_en,
            "note_vi": ind.note_vi, "note_en": ind.note_en})
    return pd.DataFrame(rows)


def tasks_frame(cat: Catalogue) -> pd.DataFrame:
    rows = [{"task": x.code, "group": x.group, "area": x.area, "name_vi": x.name_vi,
             "name_en": x.name_en, "lead": ";".join(x.lead), "lead_vi": x.lead_vi,
             "partners_vi": x.partners_vi, "deadline": x.deadline.text,
             "deadline_kind": x.deadline.kind,
             "due": x.deadline.due.isoformat() if x.deadline.due else ""} for x in cat.tasks]
    return pd.DataFrame(rows)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or ""


def as_text(frame: pd.DataFrame, cat: Catalogue, *, tasks: bool, lang: str) -> str:
    """A readable listing grouped by area (targets) or group (tasks)."""
    lines: list[str] = []
    name = f"name_{lang}"
    if tasks:
        for group, grp in frame.groupby("group", sort=False):
            lines.append(f"\n== {group} ==")
            for r in grp.itertuples():
                due = r.due or t(f"deadline.{r.deadline_kind}", lang)
                lines.append(f"{r.task:<10} {due:<12} {getattr(r, name)}")
        return "\n".join(lines).lstrip()
    for area, grp in frame.groupby("area", sort=True):
        lines.append(f"\n== {area}. {cat.area(area).name(lang)} ==")
        for r in grp.itertuples():
            target = f"{r.target:g}" + (f"-{r.target_high:g}" if pd.notna(r.target_high) else "")
            label = t(f"kind.{r.kind}", lang)
            lines.append(f"{r.indicator:<24} {r.milestone} {label:<28} {target:>6} "
                         f"{r.measure:<11} {r.section:<10} {getattr(r, name)}")
    return "\n".join(lines).lstrip()
