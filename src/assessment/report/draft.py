"""A first draft of the analyst's narrative, written from the results
(``assessment narrative --year Y``): for each section, sentences whose figures are live
references (``{{ value CODE }}``, ``{{ count status=achieved area=2 }}``), for the analyst
to edit. The area tables already list every target, so the draft names only a few met and
the missed ones. Sections only the analyst can write (the causes, the recommendations)
get a prompt in a comment and stay empty, so an edition built from the untouched draft is
marked draft.
"""
from __future__ import annotations

from assessment.i18n import t
from assessment.intake.narrative import SECTIONS
from assessment.plan.catalogue import MILESTONES
from assessment.progress.assessment import Assessment
from assessment.progress.highlights import MISSED_FINAL, named_targets
from assessment.report.narrative import in_sentence, section_title

__all__ = ["draft_narrative"]

NAMED_MET = 2     # met targets named per area
NAMED_LIST = 6    # targets named in a plan-wide sentence


def _name(a: Assessment, code: str) -> str:
    return in_sentence(a.catalogue.indicator(code).name(a.lang), a.lang)


def _codes(a: Assessment, milestone: int, statuses, area: int | None = None,
           column: str = "status") -> list[str]:
    rows = named_targets(a.progress, milestone, statuses, column=column)
    if area is not None:
        rows = rows[rows["area"] == area]
    return list(rows["indicator"])


def _items(a: Assessment, codes, key: str, milestone: int) -> str:
    """The targets named in a sentence; a done-by-date one by its name alone."""
    def one(code: str) -> str:
        ind = a.catalogue.indicator(code)
        if ind.measure == "done":
            key_used = "draft.item_done"
        else:
            key_used = key + ("_down" if ind.direction == "down" else "")
        return t(key_used, a.lang, name=_name(a, code), code=code, milestone=milestone)
    return "; ".join(one(c) for c in codes)


def _missed(a: Assessment, milestone: int) -> tuple[str, ...]:
    """The statuses of a target that fell short: missed once final, else behind."""
    return MISSED_FINAL if a.year >= milestone else ("off_track", "regressing")


def _area(a: Assessment, area: int, milestone: int) -> list[str]:
    lang = a.lang
    met = _codes(a, milestone, ("achieved",), area)
    missed = _codes(a, milestone, _missed(a, milestone), area)
    out = []
    if met:
        out.append(t("draft.area_met", lang, area=area, milestone=milestone,
                     items=_items(a, met[:NAMED_MET], "draft.item_met", milestone)))
    if missed:
        key = "draft.area_missed" if a.year >= milestone else "draft.area_behind"
        out.append(t(key, lang, items=_items(a, missed, "draft.item_missed", milestone)))
    return [" ".join(out) if out else t("draft.none", lang, milestone=milestone)]


def _area_names(a: Assessment, milestone: int, status: str) -> str:
    rows = a.areas[(a.areas["milestone"] == milestone) & (a.areas["status"] == status)
                   & (a.areas["n_indicators"] > 0)]
    return ", ".join(a.catalogue.area(int(k)).name(a.lang) for k in rows["area"])


def _strengths(a: Assessment, milestone: int) -> list[str]:
    names = _area_names(a, milestone, "achieved")
    text = t("draft.strengths", a.lang, milestone=milestone)
    return [text + (" " + t("draft.strengths_areas", a.lang, names=names) if names else "")]


def _shortcomings(a: Assessment, milestone: int) -> list[str]:
    statuses = _missed(a, milestone)
    codes = _codes(a, milestone, statuses)
    if not codes:
        return [t("draft.none_missed", a.lang, milestone=milestone)]
    names = "; ".join(_name(a, c) for c in codes[:NAMED_LIST])
    more = t("draft.more", a.lang, n=len(codes) - NAMED_LIST) if len(codes) > NAMED_LIST else ""
    key = "draft.shortcomings_final" if a.year >= milestone else "draft.shortcomings_year"
    return [t(key, a.lang, milestone=milestone, names=names + more)]


def _next(a: Assessment) -> list[str]:
    milestone = MILESTONES[-1]
    out = []
    for outlook in ("accelerate", "reverse"):
        codes = _codes(a, milestone, (outlook,), column="outlook")
        if codes:
            names = "; ".join(_name(a, c) for c in codes[:NAMED_LIST])
            if len(codes) > NAMED_LIST:
                names += t("draft.more", a.lang)
            out.append(t(f"draft.next_{outlook}", a.lang, milestone=milestone, names=names))
    return [" ".join(out) or t("draft.next_none", a.lang, milestone=milestone), "",
            t("draft.prompt_next", a.lang)]


def _body(a: Assessment, ident: str, milestone: int) -> list[str]:
    lang = a.lang
    if ident.startswith("area-"):
        return _area(a, int(ident.split("-")[1]), milestone)
    if ident == "direction":
        return [t("draft.direction", lang, year=a.year, milestone=milestone), "",
                t("draft.prompt_direction", lang)]
    if ident == "strengths":
        return _strengths(a, milestone)
    if ident == "shortcomings":
        return _shortcomings(a, milestone)
    if ident == "next-year":
        return _next(a)
    return [t(f"draft.prompt_{ident.replace('-', '_')}", lang)]


def draft_narrative(a: Assessment) -> str:
    """The draft of ``a.lang``'s narrative file (Markdown with live references)."""
    lang, milestone = a.lang, a.milestone
    out = [t("draft.header", lang, year=a.year, language=lang), ""]
    for ident in SECTIONS:
        out += [f"## {section_title(a, ident)} {{#{ident}}}", "", *_body(a, ident, milestone), ""]
    return "\n".join(out).rstrip() + "\n"
