"""Data coverage: the one measure of how much of the year's data was reported, written to
``results/coverage.csv`` and used everywhere the report speaks of coverage.

The figures expected in a year are the indicator × unit pairs of the progress table (the
district and every commune valid in the year, for the indicators they report), without
the indicators that no longer apply; a pair is covered when its figure for the year is
known (``reported``: a value for the year, or a milestone done earlier). Coverage =
covered / expected, per area and in total (the row with ``area`` 0).
"""
from __future__ import annotations

import pandas as pd

TOTAL = 0  # the ``area`` of the all-areas row


def expected_figures(progress: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × unit expected to report in the year."""
    p = progress.drop_duplicates(["indicator", "unit"])
    return p[p["status"] != "not_applicable"]


def coverage_by_area(progress: pd.DataFrame) -> pd.DataFrame:
    """Per area, then in total (area 0): ``rows`` expected, ``with_value``, ``coverage``;
    ``district_rows``/``district_with_value`` for the district's own row."""
    p = expected_figures(progress)
    p = p.assign(district=p["unit"] == "district",
                 district_reported=(p["unit"] == "district") & p["reported"])
    g = p.groupby("area").agg(rows=("reported", "size"), with_value=("reported", "sum"),
                              district_rows=("district", "sum"),
                              district_with_value=("district_reported", "sum")).reset_index()
    total = pd.DataFrame([{"area": TOTAL, **g.drop(columns="area").sum().to_dict()}])
    g = pd.concat([g, total], ignore_index=True).astype("int64")
    return g.assign(coverage=g["with_value"] / g["rows"])


def total_coverage(coverage: pd.DataFrame) -> float:
    """The share (0-1) of all expected figures that were reported."""
    return float(coverage.loc[coverage["area"] == TOTAL, "coverage"].iloc[0])


def missing_figures(progress: pd.DataFrame) -> pd.DataFrame:
    """The expected indicator × unit pairs without a figure for the year (district first)."""
    p = expected_figures(progress)
    return p.loc[~p["reported"], ["indicator", "area", "unit"]].reset_index(drop=True)
