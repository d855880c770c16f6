"""Reading and checking ``data/par_index/*.yaml`` into :class:`~assessment.plan.par_framework.Framework`.

Every rule of the format is checked here (a :class:`CatalogueError` names the file, the
entry and the field): unique codes prefixed by their parent's, maxima that add up, rules
whose parameters fit the leaf's maximum, bands highest first down to 0, survey weights
adding up to 1, one framework per level and year, and a replaced framework that exists.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from assessment import yamlio
from assessment.errors import CatalogueError
from assessment.plan.par_framework import (HISTORY, LEVELS, MISSING, Band, Block, Framework,
                                           Frameworks, Group, Node, Survey)
from assessment.plan.par_rules import KINDS, Rule


def _nfc(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


class _Entry:
    """Reads the fields of one YAML mapping, raising CatalogueError naming file and entry."""

    def __init__(self, path: Path, where: str, raw: Any):
        if not isinstance(raw, dict):
            raise CatalogueError(f"{path}: {where} must be a mapping of fields.")
        self.path, self.where, self.raw = path, where, raw

    def fail(self, field: str, why: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: {self.where}, field {field!r}: {why}")

    def text(self, field: str, required: bool = True) -> str:
        value = _nfc(self.raw.get(field))
        if required and not value:
            raise self.fail(field, "missing or empty.")
        return value

    def number(self, field: str, default: float | None = None) -> float:
        value = self.raw.get(field, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(field, f"{value!r} is not a number.")
        return float(value)

    def flag(self, field: str, default: bool = False) -> bool:
        value = self.raw.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, f"{value!r} is not true or false.")
        return value

    def choice(self, field: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw.get(field, default)
        if value not in options:
            raise self.fail(field, f"{value!r} is not one of {', '.join(options)}.")
        return value

    def items(self, field: str) -> list:
        value = self.raw.get(field)
        if not isinstance(value, list) or not value:
            raise self.fail(field, "expected a non-empty list.")
        return value


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.005


def _rule(e: _Entry, maximum: float | None, adjustment: bool) -> Rule:
    raw = _Entry(e.path, f"{e.where}, rule", e.raw.get("rule"))
    kind = raw.choice("kind", KINDS)
    if adjustment != (kind in ("bonus", "penalty")):
        raise raw.fail("kind", "bonus and penalty rules belong in an area of kind "
                       "'adjustment', and only there.")
    if kind == "bonus":
        return Rule(kind, raw.number("cap"))
    if kind == "penalty":
        floor = raw.number("floor")
        if floor >= 0:
            raise raw.fail("floor", "a penalty's floor is a negative number of points.")
        return Rule(kind, 0.0, floor=floor)
    assert maximum is not None
    if kind == "timeliness":
        rule = Rule(kind, maximum, on_time=raw.number("on_time"), late=raw.number("late"),
                    missing=raw.number("missing", 0))
        if not (_close(rule.on_time, maximum) and rule.on_time >= rule.late >= rule.missing >= 0):
            raise raw.fail("on_time", f"on_time must equal the maximum ({maximum:g}) and "
                           "on_time ≥ late ≥ missing ≥ 0.")
        return rule
    if kind == "bands":
        bands = []
        for i, item in enumerate(raw.items("bands"), 1):
            b = _Entry(e.path, f"{e.where}, rule band {i}", item)
            bands.append((b.number("min"), b.number("points")))
        mins = [low for low, _ in bands]
        if (mins != sorted(mins, reverse=True) or mins[-1] != 0
                or not _close(bands[0][1], maximum)):
            raise raw.fail("bands", f"list the bands highest first, the first worth the "
                           f"maximum ({maximum:g}), the last with min 0.")
        return Rule(kind, maximum, bands=tuple(bands))
    if kind == "quality":
        shares = tuple(float(s) for s in raw.items("shares"))
        if shares[0] != 100 or list(shares) != sorted(shares, reverse=True) or shares[-1] < 0:
            raise raw.fail("shares", "shares are % of the maximum, highest first, from 100.")
        return Rule(kind, maximum, shares=shares)
    return Rule(kind, maximum)


def _nodes(path: Path, raw_list: list, parent: str, area: str, adjustment: bool,
           out: dict) -> float:
    """Read a list of nodes under ``parent`` into ``out``; returns the sum of their maxima."""
    total = 0.0
    for i, raw in enumerate(raw_list, 1):
        where = f"criterion {i} under {parent}" if parent else f"area {i}"
        e = _Entry(path, where, raw)
        code = e.text("code")
        e.where = f"{'criterion' if parent else 'area'} {code}"
        if code in out:
            raise e.fail("code", f"{code!r} appears twice; codes must be unique.")
        if parent and not code.startswith(parent + "."):
            raise e.fail("code", f"a criterion under {parent} has a code that begins "
                         f"with '{parent}.'.")
        is_adjustment = adjustment or (not parent and e.raw.get("kind") == "adjustment")
        if not parent and e.raw.get("kind") not in (None, "adjustment"):
            raise e.fail("kind", "an area's kind is 'adjustment' (bonus and penalty points) "
                         "or not given.")
        children = e.raw.get("criteria")
        maximum = None if is_adjustment else e.number("max")
        if maximum is not None and maximum <= 0:
            raise e.fail("max", "a maximum is a positive number of points.")
        node_area = area or code
        out[code] = None  # keeps the file's order: parents before children
        if children is not None:
            if "rule" in e.raw:
                raise e.fail("rule", "only a criterion without sub-criteria has a rule.")
            if not isinstance(children, list) or not children:
                raise e.fail("criteria", "expected a non-empty list.")
            inner = _nodes(path, children, code, node_area, is_adjustment, out)
            if maximum is not None and not _close(inner, maximum):
                raise e.fail("max", f"{maximum:g}, but its criteria add up to {inner:g}.")
            kids = tuple(c for c in out if c.startswith(code + ".")
                         and c.count(".") == code.count(".") + 1)
            out[code] = Node(code, e.text("name_vi"), e.text("name_en"), maximum or 0.0,
                             node_area, parent, kids, adjustment=is_adjustment)
        else:
            if not parent:
                raise e.fail("criteria", "an area lists its criteria.")
            rule = _rule(e, maximum, is_adjustment)
            out[code] = Node(code, e.text("name_vi"), e.text("name_en"), maximum or 0.0,
                             node_area, parent, (), rule=rule,
                             evidence_vi=e.text("evidence_vi"), evidence_en=e.text("evidence_en"),
                             evidence_required=e.choice("evidence", ("required", "optional"),
                                                        "required") == "required",
                             may_be_na=e.flag("not_applicable"), adjustment=is_adjustment)
        total += maximum or 0.0
    return total


def _survey(path: Path, raw: Any) -> Survey:
    e = _Entry(path, "survey", raw)
    groups = []
    for i, item in enumerate(e.items("groups"), 1):
        g = _Entry(path, f"survey group {i}", item)
        groups.append(Group(g.text("code"), g.text("name_vi"), g.text("name_en"),
                            g.number("weight")))
    if len({g.code for g in groups}) != len(groups):
        raise e.fail("groups", "two groups have the same code.")
    if not _close(sum(g.weight for g in groups), 1.0) or any(g.weight <= 0 for g in groups):
        raise e.fail("groups", "the groups' weights are positive and add up to 1.")
    answers = e.raw.get("answers") or {}
    if not isinstance(answers, dict) or not all(
            isinstance(v, (int, float)) and 0 <= v <= 100 for v in answers.values()):
        raise e.fail("answers", "a mapping of answer → weight from 0 to 100 (%).")
    margin = e.number("margin", 0.05)
    if not 0 < margin < 1:
        raise e.fail("margin", "the margin of error is a fraction, e.g. 0.05.")
    return Survey(e.number("max"), e.choice("missing", MISSING, "rescale"), margin,
                  tuple((str(k).strip().upper(), float(v)) for k, v in answers.items()),
                  tuple(groups))


def _blocks(path: Path, raw_list: list) -> tuple[Block, ...]:
    blocks, seen = [], set()
    for i, raw in enumerate(raw_list, 1):
        e = _Entry(path, f"block {i}", raw)
        units = e.raw.get("units", "all")
        if units == "all":
            named = None
        elif isinstance(units, list) and units:
            named = tuple(str(u) for u in units)
            twice = seen & set(named)
            if twice:
                raise e.fail("units", f"{', '.join(sorted(twice))} already in another block.")
            seen |= set(named)
        else:
            raise e.fail("units", "'all' or a list of unit codes.")
        bands = []
        for j, item in enumerate(e.items("bands"), 1):
            b = _Entry(path, f"block {e.raw.get('code')}, band {j}", item)
            bands.append(Band(b.text("code"), b.text("name_vi"), b.text("name_en"),
                              b.number("min")))
        mins = [b.minimum for b in bands]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins) or mins[-1] != 0:
            raise e.fail("bands", "list the bands highest first, each with its own min, "
                         "the last with min 0.")
        blocks.append(Block(e.text("code"), e.text("name_vi"), e.text("name_en"), named,
                            tuple(bands)))
    if sum(1 for b in blocks if b.units is None) > 1:
        raise CatalogueError(f"{path}: only one block may take 'all' the other units.")
    return tuple(blocks)


def load_framework(path: Path) -> Framework:
    try:
        raw = yamlio.load(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogueError(f"{path}: not UTF-8 text; save it as UTF-8.") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({exc}).") from None
    e = _Entry(path, "the framework", raw)
    if e.text("framework") != path.stem:
        raise e.fail("framework", f"must be the file's name, {path.stem!r}.")
    years = e.raw.get("years")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
            and years[0] <= years[1]):
        raise e.fail("years", "[first, last]: the years it applies to, e.g. [2021, 2024].")
    kinds = e.raw.get("unit_kinds")
    if not isinstance(kinds, list) or not kinds:
        raise e.fail("unit_kinds", "the kinds of data/units.csv it rates, e.g. [commune, town].")
    nodes: dict = {}
    appraised = _nodes(path, e.items("areas"), "", "", False, nodes)
    declared = e.number("appraised_max")
    if not _close(appraised, declared):
        raise e.fail("appraised_max", f"{declared:g}, but the areas add up to {appraised:g}.")
    return Framework(
        id=path.stem, path=path.as_posix(), illustrative=e.flag("illustrative"),
        name_vi=e.text("name_vi"), name_en=e.text("name_en"),
        issuer_vi=e.text("issuer_vi"), issuer_en=e.text("issuer_en"),
        legal_basis_vi=e.text("legal_basis_vi"), legal_basis_en=e.text("legal_basis_en"),
        level=e.choice("level", LEVELS), unit_kinds=tuple(str(k) for k in kinds),
        first=years[0], last=years[1], replaces=e.raw.get("replaces") or None,
        history=e.choice("history", HISTORY, "none"), appraised_max=declared,
        survey=_survey(path, e.raw.get("survey")), blocks=_blocks(path, e.items("blocks")),
        areas=tuple(c for c, n in nodes.items() if not n.parent), nodes=nodes)


def frameworks_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "par_index"


def load_frameworks(data_dir: str | Path = "data") -> Frameworks:
    """Every ``<data_dir>/par_index/*.yaml``, checked; none is an empty set (no PAR Index)."""
    folder = frameworks_dir(data_dir)
    items = tuple(load_framework(p) for p in sorted(folder.glob("*.yaml"))) if folder.is_dir() else ()
    ids = {f.id for f in items}
    for f in items:
        if f.replaces and f.replaces not in ids:
            raise CatalogueError(f"{f.path}: replaces {f.replaces!r}, which is not a framework "
                                 f"in {folder}.")
        for other in items:
            if (other is not f and other.level == f.level and set(other.unit_kinds) & set(f.unit_kinds)
                    and other.first <= f.last and f.first <= other.last and f.id < other.id):
                raise CatalogueError(
                    f"{f.path} and {other.path} both rate {f.level} units in "
                    f"{max(f.first, other.first)}: one framework per level and year. Give "
                    "the newer one the years after the older one's last.")
    return Frameworks(items)
