import openpyxl
import pytest

from assessment.intake.loading import load_year
from assessment.intake.template import build_template, write_template
from assessment.intake.validate import validate_year
from conftest import SAMPLE, complete_indicators, complete_tasks, expected_rows

CONTRACT = ["indicator", "unit", "value", "numerator", "denominator", "source", "note"]


def test_sheets_and_rows(catalogue, units):
    wb = build_template(catalogue, units, 2026)
    assert wb.sheetnames == ["indicators", "tasks", "instructions", "lists"]
    ws = wb["indicators"]
    header = [c.value for c in ws[1]]
    assert header[:7] == CONTRACT and len(header) == 11
    rows = [(r[0], r[1]) for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]]
    assert rows == expected_rows(catalogue, 2026)
    assert ("AP_DIGITISE_COMMUNE", "district") in rows  # the communes' aggregate
    assert ("AP_DIGITISE_COMMUNE", "ha_linh_2025") in rows
    assert ("INS_DETAIL_IMPL", "ha_linh_2025") not in rows
    assert ws.freeze_panes == "C2" and ws.protection.sheet
    assert ws["C2"].protection.locked is False and ws["H2"].protection.locked is True
    assert "Mã chỉ tiêu" in ws["A1"].comment.text and "Indicator code" in ws["A1"].comment.text
    tasks = wb["tasks"]
    assert [c.value for c in tasks[1]][:4] == ["task", "status", "completed_on", "note"]
    assert [tasks.cell(row=i + 2, column=1).value for i in range(len(catalogue.tasks))] == \
        [t.code for t in catalogue.tasks]
    validations = {str(dv.sqref).split(":")[0]: dv.formula1
                   for dv in ws.data_validations.dataValidation}
    assert validations["A2"].startswith("=lists!$A$2") and validations["B2"].startswith("=lists!")
    statuses = [dv.formula1 for dv in tasks.data_validations.dataValidation]
    lists = wb["lists"]
    status_col = [c.value for c in lists[1]].index("status") + 1
    assert [lists.cell(row=i, column=status_col).value for i in range(2, 6)] == \
        ["not_started", "in_progress", "done", "cancelled"]
    assert any(f"${openpyxl.utils.get_column_letter(status_col)}$2" in f for f in statuses)


def test_instructions_are_bilingual(catalogue, units):
    ws = build_template(catalogue, units, 2026)["instructions"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "data/2026/" in text and "Lưu sổ tính" in text and "Save this workbook" in text
    assert "indicators.value" in text


def test_round_trip_2026(tmp_path, year_writer, catalogue, units):
    # last year's values come from data/2025 when present
    year_writer.csv(2025, complete_indicators(catalogue, 2025), complete_tasks(catalogue))
    path = write_template(year_writer.folder(2026) / "template-2026.xlsx", catalogue, units,
                          2026, data_dir=year_writer.data)
    wb = openpyxl.load_workbook(path)
    ws = wb["indicators"]
    assert ws["K2"].value == 50  # INS_DETAIL_IMPL, district, 2025
    measures = {i.code: i.measure for i in catalogue.indicators}
    filled = 0
    for row in ws.iter_rows(min_row=2):
        if row[0].value:
            row[2].value = float(SAMPLE[measures[row[0].value]])
            filled += 1
    tasks = wb["tasks"]
    for row in tasks.iter_rows(min_row=2):
        if row[0].value:
            row[1].value = "not_started"
    wb.save(path)
    assert validate_year(year_writer.data, 2026, catalogue, units) == []
    data = load_year(year_writer.data, 2026, catalogue, units)
    assert len(data.indicators) == filled == len(expected_rows(catalogue, 2026))
    assert len(data.tasks) == len(catalogue.tasks)
    assert set(data.indicators["_sheet"]) == {"indicators"}


def test_unfilled_template_gives_warnings_only(year_writer, catalogue, units):
    write_template(year_writer.folder(2025) / "t.xlsx", catalogue, units, 2025)
    problems = validate_year(year_writer.data, 2025, catalogue, units)
    assert problems and all(p.severity == "warning" for p in problems)
    assert {p.rule for p in problems} == {"missing_value", "missing_status"}


@pytest.mark.parametrize("year, count", [(2024, 21), (2025, 7)])
def test_units_follow_the_year(catalogue, units, year, count):
    ws = build_template(catalogue, units, year)["indicators"]
    units_used = {r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[1]}
    assert len(units_used - {"district"}) == count
