"""Values that entered the figures although validation doubted them (a percentage typed
as a fraction, ``0.9`` for 90%): the report says so where the figure is shown."""
from __future__ import annotations

from assessment.i18n import fmt_percent, t
from assessment.progress.assessment import Assessment
from assessment.report.blocks import cell

DOUBTED = ("probably_fraction",)


def doubted(a: Assessment) -> list:
    return [p for p in a.problems if p.rule in DOUBTED]


def _field(problem, name: str):
    return dict(problem.fields).get(name)


def flagged(a: Assessment, code: str) -> bool:
    """Whether a doubted value of indicator ``code`` enters the year's figures."""
    return any(_field(p, "indicator") == code for p in doubted(a))


def flag_note(a: Assessment, area: int) -> str:
    """The footnote (``*``) under an area's table naming each doubted value."""
    lang = a.lang
    codes = {i.code for i in a.catalogue.indicators_in(area)}
    items = []
    for p in doubted(a):
        code = _field(p, "indicator")
        if code not in codes:
            continue
        unit = _field(p, "unit")
        items.append(t("areas.flag_item", lang,
                       name=cell(a.catalogue.indicator(code).name(lang)),
                       unit=cell(a.units.name(unit, lang)) if unit else "–",
                       typed=cell(_field(p, "typed")),
                       percent=fmt_percent(_field(p, "percent"), lang)))
    return t("areas.flag_note", lang, items="; ".join(items)) if items else ""
