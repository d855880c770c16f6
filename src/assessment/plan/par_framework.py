"""PAR Index frameworks as data: ``data/par_index/<framework>.yaml``.

A framework is what a province's decision on the PAR Index (Chỉ số CCHC) of its offices
or communes fixes: the issuer and legal basis, the level it rates (``office`` or
``commune``) and the unit kinds of ``data/units.csv`` it covers, the years it applies to and
the framework it replaces; a tree of areas → criteria → sub-criteria with decimal maxima,
each leaf with its scoring rule (:mod:`assessment.plan.par_rules`), the evidence it needs and
whether it may be "not applicable" to a unit; the survey part (respondent groups and their
weights, answer weights, the sample size rule); and the blocks that are ranked apart, each
with its own bands. Nothing of any one province's framework is written in code.

:func:`assessment.plan.par_loading.load_frameworks` reads and checks every file;
:meth:`Frameworks.in_force` gives those of a year. The format is documented in
``data/par_index/README.md``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from assessment.plan.par_rules import Rule

LEVELS = ("office", "commune")
HISTORY = ("none", "predecessors")
MISSING = ("rescale", "zero")


@dataclass(frozen=True)
class Node:
    """An area, a criterion or a sub-criterion. Leaves carry the rule and evidence."""

    code: str
    name_vi: str
    name_en: str
    maximum: float  # in the unit's maximum (0 for bonus and penalty leaves and areas)
    area: str  # the code of its area
    parent: str  # "" for an area
    children: tuple[str, ...]
    rule: Rule | None = None
    evidence_vi: str = ""
    evidence_en: str = ""
    evidence_required: bool = True
    may_be_na: bool = False
    adjustment: bool = False  # in an area of bonus and penalty points

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def evidence(self, lang: str) -> str:
        return self.evidence_vi if lang == "vi" else self.evidence_en


@dataclass(frozen=True)
class Band:
    code: str
    name_vi: str
    name_en: str
    minimum: float  # the lowest index of the band

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Block:
    """Units ranked together, with their own bands (highest first)."""

    code: str
    name_vi: str
    name_en: str
    units: tuple[str, ...] | None  # None: every unit of the framework's kinds in no other block
    bands: tuple[Band, ...]

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def band(self, index: float) -> Band:
        return next(b for b in self.bands if round(index, 2) >= b.minimum)


@dataclass(frozen=True)
class Group:
    code: str
    name_vi: str
    name_en: str
    weight: float

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Survey:
    maximum: float
    missing: str  # rescale | zero
    margin: float
    answers: tuple[tuple[str, float], ...]  # answer letter → weight (%)
    groups: tuple[Group, ...]

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)

    def sample_size(self, population: int) -> int:
        """Respondents needed from a population of ``population``: n = N / (1 + N·e²)."""
        return math.ceil(population / (1 + population * self.margin ** 2)) if population else 0


@dataclass(frozen=True)
class Framework:
    id: str
    path: str
    illustrative: bool
    name_vi: str
    name_en: str
    issuer_vi: str
    issuer_en: str
    legal_basis_vi: str
    legal_basis_en: str
    level: str
    unit_kinds: tuple[str, ...]
    first: int
    last: int
    replaces: str | None
    history: str
    appraised_max: float
    survey: Survey
    blocks: tuple[Block, ...]
    areas: tuple[str, ...]  # area codes, in order
    nodes: dict  # code → Node, in the file's order

    def text(self, field: str, lang: str) -> str:
        return getattr(self, f"{field}_{'vi' if lang == 'vi' else 'en'}")

    def applies(self, year: int) -> bool:
        return self.first <= year <= self.last

    @property
    def leaves(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes.values() if n.is_leaf and n.parent)

    def leaves_of(self, area: str) -> tuple[Node, ...]:
        return tuple(n for n in self.leaves if n.area == area)

    def block_of(self, unit) -> Block | None:
        """The block ``unit`` (a :class:`~assessment.plan.units.Unit`) is ranked in, if any."""
        if unit.kind not in self.unit_kinds:
            return None
        named = next((b for b in self.blocks if b.units and unit.code in b.units), None)
        if named:
            return named
        if any(b.units and unit.code in b.units for b in self.blocks):
            return None
        return next((b for b in self.blocks if b.units is None), None)


@dataclass(frozen=True)
class Frameworks:
    items: tuple[Framework, ...]

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, framework_id: str) -> Framework | None:
        return next((f for f in self.items if f.id == framework_id), None)

    def in_force(self, year: int) -> tuple[Framework, ...]:
        return tuple(f for f in self.items if f.applies(year))

    def for_unit(self, unit, year: int) -> tuple[Framework, Block] | None:
        """The framework and block that rate ``unit`` in ``year``, if any."""
        for framework in self.in_force(year):
            block = framework.block_of(unit)
            if block is not None:
                return framework, block
        return None


