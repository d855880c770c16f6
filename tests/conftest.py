"""Shared fixtures: the repository's plan catalogue and units, and tiny year folders."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from assessment.catalogue import load_catalogue
from assessment.units import load_units, reporting_units
from assessment.validate import reporting_level

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
INDICATOR_HEADER = ["indicator", "unit", "value", "numerator", "denominator", "source", "note"]
TASK_HEADER = ["task", "status", "completed_on", "note"]
SAMPLE = {"percent": "50", "count": "10", "billion_vnd": "5", "rank": "3", "done": "1"}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue(DATA)


@pytest.fixture(scope="session")
def units():
    return load_units(DATA)


def complete_indicators(catalogue, units, year: int) -> list[dict]:
    """One valid row per indicator × reporting unit: no error and no warning."""
    return [{"indicator": ind.code, "unit": unit, "value": SAMPLE[ind.measure]}
            for ind in catalogue.indicators
            for unit in reporting_units(units, year, reporting_level(ind))]


def complete_tasks(catalogue) -> list[dict]:
    return [{"task": task.code, "status": "in_progress"} for task in catalogue.tasks]


def _xlsx_value(text):
    if text in ("", None):
        return None
    if isinstance(text, str) and _NUMBER.match(text):
        return float(text)
    return text  # "=..." becomes a formula, "#DIV/0!" an error cell (openpyxl)


class YearWriter:
    """Writes ``<root>/data`` with plan/ and units.csv copied from the repository."""

    def __init__(self, root: Path):
        self.data = root / "data"
        if not self.data.exists():
            self.data.mkdir(parents=True)
            shutil.copytree(DATA / "plan", self.data / "plan")
            shutil.copy(DATA / "units.csv", self.data / "units.csv")

    def folder(self, year: int) -> Path:
        path = self.data / str(year)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def csv(self, year: int, indicators: list[dict] | None,
            tasks: list[dict] | None = None, encoding: str = "utf-8") -> Path:
        folder = self.folder(year)
        for name, rows, header in (("indicators.csv", indicators, INDICATOR_HEADER),
                                   ("tasks.csv", tasks, TASK_HEADER)):
            if rows is None:
                continue
            with open(folder / name, "w", newline="", encoding=encoding) as fh:
                writer = csv.DictWriter(fh, fieldnames=header)
                writer.writeheader()
                writer.writerows(rows)
        return folder

    def xlsx(self, year: int, indicators: list[dict] | None, tasks: list[dict] | None = None,
             name: str = "data.xlsx") -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sheet, rows, header in (("indicators", indicators, INDICATOR_HEADER),
                                    ("tasks", tasks, TASK_HEADER)):
            if rows is None:
                continue
            ws = wb.create_sheet(sheet)
            ws.append(header)
            for row in rows:
                ws.append([_xlsx_value(row.get(col, "")) for col in header])
        path = self.folder(year) / name
        wb.save(path)
        return path

    def write(self, fmt: str, year: int, indicators, tasks=None):
        """Write as ``csv`` or ``xlsx``; returns the file holding the indicators."""
        if fmt == "csv":
            return self.csv(year, indicators, tasks) / "indicators.csv"
        return self.xlsx(year, indicators, tasks)


@pytest.fixture
def year_writer(tmp_path) -> YearWriter:
    return YearWriter(tmp_path)


# ------------------------------------------------------------------ the built report
@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """A shipped year built once, both languages and formats, with an empty cache:
    (site folder, year, manifest). Every notebook is executed in both languages here."""
    from assessment.build import BuildOptions, build
    from assessment.context import Params
    base = tmp_path_factory.mktemp("build")
    year = 2024  # not the latest year: its data carry the escaping test note
    manifest = build(BuildOptions(params=Params(year=year, data_dir=str(DATA)),
                                  out_dir=str(base / "site"), cache_dir=str(base / "cache")))
    return base / "site", year, manifest
