"""The parts of the report an official document frames around the results: I. direction
and management, III. the general assessment (strengths, shortcomings, causes), IV. the
tasks ahead with the outlook to 2030, V. recommendations, and the close (signature and
recipients). Their prose is the analyst's narrative (:mod:`assessment.report.narrative`);
the outlook table is computed in :mod:`assessment.progress.outlook`.
"""
from __future__ import annotations

from assessment.i18n import t
from assessment.plan.catalogue import MILESTONES
from assessment.progress.assessment import Assessment
from assessment.progress.highlights import named_targets
from assessment.report.areas import area_part
from assessment.report.blocks import badge, cell, heading, join, table
from assessment.report.escape import md
from assessment.report.method import status_words
from assessment.report.narrative import narrative_block, section_title
from assessment.report.parts import part
from assessment.report.targets import quantity

LEADERSHIP = 9  # the area of the plan's leadership and direction indicators


@part("direction")
def direction(a: Assessment) -> str:
    return join(heading(1, section_title(a, "direction"), "sec-direction"),
                t("outline.illustrative", a.lang) if a.illustrative else "",
                narrative_block(a, "direction"),
                area_part(a, LEADERSHIP, False))


@part("evaluation")
def evaluation(a: Assessment) -> str:
    out = [heading(1, t("outline.evaluation", a.lang), "sec-evaluation")]
    for ident in ("strengths", "shortcomings", "causes"):
        out += [heading(2, section_title(a, ident), f"sec-{ident}"), narrative_block(a, ident)]
    return join(*out)


def _outlook_table(a: Assessment, milestone: int) -> str:
    lang = a.lang
    rows = named_targets(a.progress, milestone, ("reverse", "accelerate"), column="outlook")
    rows = rows.sort_values(["area", "indicator"], kind="stable")
    if rows.empty:
        return t("outlook.none", lang, milestone=milestone)
    body = []
    for r in rows.itertuples():
        ind = a.catalogue.indicator(r.indicator)
        body.append((f"{r.area}. {cell(ind.name(lang))}", quantity(r.value, ind, lang),
                     quantity(r.anticipated, ind, lang), quantity(r.target, ind, lang),
                     badge(r.outlook, lang)))
    headers = [t("areas.col_indicator", lang), t("outlook.col_value", lang, year=a.year),
               t("outlook.col_projection", lang, milestone=milestone),
               t("outlook.col_target", lang, milestone=milestone), t("outlook.col_outlook", lang)]
    return table(headers, body, caption=t("outlook.caption", lang, milestone=milestone),
                 ident="table-outlook", align="lrrrl", widths=[34, 9, 9, 9, 14])


@part("next_year")
def next_year(a: Assessment) -> str:
    lang = a.lang
    out = [heading(1, section_title(a, "next-year"), "sec-next-year"),
           narrative_block(a, "next-year")]
    milestone = MILESTONES[-1]
    if a.year < milestone:
        out += [heading(2, t("outlook.heading", lang, milestone=milestone), "sec-outlook",
                        unnumbered=True),
                t("outlook.intro", lang, milestone=milestone, **status_words(lang)),
                _outlook_table(a, milestone)]
    return join(*out)


@part("recommendations")
def recommendations(a: Assessment) -> str:
    return join(heading(1, section_title(a, "recommendations"), "sec-recommendations"),
                narrative_block(a, "recommendations"))


def _recipients(a: Assessment) -> str:
    lines = a.document.recipients.get(a.lang, ())
    if not lines:
        return ""
    items = [f"- {md(x)}{'.' if i == len(lines) - 1 else ';'}" for i, x in enumerate(lines)]
    return "\n".join([f"***{md(t('close.recipients', a.lang))}***", "", *items])


def _signature(a: Assessment) -> str:
    doc, lang = a.document, a.lang
    shout = (lambda s: s.upper()) if lang == "vi" else (lambda s: s)
    lines = [f"**{md(shout(x))}**" for x in (doc.text("authority", lang), doc.text("title", lang))
             if x]
    mark = t("close.unsigned" if a.draft else "close.signature", lang)
    name = f"**{md(doc.name)}**" if doc.name else ""
    return join("\\\n".join(lines), f"*{md(mark)}*", name)


@part("close")
def close(a: Assessment) -> str:
    """The signature block (right) and the recipients (left), as the form lays them out."""
    if not (a.document.name or a.document.recipients):
        return ""
    return "\n".join(["::: {.close}", "::: {.recipients}", _recipients(a), ":::", "",
                      "::: {.signature}", _signature(a), ":::", ":::"])
