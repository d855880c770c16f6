"""One tiny bad input per rule, as CSV and as a workbook; messages in both languages."""
from __future__ import annotations

import copy
import zipfile

import openpyxl
import pytest

from assessment.i18n import catalogue_text
from assessment.intake.validate import (RULES, Problem, format_report, has_errors, parse_date,
                                 parse_number, validate_year)
from conftest import complete_indicators, complete_tasks

YEAR = 2025
WORDS = {"vi": ("trang tính", "dòng", "cột"), "en": ("sheet", "row", "column")}


def find(problems, rule, **attrs) -> Problem:
    found = [p for p in problems if p.rule == rule
             and all(getattr(p, k) == v for k, v in attrs.items())]
    assert found, f"no {rule} {attrs} in:\n" + "\n".join(p.message("en") for p in problems)
    return found[0]


def assert_message(p: Problem, file, sheet=None, row=None, column=None, value=None):
    for lang, (sheet_word, row_word, column_word) in WORDS.items():
        text = p.message(lang)
        assert "\n" not in text
        assert str(file) in text
        if sheet:
            assert f"{sheet_word} {sheet}" in text
        if row is not None:
            assert f"{row_word} {row}," in text or f"{row_word} {row}:" in text
        if column is not None:
            assert f"{column_word} {column}:" in text
        if value:
            assert f'"{value}"' in text
        assert text.endswith(f"[{p.rule}]")
    assert p.message("vi") != p.message("en")


def at(rows, indicator, unit="district"):
    return next(i for i, r in enumerate(rows) if r["indicator"] == indicator and r["unit"] == unit)


def setv(_indicator, _unit="district", **values):
    def mutate(rows):
        i = at(rows, _indicator, _unit)
        rows[i].update(values)
        return i
    return mutate


def append(**row):
    def mutate(rows):
        rows.append(dict(row))
        return len(rows) - 1
    return mutate


def duplicate(indicator, unit="district"):
    def mutate(rows):
        rows.append(dict(rows[at(rows, indicator, unit)]))
        return len(rows) - 1
    return mutate


# (id, mutation, rule, severity, column, value shown, text expected in the English message)
INDICATOR_CASES = [
    ("unknown_indicator", setv("INS_DETAIL_IMPL", indicator="INS_DETAIL_IMP"),
     "unknown_indicator", "error", "indicator", "INS_DETAIL_IMP", "Did you mean INS_DETAIL_IMPL?"),
    ("unknown_unit", setv("INS_DETAIL_IMPL", unit="distric"),
     "unknown_unit", "error", "unit", "distric", "Did you mean district?"),
    ("unit_by_name", setv("INS_DOC_REVIEW", "ha_linh_2025", unit="xã Hà Linh"),
     "unknown_unit", "error", "unit", "xã Hà Linh", "Did you mean ha_linh"),
    ("unit_not_valid", append(indicator="INS_DOC_REVIEW", unit="phu_phong", value="80"),
     "unit_not_valid", "error", "unit", "phu_phong",
     "merged into Hương Khê township on 1 Jan 2025). Report it under huong_khe_2025"),
    ("old_commune", append(indicator="INS_DOC_REVIEW", unit="ha_linh", value="80"),
     "unit_not_valid", "error", "unit", "ha_linh", "Report it under ha_linh_2025"),
    ("commune_row", append(indicator="AP_CUT_REGS", unit="ha_linh_2025", value="20"),
     "wrong_level", "error", "unit", "ha_linh_2025", "district-level indicator"),
    ("duplicate_row", duplicate("INS_DETAIL_IMPL"),
     "duplicate_row", "error", "indicator", "INS_DETAIL_IMPL", "already on row 2"),
    ("not_a_number", setv("INS_DETAIL_IMPL", value="abc"),
     "not_a_number", "error", "value", "abc", "not a number"),
    ("ambiguous_number", setv("BE_NEW_ENTERPRISES", value="1,234"),
     "ambiguous_number", "error", "value", "1,234", "thousands separator"),
    ("decimal_comma", setv("INS_DETAIL_IMPL", value="82,5"),
     "decimal_comma", "warning", "value", "82,5", "giving 82.5"),
    ("percent_out_of_range", setv("INS_DETAIL_IMPL", value="120"),
     "percent_out_of_range", "error", "value", "120", "between 0 and 100"),
    ("probably_fraction", setv("INS_DOC_REVIEW", "huong_khe_2025", value="0.8"),
     "probably_fraction", "warning", "value", "0.8", "enter 80 instead of 0.8"),
    ("negative_value", setv("BE_NEW_ENTERPRISES", value="-3"),
     "negative_value", "error", "value", "-3", "negative"),
    ("invalid_rank", setv("EG_DIGITAL_RANK", value="2.5"),
     "invalid_rank", "error", "value", "2.5", "whole number"),
    ("invalid_done", setv("AP_ONESTOP_REFORM", value="2"),
     "invalid_done", "error", "value", "2", "1 (done) or 0"),
    ("denominator_zero", setv("INS_DETAIL_IMPL", value="", numerator="5", denominator="0"),
     "denominator_zero", "error", "denominator", "0", "denominator is 0"),
    ("numerator_gt_denominator",
     setv("INS_DETAIL_IMPL", value="", numerator="12", denominator="10"),
     "numerator_gt_denominator", "error", "numerator", "12", "larger than denominator 10"),
    ("incomplete_ratio", setv("INS_DETAIL_IMPL", value="", numerator="5"),
     "incomplete_ratio", "error", "numerator", "5", "go together"),
    ("value_mismatch", setv("INS_DETAIL_IMPL", value="70", numerator="8", denominator="10"),
     "value_mismatch", "error", "value", "70", "8/10 gives 80%"),
    ("missing_value", setv("INS_DETAIL_IMPL", value=""),
     "missing_value", "warning", "value", None, "the row is not assessed"),
    ("empty_required", setv("INS_DETAIL_IMPL", unit=""),
     "empty_required", "error", "unit", None, "required cell is empty"),
    ("excel_error", setv("INS_DETAIL_IMPL", value="#DIV/0!"),
     "excel_error", "error", "value", "#DIV/0!", "Excel error"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", INDICATOR_CASES, ids=[c[0] for c in INDICATOR_CASES])
def test_indicator_rule(year_writer, catalogue, units, fmt, case):
    _, mutate, rule, severity, column, value, phrase = case
    rows = complete_indicators(catalogue, YEAR)
    index = mutate(rows)
    path = year_writer.write(fmt, YEAR, rows, complete_tasks(catalogue))
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    p = find(problems, rule, row=index + 2, column=column)
    assert p.severity == severity
    sheet = "indicators" if fmt == "xlsx" else None
    assert p.sheet == sheet
    assert_message(p, path, sheet, index + 2, column, value)
    assert phrase in p.message("en")
    if severity == "warning":
        assert not has_errors(problems)


def test_formula_cell_is_an_error(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    rows[0]["value"] = "=B2/C2*100"
    path = year_writer.xlsx(YEAR, rows, complete_tasks(catalogue))
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    p = find(problems, "formula", row=2, column="value")
    assert_message(p, path, "indicators", 2, "value", "=B2/C2*100")
    assert "Paste Special" in p.message("en") and "Dán đặc biệt" in p.message("vi")
    assert [q.rule for q in problems if q.row == 2] == ["formula"]  # not also missing_value


def test_office_reports_no_indicator(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, 2024)
    rows.append({"indicator": "INS_DETAIL_IMPL", "unit": "tu_phap", "value": "100"})
    year_writer.csv(2024, rows, complete_tasks(catalogue))
    p = find(validate_year(year_writer.data, 2024, catalogue, units), "wrong_level")
    assert p.row == len(rows) + 1 and "offices do not report" in p.message("en")


def test_phu_phong_valid_in_2024(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, 2024)
    assert any(r["unit"] == "phu_phong" for r in rows)
    year_writer.csv(2024, rows, complete_tasks(catalogue))
    assert validate_year(year_writer.data, 2024, catalogue, units) == []


def task_set(**values):
    def mutate(rows):
        rows[0].update(values)
        return 0
    return mutate


TASK_CASES = [
    ("unknown_task", task_set(task="T_I_9"), "unknown_task", "error", "task", "T_I_9",
     "unknown task code"),
    ("duplicate_task", lambda rows: rows.append(dict(rows[0])) or len(rows) - 1,
     "duplicate_task", "error", "task", "T_I_1", "already on row 2"),
    ("invalid_status", task_set(status="finished"), "invalid_status", "error", "status",
     "finished", "not_started, in_progress, done, cancelled"),
    ("missing_status", task_set(status=""), "missing_status", "warning", "status", None,
     "by its deadline alone"),
    ("bad_date", task_set(status="done", completed_on="31/02/2024"), "bad_date", "error",
     "completed_on", "31/02/2024", "not a date"),
    ("completed_not_done", task_set(completed_on="2024-05-01"), "completed_not_done",
     "error", "completed_on", "2024-05-01", "status is in_progress"),
    ("done_without_date", task_set(status="done"), "done_without_date", "warning",
     "completed_on", None, "completed_on is empty"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", TASK_CASES, ids=[c[0] for c in TASK_CASES])
def test_task_rule(year_writer, catalogue, units, fmt, case):
    _, mutate, rule, severity, column, value, phrase = case
    tasks = complete_tasks(catalogue)
    index = mutate(tasks)
    path = year_writer.write(fmt, YEAR, complete_indicators(catalogue, YEAR), tasks)
    if fmt == "csv":
        path = path.with_name("tasks.csv")
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    p = find(problems, rule, row=index + 2, column=column)
    assert p.severity == severity
    sheet = "tasks" if fmt == "xlsx" else None
    assert_message(p, path, sheet, index + 2, column, value)
    assert phrase in p.message("en")


# ------------------------------------------------------------------ whole files
def test_clean_year_has_no_problems(year_writer, catalogue, units):
    year_writer.csv(YEAR, complete_indicators(catalogue, YEAR), complete_tasks(catalogue))
    assert validate_year(year_writer.data, YEAR, catalogue, units) == []
    assert "no errors" in format_report([], "en")


def test_missing_columns(year_writer, catalogue, units):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_text("indicator,unit,valeur\nINS_DETAIL_IMPL,district,1\n",
                                           encoding="utf-8")
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "missing_columns")
    assert_message(p, folder / "indicators.csv", row=1, value="indicator,unit,valeur")
    assert "value" in p.message("en") and "thiếu cột bắt buộc: value" in p.message("vi")


def test_duplicate_and_extra_fields(year_writer, catalogue, units):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_text(
        "indicator,unit,value\nINS_DETAIL_IMPL,district,100,oops\n", encoding="utf-8")
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "extra_fields", row=2)
    assert_message(p, folder / "indicators.csv", row=2, value="oops")
    (folder / "indicators.csv").write_text("indicator,unit,value,value\n", encoding="utf-8")
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "duplicate_column")
    assert_message(p, folder / "indicators.csv", row=1, column="value", value="value")


@pytest.mark.parametrize("content, variant", [
    (b"", None), (b"indicator,unit,value\n", "rows"), (b"\n\n", None)])
def test_empty_csv(year_writer, catalogue, units, content, variant):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_bytes(content)
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "empty_file")
    assert p.is_error and p.text == (f"empty_file.{variant}" if variant else None)
    assert_message(p, folder / "indicators.csv")


@pytest.mark.parametrize("content, text", [
    ("indicator,unit,value\nINS_DETAIL_IMPL,district,100\n".encode("utf-16"), "encoding.utf16"),
    ("indicator,unit,value,note\nINS_DETAIL_IMPL,district,100,Hòa\n".encode("latin-1"),
     "encoding.legacy"),
])
def test_encoding(year_writer, catalogue, units, content, text):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_bytes(content)
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "encoding")
    assert p.text == text
    assert_message(p, folder / "indicators.csv")
    assert "CSV UTF-8" in p.message("en") and "CSV UTF-8" in p.message("vi")
    if text == "encoding.legacy":
        assert p.row == 2


@pytest.mark.parametrize("content, variant", [
    (b"PK\x03\x04" + b"\x00" * 40, "xlsx_as_csv"),
    (bytes(range(256)) * 4, "binary_csv"),
])
def test_csv_that_is_binary(year_writer, catalogue, units, content, variant):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_bytes(content)
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "wrong_format")
    assert p.text == f"wrong_format.{variant}"
    assert_message(p, folder / "indicators.csv")


def _zip_garbage() -> bytes:
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


@pytest.mark.parametrize("content, variant", [
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
    ("indicator,unit,value\nINS_DETAIL_IMPL,district,100\n".encode(), "csv_as_xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls"),
    (_zip_garbage(), "corrupt"),
    (bytes(range(256)), "corrupt"),
])
def test_xlsx_that_is_not_a_workbook(year_writer, catalogue, units, content, variant):
    path = year_writer.folder(YEAR) / "data.xlsx"
    path.write_bytes(content)
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    p = find(problems, "wrong_format")
    assert p.text == f"wrong_format.{variant}"
    assert_message(p, path)
    assert [q.rule for q in problems] == ["wrong_format"]


def test_missing_sheet_and_empty_sheet(year_writer, catalogue, units):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.create_sheet("tasks")
    path = year_writer.folder(YEAR) / "data.xlsx"
    wb.save(path)
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    p = find(problems, "missing_sheet")
    assert "Sheet1" in p.message("en") and "indicators" in p.message("vi")
    p = find(problems, "empty_file", sheet="tasks")
    assert_message(p, path, "tasks")


def test_folder_problems(year_writer, catalogue, units):
    p = find(validate_year(year_writer.data, 2030, catalogue, units), "no_data")
    assert "2030" in p.message("en") and "2030" in p.message("vi")
    folder = year_writer.folder(YEAR)
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "no_data")
    assert "notes.txt" in p.message("en")
    year_writer.xlsx(YEAR, [], None, name="a.xlsx")
    year_writer.xlsx(YEAR, [], None, name="b.xlsx")
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "several_workbooks")
    assert "a.xlsx, b.xlsx" in p.message("en")
    year_writer.csv(YEAR, complete_indicators(catalogue, YEAR))
    p = find(validate_year(year_writer.data, YEAR, catalogue, units), "ambiguous_input")
    assert "indicators.csv" in p.message("vi")


def test_lock_files_are_ignored(year_writer, catalogue, units):
    year_writer.xlsx(YEAR, complete_indicators(catalogue, YEAR), complete_tasks(catalogue))
    (year_writer.folder(YEAR) / "~$data.xlsx").write_bytes(b"lock")
    assert validate_year(year_writer.data, YEAR, catalogue, units) == []


# ------------------------------------------------------------------ coverage warnings
def test_coverage_warnings(year_writer, catalogue, units):
    rows = [r for r in complete_indicators(catalogue, YEAR)
            if not (r["indicator"] == "INS_DETAIL_IMPL"
                    or (r["indicator"] == "INS_DOC_REVIEW" and r["unit"] == "district")
                    or (r["indicator"] == "AP_E_TRANSFER" and r["unit"] == "ha_linh_2025")
                    or r["indicator"] == "AP_DIGITISE_COMMUNE")]
    tasks = complete_tasks(catalogue)[1:]
    path = year_writer.write("csv", YEAR, rows, tasks)
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    assert not has_errors(problems)
    p = find(problems, "indicator_missing", value="INS_DETAIL_IMPL")
    assert_message(p, path, column="indicator", value="INS_DETAIL_IMPL")
    assert "no row for the district" in p.message("en")
    find(problems, "indicator_missing", value="INS_DOC_REVIEW")
    p = find(problems, "indicator_missing", value="AP_DIGITISE_COMMUNE")
    assert "AP_DIGITISE_COMMUNE in 2025" in p.message("en")
    assert not [q for q in problems if q.rule == "communes_missing"
                and q.value == "AP_DIGITISE_COMMUNE"]  # one warning for a missing indicator
    p = find(problems, "communes_missing", value="AP_E_TRANSFER")
    assert "ha_linh_2025" in p.message("en") and "1 commune" in p.message("en")
    p = find(problems, "task_missing", value="T_I_1")
    assert "T_I_1" in p.message("vi")
    assert {q.rule for q in problems} == {"indicator_missing", "communes_missing", "task_missing"}


def test_no_tasks_file_is_one_warning(year_writer, catalogue, units):
    year_writer.csv(YEAR, complete_indicators(catalogue, YEAR))
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    assert [p.rule for p in problems] == ["no_tasks"]
    assert "tasks.csv" in problems[0].message("en")


# ------------------------------------------------------------------ report and texts
def test_format_report_orders_errors_first(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    rows[0]["value"] = "82,5"
    rows[1]["value"] = "abc"
    year_writer.csv(YEAR, rows, complete_tasks(catalogue))
    problems = validate_year(year_writer.data, YEAR, catalogue, units)
    en = format_report(problems, "en", YEAR)
    vi = format_report(problems, "vi", YEAR)
    assert en.splitlines()[0] == "Checking the data for 2025: 1 error, 1 warning"
    assert vi.splitlines()[0] == "Kiểm tra dữ liệu năm 2025: 1 lỗi, 1 cảnh báo"
    assert en.index("Errors (1):") < en.index("[not_a_number]") < en.index("Warnings (1):") \
        < en.index("[decimal_comma]")
    assert "Lỗi (1):" in vi and "Cảnh báo (1):" in vi


def test_every_rule_and_variant_has_both_languages():
    texts = catalogue_text()
    for rule in RULES:
        assert any(k == f"validate.text.{rule}" or k.startswith(f"validate.text.{rule}.")
                   for k in texts), rule
        assert any(k == f"validate.hint.{rule}" or k.startswith(f"validate.hint.{rule}.")
                   for k in texts), rule
    import unicodedata
    for key, value in texts.items():
        if key.startswith(("validate.", "template.")):
            assert set(value) == {"vi", "en"}, key
            for text in value.values():
                assert unicodedata.is_normalized("NFC", text)


def test_problem_is_frozen_and_checked():
    p = Problem("error", "unknown_unit", file="f.csv", row=3, column="unit", value="x")
    with pytest.raises(Exception):
        p.row = 4
    with pytest.raises(ValueError):
        Problem("fatal", "unknown_unit")
    with pytest.raises(ValueError):
        Problem("error", "no_such_rule")
    with pytest.raises(ValueError, match="is an error"):  # the rule table fixes severity
        Problem("warning", "unknown_unit")
    assert copy.copy(p) == p and hash(p) == hash(copy.copy(p))


def test_rule_table_is_the_only_list_of_rules():
    """Every rule the checks raise is in the table with its severity, and every rule of the
    table is raised by some check (its id is written in the intake's code)."""
    from pathlib import Path
    code = "".join(p.read_text(encoding="utf-8") for p in
                   (Path(__file__).resolve().parents[1] / "src/assessment/intake").glob("*.py")
                   if p.name != "problems.py")
    assert [r for r in RULES if f'"{r}"' not in code] == []
    assert {r.scope for r in RULES.values()} == {"file", "row", "coverage", "edition",
                                                 "narrative"}
    assert all(r.severity in ("error", "warning") for r in RULES.values())


@pytest.mark.parametrize("text, number, issue", [
    ("82.5", 82.5, None), ("82,5", 82.5, "decimal_comma"), ("1,234", None, "ambiguous_number"),
    ("1.234,5", 1234.5, "decimal_comma"), ("1,234.5", 1234.5, None), ("80%", 80.0, None),
    ("1 234", 1234.0, None), ("abc", None, "not_a_number"), ("", None, None),
    ("-3", -3.0, None), ("1e3", 1000.0, None), ("nan", None, "not_finite"),
])
def test_parse_number(text, number, issue):
    assert parse_number(text) == (number, issue)


def test_parse_date():
    import datetime as dt
    assert parse_date("2025-03-31") == dt.date(2025, 3, 31)
    assert parse_date("31/03/2025") == parse_date("31.3.2025") == dt.date(2025, 3, 31)
    assert parse_date("") is None
    for bad in ("03/31/2025", "soon", "2025/03/31"):
        with pytest.raises(ValueError):
            parse_date(bad)
