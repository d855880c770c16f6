"""Filling per-unit workbooks as an office would (openpyxl, the cells it is given), for
the data-round tests: values from a year's CSV files, statuses in Vietnamese words."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

STATUS_VI = {"not_started": "chưa triển khai", "in_progress": "đang thực hiện",
             "done": "đã hoàn thành", "cancelled": "đã hủy"}


def read_rows(path: Path, key: tuple[str, ...]) -> dict:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {tuple(r[k] for k in key): r for r in csv.DictReader(fh)}


def number(text: str):
    if text in ("", None):
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def fill(path: Path, values: dict, tasks: dict, out: Path | None = None) -> Path:
    """Fill the entry cells of ``path`` from ``values`` (``{(indicator, unit): row}``) and
    ``tasks`` (``{(task,): row}``); save to ``out`` (default: in place)."""
    wb = openpyxl.load_workbook(path)
    if "indicators" in wb.sheetnames:
        ws = wb["indicators"]
        for row in range(2, ws.max_row + 1):
            code, unit = ws.cell(row, 1).value, ws.cell(row, 3).value
            r = values.get((code, unit))
            if r is None:
                continue
            ws.cell(row, 4).value = number(r["value"])
            ws.cell(row, 5).value = number(r.get("numerator", ""))
            ws.cell(row, 6).value = number(r.get("denominator", ""))
            ws.cell(row, 7).value = r.get("source") or None
            ws.cell(row, 8).value = r.get("note") or None
    if "tasks" in wb.sheetnames:
        ws = wb["tasks"]
        for row in range(2, ws.max_row + 1):
            r = tasks.get((ws.cell(row, 1).value,))
            if r is None:
                continue
            ws.cell(row, 3).value = STATUS_VI.get(r["status"], r["status"]) or None
            if r.get("completed_on"):
                ws.cell(row, 4).value = dt.date.fromisoformat(r["completed_on"])
            ws.cell(row, 5).value = r.get("note") or None
    target = out or path
    wb.save(target)
    return target
