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

import pandas as pd

COMMUNE_KINDS = ("town", "commune")


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return dt.date.fromisoformat(text[:10]) if text else None


def is_valid_in(row: pd.Series, year: int) -> bool:
    """Is the unit of this units.csv row valid on 31 December of ``year``?"""
    day = dt.date(year, 12, 31)
    start, end = _date(row.get("valid_from")), _date(row.get("valid_to"))
    return (start is None or start <= day) and (end is None or end >= day)


def units_valid_in(units: pd.DataFrame, year: int,
                   kinds: tuple[str, ...] = COMMUNE_KINDS) -> tuple[str, ...]:
    """Codes of the units of ``kinds`` valid in ``year``, in the order of units.csv."""
    return tuple(str(row["code"]) for _, row in units.iterrows()
                 if row["kind"] in kinds and is_valid_in(row, year))


def _successors(units: pd.DataFrame) -> dict[str, str]:
    pairs = units[["code", "successor"]].dropna()
    return {str(c): str(s).strip() for c, s in pairs.itertuples(index=False)
            if str(s).strip()}


def predecessors(units: pd.DataFrame, code: str) -> tuple[str, ...]:
    """Every unit whose successor chain leads to ``code`` (direct or not), units.csv order."""
    succ = _successors(units)
    found = []
    for other in units["code"].astype(str):
        seen, current = {other}, succ.get(other)
        while current is not None and current not in seen:
            if current == code:
                found.append(other)
                break
            seen.add(current)
            current = succ.get(current)
    return tuple(found)


def _year_value(rows: pd.DataFrame, n_units: int, scale: float) -> float:
    """The value of the ``n_units`` predecessors' rows for one year (module docstring)."""
    values = rows["value"].astype(float)
    num = rows["numerator"].astype(float) if "numerator" in rows else None
    den = rows["denominator"].astype(float) if "denominator" in rows else None
    if (num is not None and den is not None and len(rows) == n_units > 0
            and num.notna().all() and den.notna().all() and den.sum() > 0):
        return float(scale * num.sum() / den.sum())
    return float(values.mean()) if values.notna().any() else float("nan")


def series_for_unit(observations: pd.DataFrame, units: pd.DataFrame, indicator: str,
                    unit: str, *, scale: float = 100.0) -> pd.Series:
    """The yearly values of ``indicator`` for ``unit``, filled from predecessors.

    Indexed by every year that has an observation of the indicator (any unit), sorted.
    The unit's own value is used whenever present. In a year in which the unit was not
    valid, a missing value is filled from its predecessors valid that year; ``scale``
    turns a pooled numerator/denominator into the value (100 for percentages).
    """
    obs = observations[observations["indicator"] == indicator]
    years = sorted(int(y) for y in obs["year"].unique())
    own = obs[obs["unit"] == unit].groupby("year")["value"].last()
    by_code = units.set_index(units["code"].astype(str))
    row = by_code.loc[unit] if unit in by_code.index else None
    preds = predecessors(units, unit) if row is not None else ()
    out = {}
    for year in years:
        value = float(own.get(year, float("nan")))
        if pd.isna(value) and row is not None and not is_valid_in(row, year):
            alive = [p for p in preds if is_valid_in(by_code.loc[p], year)]
            rows = obs[(obs["year"] == year) & obs["unit"].isin(alive)]
            value = _year_value(rows, len(alive), scale)
        out[year] = value
    return pd.Series(out, name="value", dtype=float).rename_axis("year")
