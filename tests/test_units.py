import datetime as dt

import pytest

from assessment.errors import DataError
from assessment.plan.units import Unit, Units, load_units

NEW_COMMUNES = ["huong_khe_2025", "ha_linh_2025", "huong_pho_2025", "huong_binh_2025",
                "huong_do_2025", "huong_xuan_2025", "phuc_trach_2025"]


def test_columns_and_types(units):
    assert list(units.records()[0]) == ["code", "name_vi", "name_en", "kind", "valid_from",
                                        "valid_to", "successor", "note"]
    row = units.get("phu_phong")
    assert row.valid_to == dt.date(2024, 12, 31) and row.valid_from is None
    assert row.successor == "tt_huong_khe"
    assert units.get("district").successor is None
    assert units.codes[0] == "district" and len(units) == len(units.codes)


@pytest.mark.parametrize("code, year, valid", [
    ("phu_phong", 2024, True), ("phu_phong", 2025, False),
    ("ha_linh", 2024, True), ("ha_linh", 2025, False),
    ("tt_huong_khe", 2025, False),
    ("ha_linh_2025", 2024, False), ("ha_linh_2025", 2025, True), ("ha_linh_2025", 2026, True),
    ("district", 2021, True), ("district", 2030, True),
])
def test_validity_across_2025(units, code, year, valid):
    assert (code in units.valid_codes(year)) is valid
    assert units.is_valid(code, year) is valid
    assert units.get(code).valid_in(year) is valid


def test_valid_on_a_day(units):
    codes = {u.code for u in units.valid_on(dt.date(2025, 3, 1))}
    assert "tt_huong_khe" in codes and "phu_phong" not in codes and "ha_linh_2025" not in codes


def test_reporting_units(units):
    assert units.reporting(2024, "district") == ("district",)
    communes_2024 = units.reporting(2024, "commune")
    assert len(communes_2024) == 21 and "tt_huong_khe" in communes_2024
    assert list(units.reporting(2025, "commune")) == NEW_COMMUNES
    assert list(units.reporting(2026, "both")) == ["district"] + NEW_COMMUNES
    assert not any(u in units.reporting(2024, "both") for u in ("noi_vu", "tu_phap"))
    with pytest.raises(ValueError):
        units.reporting(2024, "province")


def test_names_and_successors(units):
    assert units.name("phu_phong", "vi") == "xã Phú Phong"
    assert units.name("tt_huong_khe", "en") == "Hương Khê township"
    assert units.name("nowhere", "en") == "nowhere"
    assert units.successor_in("phu_phong", 2025) == "huong_khe_2025"
    assert units.successor_in("phu_phong", 2024) == "tt_huong_khe"
    assert units.successor_in("ha_linh", 2025) == "ha_linh_2025"
    assert units.successor_in("noi_vu", 2025) is None


def test_communes_label_follows_the_township(units):
    assert dict(units.communes_label(2024))["communes_vi"] == "xã, thị trấn"
    assert dict(units.communes_label(2025)) == {"communes_vi": "xã", "communes_en": "commune"}


def test_lineage_on_a_tiny_file():
    def unit(code, kind="commune", start=None, end=None, successor=None):
        return Unit(code, code, code, kind, start, end, successor)
    day = dt.date
    units = Units([unit("district", "district"),
                   unit("a", end=day(2022, 6, 30), successor="b"),
                   unit("b", end=day(2023, 12, 31), successor="c"),
                   unit("c", start=day(2024, 1, 1)),
                   unit("loop1", successor="loop2"), unit("loop2", successor="loop1")])
    assert units.predecessors("c") == ("a", "b")
    assert units.predecessors("b") == ("a",)
    assert units.predecessors("a") == ()
    assert units.successor_in("a", 2023) == "b" and units.successor_in("a", 2024) == "c"
    assert units.successor_in("loop1", 2024) == "loop2"
    assert units.predecessors("loop1") == ("loop2",)   # a loop ends the chain
    assert units.reporting(2022, "commune") == ("b", "loop1", "loop2")
    assert units.reporting(2024, "both") == ("district", "c", "loop1", "loop2")


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
