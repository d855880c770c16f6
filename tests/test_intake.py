import datetime as dt
import hashlib
import unicodedata

import openpyxl
import pandas as pd
import pytest

from assessment.errors import DataError
from assessment.intake.reading import read_raw
from assessment.intake.layout import available_years
from assessment.intake.loading import load_history, load_year
from conftest import complete_indicators, complete_tasks

YEAR = 2025


def test_csv_rows_keep_their_location(year_writer):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_bytes(
        "\ufeffindicator,unit,value\nINS_DETAIL_IMPL,district,100\n\n"
        "INS_DOC_REVIEW, district ,\"8\n0\"\n".encode("utf-8"))
    raw = read_raw(year_writer.data, YEAR)
    frame = raw.indicators
    assert list(frame["_row"]) == [2, 4]
    assert list(frame["_sheet"]) == [None, None]
    assert frame["_file"].iloc[0] == str(folder / "indicators.csv")
    assert frame["unit"].iloc[1] == "district"
    assert raw.tasks is None


def test_semicolon_csv_and_header_case(year_writer):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_text("Indicator;Unit;Value\nINS_DETAIL_IMPL;district;82,5\n",
                                           encoding="utf-8")
    frame = read_raw(year_writer.data, YEAR).indicators
    assert frame.loc[0, "value"] == "82,5" and frame.loc[0, "indicator"] == "INS_DETAIL_IMPL"


def test_text_is_nfc(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    rows[0]["note"] = unicodedata.normalize("NFD", "  Hương Khê  ")
    year_writer.csv(YEAR, rows, complete_tasks(catalogue))
    data = load_year(year_writer.data, YEAR, catalogue, units)
    assert data.indicators.loc[0, "note"] == unicodedata.normalize("NFC", "Hương Khê")


def test_unreadable_file_raises_with_problems(year_writer, catalogue, units):
    folder = year_writer.folder(YEAR)
    (folder / "indicators.csv").write_bytes("a,b\n".encode("utf-16"))
    with pytest.raises(DataError) as info:
        load_year(year_writer.data, YEAR, catalogue, units)
    assert "encoding" in [p.rule for p in info.value.problems]
    assert read_raw(year_writer.data, YEAR).indicators is None  # read_raw never raises


def test_load_year_types_and_computed_value(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    rows[0].update(value="", numerator="41", denominator="50", source="Báo cáo", note="")
    k = next(i for i, r in enumerate(rows) if r["indicator"] == "AP_CUT_REGS")
    rows[k].update(value="82,5")
    tasks = complete_tasks(catalogue)
    tasks[0].update(status="done", completed_on="31/03/2024")
    tasks[1].update(status="done", completed_on="2024-06-30")
    year_writer.csv(YEAR, rows, tasks)
    data = load_year(year_writer.data, YEAR, catalogue, units)
    ind = data.indicators
    assert ind.loc[0, "value"] == pytest.approx(82.0)
    assert ind.loc[k, "value"] == 82.5
    assert ind["value"].dtype == "float64" and ind["denominator"].dtype == "float64"
    assert ind.loc[0, "source"] == "Báo cáo" and ind.loc[0, "_row"] == 2
    assert [p.rule for p in data.problems] == ["decimal_comma"]
    assert data.tasks.loc[0, "completed_on"] == dt.date(2024, 3, 31)
    assert data.tasks.loc[1, "completed_on"] == dt.date(2024, 6, 30)
    assert data.tasks.loc[2, "completed_on"] is None


def test_ratio_for_non_percent(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    i = next(k for k, r in enumerate(rows) if r["indicator"] == "PF_PSU_SUPPORT")
    rows[i].update(value="", numerator="10", denominator="4")
    year_writer.csv(YEAR, rows, complete_tasks(catalogue))
    ind = load_year(year_writer.data, YEAR, catalogue, units).indicators
    assert ind.loc[ind["indicator"] == "PF_PSU_SUPPORT", "value"].item() == 2.5


def test_load_year_raises_with_every_problem(year_writer, catalogue, units):
    rows = complete_indicators(catalogue, YEAR)
    rows[0]["value"] = "abc"
    rows[1]["unit"] = "phu_phong"
    year_writer.csv(YEAR, rows, complete_tasks(catalogue))
    with pytest.raises(DataError) as info:
        load_year(year_writer.data, YEAR, catalogue, units)
    rules = {p.rule for p in info.value.problems}
    assert {"not_a_number", "unit_not_valid"} <= rules
    assert "2 errors" in str(info.value)


def test_workbook_with_extra_columns_and_excel_dates(year_writer, catalogue, units):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(["indicator", "unit", "value", "Ghi chú thêm / Extra"])
    for row in complete_indicators(catalogue, YEAR):
        ws.append([row["indicator"], row["unit"], float(row["value"]), "ignored"])
    ws2 = wb.create_sheet("tasks")
    ws2.append(["task", "status", "completed_on", "note"])
    for k, task in enumerate(catalogue.tasks):
        if k == 0:
            ws2.append([task.code, "done", dt.datetime(2024, 3, 31), None])
        elif k == 1:
            ws2.append([task.code, "done", 45473, None])  # a date serial without date format
        else:
            ws2.append([task.code, "in_progress", None, None])
    path = year_writer.folder(YEAR) / "nhap-lieu.xlsx"
    wb.save(path)
    data = load_year(year_writer.data, YEAR, catalogue, units)
    (warning,) = data.problems  # the extra column is named, and not read
    assert (warning.rule, warning.column, warning.value) == ("unknown_column", "D",
                                                             "Ghi chú thêm / Extra")
    assert "Ghi chú thêm / Extra" not in data.indicators.columns
    assert data.indicators["_sheet"].unique().tolist() == ["Indicators"]
    assert data.tasks.loc[0, "completed_on"] == dt.date(2024, 3, 31)
    assert data.tasks.loc[1, "completed_on"] == dt.date(2024, 6, 30)


def test_inputs_are_not_modified(year_writer, catalogue, units):
    path = year_writer.xlsx(YEAR, complete_indicators(catalogue, YEAR),
                            complete_tasks(catalogue))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    path.chmod(0o444)
    load_year(year_writer.data, YEAR, catalogue, units)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


def test_available_years_and_history(year_writer, catalogue, units):
    assert available_years(year_writer.data) == []
    year_writer.csv(2024, complete_indicators(catalogue, 2024), complete_tasks(catalogue))
    tasks = complete_tasks(catalogue)
    tasks[0].update(status="done", completed_on="2025-02-01")
    year_writer.xlsx(2025, complete_indicators(catalogue, 2025), tasks)
    year_writer.csv(2026, complete_indicators(catalogue, 2026), complete_tasks(catalogue))
    (year_writer.data / "2027").mkdir()
    (year_writer.data / "notes").mkdir()
    assert available_years(year_writer.data) == [2024, 2025, 2026]
    obs, upd, gaps, _ = load_history(year_writer.data, 2025, catalogue, units)
    assert list(obs.columns) == ["year", "indicator", "unit", "value", "numerator",
                                 "denominator", "source", "note"]
    assert list(upd.columns) == ["year", "task", "status", "completed_on", "note"]
    assert sorted(obs["year"].unique()) == [2024, 2025] and obs["year"].dtype == "int64"
    assert obs["value"].dtype == "float64"
    assert "phu_phong" in set(obs.loc[obs["year"] == 2024, "unit"])
    assert "ha_linh_2025" in set(obs.loc[obs["year"] == 2025, "unit"])
    done = upd[(upd["year"] == 2025) & (upd["task"] == "T_I_1")]
    assert done["completed_on"].item() == dt.date(2025, 2, 1)


def test_history_of_a_year_without_data_is_refused(year_writer, catalogue, units):
    year_writer.csv(2024, complete_indicators(catalogue, 2024), complete_tasks(catalogue))
    with pytest.raises(DataError) as info:
        load_history(year_writer.data, 2025, catalogue, units)
    assert [p.rule for p in info.value.problems] == ["no_data"]


def test_history_reads_each_year_once(year_writer, catalogue, units, monkeypatch):
    from assessment.intake import validate
    for year in (2023, 2024, 2025):
        year_writer.csv(year, complete_indicators(catalogue, year), complete_tasks(catalogue))
    read = []
    real = validate.read_raw
    monkeypatch.setattr(validate, "read_raw", lambda d, y: read.append(y) or real(d, y))
    history = load_history(year_writer.data, 2025, catalogue, units)
    assert read == [2023, 2024, 2025]
    assert sorted(history.observations["year"].unique()) == [2023, 2024, 2025]
    assert not any(p.is_error for p in history.problems)
