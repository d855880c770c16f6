"""A unit's yearly series continued across mergers.

For a year in which a unit did not yet exist, its value is built from the predecessors
that existed that year (every unit whose successor chain leads to it,
:meth:`~assessment.plan.units.Units.predecessors`): the ratio of summed numerators to
summed denominators when all of them report both, otherwise the unweighted mean of their
values. The new commune of Hương Khê thus inherits a 2021 baseline from the township,
Hương Long, Phú Gia and Phú Phong (Phú Phong joined the township on 1 Jan 2025).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from assessment.plan.units import Units
from assessment.values import is_missing

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


def _year_value(cells: list[Cell], n_units: int, scale: float) -> float:
    """The value of the ``n_units`` predecessors' cells for one year (module docstring)."""
    if (len(cells) == n_units > 0
            and not any(is_missing(n) or is_missing(d) for _, n, d in cells)
            and sum(d for _, _, d in cells) > 0):
        return scale * sum(n for _, n, _ in cells) / sum(d for _, _, d in cells)
    values = [v for v, _, _ in cells if not is_missing(v)]
    return sum(values) / len(values) if values else float("nan")


def indicator_series(observed: Observed, units: Units, unit: str, *,
                     scale: float = 100.0) -> pd.Series:
    """The yearly values of one indicator for ``unit``, filled from predecessors.

    Indexed by every year that has an observation of the indicator (any unit), sorted.
    The unit's own value is used whenever present. In a year in which the unit was not
    valid, a missing value is filled from its predecessors valid that year; ``scale``
    turns a pooled numerator/denominator into the value (100 for percentages).
    """
    preds = units.predecessors(unit) if unit in units else ()
    nan = float("nan")
    out = {}
    for year in observed.years:
        value = observed.cells.get((unit, year), (nan,))[0]
        if is_missing(value) and preds and not units.is_valid(unit, year):
            alive = [p for p in preds if units.is_valid(p, year)]
            cells = [observed.cells[(p, year)] for p in alive if (p, year) in observed.cells]
            value = _year_value(cells, len(alive), scale)
        out[year] = float(value)
    return pd.Series(out, name="value", dtype=float).rename_axis("year")
