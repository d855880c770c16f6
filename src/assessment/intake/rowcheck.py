"""What the row checks share: rows with their location, located problems, code look-ups
and the pandera helpers of the element-wise rules."""
from __future__ import annotations

import difflib
import math
from typing import Any

import pandas as pd
import pandera.pandas as pa

from assessment.intake.problems import Problem
from assessment.plan.units import Units

UNIT_PREFIXES = ("xã ", "thị trấn ", "huyện ")
ABBREVIATIONS = {"tt ": "thị trấn ", "tt. ": "thị trấn ", "tt.": "thị trấn "}


def at(r: Any, severity: str, rule: str, column: str | None, value: Any = None,
       **kw) -> Problem:
    """A problem located at row ``r`` (a :class:`Row`)."""
    return Problem(severity, rule, file=r._file, sheet=r._sheet, row=int(r._row),
                   column=column, value=None if value is None else str(value), **kw)


def closest(value: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not found:
        upper = [c.upper() for c in choices]
        found = difflib.get_close_matches(value.upper(), upper, n=1, cutoff=0.6)
        found = [choices[upper.index(found[0])]] if found else []
    return found[0] if found else None


def name_key(name: str, strip: bool = False) -> str:
    """A unit's name as typed, for look-up: case-folded, spaces collapsed, "TT" spelt
    "thị trấn"; with ``strip``, without its "xã", "thị trấn" or "huyện"."""
    key = " ".join(str(name).split()).casefold()
    for short, long in ABBREVIATIONS.items():
        if key.startswith(short):
            key = long + key[len(short):].lstrip()
    if strip:
        for prefix in UNIT_PREFIXES:
            key = key.removeprefix(prefix)
    return key


def unit_names(units: Units, year: int) -> dict[str, str]:
    """``{name as typed: code}`` for units typed by name: a name leads to the unit valid in
    ``year`` (a unit merged before then leads to its successor), never to a unit the
    year's files may not use. A full name ("thị trấn Hương Khê") leads to its unit; a bare
    one ("Hương Khê") to the one commune-level unit it can mean, if only one."""
    valid = units.valid_codes(year)
    full: dict[str, str] = {}
    bare: dict[str, set] = {}
    former: dict[str, set] = {}  # bare names of units merged by then
    kinds = {u.code: u.kind for u in units}
    for first_pass in (True, False):
        for rec in units:
            if (rec.code in valid) != first_pass:
                continue
            code = rec.code if rec.code in valid else units.successor_in(rec.code, year)
            if code is None:
                continue
            for name in (rec.name_vi, rec.name_en):
                full.setdefault(name_key(name), code)
                (bare if first_pass else former).setdefault(
                    name_key(name, strip=True), set()).add(code)
    for group in (bare, former):
        for key, codes in group.items():
            local = {c for c in codes if kinds.get(c) != "district"}
            choice = codes if len(codes) == 1 else local
            if len(choice) == 1 and key not in full:
                full[key] = next(iter(choice))
    return full


MAX_SUGGESTED = 500  # distinct unknown codes compared with the known ones, per check


def unknown(r: Any, rule: str, column: str, value: str, choices: list[str],
            names: dict[str, str] | None = None, cache: dict | None = None) -> Problem:
    """An unknown code, with the code meant when it can be told (a name, a near miss).
    ``cache`` keeps the near misses found, so that a file full of one wrong code costs
    one comparison; past :data:`MAX_SUGGESTED` distinct codes, no more are compared."""
    names = names or {}
    suggestion = names.get(name_key(value)) or names.get(name_key(value, strip=True))
    if not suggestion:
        cache = {} if cache is None else cache
        if value not in cache and len(cache) < MAX_SUGGESTED:
            cache[value] = closest(value, choices)
        suggestion = cache.get(value)
    if suggestion:
        return at(r, "error", rule, column, value, hint=f"{rule}.suggest",
                  fields=(("suggestion", suggestion),))
    return at(r, "error", rule, column, value)


class Row:
    """A row whose columns (including ``_file``, ``_row``) read as attributes, or as
    items (``r["unit"]``). Attributes live in the instance's own dict, the fastest
    look-up Python has: validation reads a dozen per row."""

    def __init__(self, values: dict):
        self.__dict__ = values

    def __getitem__(self, key: str):
        return self.__dict__[key]

    def get(self, key: str, default=None):
        return self.__dict__.get(key, default)


def rows(df: pd.DataFrame):
    """Each row as a :class:`Row` (``Index`` is its label); column by column, which is
    several times faster than ``DataFrame.to_dict("records")``."""
    names = ["Index", *map(str, df.columns)]
    columns = [df.index.tolist(), *(df[c].tolist() for c in df.columns)]
    for values in zip(*columns):
        yield Row(dict(zip(names, values)))


def flagged(r: Any, column: str) -> bool:
    """Whether reading already reported the cell (a formula, an Excel error...)."""
    return column in (r._flagged or ())


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def norm_code(text: str, known: set[str], upper: bool) -> str:
    cased = text.upper() if upper else text.lower()
    return cased if cased in known else text


def schema_failures(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> dict[str, set]:
    """Run a lazy pandera schema; ``{check name: {failing index labels}}``."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out: dict[str, set] = {}
        for case in exc.failure_cases.itertuples():
            if case.index is not None and not blank(case.index):
                out.setdefault(str(case.check), set()).add(case.index)
        return out
    return {}


def isin(name: str, allowed: set) -> pa.Check:
    return pa.Check(lambda s: s.isin(allowed) | s.isna(), name=name)


def measure_check(name: str, measure: str | tuple, ok) -> pa.Check:
    """A check of the values of one measure (or several); ``ok(values)`` is vectorised:
    a Series of values in, a boolean Series out."""
    measures = (measure,) if isinstance(measure, str) else measure

    def check(df: pd.DataFrame) -> pd.Series:
        applies = df["measure"].isin(measures) & df["value"].notna()
        return ~applies | ok(df["value"]).fillna(True).astype(bool)
    return pa.Check(check, name=name)
