"""Where the data of a year lives: ``<data>/<YYYY>/indicators.csv`` and ``tasks.csv``, or
one ``.xlsx`` workbook. Standard library only: the build's quick path needs it."""
from __future__ import annotations

import re
from pathlib import Path


def _find(folder: Path, name: str) -> Path | None:
    return next((p for p in sorted(folder.iterdir()) if p.name.lower() == name), None)


def visible_files(folder: Path) -> list[Path]:
    """The files of ``folder``, sorted, without Excel's lock files (``~$…``) and hidden
    ones (``.…``, temporary files among them)."""
    return [p for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(("~$", "."))]


def year_files(folder: Path) -> tuple[Path | None, Path | None, list[Path]]:
    """(indicators.csv, tasks.csv, workbooks) in a year folder; Excel lock files skipped."""
    if not folder.is_dir():
        return None, None, []
    books = [p for p in visible_files(folder) if p.suffix.lower() == ".xlsx"]
    return _find(folder, "indicators.csv"), _find(folder, "tasks.csv"), books


def available_years(data_dir: str | Path = "data") -> list[int]:
    """Years that have a folder ``<data_dir>/<YYYY>`` with indicators.csv or an .xlsx."""
    root = Path(data_dir)
    if not root.is_dir():
        return []
    years = []
    for folder in root.iterdir():
        if folder.is_dir() and re.fullmatch(r"\d{4}", folder.name):
            ind_csv, _, books = year_files(folder)
            if ind_csv is not None or books:
                years.append(int(folder.name))
    return sorted(years)
