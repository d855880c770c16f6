"""Shared fixtures: the repository's plan catalogue and units, and tiny year folders."""
from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.plan.catalogue import load_catalogue
from assessment.plan.units import load_units

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


def expected_units(year: int, level: str) -> list[str]:
    """The units that report an indicator of ``level`` in ``year``, read straight from
    data/units.csv: an oracle written apart from :meth:`Units.reporting`. A unit reports
    when it exists on 31 December; ISO dates compare as text."""
    day = f"{year}-12-31"
    with open(DATA / "units.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    communes = [r["code"] for r in rows if r["kind"] in ("commune", "town")
                and (not r["valid_from"] or r["valid_from"] <= day)
                and (not r["valid_to"] or r["valid_to"] >= day)]
    return {"district": ["district"], "commune": communes,
            "both": ["district"] + communes}[level]


def expected_rows(catalogue, year: int) -> list[tuple[str, str]]:
    """(indicator, unit) of every row a complete year holds: each indicator has a district
    row, a commune-level one also a row per commune (oracle: :func:`expected_units`)."""
    return [(ind.code, unit) for ind in catalogue.indicators
            for unit in expected_units(year, "district" if ind.level == "district" else "both")]


def complete_indicators(catalogue, year: int) -> list[dict]:
    """One valid row per indicator × reporting unit: no error and no warning."""
    codes = {i.code: i for i in catalogue.indicators}
    return [{"indicator": code, "unit": unit, "value": SAMPLE[codes[code].measure]}
            for code, unit in expected_rows(catalogue, year)]


def complete_tasks(catalogue) -> list[dict]:
    return [{"task": task.code, "status": "in_progress"} for task in catalogue.tasks]


class Text(str):
    """A cell value to be written into a workbook as text, even if it looks like a number
    (what an office gets by typing ``1.330`` into a text cell)."""


def _xlsx_value(text):
    if text in ("", None):
        return None
    if isinstance(text, Text):
        return str(text)
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
        """Write as ``csv`` or ``xlsx``; returns the file holding the indicators. In a
        workbook, number-like texts become number cells unless wrapped in :class:`Text`."""
        if fmt == "csv":
            return self.csv(year, indicators, tasks) / "indicators.csv"
        return self.xlsx(year, indicators, tasks)


def inflate_cell(path: Path, marker: str, length: int) -> None:
    """Rewrite the workbook at ``path`` with the text ``marker`` replaced by ``length``
    characters, streamed (openpyxl itself cuts a text to Excel's 32,767 characters, so a
    longer cell has to be made this way, as other programs write them)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if marker.encode() not in data:
                dst.writestr(info, data)
                continue
            head, tail = data.split(marker.encode(), 1)
            with dst.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                chunk = b"x" * min(length, 1 << 20)
                left = length
                while left:
                    out.write(chunk[:left])
                    left -= min(left, len(chunk))
                out.write(tail)
    tmp.replace(path)


def patch_part(path: Path, old: str, new: str) -> None:
    """Replace the text ``old`` by ``new`` in the workbook's XML parts (what other
    programs write and openpyxl would not, e.g. a number cell ``<v>1E400</v>``)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename).replace(old.encode(), new.encode()))
    tmp.replace(path)


@pytest.fixture
def year_writer(tmp_path) -> YearWriter:
    return YearWriter(tmp_path)


# ------------------------------------------------------------------ the built report
@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """A shipped year built once, both languages and formats, with an empty cache:
    (site folder, year, manifest). Every notebook is executed in both languages here."""
    from assessment.build.pipeline import BuildOptions, build
    from assessment.params import Params
    base = tmp_path_factory.mktemp("build")
    year = 2024  # not the latest year: its data carry the escaping test note
    manifest = build(BuildOptions(params=Params(year=year, data_dir=str(DATA)),
                                  out_dir=str(base / "site"), cache_dir=str(base / "cache")))
    return base / "site", year, manifest


def notebook_parts(folder: str = "notebooks") -> list[tuple[str, str, tuple]]:
    """The parts the notebooks of ``folder`` show, in order: the notebook's figure prefix
    (the part its ``open_report`` / ``open_scorecard`` names), the part and its arguments."""
    shown = []
    for nb in sorted((REPO / folder).glob("[0-9]*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(line for line in cell["source"] if not line.startswith("#|"))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                        "open_report", "open_scorecard"):
                    prefix = ast.literal_eval(node.args[0])
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "show"):
                    args = [ast.literal_eval(a) for a in node.args]
                    shown.append((prefix, args[0], tuple(args[1:])))
    return shown


@pytest.fixture(scope="session")
def built_2025(tmp_path_factory):
    """The 2025 edition (the milestone year: pending and not applicable targets, final
    2025 verdicts), both languages and formats: (site folder, manifest)."""
    from assessment.build.pipeline import BuildOptions, build
    from assessment.params import Params
    base = tmp_path_factory.mktemp("build2025")
    manifest = build(BuildOptions(params=Params(year=2025, data_dir=str(DATA)),
                                  out_dir=str(base / "site"), cache_dir=str(base / "cache")))
    return base / "site" / "2025", manifest


def skip_or_fail(message: str, require_env: str) -> None:
    """Skip a test whose tool is missing, with ``message``; fail instead when the
    environment variable ``require_env`` is 1 (CI sets it, so a missing install shows)."""
    if os.environ.get(require_env) == "1":
        pytest.fail(f"{message}; {require_env}=1 makes that a failure")
    pytest.skip(message)
