"""The results a build publishes in ``results/<name>.csv``: every number the report shows,
for reviewers to check. Light (no pandas import): the portal lists them too."""
from __future__ import annotations

RESULTS = ("progress", "tasks", "areas", "rankings", "coverage", "key_figures")


def results_csv(frame) -> str:
    """A results table (a DataFrame) as published: UTF-8, LF, 6 significant digits (what a
    spreadsheet shows; the report rounds further)."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")
