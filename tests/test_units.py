import datetime as dt

import pytest

from assessment.errors import DataError
from assessment.units import (load_units, reporting_units, successor_in_year, unit_name,
                              valid_in_year, valid_on)

NEW_COMMUNES = ["huong_khe_2025", "ha_linh_2025", "huong_pho_2025", "huong_binh_2025",
                "huong_do_2025", "huong_xuan_2025", "phuc_trach_2025"]


def test_columns_and_types(units):
    assert list(units.columns) == ["code", "name_vi", "name_en", "kind", "valid_from",
                                   "valid_to", "successor", "note"]
    row = units.set_index("code").loc["phu_phong"]
    assert row["valid_to"] == dt.date(2024, 12, 31) and row["valid_from"] is None
    assert row["successor"] == "tt_huong_khe"
    assert units.set_index("code").loc["district", "successor"] is None


@pytest.mark.parametrize("code, year, valid", [
    ("phu_phong", 2024, True), ("phu_phong", 2025, False),
    ("ha_linh", 2024, True), ("ha_linh", 2025, False),
    ("tt_huong_khe", 2025, False),
    ("ha_linh_2025", 2024, False), ("ha_linh_2025", 2025, True), ("ha_linh_2025", 2026, True),
    ("district", 2021, True), ("district", 2030, True),
])
def test_validity_across_2025(units, code, year, valid):
    assert (code in set(valid_in_year(units, year)["code"])) is valid


def test_valid_on_a_day(units):
    codes = set(valid_on(units, dt.date(2025, 3, 1))["code"])
    assert "tt_huong_khe" in codes and "phu_phong" not in codes and "ha_linh_2025" not in codes


def test_reporting_units(units):
    assert reporting_units(units, 2024, "district") == ["district"]
    communes_2024 = reporting_units(units, 2024, "commune")
    assert len(communes_2024) == 21 and "tt_huong_khe" in communes_2024
    assert reporting_units(units, 2025, "commune") == NEW_COMMUNES
    assert reporting_units(units, 2026, "both") == ["district"] + NEW_COMMUNES
    assert not any(u in reporting_units(units, 2024, "both") for u in ("noi_vu", "tu_phap"))


def test_names_and_successors(units):
    assert unit_name(units, "phu_phong", "vi") == "xã Phú Phong"
    assert unit_name(units, "tt_huong_khe", "en") == "Hương Khê township"
    assert unit_name(units, "nowhere", "en") == "nowhere"
    assert successor_in_year(units, "phu_phong", 2025) == "huong_khe_2025"
    assert successor_in_year(units, "ha_linh", 2025) == "ha_linh_2025"
    assert successor_in_year(units, "noi_vu", 2025) is None


@pytest.mark.parametrize("row, message", [
    ("x,a,b,district,,,,\nx,a,b,district,,,,", "unique"),
    ("x,a,b,village,,,,", "kind"),
    ("x,a,b,commune,,2025-13-01,,", "valid_to"),
    ("x,a,b,commune,,,nowhere,", "successor"),
])
def test_bad_units_file(tmp_path, row, message):
    header = "code,name_vi,name_en,kind,valid_from,valid_to,successor,note\n"
    (tmp_path / "units.csv").write_text(header + "district,h,d,district,,,,\n" + row + "\n",
                                        encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_units(tmp_path)
