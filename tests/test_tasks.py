"""Task statuses at the reference date."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from assessment.plan.catalogue import Catalogue, Task, load_catalogue, parse_deadline
from assessment.progress.tasks import task_status

ROOT = Path(__file__).resolve().parents[1]


def task(code, group, deadline):
    return Task(code=code, group=group, lead=("noi_vu",), lead_vi="", lead_en="",
                partners_vi="", partners_en="", deadline=parse_deadline(deadline),
                name_vi=code, name_en=code)


CAT = Catalogue(areas=(), indicators=(), tasks=(
    task("T_DONE", "I", "Quý IV/2023"),
    task("T_LATE", "I", "Quý II/2023"),
    task("T_ROAD", "II", "Thực hiện theo lộ trình Đề án của tỉnh"),
    task("T_OVER", "III", "Quý IV/2023"),
    task("T_ANNUAL", "VIII", "Hàng năm"),
    task("T_SOON", "IV", "Quý I/2024"),
    task("T_NEW", "V", "2022-2025"),
    task("T_GOING", "VI", "2022-2025"),
    task("T_CANC", "VII", "Quý IV/2023"),
    task("T_SILENT", "VI", "Quý IV/2030"),
))


def updates(rows):
    return pd.DataFrame(rows, columns=["year", "task", "status", "completed_on", "note"])


UPDATES = updates([
    (2022, "T_DONE", "in_progress", None, ""),
    (2023, "T_DONE", "done", dt.date(2023, 11, 2), "xong"),
    (2023, "T_LATE", "done", dt.date(2023, 9, 1), ""),
    (2023, "T_ROAD", "in_progress", None, ""),
    (2023, "T_OVER", "in_progress", None, "<script>"),
    (2022, "T_ANNUAL", "done", dt.date(2022, 12, 1), ""),
    (2023, "T_ANNUAL", "in_progress", None, ""),
    (2023, "T_SOON", "in_progress", None, ""),
    (2023, "T_NEW", "not_started", None, ""),
    (2023, "T_GOING", "in_progress", None, ""),
    (2023, "T_CANC", "cancelled", None, ""),
    (2024, "T_OVER", "done", dt.date(2024, 2, 1), "future update ignored"),
])


@pytest.fixture(scope="module")
def table():
    return task_status(CAT, UPDATES, 2023).set_index("task")


@pytest.mark.parametrize("code, status", [
    ("T_DONE", "done"), ("T_LATE", "done_late"), ("T_ROAD", "roadmap"),
    ("T_OVER", "overdue"), ("T_ANNUAL", "overdue"), ("T_SOON", "due_soon"),
    ("T_NEW", "not_started"), ("T_GOING", "on_schedule"), ("T_CANC", "cancelled"),
    ("T_SILENT", "not_started"),
])
def test_each_status(table, code, status):
    assert table.loc[code, "status"] == status


def test_latest_update_up_to_year_is_used(table):
    assert table.loc["T_DONE", "update_year"] == 2023
    assert table.loc["T_OVER", "reported_status"] == "in_progress"
    assert table.loc["T_OVER", "note"] == "<script>"
    assert table.loc["T_DONE", "completed_on"] == dt.date(2023, 11, 2)
    assert pd.isna(table.loc["T_SILENT", "update_year"])


def test_annual_task_judged_on_report_year_only():
    # the 2022 'done' does not carry over; in 2022 itself it counts
    assert task_status(CAT, UPDATES, 2022).set_index("task").loc["T_ANNUAL", "status"] == "done"
    mid_year = task_status(CAT, UPDATES, 2023, reference_date=dt.date(2023, 9, 30))
    assert mid_year.set_index("task").loc["T_ANNUAL", "status"] == "due_soon"
    annual = mid_year.set_index("task").loc["T_ANNUAL"]
    assert annual["due"] == dt.date(2023, 12, 31)


def test_reference_date_moves_deadlines():
    early = task_status(CAT, UPDATES, 2023, reference_date=dt.date(2023, 3, 31))
    early = early.set_index("task")["status"]
    assert early["T_OVER"] == "on_schedule"       # due 31 Dec 2023: more than 180 days
    assert early["T_SOON"] == "on_schedule"
    assert task_status(CAT, UPDATES, 2023, dt.date(2023, 7, 31)).set_index(
        "task").loc["T_OVER", "status"] == "due_soon"


def test_sorted_overdue_then_due_soon_then_group(table):
    frame = task_status(CAT, UPDATES, 2023)
    assert list(frame["status"][:3]) == ["overdue", "overdue", "due_soon"]
    assert list(frame["task"][:3]) == ["T_OVER", "T_ANNUAL", "T_SOON"]
    rest = frame.iloc[3:]
    assert list(rest["group"]) == sorted(rest["group"], key=["I", "II", "III", "IV", "V",
                                                             "VI", "VII", "VIII"].index)
    assert list(frame.columns[:10]) == ["task", "group", "area", "deadline",
                                        "deadline_kind", "due", "reported_status",
                                        "completed_on", "status", "note"]
    assert frame.set_index("task").loc["T_ANNUAL", "area"] == 9


def test_timestamps_and_nat_accepted():
    ups = updates([(2023, "T_LATE", "done", pd.Timestamp("2023-07-15"), None),
                   (2023, "T_DONE", "done", pd.NaT, None)])
    frame = task_status(CAT, ups, 2023).set_index("task")
    assert frame.loc["T_LATE", "status"] == "done_late"
    assert frame.loc["T_DONE", "status"] == "done"
    assert frame.loc["T_DONE", "completed_on"] is None


def test_real_catalogue_all_tasks():
    cat = load_catalogue(ROOT / "data")
    frame = task_status(cat, updates([]), 2024)
    assert len(frame) == 25
    assert set(frame["status"]) <= {"overdue", "due_soon", "roadmap", "not_started"}
    assert (frame.loc[frame["deadline_kind"] == "roadmap", "status"] == "roadmap").all()
