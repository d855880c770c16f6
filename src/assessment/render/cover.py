"""The official form of the cover (Decree 30/2020/NĐ-CP): the issuer (and its parent
body), the number, the national heading, place and date, the document type, and whether
the edition is a draft. From the year's edition file and narrative; plain text, escaped
by the document writer. Light: no pandas, no notebooks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from assessment.i18n import fmt_date, t

__all__ = ["Cover", "cover_facts", "place_date"]


@dataclass(frozen=True)
class Cover:
    issuer: tuple[str, ...] = ()   # lines of the issuing body, as written
    parent: str = ""               # the body above it, if any
    number: str = ""               # "Số: 06/BC-UBND"
    place_date: str = ""           # "Hương Khê, ngày 15 tháng 01 năm 2026"
    draft: bool = False
    draft_note: str = ""           # why it is a draft
    facts_note: str = ""           # the document facts are illustrative


def place_date(place: str, day: dt.date | None, year: int, lang: str) -> str:
    """The place-and-date line: days below 10 and months 1-2 with a leading zero (vi)."""
    if day is None:
        return t("cover.place_date_blank", lang, place=place, year=year + 1)
    if lang == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        date = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    else:
        date = fmt_date(day, lang, style="long")
    return t("cover.place_date", lang, place=place, date=date)


def cover_facts(data_dir: Path, year: int, lang: str) -> Cover:
    """The cover of ``year``'s edition in ``lang``; a draft when the edition file says so
    or a required narrative section is missing."""
    from assessment.intake.document import edition_document
    from assessment.intake.narrative import SECTIONS, missing_sections
    doc = edition_document(Path(data_dir), year)
    missing = missing_sections(Path(data_dir), year, lang)
    why = []
    if doc.is_draft:
        why.append(t("cover.draft_status", lang))
    if len(missing) == len(SECTIONS):
        why.append(t("cover.draft_no_narrative", lang, year=year, name=f"{lang}.md"))
    elif missing:
        why.append(t("cover.draft_missing", lang, ids=", ".join(missing)))
    draft = bool(why)
    symbol = doc.number[doc.number.index("/"):] if "/" in doc.number else "/BC-UBND"
    number = (t("cover.number", lang, number=doc.number) if doc.number and not draft
              else t("cover.number", lang, number="\u2003\u2003" + symbol))
    place = doc.text("place", lang)
    return Cover(
        issuer=doc.issuer_lines(lang), parent=doc.text("parent", lang), number=number,
        place_date=place_date(place, None if draft else doc.day(), year, lang) if place else "",
        draft=draft, draft_note=t("cover.draft_note", lang, why="; ".join(why)) if draft else "",
        facts_note=t("cover.illustrative_facts", lang) if doc.illustrative else "")
