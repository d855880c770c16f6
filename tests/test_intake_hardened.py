"""Numbers read as the office meant them, task dates judged as known at the reference
date, messages that name what they mean: each case through the library
(``validate_year``) and through the CLI (``assessment validate``), as CSV and as a
workbook, in both languages."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pytest

from assessment.cli import main
from assessment.intake.validate import validate_year
from conftest import Text, complete_indicators, complete_tasks


@dataclass
class Case:
    """``prepare(writer, fmt)`` writes the data and returns the year; the problem
    expected has ``rule``, ``severity`` and the attributes in ``where``; each language's
    message holds its phrases."""

    id: str
    prepare: Callable
    rule: str
    severity: str
    where: dict = field(default_factory=dict)
    en: tuple = ()
    vi: tuple = ()
    formats: tuple = ("csv", "xlsx")


def _rows(catalogue, units, year, changes=None):
    rows = complete_indicators(catalogue, year)
    for (indicator, unit), values in (changes or {}).items():
        i = next(k for k, r in enumerate(rows)
                 if r["indicator"] == indicator and r["unit"] == unit)
        rows[i].update(values)
    return rows


def indicator_case(year: int, changes: dict, tasks=None, before: dict | None = None):
    """Write ``year`` with ``changes`` ``{(indicator, unit): {column: text}}``; with
    ``before``, also ``year - 1`` with those changes (the previous year's values)."""
    def prepare(w, fmt, catalogue, units):
        if before is not None:
            w.write(fmt, year - 1, _rows(catalogue, units, year - 1, before),
                    complete_tasks(catalogue))
        w.write(fmt, year, _rows(catalogue, units, year, changes),
                tasks(catalogue) if tasks else complete_tasks(catalogue))
        return year
    return prepare


def task_case(year: int, change: Callable, edition: str | None = None):
    def prepare(w, fmt, catalogue, units):
        tasks = complete_tasks(catalogue)
        change(tasks)
        w.write(fmt, year, complete_indicators(catalogue, year), tasks)
        if edition:
            (w.folder(year) / "edition.yaml").write_text(edition, encoding="utf-8")
        return year
    return prepare


def set_task(code, **values):
    def change(tasks):
        next(t for t in tasks if t["task"] == code).update(values)
    return change


def drop_task(code):
    def change(tasks):
        tasks[:] = [t for t in tasks if t["task"] != code]
    return change


def semicolon_csv(w, fmt, catalogue, units):
    rows = _rows(catalogue, units, 2025, {("ORG_PSU_STAFF", "district"): {"value": "1.380"},
                                            ("AP_CUT_REGS", "district"): {"value": "82,5"}})
    folder = w.folder(2025)
    with open(folder / "indicators.csv", "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=["indicator", "unit", "value", "numerator",
                                                "denominator", "source", "note"],
                                delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    w.csv(2025, None, complete_tasks(catalogue))
    return 2025


def communes_sum_to_more(w, fmt, catalogue, units):
    rows = complete_indicators(catalogue, 2025)
    for r in rows:
        if r["indicator"] == "INS_DOC_REVIEW":
            r.update(value="", numerator="20" if r["unit"] == "district" else "50",
                     denominator="100")
    w.write(fmt, 2025, rows, complete_tasks(catalogue))
    return 2025


STAFF = ("ORG_PSU_STAFF", "district")
CASES = [
    Case("vi_thousands_in_count", indicator_case(2025, {STAFF: {"value": Text("1.330")}}),
         "ambiguous_number", "error", {"column": "value", "value": "1.330"},
         en=("reads two ways: 1330", "or 1.33 (the dot as a decimal point)"),
         vi=("hai cách hiểu: 1330", "hoặc 1,33 (dấu chấm là dấu thập phân)")),
    Case("en_thousands_in_count", indicator_case(2025, {STAFF: {"value": Text("1,330")}}),
         "ambiguous_number", "error", {"column": "value", "value": "1,330"},
         en=("1330 (the comma as a thousands separator) or 1.33",),
         vi=("1330 (dấu phẩy phân cách hàng nghìn) hoặc 1,33",)),
    Case("semicolon_csv_from_vi_excel", semicolon_csv, "ambiguous_number", "error",
         {"column": "value", "value": "1.380"}, en=("1380", "1.38"), vi=("1380", "1,38"),
         formats=("csv",)),
    Case("count_not_whole", indicator_case(2025, {STAFF: {"value": "12.5"}}),
         "not_whole", "error", {"column": "value"},
         en=("a count must be a whole number", "ORG_PSU_STAFF"),
         vi=("số lượng phải là số nguyên",)),
    Case("not_finite", indicator_case(2025, {("AP_CUT_REGS", "district"):
                                             {"value": Text("1e309")}}),
         "not_finite", "error", {"column": "value", "value": "1e309"},
         en=("not a finite number",), vi=("không phải là một số hữu hạn",)),
    Case("fraction_against_last_year",
         indicator_case(2025, {("AP_CUT_REGS", "district"): {"value": Text("0.18")}},
                        before={("AP_CUT_REGS", "district"): {"value": "18"}}),
         "probably_fraction", "warning", {"column": "value", "value": "0.18"},
         en=("in 2024 this unit reported AP_CUT_REGS as 18", "enter 18 instead of 0.18"),
         vi=("năm 2024 đơn vị này báo cáo AP_CUT_REGS là 18", "nhập 18 thay cho 0.18")),
    Case("fraction_typed_with_comma",
         indicator_case(2025, {("AP_CUT_REGS", "district"): {"value": Text("0,18")}},
                        before={("AP_CUT_REGS", "district"): {"value": "18"}}),
         "probably_fraction", "warning", {"column": "value", "value": "0,18"},
         en=("enter 18 instead of 0,18",), vi=("nhập 18 thay cho 0,18",)),
    Case("completed_after_the_year",
         task_case(2025, set_task("T_I_2", status="done", completed_on="2099-01-01")),
         "completed_after_year", "error", {"column": "completed_on", "value": "2099-01-01"},
         en=("falls after the report year 2025", "as done in the 2026 data"),
         vi=("sau năm báo cáo 2025", "số liệu năm 2026")),
    Case("completed_after_the_reference_date",
         task_case(2025, set_task("T_I_2", status="done", completed_on="2025-11-15"),
                   edition="parameters:\n  reference_date: 2025-06-30\n"),
         "completed_after_reference", "warning", {"column": "completed_on"},
         en=("after the report's reference date 30 Jun 2025", "still in progress"),
         vi=("sau ngày tham chiếu 30/06/2025", "đang thực hiện")),
    Case("annual_task_left_blank", task_case(2025, set_task("T_VI_1", status="")),
         "missing_status", "warning", {"column": "status"},
         en=("annual task", "will show it as “Overdue”"),
         vi=("nhiệm vụ hằng năm", "«Quá hạn»")),
    Case("annual_task_without_row", task_case(2025, drop_task("T_VI_1")),
         "task_missing", "warning", {"value": "T_VI_1"},
         en=("no row for the annual task T_VI_1", "“Overdue”"),
         vi=("nhiệm vụ hằng năm T_VI_1", "«Quá hạn»")),
    Case("unit_by_name_after_the_merger",
         indicator_case(2026, {("INS_DOC_REVIEW", "huong_do_2025"): {"unit": "Hương Đô"}}),
         "unknown_unit", "error", {"column": "unit", "value": "Hương Đô"},
         en=("Did you mean huong_do_2025?",), vi=("Có phải là huong_do_2025?",)),
    Case("missing_value_names_indicator_and_unit",
         indicator_case(2025, {("AP_CUT_REGS", "district"): {"value": ""}}),
         "missing_value", "warning", {"column": "value"},
         en=("of AP_CUT_REGS for Hương Khê district",),
         vi=("của AP_CUT_REGS cho huyện Hương Khê",)),
    Case("incomplete_ratio_in_vietnamese",
         indicator_case(2025, {("AP_CUT_REGS", "district"): {"value": "",
                                                             "numerator": "5"}}),
         "incomplete_ratio", "error", {"column": "numerator"},
         en=("the numerator is given without the denominator",),
         vi=("có tử số nhưng thiếu mẫu số",)),
    Case("district_outside_its_communes",
         indicator_case(2025, {("INS_DOC_REVIEW", "district"): {"value": "20"}}),
         "district_inconsistent", "warning", {"column": "value", "value": "20"},
         en=("the district share 20% lies outside the range of its 7 communes (50%-50%)",),
         vi=("tỷ lệ toàn huyện 20% nằm ngoài khoảng của 7 đơn vị cấp xã",)),
    Case("district_numerators_below_communes", communes_sum_to_more,
         "district_inconsistent", "warning", {"column": "value"},
         en=("(20/100) differ from the totals of its 7 communes (350/700)",),
         vi=("(20/100) khác tổng của 7 đơn vị cấp xã (350/700)",)),
    Case("cell_beyond_excel_limit",
         indicator_case(2025, {("AP_CUT_REGS", "district"): {"note": "x" * 40_000}}),
         "cell_too_long", "error", {"column": "note"},
         en=("40,000 characters, beyond Excel's limit of 32,767",),
         vi=("40.000 ký tự, quá giới hạn 32.767",), formats=("csv",)),
]
PARAMS = [pytest.param(case, fmt, id=f"{case.id}-{fmt}") for case in CASES
          for fmt in case.formats]


def _expected(problems, case):
    found = [p for p in problems if p.rule == case.rule
             and all(getattr(p, k) == v for k, v in case.where.items())]
    assert found, f"no {case.rule} {case.where} in:\n" + "\n".join(
        p.message("en") for p in problems)
    return found[0]


@pytest.mark.parametrize("case,fmt", PARAMS)
def test_library(year_writer, catalogue, units, case, fmt):
    year = case.prepare(year_writer, fmt, catalogue, units)
    p = _expected(validate_year(year_writer.data, year, catalogue, units), case)
    assert p.severity == case.severity
    assert p.row is not None or case.rule == "task_missing"
    assert (p.sheet is not None) == (fmt == "xlsx")
    for lang in ("en", "vi"):
        message = p.message(lang)
        for phrase in getattr(case, lang):
            assert phrase in message, (lang, message)


@pytest.mark.parametrize("case,fmt", PARAMS)
def test_cli(year_writer, catalogue, units, capsys, case, fmt):
    year = case.prepare(year_writer, fmt, catalogue, units)
    for lang in ("vi", "en"):
        code = main(["validate", "--data", str(year_writer.data), "--year", str(year),
                     "--lang", lang])
        out = capsys.readouterr().out
        assert code == (1 if case.severity == "error" else 0), out
        assert f"[{case.rule}]" in out
        for phrase in getattr(case, lang):
            assert phrase in out, (lang, out)


# ------------------------------------------------------------------ numbers
def test_number_cells_are_never_re_read(year_writer, catalogue, units):
    """A number cell 1.375 is a number, not the text "1.375" (which reads two ways)."""
    rows = _rows(catalogue, units, 2025, {("AP_CUT_REGS", "district"): {"value": "82.125"},
                                            STAFF: {"value": "1330"}})
    year_writer.xlsx(2025, rows, complete_tasks(catalogue))
    assert validate_year(year_writer.data, 2025, catalogue, units) == []


def test_a_number_cell_with_decimals_in_a_count_is_refused(year_writer, catalogue, units):
    rows = _rows(catalogue, units, 2025, {STAFF: {"value": "1.33"}})  # a number cell
    year_writer.xlsx(2025, rows, complete_tasks(catalogue))
    p = _expected(validate_year(year_writer.data, 2025, catalogue, units),
                  Case("", None, "not_whole", "error", {"sheet": "indicators"}))
    assert p.value == "1.33"


def test_nul_byte_anywhere_in_a_csv(year_writer, catalogue, units, capsys):
    rows = [r | {"source": "Báo cáo CCHC năm 2025 của UBND"}
            for r in complete_indicators(catalogue, 2025)]
    path = year_writer.csv(2025, rows, complete_tasks(catalogue)) / "indicators.csv"
    data = path.read_bytes()
    assert len(data) > 9000
    cut = data.index(b"\n", 9000) + 1
    path.write_bytes(data[:cut] + b"AP_CUT_REGS,district,5\x000\n" + data[cut:])
    row = data[:cut].count(b"\n") + 1
    problems = validate_year(year_writer.data, 2025, catalogue, units)
    p = _expected(problems, Case("", None, "wrong_format", "error", {"row": row}))
    assert "binary" in p.message("en") and "nhị phân" in p.message("vi")
    assert main(["validate", "--data", str(year_writer.data), "--year", "2025"]) == 1
    assert f"dòng {row}" in capsys.readouterr().out


def test_a_csv_field_beyond_the_csv_reader_limit(year_writer, catalogue, units):
    rows = _rows(catalogue, units, 2025, {("AP_CUT_REGS", "district"): {"note": "y" * 200_000}})
    year_writer.csv(2025, rows, complete_tasks(catalogue))
    p = _expected(validate_year(year_writer.data, 2025, catalogue, units),
                  Case("", None, "cell_too_long", "error"))
    assert p.row is not None


# ------------------------------------------------------------------ tasks
def test_task_completed_after_the_reference_date_is_not_done_yet(year_writer, catalogue,
                                                                 units):
    from assessment.params import Params
    from assessment.progress.assessment import assess
    tasks = complete_tasks(catalogue)
    set_task("T_I_2", status="done", completed_on="2025-11-15")(tasks)
    year_writer.csv(2025, complete_indicators(catalogue, 2025), tasks)
    data = str(year_writer.data)
    judged = assess(Params(year=2025, data_dir=data, reference_date="2025-06-30")).tasks
    assert judged.set_index("task").at["T_I_2", "status"] == "on_schedule"
    assert assess(Params(year=2025, data_dir=data)).tasks.set_index("task").at[
        "T_I_2", "status"] == "done"


def test_validate_takes_the_reference_date(year_writer, catalogue, units, capsys):
    tasks = complete_tasks(catalogue)
    set_task("T_I_2", status="done", completed_on="2025-11-15")(tasks)
    year_writer.csv(2025, complete_indicators(catalogue, 2025), tasks)
    args = ["validate", "--data", str(year_writer.data), "--year", "2025", "--lang", "en"]
    assert main(args) == 0
    assert "completed_after_reference" not in capsys.readouterr().out
    assert main(args + ["--reference-date", "2025-06-30"]) == 0
    assert "[completed_after_reference]" in capsys.readouterr().out
    assert main(args + ["--reference-date", "2024-06-30"]) == 2


def test_completion_date_not_yet_come(year_writer, catalogue, units):
    from assessment.intake.task_checks import check_tasks
    from assessment.intake.reading import read_raw
    tasks = complete_tasks(catalogue)
    set_task("T_I_2", status="done", completed_on="2026-12-20")(tasks)
    year_writer.csv(2026, complete_indicators(catalogue, 2026), tasks)
    raw = read_raw(year_writer.data, 2026)
    _, problems = check_tasks(raw.tasks, 2026, catalogue, "tasks.csv",
                              today=dt.date(2026, 12, 2))
    (p,) = [p for p in problems if p.rule == "completed_in_future"]
    assert p.is_error and "has not come yet (today is 2 Dec 2026)" in p.message("en")
    assert "chưa đến (hôm nay là 02/12/2026)" in p.message("vi")
    _, later = check_tasks(raw.tasks, 2026, catalogue, "tasks.csv", today=dt.date(2027, 1, 5))
    assert not [p for p in later if p.rule == "completed_in_future"]


# ------------------------------------------------------------------ columns, names, words
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unknown_column_is_named(year_writer, catalogue, units, fmt, capsys):
    import openpyxl
    rows = complete_indicators(catalogue, 2025)
    header = ["indicator", "unit", "value", "numerator", "denominator", "source", "note",
              "notes"]
    folder = year_writer.folder(2025)
    if fmt == "csv":
        with open(folder / "indicators.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows([r["indicator"], r["unit"], r["value"], "", "", "", "", "x"]
                             for r in rows)
        year_writer.csv(2025, None, complete_tasks(catalogue))
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "indicators"
        ws.append(header)
        for r in rows:
            ws.append([r["indicator"], r["unit"], float(r["value"]), None, None, None, None,
                       "x"])
        ts = wb.create_sheet("tasks")
        ts.append(["task", "status"])
        for t in complete_tasks(catalogue):
            ts.append([t["task"], t["status"]])
        wb.save(folder / "data.xlsx")
    (p,) = validate_year(year_writer.data, 2025, catalogue, units)
    assert (p.rule, p.severity, p.value, p.row) == ("unknown_column", "warning", "notes", 1)
    assert p.column == ("8" if fmt == "csv" else "H")
    assert "Did you mean note?" in p.message("en") and "Có phải là note?" in p.message("vi")
    assert main(["validate", "--data", str(year_writer.data), "--year", "2025"]) == 0
    assert "[unknown_column]" in capsys.readouterr().out


@pytest.mark.parametrize("year,township", [(2024, True), (2026, False)])
def test_messages_name_the_units_of_the_year(year_writer, catalogue, units, year, township):
    rows = [r for r in complete_indicators(catalogue, year)
            if not (r["indicator"] == "INS_DOC_REVIEW" and r["unit"] != "district"
                    and r["unit"].startswith("h"))]
    year_writer.csv(year, rows, complete_tasks(catalogue))
    p = _expected(validate_year(year_writer.data, year, catalogue, units),
                  Case("", None, "communes_missing", "warning"))
    assert ("thị trấn" in p.message("vi")) == township
    assert ("township" in p.message("en")) == township


def test_notes_of_missing_values_reach_the_report(year_writer, catalogue, units):
    from assessment.params import Params
    from assessment.progress.assessment import assess
    from assessment.intake.loading import load_year
    from assessment.report.quality import quality
    rows = _rows(catalogue, units, 2025, {("AP_CUT_REGS", "district"): {
        "value": "", "note": "Chưa có số liệu khảo sát <b>"}})
    year_writer.csv(2025, rows, complete_tasks(catalogue))
    gaps = load_year(year_writer.data, 2025, catalogue, units).gaps
    assert gaps[["indicator", "unit", "note"]].values.tolist() == [
        ["AP_CUT_REGS", "district", "Chưa có số liệu khảo sát <b>"]]
    for lang, heading in (("vi", "Số liệu chưa có và lý do"),
                          ("en", "Figures not reported, and why")):
        text = quality(assess(Params(year=2025, data_dir=str(year_writer.data), lang=lang)))
        assert heading in text
        assert "Chưa có số liệu khảo sát" in text and "<b>" not in text


# ------------------------------------------------------------------ workbooks, bounded
def _edited_workbook(year_writer, catalogue, units, edit):
    """A complete 2025 workbook, then ``edit(workbook)`` as a clerk would in Excel."""
    import openpyxl
    path = year_writer.xlsx(2025, complete_indicators(catalogue, 2025),
                            complete_tasks(catalogue))
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path



BOUNDED = r"""
import resource, sys
limit = int(sys.argv[3]) * 2 ** 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from pathlib import Path
from assessment.plan.catalogue import load_catalogue
from assessment.plan.units import load_units
from assessment.intake.validate import validate_year
data = Path(sys.argv[1])
if sys.argv[4] == "cli":
    from assessment.cli import main
    code = main(["validate", "--data", str(data), "--year", sys.argv[2], "--lang", "en"])
    print("exit", code, sep="|")
    sys.exit(0)
for p in validate_year(data, int(sys.argv[2]), load_catalogue(data), load_units(data)):
    print(p.rule, p.sheet, p.row, p.column, sep="|")
"""


def _bounded(data, year: int, megabytes: int = 1024, how: str = "library") -> list:
    """Validate in a process that may not use more than ``megabytes`` of address space:
    the problems found (``how="library"``) or the CLI's output lines (``"cli"``)."""
    import subprocess
    import sys
    res = subprocess.run([sys.executable, "-c", BOUNDED, str(data), str(year),
                          str(megabytes), how], capture_output=True, text=True, timeout=300,
                         env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                              "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr[-2000:]
    if how == "cli":
        return res.stdout.splitlines()
    return [line.split("|") for line in res.stdout.splitlines()]


def test_a_far_used_range_costs_nothing(year_writer, catalogue, units):
    """One space in XFD1048576 claims a sheet of 17 billion cells; it is read as the
    rows it holds, in bounded memory."""
    def edit(wb):
        wb["indicators"]["XFD1048576"] = " "
        wb["tasks"]["ZZ1"] = "remark"
    path = _edited_workbook(year_writer, catalogue, units, edit)
    assert path.stat().st_size < 100_000
    found = _bounded(year_writer.data, 2025, 1024)
    assert found == [["unknown_column", "tasks", "1", "ZZ"]]
    out = _bounded(year_writer.data, 2025, 1024, "cli")
    assert out[-1] == "exit|0" and any("column ZZ" in line and "[unknown_column]" in line
                                       for line in out)


@pytest.mark.parametrize("length", [40_000, 250 * 2 ** 20])
def test_a_cell_beyond_excel_limit_is_located(year_writer, catalogue, units, capsys, length):
    from conftest import inflate_cell
    rows = _rows(catalogue, units, 2025, {("AP_CUT_REGS", "district"): {"note": "LONGCELL"}})
    path = year_writer.xlsx(2025, rows, complete_tasks(catalogue))
    inflate_cell(path, "LONGCELL", length)
    row = next(i for i, r in enumerate(rows, start=2) if r.get("note") == "LONGCELL")
    if length > 1e6:  # a quarter of a GiB: in bounded memory
        assert _bounded(year_writer.data, 2025, 1024) == [
            ["cell_too_long", "indicators", str(row), "G"]]
        out = _bounded(year_writer.data, 2025, 1024, "cli")
        assert out[-1] == "exit|1"
        assert any(f"sheet indicators, row {row}, column G" in line
                   and "262,144,000 characters" in line for line in out)
        return
    (p,) = validate_year(year_writer.data, 2025, catalogue, units)
    assert (p.rule, p.sheet, p.row, p.column) == ("cell_too_long", "indicators", row, "G")
    assert "40,000 characters, beyond Excel's limit of 32,767" in p.message("en")
    assert "ô dài 40.000 ký tự" in p.message("vi")
    assert main(["validate", "--data", str(year_writer.data), "--year", "2025"]) == 1
    assert "[cell_too_long]" in capsys.readouterr().out


def test_a_workbook_unpacking_beyond_the_limit_is_refused(year_writer, catalogue, units,
                                                          monkeypatch):
    from assessment.intake import xlsx
    year_writer.xlsx(2025, complete_indicators(catalogue, 2025),
                     complete_tasks(catalogue))
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 10_000)
    (p,) = validate_year(year_writer.data, 2025, catalogue, units)
    assert p.rule == "too_large" and "MiB" in p.message("en") and "MiB" in p.message("vi")


# ------------------------------------------------------------------ what offices also do
def _problems(year_writer, catalogue, units, year=2025):
    return validate_year(year_writer.data, year, catalogue, units)


def test_percent_formatted_cells_are_read_as_shown(year_writer, catalogue, units):
    """A cell showing 88% holds 0.88: it is read as 88, as the clerk sees it."""
    def edit(wb):
        for row in wb["indicators"].iter_rows(min_row=2):
            if row[0].value == "AP_ONLINE_L34":
                row[2].value = 0.88
                row[2].number_format = "0.0%"
    _edited_workbook(year_writer, catalogue, units, edit)
    assert _problems(year_writer, catalogue, units) == []
    from assessment.intake.loading import load_year
    ind = load_year(year_writer.data, 2025, catalogue, units).indicators
    assert set(ind.loc[ind["indicator"] == "AP_ONLINE_L34", "value"]) == {88.0}


def test_an_unclosed_quote_is_located(year_writer, catalogue, units, capsys):
    rows = complete_indicators(catalogue, 2025)
    rows[9]["note"] = "OPEN"
    folder = year_writer.csv(2025, rows, complete_tasks(catalogue))
    path = folder / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("OPEN", '"Số liệu tạm tính'),
                    encoding="utf-8")
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "unclosed_quote", "error", {"row": 11, "column": "note"}))
    assert "swallows the rows after it" in p.message("en")
    assert "dấu ngoặc kép" in p.message("vi")
    assert main(["validate", "--data", str(year_writer.data), "--year", "2025"]) == 1
    assert "[unclosed_quote]" in capsys.readouterr().out


def test_an_infinite_number_cell_is_refused(year_writer, catalogue, units):
    from conftest import patch_part
    rows = _rows(catalogue, units, 2025, {STAFF: {"value": "987654"}})
    path = year_writer.xlsx(2025, rows, complete_tasks(catalogue))
    patch_part(path, "<v>987654</v>", "<v>1E400</v>")
    _expected(_problems(year_writer, catalogue, units),
              Case("", None, "not_finite", "error", {"column": "value"}))


@pytest.mark.parametrize("year,typed,meant", [
    (2025, "xã Hương Khê", "huong_khe_2025"), (2024, "thị trấn Hương Khê", "tt_huong_khe"),
    (2024, "TT Hương Khê", "tt_huong_khe"), (2025, "Phú Phong", "huong_khe_2025")])
def test_unit_names_lead_to_their_unit(year_writer, catalogue, units, year, typed, meant):
    rows = complete_indicators(catalogue, year)
    rows.append({"indicator": "INS_DOC_REVIEW", "unit": typed, "value": "50"})
    year_writer.csv(year, rows, complete_tasks(catalogue))
    p = _expected(_problems(year_writer, catalogue, units, year),
                  Case("", None, "unknown_unit", "error", {"value": typed}))
    assert f"Did you mean {meant}?" in p.message("en")


@pytest.mark.parametrize("change,rule,variant", [
    ({STAFF: {"value": "1 5"}}, "not_a_number", None),
    ({("EG_DIGITAL_RANK", "district"): {"value": "8%"}}, "not_a_number", "percent_sign"),
    ({("AP_CUT_REGS", "district"): {"value": "", "numerator": "5.5", "denominator": "10"}},
     "not_whole", "ratio"),
])
def test_forms_the_contract_does_not_allow(year_writer, catalogue, units, change, rule,
                                           variant):
    year_writer.csv(2025, _rows(catalogue, units, 2025, change), complete_tasks(catalogue))
    p = _expected(_problems(year_writer, catalogue, units), Case("", None, rule, "error"))
    assert p.text == (f"{rule}.{variant}" if variant else None)
    assert p.message("vi") != p.message("en")


def test_spaced_unicode_and_decimal_forms_are_read(year_writer, catalogue, units):
    from assessment.intake.loading import load_year
    rows = _rows(catalogue, units, 2025, {
        STAFF: {"value": "1 330"}, ("AP_CUT_REGS", "district"): {"value": "0,186"},
        ("BE_BUDGET_REVENUE", "district"): {"value": "1\u00a0234,5"}})
    year_writer.csv(2025, rows, complete_tasks(catalogue))
    data = load_year(year_writer.data, 2025, catalogue, units)
    values = data.indicators.set_index("indicator")["value"]
    assert (values["ORG_PSU_STAFF"], values["AP_CUT_REGS"],
            values["BE_BUDGET_REVENUE"]) == (1330.0, 0.186, 1234.5)
    comma = next(p for p in data.problems if p.value == "0,186")
    assert "giving 0.186" in comma.message("en") and "đọc thành 0,186" in comma.message("vi")


def test_utf16_without_bom_is_named(year_writer, catalogue, units):
    folder = year_writer.csv(2025, complete_indicators(catalogue, 2025),
                             complete_tasks(catalogue))
    path = folder / "indicators.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "encoding", "error"))
    assert p.text == "encoding.utf16"


def test_a_completion_date_before_the_plan(year_writer, catalogue, units):
    tasks = complete_tasks(catalogue)
    set_task("T_I_1", status="done", completed_on="1900-01-01")(tasks)
    year_writer.csv(2025, complete_indicators(catalogue, 2025), tasks)
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "completed_before_plan", "error"))
    assert "before the plan began (1 Jan 2021)" in p.message("en")


def test_two_sheets_taken_for_one_table(year_writer, catalogue, units):
    _edited_workbook(year_writer, catalogue, units, lambda wb: wb.create_sheet(
        "Indicators ").append(["indicator", "unit", "value"]))
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "duplicate_sheet", "error"))
    assert "indicators, Indicators " in p.message("en")


def test_a_value_beyond_the_header_in_a_workbook(year_writer, catalogue, units):
    def edit(wb):
        wb["indicators"]["J12"] = 5
    _edited_workbook(year_writer, catalogue, units, edit)
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "extra_fields", "error", {"row": 12}))
    assert "to the right of the last column with a header (G)" in p.message("en")


def test_a_missing_status_says_which_earlier_status_the_report_keeps(year_writer,
                                                                     catalogue, units):
    year_writer.csv(2024, complete_indicators(catalogue, 2024),
                    complete_tasks(catalogue))
    tasks = complete_tasks(catalogue)
    set_task("T_VII_2", status="")(tasks)
    year_writer.csv(2025, complete_indicators(catalogue, 2025), tasks)
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "missing_status", "warning"))
    assert "keeps the task's 2024 status" in p.message("en")
    assert "trạng thái năm 2024" in p.message("vi")


def test_an_unquoted_decimal_comma_in_a_comma_csv(year_writer, catalogue, units):
    folder = year_writer.csv(2025, complete_indicators(catalogue, 2025),
                             complete_tasks(catalogue))
    path = folder / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("AP_CUT_REGS,district,"))
    path.write_text(text.replace(line, "AP_CUT_REGS,district,84,75,,,"), encoding="utf-8")
    p = _expected(_problems(year_writer, catalogue, units),
                  Case("", None, "incomplete_ratio", "error", {"column": "numerator"}))
    assert 'write it with a dot or in double quotes ("84,75")' in p.message("en")
    assert "dấu phẩy đã chia số thành hai ô" in p.message("vi")
