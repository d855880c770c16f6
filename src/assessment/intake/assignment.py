"""Who reports what in a year's data round (``assessment template --per-unit``, ``collect``).

One :class:`Assignment` per reporting unit valid in the year (``data/units.csv``):

- a district **office** reports the district row of every indicator it is the responsible
  office of (the catalogue's ``office``, section VII of the decision) and the status of
  every appendix task it leads first (a task led by several offices is reported by the
  first one named; the others are its co-leads);
- a **commune** (or the township) reports its own row of every indicator communes report
  (level ``commune`` or ``both``);
- the **district** as a whole (code ``district``) reports what no office valid in the year
  can: after 1 July 2025 no district office exists, so from the 2025 round on the district
  rows and the tasks are compiled for the area of the former district in one workbook.

An indicator whose subject no longer exists in the year (``not_applicable`` in the
catalogue) is not asked for.

With the PAR Index frameworks (``data/par_index/*.yaml``), every unit a framework in force
rates in the year (:func:`assessment.intake.par_checks.rated_units`) also self-assesses
each leaf criterion of its framework, in the framework's order: an office or a commune
that has no indicator row or task of its own (the police, the tax sub-department...) is
asked for its self-assessment alone. Pure functions: the catalogue, units and frameworks
in, assignments out.
"""
from __future__ import annotations

from dataclasses import dataclass

from assessment.errors import ConfigError
from assessment.intake.par_checks import rated_units
from assessment.plan.units import DISTRICT, Units

PLAN_FIRST, PLAN_LAST = 2021, 2030  # Decision 11671/QĐ-UBND: the plan 2021-2030
KIND_ORDER = {"office": 0, "district": 1, "town": 2, "commune": 3}


@dataclass(frozen=True)
class Assignment:
    """What one unit reports in one year's round."""

    unit: str
    kind: str
    year: int
    indicators: tuple[tuple[str, str], ...]  # (indicator, unit) rows, catalogue order
    tasks: tuple[str, ...]  # task codes, appendix order
    areas: tuple[int, ...]  # the areas its rows and tasks belong to
    par: tuple[str, ...] = ()  # PAR Index leaf criteria it self-assesses, framework order
    framework: str = ""  # the id of the PAR Index framework that rates it ("" for none)

    @property
    def size(self) -> int:
        return len(self.indicators) + len(self.tasks) + len(self.par)


def check_plan_year(year: int) -> int:
    """``year`` as an int, or :class:`ConfigError` when it is outside the plan 2021-2030."""
    year = int(year)
    if not PLAN_FIRST <= year <= PLAN_LAST:
        raise ConfigError(f"--year {year} is outside the plan: Decision 11671/QĐ-UBND covers "
                          f"{PLAN_FIRST}-{PLAN_LAST}, so there is no data round for {year}. "
                          f"Give a year from {PLAN_FIRST} to {PLAN_LAST}.")
    return year


def reporting_offices(units: Units, year: int) -> tuple[str, ...]:
    """The district offices that exist on 31 December of ``year`` (none from 2025)."""
    return tuple(u.code for u in units if u.kind == "office" and u.valid_in(year))


def assignments(catalogue, units: Units, year: int,
                frameworks=None) -> tuple[Assignment, ...]:
    """Every unit with something to report in ``year``: offices first, then the district
    (when it has rows of its own), then the township and communes, each in file order.
    With ``frameworks`` (:class:`~assessment.plan.par_framework.Frameworks`), the units
    they rate in ``year`` self-assess their framework's leaf criteria too."""
    year = check_plan_year(year)
    rated = rated_units(frameworks, units, year) if frameworks is not None else {}
    offices = set(reporting_offices(units, year))
    communes = units.reporting(year, "commune")
    rows: dict[str, list] = {}
    tasks: dict[str, list] = {}
    areas: dict[str, set] = {}

    def owner(office: str) -> str:
        return office if office in offices else DISTRICT

    for ind in catalogue.indicators:
        if ind.lapsed(year):
            continue
        who = owner(ind.office)
        rows.setdefault(who, []).append((ind.code, DISTRICT))
        areas.setdefault(who, set()).add(ind.area)
        if ind.reported_by_communes:
            for code in communes:
                rows.setdefault(code, []).append((ind.code, code))
                areas.setdefault(code, set()).add(ind.area)
    for task in catalogue.tasks:
        who = owner(task.lead[0]) if task.lead else DISTRICT
        tasks.setdefault(who, []).append(task.code)
        areas.setdefault(who, set()).add(task.area)
    out = []
    for unit in units:
        code = unit.code
        framework = rated[code][0] if code in rated else None
        if code in rows or code in tasks or framework is not None:
            out.append(Assignment(unit=code, kind=unit.kind, year=year,
                                  indicators=tuple(rows.get(code, ())),
                                  tasks=tuple(tasks.get(code, ())),
                                  areas=tuple(sorted(areas.get(code, ()))),
                                  par=tuple(n.code for n in framework.leaves)
                                  if framework else (),
                                  framework=framework.id if framework else ""))
    return tuple(sorted(out, key=lambda a: KIND_ORDER.get(a.kind, 9)))


def co_leads(task) -> tuple[str, ...]:
    """The offices named after the first as leads of ``task`` (they do not report it)."""
    return tuple(task.lead[1:])
