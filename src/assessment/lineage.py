"""Administrative units over time: which units exist in a year, and who absorbed whom.

``data/units.csv`` gives each unit a validity period and, when it was merged away, the
``successor`` that absorbed it. A unit is *valid in year Y* when it is valid on 31 December
of Y (so the 7 communes created on 1 Jul 2025 report for 2025, the 21 former units do not).

A unit's yearly series continues across mergers: for a year in which the unit did not yet
exist, its value is built from the predecessors that existed that year (every unit whose
successor chain leads to it): the ratio of summed numerators to summed denominators when
all of them report both, otherwise the unweighted mean of their values. The new commune
of Hương Khê thus inherits a 2021 baseline from the township, Hương Long, Phú Gia and Phú
Phong (Phú Phong joined the township on 1 Jan 2025).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

COMMUNE_KINDS = ("town", "commune")


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    return dt.date.fromisoformat(text[:10]) if text else None


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class UnitRegistry:
    """units.csv read once: order, kinds, validity periods and successors."""

    codes: tuple[str, ...]
    kinds: dict[str, str] = field(hash=False)
    periods: dict[str, tuple[dt.date | None, dt.date | None]] = field(hash=False)
    successors: dict[str, str] = field(hash=False)

    @classmethod
    def from_frame(cls, units: pd.DataFrame) -> "UnitRegistry":
        codes, kinds, periods, succ = [], {}, {}, {}
        for row in units.to_dict("records"):
            code = _text(row["code"])
            codes.append(code)
            kinds[code] = _text(row.get("kind"))
            periods[code] = (_date(row.get("valid_from")), _date(row.get("valid_to")))
            if _text(row.get("successor")):
                succ[code] = _text(row.get("successor"))
        return cls(tuple(codes), kinds, periods, succ)

    def valid_in(self, code: str, year: int) -> bool:
        """Is ``code`` valid on 31 December of ``year``? Unknown codes are."""
        start, end = self.periods.get(code, (None, None))
        day = dt.date(year, 12, 31)
        return (start is None or start <= day) and (end is None or end >= day)

    def units_valid_in(self, year: int, kinds: tuple[str, ...] = COMMUNE_KINDS
                       ) -> tuple[str, ...]:
        return tuple(c for c in self.codes if self.kinds[c] in kinds and self.valid_in(c, year))

    def predecessors(self, code: str) -> tuple[str, ...]:
        found = []
        for other in self.codes:
            seen, current = {other}, self.successors.get(other)
            while current is not None and current not in seen:
                if current == code:
                    found.append(other)
                    break
                seen.add(current)
                current = self.successors.get(current)
        return tuple(found)


def units_valid_in(units: pd.DataFrame, year: int,
                   kinds: tuple[str, ...] = COMMUNE_KINDS) -> tuple[str, ...]:
    """Codes of the units of ``kinds`` valid in ``year``, in the order of units.csv."""
    return UnitRegistry.from_frame(units).units_valid_in(year, kinds)


def predecessors(units: pd.DataFrame, code: str) -> tuple[str, ...]:
    """Every unit whose successor chain leads to ``code`` (direct or not), units.csv order."""
    return UnitRegistry.from_frame(units).predecessors(code)


Cell = tuple[float, float, float]  # value, numerator, denominator


@dataclass(frozen=True)
class Observed:
    """The observations of one indicator as a lookup: (unit, year) -> (value, num, den)."""

    years: tuple[int, ...]
    cells: dict[tuple[str, int], Cell] = field(hash=False)

    @classmethod
    def from_frame(cls, obs: pd.DataFrame) -> "Observed":
        def col(name: str) -> list:
            return (obs[name].astype(float).tolist() if name in obs
                    else [float("nan")] * len(obs))
        cells = {(str(u), int(y)): (v, n, d) for u, y, v, n, d in zip(
            obs["unit"], obs["year"], col("value"), col("numerator"), col("denominator"))}
        return cls(tuple(sorted({int(y) for y in obs["year"]})), cells)


def _nan(x: float) -> bool:
    return x != x


def _year_value(cells: list[Cell], n_units: int, scale: float) -> float:
    """The value of the ``n_units`` predecessors' cells for one year (module docstring)."""
    if (len(cells) == n_units > 0
            and not any(_nan(n) or _nan(d) for _, n, d in cells)
            and sum(d for _, _, d in cells) > 0):
        return scale * sum(n for _, n, _ in cells) / sum(d for _, _, d in cells)
    values = [v for v, _, _ in cells if not _nan(v)]
    return sum(values) / len(values) if values else float("nan")


def series_for_unit(observations: pd.DataFrame, units: pd.DataFrame | UnitRegistry,
                    indicator: str, unit: str, *, scale: float = 100.0) -> pd.Series:
    """The yearly values of ``indicator`` for ``unit``, filled from predecessors.

    Indexed by every year that has an observation of the indicator (any unit), sorted.
    The unit's own value is used whenever present. In a year in which the unit was not
    valid, a missing value is filled from its predecessors valid that year; ``scale``
    turns a pooled numerator/denominator into the value (100 for percentages).
    ``units`` may be the units.csv frame or a :class:`UnitRegistry` built from it.
    """
    reg = units if isinstance(units, UnitRegistry) else UnitRegistry.from_frame(units)
    obs = observations[observations["indicator"] == indicator]
    return indicator_series(Observed.from_frame(obs), reg, unit, scale=scale)


def indicator_series(observed: Observed, reg: UnitRegistry, unit: str, *,
                     scale: float = 100.0) -> pd.Series:
    """:func:`series_for_unit` on the observations of one indicator, already indexed."""
    known = unit in reg.kinds
    preds = reg.predecessors(unit) if known else ()
    nan = float("nan")
    out = {}
    for year in observed.years:
        value = observed.cells.get((unit, year), (nan,))[0]
        if _nan(value) and preds and not reg.valid_in(unit, year):
            alive = [p for p in preds if reg.valid_in(p, year)]
            cells = [observed.cells[(p, year)] for p in alive if (p, year) in observed.cells]
            value = _year_value(cells, len(alive), scale)
        out[year] = float(value)
    return pd.Series(out, name="value", dtype=float).rename_axis("year")
