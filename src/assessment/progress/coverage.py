"""How much of the year is covered by data (written to ``results/coverage.csv``)."""
from __future__ import annotations

import pandas as pd


def coverage_by_area(progress: pd.DataFrame) -> pd.DataFrame:
    """Per area: ``rows`` expected (indicator × reporting unit), ``with_value`` and
    ``coverage`` = with_value / rows, for the report year."""
    p = progress.drop_duplicates(["indicator", "unit"])
    g = p.groupby("area").agg(rows=("value", "size"), with_value=("value", "count")).reset_index()
    return g.assign(coverage=g["with_value"] / g["rows"])


def missing_indicators(observations: pd.DataFrame, catalogue, year: int) -> list[str]:
    """Codes of the indicators (catalogue order) without a district value in ``year``."""
    o = observations
    reported = set(o.loc[(o["year"] == year) & (o["unit"] == "district")
                         & o["value"].notna(), "indicator"])
    return [i.code for i in catalogue.indicators if i.code not in reported]
