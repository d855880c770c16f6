"""The analyst's narrative in the report: each section's prose with its live references
resolved from the results and formatted for the language (DESIGN.md section 4).

The prose is data, so it is escaped like every other input: a narrative keeps its
paragraphs, bullet and numbered lists, **bold** and *italic*; anything else (HTML, raw
Typst, links, images, headings, maths) is shown as the text it is.
"""
from __future__ import annotations

import re

import pandas as pd

from assessment.i18n import fmt_date, fmt_number, t
from assessment.intake.narrative import REFERENCE, Reference, Section
from assessment.plan.catalogue import PLAN_START
from assessment.progress.assessment import Assessment
from assessment.report.escape import md
from assessment.report.targets import quantity

__all__ = ["resolve", "section_markdown", "prose", "section_title", "narrative_block",
           "period_start_value", "in_sentence", "attached_note"]

_LIST = re.compile(r"^(\s*)([-*+]|\d{1,2}[.)])\s+(.*)$")
_EMPHASIS = re.compile(r"(\*\*[^*\n]+?\*\*|\*[^*\s][^*\n]*?\*)")


def in_sentence(name: str, lang: str) -> str:
    """An indicator's name inside a sentence: its first letter in lower case, unless it
    starts an abbreviation (HĐND, UBND, ISO) or a number."""
    if len(name) < 2 or name[1].isupper() or not name[0].isupper():
        return name
    return name[0].lower() + name[1:]


def section_title(a: Assessment, ident: str) -> str:
    """The heading of a narrative section as the report prints it (plain text)."""
    if ident.startswith("area-"):
        return a.catalogue.area(int(ident.split("-")[1])).name(a.lang)
    if ident == "next-year":
        key = "outline.next_year_review" if a.review else "outline.next_year"
        return t(key, a.lang, next=a.year + 1, end=2030 if a.year < 2030 else a.year + 5)
    return t(f"outline.{ident.replace('-', '_')}", a.lang)


def _row(a: Assessment, ref: Reference) -> pd.Series | None:
    unit = ref.option("unit") or "district"
    milestone = int(ref.option("milestone") or a.milestone)
    p = a.progress
    rows = p[(p["indicator"] == ref.code) & (p["unit"] == unit) & (p["milestone"] == milestone)]
    return rows.iloc[0] if len(rows) else None


def _value(a: Assessment, ref: Reference) -> float:
    """The figure cited: for the report year (no ``year=``), the value the assessment
    judges (the progress table's, e.g. a running total for a cumulative target); for an
    earlier year, the figure reported for it."""
    unit, year = ref.option("unit") or "district", int(ref.option("year") or a.year)
    if year == a.year:
        row = _row(a, ref)
        if row is not None and not pd.isna(row["value"]):
            return float(row["value"])
    obs = a.observations
    found = obs[(obs["indicator"] == ref.code) & (obs["unit"] == unit) & (obs["year"] == year)]
    return float(found["value"].iloc[0]) if len(found) else float("nan")


def resolve(a: Assessment, ref: Reference) -> str:
    """A reference as the reader sees it (escaped Markdown): ``82,5%`` / ``82.5%``, a
    status word, a count; "–" when the results hold no such figure."""
    lang = a.lang
    if ref.field == "task":
        rows = a.tasks[a.tasks["task"] == ref.code]
        return md(t(f"status.{rows['status'].iloc[0]}", lang).lower()) if len(rows) else "–"
    if ref.field == "count":
        milestone = int(ref.option("milestone") or a.milestone)
        d = a.district()
        if ref.option("area"):
            d = d[d["area"] == int(ref.option("area"))]
        n = int(((d["milestone"] == milestone) & (d["status"] == ref.option("status"))).sum())
        return fmt_number(n, lang, 0)
    ind = a.catalogue.indicator(ref.code)
    if ref.field == "value":
        return md(quantity(_value(a, ref), ind, lang))
    row = _row(a, ref)
    if row is None:
        return "–"
    if ref.field == "target":
        return md(quantity(row["target"], ind, lang))
    if ref.field == "status":
        return md(t(f"status.{row['status']}", lang).lower())
    return "–" if pd.isna(row["ratio"]) else fmt_number(row["ratio"], lang, 2)


def _inline(text: str, refs: dict[int, str]) -> str:
    """One line of prose: references by column, emphasis kept, the rest escaped."""
    out, pos = [], 0
    for match in REFERENCE.finditer(text):
        out.append(_emphasised(text[pos:match.start()]))
        out.append(refs.get(match.start() + 1, "–"))
        pos = match.end()
    out.append(_emphasised(text[pos:]))
    return "".join(out)


def _emphasised(text: str) -> str:
    parts = _EMPHASIS.split(text)
    out = []
    for i, piece in enumerate(parts):
        if i % 2 == 1:
            mark = "**" if piece.startswith("**") else "*"
            out.append(mark + md(piece[len(mark):-len(mark)]) + mark)
        else:
            # keep the spaces at the ends (md() trims them)
            lead = piece[:len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()):] if piece.strip() else ""
            out.append(lead + md(piece) + trail if piece.strip() else piece)
    return "".join(out)


def prose(lines, refs_by_line: dict[int, dict[int, str]]) -> str:
    """Pandoc Markdown of a section's body lines: paragraphs and lists."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(" ".join(para))
            para.clear()
        if items:
            blocks.append("\n".join(items))
            items.clear()

    for number, text in lines:
        if not text.strip() or text.lstrip().startswith("<!--"):
            flush()
            continue
        refs = refs_by_line.get(number, {})
        listed = _LIST.match(text)
        if listed:
            if para:
                flush()
            marker = "-" if listed.group(2) in "-*+" else listed.group(2)[:-1] + "."
            offset = len(text) - len(listed.group(3))
            shifted = {col - offset: value for col, value in refs.items()}
            items.append(f"{marker} {_inline(listed.group(3), shifted)}")
        elif items and text.startswith((" ", "\t")):
            items[-1] += " " + _inline(text.strip(), {col - (len(text) - len(text.lstrip())): v
                                                      for col, v in refs.items()})
        else:
            if items:
                flush()
            lead = len(text) - len(text.lstrip())
            para.append(_inline(text.strip(), {col - lead: v for col, v in refs.items()}))
    flush()
    return "\n\n".join(blocks)


def period_start_value(a: Assessment, code: str) -> float:
    """The district's figure of the plan's first year (the period's start)."""
    obs = a.observations
    found = obs[(obs["indicator"] == code) & (obs["unit"] == "district")
                & (obs["year"] == PLAN_START)]
    return float(found["value"].iloc[0]) if len(found) else float("nan")


def attached_note(a: Assessment) -> str:
    """Under an annex's heading: the report it is attached to (number, date, issuer)."""
    doc = a.document
    if not (doc.number and doc.day() and doc.issuer_lines(a.lang)) or a.draft:
        return ""
    return t("outline.attached", a.lang, number=md(doc.number),
             date=fmt_date(doc.day(), a.lang), issuer=md(" ".join(doc.issuer_lines(a.lang))))


def narrative_block(a: Assessment, ident: str) -> str:
    """The section's prose, or a note that it is not written yet (the edition is then a
    draft)."""
    return section_markdown(a, ident) or t("outline.not_written", a.lang)


def section_markdown(a: Assessment, ident: str) -> str:
    """The prose of section ``ident`` of the report language's narrative ("" if none)."""
    narrative = (a.narratives or {}).get(a.lang)
    section: Section | None = narrative.section(ident) if narrative else None
    if section is None:
        return ""
    numbers = {n for n, _ in section.lines}
    refs: dict[int, dict[int, str]] = {}
    for ref in narrative.references:
        if ref.line in numbers:
            refs.setdefault(ref.line, {})[ref.column] = resolve(a, ref)
    return prose(section.lines, refs)
