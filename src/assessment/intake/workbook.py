"""Reading a workbook's sheets ``indicators`` and ``tasks`` into text frames, in bounded
time and memory: the workbook is measured and scanned first (:mod:`assessment.intake.xlsx`),
then read by openpyxl in read-only mode, ignoring the dimensions it claims.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl.utils.cell import get_column_letter

from assessment.intake import xlsx
from assessment.intake.problems import Problem
from assessment.intake.tables import (NUMBER_COLUMNS, TABLES, cell_problems, clean, header_name,
                     rows_to_frame, table_columns, too_long)


def _sniff_not_xlsx(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<")):
        return "html"
    try:
        sample = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return "corrupt"
    if "\x00" not in sample and ("," in sample or ";" in sample or "\t" in sample):
        return "csv_as_xlsx"
    return "corrupt"


def _cell_text(cell, column: str) -> tuple[str, bool]:
    """The cell as text, and whether it is a number cell."""
    value = cell.value
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
        return text, False
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), False
    if isinstance(value, (int, float)):
        if column == "completed_on" and 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel
            return from_excel(value).date().isoformat(), False
        if _percent_format(getattr(cell, "number_format", None)):
            value = round(value * 100, 10)  # the cell shows 88% and holds 0.88: read 88
        if isinstance(value, float) and value.is_integer():
            return str(int(value)), True
        return repr(value), True
    return clean(str(getattr(value, "text", value))), False


def _percent_format(number_format: str | None) -> bool:
    """Whether a number format shows the value as a percentage (``0.0%``), not counting
    a ``%`` in quoted or escaped literal text."""
    if not number_format or "%" not in number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _sheet_problem(rule: str, where: dict, row: int, column: str | None, **kw) -> Problem:
    return Problem("error", rule, row=row, column=column, **where, **kw)


def _read_sheet(path: Path, ws, table: str,
                scan: xlsx.SheetScan | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The sheet's rows up to the last one holding a value (``scan``; Excel's last row
    when the sheet could not be scanned), cells up to the header's last column."""
    columns, required = TABLES[table]
    where = {"file": str(path), "sheet": ws.title}
    ws.reset_dimensions()  # ignore the used range the file claims
    if scan is not None and scan.last_row() < 1:
        return None, [Problem("error", "empty_file", text="empty_file.sheet", **where)]
    header_cells = next(ws.iter_rows(min_row=1, max_row=1, max_col=xlsx.MAX_COLUMNS), ())
    header = [_cell_text(c, "")[0] for c in header_cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        return None, [Problem("error", "empty_file", text="empty_file.sheet", **where)]
    positions, problems = table_columns(header, columns, required, where)
    if positions is None:
        return None, problems
    if scan is not None:
        problems += _beyond_header(scan, len(header), where)
    by_pos = {pos: name for name, pos in positions.items()}
    width = max(by_pos) + 1
    # rows up to the last holding a value in the contract's columns (Excel's last row
    # when the sheet could not be scanned)
    last = xlsx.MAX_ROWS if scan is None else scan.last_row(width)
    rows, flagged, numeric = [], {}, {}
    if last < 2:
        return None, problems + [Problem("error", "empty_file", text="empty_file.rows",
                                         **where)]
    for row, cells in enumerate(ws.iter_rows(min_row=2, max_row=last, max_col=width),
                                start=2):
        if scan is not None and not scan.has_values(row, width):
            continue  # a row the file lists empty, or does not list at all
        texts, marked = [], False
        for pos, cell in enumerate(cells):
            name = by_pos.get(pos)
            kind = getattr(cell, "data_type", None)
            if name is not None and kind == "f":
                formula = str(getattr(cell.value, "text", cell.value))
                problems.append(_sheet_problem("formula", where, row, name, value=formula))
                flagged[(row, pos)] = None
                texts.append("")
                marked = True
            elif name is not None and kind == "e":
                problems.append(_sheet_problem("excel_error", where, row, name,
                                               value=str(cell.value)))
                flagged[(row, pos)] = None
                texts.append("")
                marked = True
            else:
                text, is_number = _cell_text(cell, name or "")
                if is_number and name in NUMBER_COLUMNS:
                    numeric[(row, pos)] = None
                texts.append(text)
        if marked or any(texts):
            rows.append((row, texts))
    if not rows:
        return None, problems + [Problem("error", "empty_file", text="empty_file.rows",
                                         **where)]
    in_cells, more = cell_problems(rows, positions, where)
    flagged.update(more)
    frame = rows_to_frame(rows, positions, columns, where, flagged, numeric)
    return frame, problems + in_cells


def _beyond_header(scan: xlsx.SheetScan, width: int, where: dict) -> list[Problem]:
    """Values to the right of the header's last column (a CSV row longer than its header
    is the same error): the first rows holding one."""
    return [Problem("error", "extra_fields", row=row, text="extra_fields.sheet",
                    hint="extra_fields.sheet",
                    fields=(("column", get_column_letter(width)),), **where)
            for row in scan.beyond(width)[:xlsx.MAX_REPORTED] if row > 1]


def _limit_problems(path: Path, findings: list[xlsx.Finding]) -> list[Problem]:
    out = []
    for f in findings:
        where = {"file": str(path), "sheet": f.sheet}
        if f.kind == "long":
            out.append(too_long(where, f.row, f.column, f.length))
        else:
            out.append(Problem("error", "too_large", row=f.row, text=f"too_large.{f.kind}",
                               hint="too_large.sheet",
                               fields=(("rows", xlsx.MAX_ROWS),
                                       ("columns", xlsx.MAX_COLUMNS)), **where))
    return out


def read_workbook(path: Path) -> tuple[dict[str, pd.DataFrame | None], list[Problem]]:
    import openpyxl

    where = {"file": str(path), "sheet": None}
    data = path.read_bytes()
    if not data:
        return {}, [Problem("error", "empty_file", **where)]
    corrupt = [Problem("error", "wrong_format", text="wrong_format.corrupt",
                       hint="wrong_format.corrupt", **where)]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = _sniff_not_xlsx(data)
        return {}, [Problem("error", "wrong_format", text=f"wrong_format.{kind}",
                            hint=f"wrong_format.{kind}", **where)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        size = xlsx.unpacked_size(archive)
        if size > xlsx.MAX_UNPACKED:
            return {}, [Problem("error", "too_large", text="too_large.workbook",
                                hint="too_large.workbook",
                                fields=(("size", f"{size / 2 ** 20:.0f}"),
                                        ("limit", f"{xlsx.MAX_UNPACKED / 2 ** 20:.0f}")),
                                **where)]
        titles = list(xlsx.sheet_parts(archive))
        sheets = {header_name(name): name for name in titles}
        wanted = [sheets[table] for table in TABLES if table in sheets]
        scans = xlsx.scan_workbook(archive, wanted)
        findings = [f for s in scans.values() for f in s.findings]
        if findings:
            return {}, _limit_problems(path, findings)
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any failure means "not a readable workbook"
        return {}, corrupt
    try:
        sheets = {header_name(name): name for name in wb.sheetnames}
        frames, problems = {}, []
        for table in TABLES:
            same = [name for name in wb.sheetnames if header_name(name) == table]
            if len(same) > 1:
                problems.append(Problem("error", "duplicate_sheet", fields=(
                    ("name", table), ("names", ", ".join(same)), ("count", len(same))),
                    **where))
                frames[table] = None
                continue
            if table not in sheets:
                if table == "indicators":
                    problems.append(Problem("error", "missing_sheet", value=None, fields=(
                        ("name", table), ("names", ", ".join(wb.sheetnames))), **where))
                frames[table] = None
                continue
            title = sheets[table]
            frames[table], found = _read_sheet(path, wb[title], table, scans.get(title))
            problems += found
    except Exception:  # noqa: BLE001 - a part openpyxl cannot parse
        return {}, corrupt
    finally:
        wb.close()
    return frames, problems
