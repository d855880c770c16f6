"""The state of a year's data round: per reporting unit, returned, returned with errors, or
not returned, with what it still owes. ``assessment collect`` writes it as
``data/<year>/round.csv``; the report's data-quality part reads it back.

``round.csv``: ``unit,kind,areas,state,file,sha256,asked,filled,missing,errors,warnings,
collected_on``; ``missing`` lists the codes asked for and left empty (``;``-separated;
a PAR Index criterion not self-assessed as ``par_index:<criterion>``), ``areas`` the areas
whose rows and tasks the unit reports; ``asked`` and ``filled`` count the indicator rows,
tasks and PAR Index criteria together.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.errors import DataError

STATES = ("returned", "returned_with_errors", "not_returned")
ROUND_FILE = "round.csv"
COLUMNS = ("unit", "kind", "areas", "state", "file", "sha256", "asked", "filled", "missing",
           "errors", "warnings", "collected_on")


@dataclass
class UnitState:
    """Where one unit stands in the round."""

    unit: str
    kind: str
    areas: tuple[int, ...]
    asked: int
    state: str = "not_returned"
    files: tuple[str, ...] = ()
    sha256: tuple[str, ...] = ()
    filled: int = 0
    missing: tuple[str, ...] = ()
    errors: list = field(default_factory=list)  # Problems
    warnings: int = 0


def to_csv(states: list[UnitState], collected_on: dt.date) -> str:
    """``round.csv`` of the states."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in states:
        writer.writerow([s.unit, s.kind, ";".join(map(str, s.areas)), s.state,
                         ";".join(s.files), ";".join(s.sha256), s.asked, s.filled,
                         ";".join(s.missing), len(s.errors), s.warnings,
                         collected_on.isoformat()])
    return out.getvalue()


def read_round(data_dir: Path, year: int) -> pd.DataFrame | None:
    """``data/<year>/round.csv`` as a frame (None when the year has none). A file that does
    not have the columns :data:`COLUMNS` or a known state is a :class:`DataError`."""
    path = Path(data_dir) / str(year) / ROUND_FILE
    if not path.is_file():
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: cannot be read as CSV UTF-8 ({exc}); it is written by "
                        f"`assessment collect --year {year}`: run it again.") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; it is written by "
                        f"`assessment collect --year {year}`: run it again.")
    for i, state in enumerate(frame["state"], start=2):
        if state not in STATES:
            raise DataError(f"{path}, row {i}, column state: {state!r} is not one of "
                            f"{', '.join(STATES)}.")
    for column in ("asked", "filled", "errors", "warnings"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0).astype(int)
    return frame
