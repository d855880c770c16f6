"""One data-entry workbook per reporting unit (``assessment template --per-unit``).

Each workbook holds only what its unit must report (:mod:`assessment.intake.assignment`):

- ``huong_dan``: the instructions, in Vietnamese, with the unit, the year and what to fill;
- ``indicators``: one pre-filled row per indicator the unit reports, the code, then the
  indicator's name beside it, the unit code, the five entry columns (value, numerator,
  denominator, source, note), and grey reference columns: how to enter the value, last
  year's value and the target of the next milestone;
- ``tasks``: one row per task the unit leads, with a drop-down of the statuses in
  Vietnamese (intake maps them to the codes), the completion date and a note;
- ``par_index``: for a unit the PAR Index frameworks rate in the year, its
  self-assessment: one row per leaf criterion of its framework, with the points claimed,
  the evidence and a note to enter (:mod:`assessment.intake.par_template`); a unit rated
  but with no indicator row or task gets a workbook with this sheet alone;
- ``lists`` (hidden, protected): the statuses behind the drop-down;
- ``meta`` (very hidden, protected): which unit and year the workbook is for, and every
  locked cell's value, so that ``assessment collect`` can tell a workbook returned for
  another unit or year, and a locked cell that was changed.

Row 1 of a data sheet is its header: the first line of each cell is the contract's column
name, which intake reads, the second the Vietnamese label. Only the entry cells are
unlocked; the sheets are protected without a password (rows cannot be inserted, deleted
or sorted). Printable: A4 landscape, one page wide, the header row repeated on every page.
The file name says the unit and year too: ``2024-tu_phap-phong_tu_phap.xlsx``.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment.i18n import t
from assessment.intake import par_template
from assessment.intake.assignment import Assignment, assignments, check_plan_year, co_leads
from assessment.intake.sheet_fit import fit_rows
from assessment.intake.template import (HEADER_FILL, HEADER_FONT, NUMBER_FORMATS, REF_FILL,
                                        REF_FONT, REF_HEADER_FILL, last_year_data)
from assessment.plan.units import Units
from assessment.plan.wording import target_text

FORMAT = "assessment-round/1"  # the meta sheet's format; collect refuses others
META_SHEET, LISTS_SHEET, GUIDE_SHEET = "meta", "lists", "huong_dan"
ENTRY = PatternFill("solid", fgColor="FFF2CC")  # light yellow that still shows on paper
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
PADDED = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
PADDED_NUMBER = Alignment(vertical="top", horizontal="right", indent=1)
STATUS_CODES = ("not_started", "in_progress", "done", "cancelled")
DATA_SHEETS = ("indicators", "tasks", par_template.SHEET)  # their locked cells are in meta


@dataclass(frozen=True)
class Column:
    name: str  # contract column name, or "" for a reference column
    label_key: str
    width: float
    entry: bool = False  # unlocked, for the unit to fill


INDICATOR_SHEET = (
    Column("indicator", "round.col.indicator", 23),
    Column("", "template.ref.indicator_name", 44),
    Column("unit", "round.col.unit", 16),
    Column("value", "round.col.value", 11, True),
    Column("numerator", "round.col.numerator", 11, True),
    Column("denominator", "round.col.denominator", 12, True),
    Column("source", "round.col.source", 18, True),
    Column("note", "round.col.note", 22, True),
    Column("", "template.ref.measure", 16),
    Column("", "template.ref.last_year", 12),
    Column("", "template.ref.target", 16),
)
TASK_SHEET = (
    Column("task", "round.col.task", 11),
    Column("", "template.ref.task_name", 56),
    Column("status", "round.col.status", 18, True),
    Column("completed_on", "round.col.completed_on", 14, True),
    Column("note", "round.col.note", 30, True),
    Column("", "template.ref.deadline", 20),
    Column("", "template.ref.co_leads", 22),
    Column("", "template.ref.last_status", 16),
)
PAR_SHEET = tuple(Column(*spec) for spec in par_template.COLUMNS)


def slug(text: str) -> str:
    """ASCII, lower case, words joined by ``_``: ``Phòng Tư pháp`` → ``phong_tu_phap``."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def file_name(assignment: Assignment, units: Units) -> str:
    """``<year>-<unit code>-<unit name>.xlsx``: the unit and year it is made for."""
    return f"{assignment.year}-{assignment.unit}-{slug(units.name(assignment.unit, 'vi'))}.xlsx"


def unit_in_name(name: str, year: int) -> str | None:
    """The unit code a file name made by :func:`file_name` carries, if it has that form
    for ``year`` (an office may have renamed it: then nothing is read from the name)."""
    match = re.fullmatch(rf"{int(year)}-([a-z0-9_]+)-[a-z0-9_]*(?: \(\d+\))?\.xlsx",
                         name.lower())
    return match.group(1) if match else None


def _header(ws, columns: tuple[Column, ...], year: int, milestone: int) -> None:
    for j, col in enumerate(columns, start=1):
        label = t(col.label_key, "vi", year=year - 1 if "last" in col.label_key else milestone)
        cell = ws.cell(row=1, column=j, value=f"{col.name}\n{label}" if col.name else label)
        cell.fill = HEADER_FILL if col.name else REF_HEADER_FILL
        cell.font, cell.border = HEADER_FONT, GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    fit_rows(ws, 1, 1, min_lines=2)


def _body(ws, columns: tuple[Column, ...], rows: list[tuple], formats: list[dict]) -> None:
    """Write the pre-filled rows; entry cells unlocked and tinted, the others locked."""
    for i, (values, fmt) in enumerate(zip(rows, formats), start=2):
        for j, (col, value) in enumerate(zip(columns, values), start=1):
            cell = ws.cell(row=i, column=j, value=value)
            cell.border, cell.alignment = GRID, WRAP
            if col.entry:
                cell.protection = Protection(locked=False)
                cell.fill = ENTRY
                cell.number_format = fmt.get(col.name, "@" if col.name in (
                    "source", "note", "status") else "General")
            elif not col.name:
                cell.fill, cell.font = REF_FILL, REF_FONT
                # a number kept clear of the text in the next column
                cell.alignment = PADDED_NUMBER if isinstance(value, (int, float)) else PADDED
                if j in fmt.get("_ref_numbers", ()):
                    cell.number_format = fmt["_ref_numbers"][j]
    fit_rows(ws, 2)


def _print_setup(ws, title: str, columns: int) -> None:
    ws.freeze_panes = "C2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "Trang &P/&N"
    ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"


def _protect(ws) -> None:
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.insertColumns = p.deleteColumns = True
    p.sort = p.formatColumns = p.formatRows = True
    p.formatCells = True
    p.autoFilter = True


def _indicator_rows(a: Assignment, catalogue, units, last_values, milestone):
    rows, formats = [], []
    for code, unit in a.indicators:
        ind = catalogue.indicator(code)
        tgt = ind.target(milestone) or ind.targets[-1]
        rows.append((code, ind.name_vi, unit, None, None, None, None, None,
                     t(f"template.measure.{ind.measure}", "vi"),
                     last_values.get((code, unit)), target_text(ind, tgt, "vi")))
        number = NUMBER_FORMATS.get(ind.measure, "General")
        formats.append({"value": number, "numerator": "General", "denominator": "General",
                        "_ref_numbers": {10: number}})
    return rows, formats


def _task_rows(a: Assignment, catalogue, units, last_status):
    rows = []
    for code in a.tasks:
        task = catalogue.task(code)
        leads = ", ".join(units.name(c, "vi") for c in co_leads(task))
        last = last_status.get(code)
        rows.append((code, task.name_vi, None, None, None, task.deadline.text, leads or "–",
                     t(f"template.status.{last}", "vi") if last else None))
    return rows, [{"completed_on": "dd/mm/yyyy"} for _ in rows]


def _status_list(wb, ws, last_row: int) -> None:
    lists = wb.create_sheet(LISTS_SHEET)
    for i, code in enumerate(STATUS_CODES, start=1):
        lists.cell(row=i, column=1, value=t(f"template.status.{code}", "vi"))
        lists.cell(row=i, column=2, value=code)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    dv = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$A$1:$A${len(STATUS_CODES)}",
                        allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle=t("template.invalid_title", "vi"),
                        error=t("round.invalid_status", "vi"))
    dv.add(f"C2:C{max(last_row, 2)}")
    ws.add_data_validation(dv)


def _guide_steps(a: Assignment) -> list[str]:
    """The instructions that apply to the sheets this workbook has."""
    keys = ["round.guide.step.1"]
    if a.indicators:
        keys += [f"round.guide.step.{i}" for i in range(2, 7)]
    if a.tasks:
        keys.append("round.guide.step.7")
    if a.par:
        keys += [f"round.guide.par.{i}" for i in range(1, 4)]
    return keys + ["round.guide.step.8", "round.guide.step.9"]


def _asked(a: Assignment) -> str:
    """What the workbook asks for, in Vietnamese words: "12 dòng chỉ tiêu và 3 nhiệm vụ"."""
    parts = [t(key, "vi", n=n) for key, n in (
        ("round.guide.part.rows", len(a.indicators)), ("round.guide.part.tasks", len(a.tasks)),
        ("round.guide.part.par", len(a.par))) if n]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _guide(wb, a: Assignment, units: Units, made_on: dt.date, framework=None) -> None:
    ws = wb.active
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 5, 120
    name = units.name(a.unit, "vi")
    fields = dict(year=a.year, unit=name, code=a.unit, rows=len(a.indicators),
                  tasks=len(a.tasks), par=len(a.par), asked=_asked(a),
                  framework=framework.name_vi if framework is not None else "",
                  made=made_on.strftime("%d/%m/%Y"))
    title = "round.guide.title" if a.indicators or a.tasks else "round.guide.title_par"
    ws["B1"] = t(title, "vi", **fields)
    ws["B1"].font = Font(bold=True, size=14)
    ws["B2"] = t("round.guide.unit", "vi", **fields)
    ws["B2"].font = Font(bold=True, size=12)
    ws["B3"] = t("round.guide.asked", "vi", **fields)
    row = 4
    for i, key in enumerate(_guide_steps(a), start=1):
        row += 1
        ws.cell(row=row, column=1, value=f"{i}.").alignment = WRAP
        ws.cell(row=row, column=2, value=t(key, "vi", **fields)).alignment = WRAP
    fit_rows(ws, 1)
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _meta(wb, a: Assignment, units: Units, made_on: dt.date) -> None:
    ws = wb.create_sheet(META_SHEET)
    pairs = [("format", FORMAT), ("unit", a.unit), ("unit_name", units.name(a.unit, "vi")),
             ("year", a.year), ("made_on", made_on.isoformat()),
             ("indicator_rows", len(a.indicators)), ("task_rows", len(a.tasks)),
             ("par_rows", len(a.par)), ("par_framework", a.framework)]
    for i, (key, value) in enumerate(pairs, start=1):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=value)
    row = len(pairs) + 1
    ws.cell(row=row, column=1, value="locked")
    for sheet in DATA_SHEETS:
        if sheet not in wb.sheetnames:
            continue
        data = wb[sheet]
        for cells in data.iter_rows(min_row=1, max_row=data.max_row):
            for cell in cells:
                if cell.protection.locked and cell.value is not None:
                    row += 1
                    ws.cell(row=row, column=1, value=f"{sheet}!{cell.coordinate}")
                    ws.cell(row=row, column=2, value=locked_text(cell.value))
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def locked_text(value) -> str:
    """A locked cell's value as the meta sheet keeps it (numbers in one spelling)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f"{float(value):.10g}"
    return unicodedata.normalize("NFC", str(value)).strip()


def build_unit_workbook(a: Assignment, catalogue, units: Units, last_values: dict,
                        last_status: dict, made_on: dt.date | None = None,
                        framework=None) -> Workbook:
    """The workbook of one unit's assignment (last year's values and statuses given;
    ``framework``: the PAR Index framework that rates the unit, for its ``par`` rows)."""
    made_on = made_on or dt.date.today()
    milestone = 2025 if a.year <= 2025 else 2030
    wb = Workbook()
    _guide(wb, a, units, made_on, framework)
    title = t("round.print_title", "vi", year=a.year, unit=units.name(a.unit, "vi"))
    if a.indicators:
        ws = wb.create_sheet("indicators")
        _header(ws, INDICATOR_SHEET, a.year, milestone)
        rows, formats = _indicator_rows(a, catalogue, units, last_values, milestone)
        _body(ws, INDICATOR_SHEET, rows, formats)
        _print_setup(ws, title, len(INDICATOR_SHEET))
        _protect(ws)
    if a.tasks:
        ws = wb.create_sheet("tasks")
        _header(ws, TASK_SHEET, a.year, milestone)
        rows, formats = _task_rows(a, catalogue, units, last_status)
        _body(ws, TASK_SHEET, rows, formats)
        _print_setup(ws, title, len(TASK_SHEET))
        _protect(ws)
        _status_list(wb, ws, len(rows) + 1)
    if a.par and framework is not None:
        ws = wb.create_sheet(par_template.SHEET)
        _header(ws, PAR_SHEET, a.year, milestone)
        rows, formats, areas = par_template.sheet_rows(framework, a.par)
        _body(ws, PAR_SHEET, rows, formats)
        par_template.style_area_rows(ws, areas)
        _print_setup(ws, t("round.print_title_par", "vi", year=a.year,
                           unit=units.name(a.unit, "vi")), len(PAR_SHEET))
        _protect(ws)
    _meta(wb, a, units, made_on)
    wb.active = 0
    return wb


def unit_workbooks(catalogue, units: Units, year: int, data_dir: str | Path | None = None,
                   made_on: dt.date | None = None, frameworks=None) -> dict[str, bytes]:
    """``{file name: workbook bytes}`` for every unit reporting in ``year``; last year's
    values and statuses from ``data_dir``; with ``frameworks`` (the PAR Index frameworks,
    :func:`assessment.plan.par_loading.load_frameworks`), the units they rate get their
    self-assessment sheet too. Everything is made in memory first."""
    year = check_plan_year(year)
    last_values, last_status = last_year_data(catalogue, units, year, data_dir)
    out = {}
    for a in assignments(catalogue, units, year, frameworks):
        framework = frameworks.get(a.framework) if a.framework else None
        buffer = io.BytesIO()
        build_unit_workbook(a, catalogue, units, last_values, last_status, made_on,
                            framework).save(buffer)
        out[file_name(a, units)] = buffer.getvalue()
    return out
