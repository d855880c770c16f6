"""Administrative units over time: validity, predecessors and inherited series."""
import math
from pathlib import Path

import pandas as pd
import pytest

from assessment.progress.lineage import Observed, indicator_series

ROOT = Path(__file__).resolve().parents[1]


def series_for_unit(observations, units, indicator, unit, scale=100.0):
    obs = observations[observations["indicator"] == indicator]
    return indicator_series(Observed.from_frame(obs), units, unit, scale=scale)


def obs(rows):
    frame = pd.DataFrame(rows, columns=["year", "indicator", "unit", "value", "numerator",
                                        "denominator"])
    return frame.astype({"year": "int64", "value": "float64", "numerator": "float64",
                         "denominator": "float64"})


NAN = float("nan")


def test_units_valid_by_year(units):
    assert len(units.reporting(2021, "commune")) == 21
    assert len(units.reporting(2024, "commune")) == 21
    in_2025 = units.reporting(2025, "commune")
    assert len(in_2025) == 7
    assert all(code.endswith("_2025") for code in in_2025)
    assert units.reporting(2025, "district") == ("district",)


def test_phu_phong_merges_into_township_then_new_commune(units):
    assert units.predecessors("tt_huong_khe") == ("phu_phong",)
    assert set(units.predecessors("huong_khe_2025")) == {
        "tt_huong_khe", "huong_long", "phu_gia", "phu_phong"}
    assert units.predecessors("district") == ()


def test_every_old_unit_leads_to_one_new_commune(units):
    new = units.reporting(2025, "commune")
    old = set(units.reporting(2021, "commune"))
    covered = [p for code in new for p in units.predecessors(code)]
    assert sorted(covered) == sorted(old)


def test_new_commune_inherits_mean_baseline(units):
    # Hương Phố = Gia Phố + Hương Giang + Hương Vĩnh
    data = obs([
        (2021, "X", "gia_pho", 40, NAN, NAN),
        (2021, "X", "huong_giang", 50, NAN, NAN),
        (2021, "X", "huong_vinh", 60, NAN, NAN),
        (2025, "X", "huong_pho_2025", 80, NAN, NAN),
    ])
    series = series_for_unit(data, units, "X", "huong_pho_2025")
    assert series.to_dict() == {2021: 50.0, 2025: 80.0}


def test_pooled_ratio_when_all_predecessors_have_numerator_and_denominator(units):
    data = obs([
        (2022, "X", "gia_pho", 50, 1, 2),
        (2022, "X", "huong_giang", 100, 8, 8),
        (2022, "X", "huong_vinh", 0, 0, 10),
    ])
    # pooled: 100 * 9 / 20 = 45 (the unweighted mean would be 50)
    assert series_for_unit(data, units, "X", "huong_pho_2025")[2022] == pytest.approx(45)
    partial = data.assign(numerator=[1, 8, NAN])
    assert series_for_unit(partial, units, "X", "huong_pho_2025")[2022] == pytest.approx(50)


def test_predecessors_valid_that_year_only(units):
    # 2024: Phú Phong still separate, so the new Hương Khê commune pools 4 units;
    # 2025 H1 the township already contains Phú Phong, but the new commune exists in 2025.
    data = obs([
        (2024, "X", "tt_huong_khe", 10, NAN, NAN),
        (2024, "X", "phu_phong", 20, NAN, NAN),
        (2024, "X", "huong_long", 30, NAN, NAN),
        (2024, "X", "phu_gia", 40, NAN, NAN),
    ])
    assert series_for_unit(data, units, "X", "huong_khe_2025")[2024] == 25.0
    # the township's own series is never filled (it existed in 2024)
    assert series_for_unit(data, units, "X", "tt_huong_khe")[2024] == 10.0


def test_own_value_wins_and_missing_stays_missing(units):
    data = obs([
        (2021, "X", "gia_pho", 40, NAN, NAN),
        (2021, "X", "huong_pho_2025", 99, NAN, NAN),
        (2022, "X", "district", 70, NAN, NAN),
    ])
    series = series_for_unit(data, units, "X", "huong_pho_2025")
    assert series[2021] == 99.0
    assert math.isnan(series[2022])
    assert series_for_unit(data, units, "X", "district").dropna().to_dict() == {2022: 70.0}


def test_inputs_not_mutated(units):
    data = obs([(2021, "X", "gia_pho", 40, NAN, NAN)])
    before_obs, before_units = data.copy(), units.records()
    series_for_unit(data, units, "X", "huong_pho_2025")
    pd.testing.assert_frame_equal(data, before_obs)
    assert units.records() == before_units
