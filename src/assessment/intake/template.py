"""The yearly data-entry workbook (``assessment template --year Y``).

Sheets:

- ``indicators``: one pre-filled row per indicator × unit that must report in the year
  (:meth:`~assessment.plan.units.Units.reporting` for the indicator's level). Columns A-G are
  the contract (``indicator, unit, value, numerator, denominator, source, note``); the
  grey columns to their right are read-only references (indicator name, unit name, how to
  enter the value, last year's value) that intake ignores.
- ``tasks``: one row per appendix task (``task, status, completed_on, note`` then
  references: task name, deadline, lead, last year's status).
- ``instructions``: how to fill the workbook, Vietnamese and English, and every column
  with its labels in both languages.
- ``lists``: the codes behind the drop-down lists.

Row 1 of the data sheets keeps the plain column names so that a filled workbook loads as
is (save it as ``data/<year>/<any name>.xlsx``); the Vietnamese and English labels of
each column are the header cell's comment and are listed on ``instructions``. The data
sheets are protected without a password: only the contract columns are editable (rows
can still be inserted, deleted, sorted and filtered).
"""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment.i18n import t
from assessment.paths import write_atomic
from assessment.intake.reading import INDICATOR_COLUMNS, TASK_COLUMNS, read_raw
from assessment.plan.units import Units
from assessment.intake.task_checks import TASK_STATUSES
from assessment.intake.validate import check_year

SPARE_ROWS = 200  # editable, validated rows below the pre-filled ones
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
REF_HEADER_FILL = PatternFill("solid", fgColor="7F7F7F")
REF_FILL = PatternFill("solid", fgColor="F2F2F2")
REF_FONT = Font(italic=True, color="404040")
WIDTHS = {"indicator": 26, "unit": 18, "value": 11, "numerator": 12, "denominator": 12,
          "source": 24, "note": 30, "task": 10, "status": 14, "completed_on": 14}
NUMBER_FORMATS = {"percent": "0.0##", "billion_vnd": "#,##0.0##"}
TEXT_COLUMNS = ("indicator", "unit", "source", "note", "task", "status")
INSTRUCTION_LINES = 10


def bilingual(key: str, **fields) -> str:
    return f"{t(key, 'vi', **fields)} / {t(key, 'en', **fields)}"


def last_year_data(catalogue, units: Units, year: int,
               data_dir: str | Path | None) -> tuple[dict, dict]:
    """Values ``{(indicator, unit): value}`` and statuses ``{task: status}`` of year - 1."""
    if data_dir is None or not (Path(data_dir) / str(year - 1)).is_dir():
        return {}, {}
    checked = check_year(read_raw(data_dir, year - 1), catalogue, units)
    values = {(r.indicator, r.unit): r.value for r in checked.indicators.itertuples()}
    statuses = dict(zip(checked.tasks["task"], checked.tasks["status"]))
    return values, statuses


def _header(ws, columns: tuple[str, ...], refs: list[str]) -> None:
    for i, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        comment = f"{t(f'template.column.{name}', 'vi')}\n\n{t(f'template.column.{name}', 'en')}"
        cell.comment = Comment(comment, "assessment", width=320, height=160)
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 14)
    for j, label in enumerate(refs, start=len(columns) + 1):
        cell = ws.cell(row=1, column=j, value=label)
        cell.fill, cell.font = REF_HEADER_FILL, HEADER_FONT
        cell.comment = Comment(bilingual("template.reference"), "assessment", width=320,
                               height=80)
        ws.column_dimensions[get_column_letter(j)].width = 40 if j == len(columns) + 1 else 22
    ws.row_dimensions[1].height = 32
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _editable(ws, columns: tuple[str, ...], last_row: int) -> None:
    """Unlock the contract columns (pre-filled and spare rows), set formats, protect."""
    for i, name in enumerate(columns, start=1):
        for row in range(2, last_row + 1):
            cell = ws.cell(row=row, column=i)
            cell.protection = Protection(locked=False)
            if name in TEXT_COLUMNS:
                cell.number_format = "@"
            elif name == "completed_on":
                cell.number_format = "dd/mm/yyyy"
    ws.freeze_panes = "C2" if "indicator" in columns else "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{last_row}"
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.formatColumns = p.formatRows = False
    p.sort = p.autoFilter = p.formatCells = False


def reference_cell(cell, value) -> None:
    cell.value = value
    cell.fill, cell.font = REF_FILL, REF_FONT


def list_validation(ws, column: str, formula: str, last_row: int, lang_key: str) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                        showErrorMessage=True, errorStyle="stop",
                        errorTitle=bilingual("template.invalid_title"),
                        error=f"{t(lang_key, 'vi')}\n{t(lang_key, 'en')}")
    dv.add(f"{column}2:{column}{last_row}")
    ws.add_data_validation(dv)


def _lists(wb: Workbook, catalogue, units: Units, year: int) -> dict[str, str]:
    ws = wb.create_sheet("lists")
    unit_codes = units.reporting(year, "both")
    columns = {
        "indicator": [i.code for i in catalogue.indicators],
        "indicator_name": [i.name_vi for i in catalogue.indicators],
        "unit": unit_codes,
        "unit_name": [units.name(u, "vi") for u in unit_codes],
        "task": [task.code for task in catalogue.tasks],
        "task_name": [task.name_vi for task in catalogue.tasks],
        "status": list(TASK_STATUSES),
        "status_name": [bilingual(f"template.status.{s}") for s in TASK_STATUSES],
    }
    ranges = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(j)
        ws.cell(row=1, column=j, value=name).font = Font(bold=True)
        for i, value in enumerate(values, start=2):
            ws.cell(row=i, column=j, value=value)
        ws.column_dimensions[letter].width = 40 if name.endswith("_name") else 22
        ranges[name] = f"lists!${letter}$2:${letter}${len(values) + 1}"
    ws.freeze_panes = "A2"
    return ranges


def _indicators_sheet(wb, catalogue, units, year, last_values, ranges) -> None:
    ws = wb.active
    ws.title = "indicators"
    refs = [bilingual("template.ref.indicator_name"), bilingual("template.ref.unit_name"),
            bilingual("template.ref.measure"), bilingual("template.ref.last_year", year=year - 1)]
    _header(ws, INDICATOR_COLUMNS, refs)
    row = 1
    for ind in catalogue.indicators:
        for unit in units.reporting(year, ind.reporting_level):
            row += 1
            ws.cell(row=row, column=1, value=ind.code)
            ws.cell(row=row, column=2, value=unit)
            for col in (3, 4, 5):
                ws.cell(row=row, column=col).number_format = NUMBER_FORMATS.get(
                    ind.measure, "General")
            base = len(INDICATOR_COLUMNS)
            reference_cell(ws.cell(row=row, column=base + 1), ind.name_vi)
            reference_cell(ws.cell(row=row, column=base + 2), units.name(unit, "vi"))
            reference_cell(ws.cell(row=row, column=base + 3), bilingual(f"template.measure.{ind.measure}"))
            reference_cell(ws.cell(row=row, column=base + 4), last_values.get((ind.code, unit)))
            ws.cell(row=row, column=base + 4).number_format = NUMBER_FORMATS.get(
                ind.measure, "General")
    last = row + SPARE_ROWS
    _editable(ws, INDICATOR_COLUMNS, last)
    list_validation(ws, "A", f"={ranges['indicator']}", last, "template.invalid.indicator")
    list_validation(ws, "B", f"={ranges['unit']}", last, "template.invalid.unit")


def _tasks_sheet(wb, catalogue, year, last_status, ranges) -> None:
    ws = wb.create_sheet("tasks", 1)
    refs = [bilingual("template.ref.task_name"), bilingual("template.ref.deadline"),
            bilingual("template.ref.lead"), bilingual("template.ref.last_status", year=year - 1)]
    _header(ws, TASK_COLUMNS, refs)
    for row, task in enumerate(catalogue.tasks, start=2):
        ws.cell(row=row, column=1, value=task.code)
        base = len(TASK_COLUMNS)
        reference_cell(ws.cell(row=row, column=base + 1), task.name_vi)
        reference_cell(ws.cell(row=row, column=base + 2), task.deadline.text)
        reference_cell(ws.cell(row=row, column=base + 3), task.lead_vi)
        reference_cell(ws.cell(row=row, column=base + 4), last_status.get(task.code))
    last = len(catalogue.tasks) + 1 + SPARE_ROWS
    _editable(ws, TASK_COLUMNS, last)
    list_validation(ws, "A", f"={ranges['task']}", last, "template.invalid.task")
    list_validation(ws, "B", f"={ranges['status']}", last, "template.invalid.status")


def _instructions(wb: Workbook, year: int) -> None:
    ws = wb.create_sheet("instructions", 2)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 80
    title = ws.cell(row=1, column=2, value=t("template.title", "vi", year=year))
    ws.cell(row=1, column=3, value=t("template.title", "en", year=year))
    title.font = ws["C1"].font = Font(bold=True, size=13)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 2
    for i in range(1, INSTRUCTION_LINES + 1):
        row += 1
        ws.cell(row=row, column=1, value=i)
        for col, lang in ((2, "vi"), (3, "en")):
            ws.cell(row=row, column=col, value=t(f"template.step.{i}", lang, year=year)
                    ).alignment = wrap
    row += 2
    for col, key in ((1, "template.table.column"), (2, "template.table.vi"),
                     (3, "template.table.en")):
        ws.cell(row=row, column=col, value=bilingual(key)).font = Font(bold=True)
    for sheet, columns in (("indicators", INDICATOR_COLUMNS), ("tasks", TASK_COLUMNS)):
        for name in columns:
            row += 1
            ws.cell(row=row, column=1, value=f"{sheet}.{name}")
            ws.cell(row=row, column=2, value=t(f"template.column.{name}", "vi")).alignment = wrap
            ws.cell(row=row, column=3, value=t(f"template.column.{name}", "en")).alignment = wrap


def build_template(catalogue, units: Units, year: int,
                   data_dir: str | Path | None = None) -> Workbook:
    """The data-entry workbook for ``year``; last year's values come from ``data_dir``."""
    year = int(year)
    last_values, last_status = last_year_data(catalogue, units, year, data_dir)
    wb = Workbook()
    ranges = _lists(wb, catalogue, units, year)
    _indicators_sheet(wb, catalogue, units, year, last_values, ranges)
    _tasks_sheet(wb, catalogue, year, last_status, ranges)
    _instructions(wb, year)
    wb.active = 0
    return wb


def write_template(path: str | Path, catalogue, units: Units, year: int,
                   data_dir: str | Path | None = None) -> Path:
    """Write the workbook to ``path`` (atomically: a temporary file, then a rename)."""
    path = Path(path)
    buffer = io.BytesIO()
    build_template(catalogue, units, year, data_dir).save(buffer)
    write_atomic(path, buffer.getvalue())
    return path
