"""compute_progress and commune_breakdown on tiny hand-computed catalogues."""
import datetime as dt
import math

import pandas as pd
import pytest

from assessment.plan.catalogue import Area, Catalogue, Indicator, Target
from assessment.errors import ConfigError
from assessment.plan.units import Unit, Units
from assessment.progress.indicators import COLUMNS, commune_breakdown, compute_progress

NAN = float("nan")
D = dt.date
UNITS = Units([
    Unit("district", "huyện", "district", "district", None, None, None),
    Unit("a", "xã A", "A", "town", None, None, None),
    Unit("b", "xã B", "B", "commune", None, D(2025, 6, 30), "c"),
    Unit("p", "xã P", "P", "commune", None, D(2024, 12, 31), "a"),
    Unit("c", "xã C", "C", "commune", D(2025, 7, 1), None, None),
])


def indicator(code, targets, *, level="district", measure="percent", direction="up",
              area=1):
    return Indicator(code=code, area=area, level=level, measure=measure,
                     direction=direction, office="noi_vu", name_vi=code, name_en=code,
                     targets=tuple(targets))


def target(kind, value, milestone=2025, **extra):
    section = f"III.1.2.{'a' if milestone == 2025 else 'b'}"
    return Target(milestone=milestone, kind=kind, value=float(value), section=section,
                  **extra)


def catalogue(*indicators):
    areas = tuple(Area(n, None, f"III.{n}", "noi_vu", f"v{n}", f"e{n}") for n in range(1, 10))
    return Catalogue(areas=areas, indicators=tuple(indicators), tasks=())


def obs(code, values, unit="district"):
    rows = [{"year": y, "indicator": code, "unit": unit, "value": float(v),
             "numerator": NAN, "denominator": NAN} for y, v in values.items()]
    return pd.DataFrame(rows, columns=["year", "indicator", "unit", "value", "numerator",
                                       "denominator"])


def one(cat, data, year, method="linear", **match):
    frame = compute_progress(cat, data, UNITS, year, method=method)
    for key, val in match.items():
        frame = frame[frame[key] == val]
    assert len(frame) == 1, frame
    return frame.iloc[0]


# ------------------------------------------------------------------ level kinds
def test_worked_example_and_columns():
    cat = catalogue(indicator("X", [target("at_least", 80)]))
    data = obs("X", {2021: 40, 2022: 50, 2023: 60})
    frame = compute_progress(cat, data, UNITS, 2023)
    assert list(frame.columns[:19]) == COLUMNS[:19]
    row = frame.iloc[0]
    assert (row.status, row.ratio, row.expected, row.baseline_year, row.baseline) == (
        "on_track", 1.0, 60.0, 2021, 40.0)
    assert (row.yoy_change, row.projection, row.final, row.method) == (10.0, 80.0, False,
                                                                         "linear")


def test_worked_example_cagr_and_escap_through_progress():
    cat = catalogue(indicator("X", [target("at_least", 170)], measure="count"))
    data = obs("X", {2021: 120, 2022: 130, 2023: 140})
    assert round(one(cat, data, 2023, "cagr").ratio, 3) == 0.881
    assert one(cat, data, 2023, "cagr").status == "needs_acceleration"
    row = one(cat, data, 2023, "escap")
    # weights 1,2,3 over 120,130,140: slope 10, projection 2025 = 160, R = 40/50
    assert row.projection == pytest.approx(160)
    assert row.ratio == pytest.approx(0.8)


def test_reduce_by_target_from_baseline():
    cat = catalogue(indicator("X", [target("reduce_by", 10)], measure="count",
                              direction="down"))
    row = one(cat, obs("X", {2021: 100, 2023: 95}), 2023)
    assert row.target == pytest.approx(90)
    assert row.expected == pytest.approx(95)
    assert row.ratio == pytest.approx(1.0)
    assert row.status == "on_track"
    assert one(cat, obs("X", {2021: 30, 2024: 27}), 2024).status == "achieved"


def test_range_lower_bound_is_target():
    cat = catalogue(indicator("X", [target("range", 20, 2030, high=25)]))
    assert one(cat, obs("X", {2021: 10, 2023: 20}), 2023).status == "achieved"
    row = one(cat, obs("X", {2021: 10, 2023: 12}), 2023)
    assert row.target_high == 25
    assert row.expected == pytest.approx(10 + 10 * 2 / 9)
    assert row.ratio == pytest.approx(2 / (20 / 9))      # 0.9
    assert row.status == "needs_acceleration"


def test_rank_direction_down():
    cat = catalogue(indicator("X", [target("rank", 3, 2030)], measure="rank",
                              direction="down"))
    row = one(cat, obs("X", {2021: 12, 2024: 9}), 2024)
    assert (row.expected, row.ratio, row.status) == (9.0, 1.0, "on_track")
    assert one(cat, obs("X", {2021: 12, 2024: 14}), 2024).status == "regressing"
    assert one(cat, obs("X", {2021: 12, 2024: 2}), 2024).status == "achieved"


# ------------------------------------------------------------------ path-from-zero kinds
def test_cumulative():
    cat = catalogue(indicator("X", [target("cumulative", 75)], measure="count"))
    row = one(cat, obs("X", {2021: 5, 2022: 5, 2023: 5}), 2023)
    assert (row.baseline_year, row.baseline, row.value) == (2020, 0.0, 15.0)
    assert row.expected == pytest.approx(45)            # 75 * 3/5
    assert row.ratio == pytest.approx(1 / 3)
    assert (row.status, row.yoy_change) == ("off_track", 5.0)
    assert one(cat, obs("X", {2021: 5, 2023: 5}), 2023).status == "insufficient_data"
    assert one(cat, obs("X", {2021: 30, 2022: 50}), 2022).status == "achieved"


def test_schedule():
    sched = ((2021, 15.0), (2022, 35.0), (2023, 55.0), (2024, 75.0), (2025, 95.0))
    cat = catalogue(indicator("X", [target("schedule", 95, schedule=sched)],
                              level="commune"))
    data = obs("X", {2021: 15, 2023: 50}, unit="a")
    row = one(cat, data, 2023, unit="a")
    assert (row.baseline_year, row.baseline, row.expected) == (2020, 0.0, 55.0)
    assert row.ratio == pytest.approx(50 / 55)
    assert row.status == "needs_acceleration"
    assert one(cat, data, 2021, unit="a").status == "on_track"   # 15 / 15


def test_growth_sum():
    cat = catalogue(indicator("X", [target("growth", 10, 2030, aggregate="sum",
                                           reference=(2021, 2025))], measure="count"))
    values = {y: 10 for y in range(2021, 2026)} | {2026: 12, 2027: 11}
    row = one(cat, obs("X", values), 2027)
    assert (row.baseline_year, row.baseline, row.target) == (2025, 0.0, pytest.approx(55))
    assert (row.value, row.expected) == (23.0, pytest.approx(22))
    assert row.ratio == pytest.approx(23 / 22)
    assert row.status == "on_track"
    assert row.yoy_change == 11
    assert one(cat, obs("X", values), 2025).status == "pending"  # 2026-2030 not begun
    incomplete = {y: v for y, v in values.items() if y != 2023}
    assert one(cat, obs("X", incomplete), 2027).status == "insufficient_data"


def test_growth_mean_down():
    cat = catalogue(indicator("X", [target("growth", -15, 2030, aggregate="mean",
                                           reference=(2021, 2025))],
                              measure="billion_vnd", direction="down"))
    values = {y: 100 for y in range(2021, 2026)} | {2026: 98, 2027: 94}
    row = one(cat, obs("X", values), 2027)
    assert (row.baseline, row.target, row.value) == (100.0, 85.0, 96.0)
    assert row.expected == pytest.approx(94)            # 100 - 15 * 2/5
    assert row.ratio == pytest.approx(4 / 6)
    assert row.status == "needs_acceleration"


# ------------------------------------------------------------------ milestones (done)
def test_milestone_measure():
    cat = catalogue(indicator("X", [target("milestone", 1, due=dt.date(2025, 12, 31))],
                              measure="done"))
    done = one(cat, obs("X", {2022: 0, 2023: 1}), 2024)
    assert (done.status, done.final, done.value) == ("achieved", True, 1.0)
    pending = one(cat, obs("X", {2022: 0, 2024: 0}), 2024)
    assert (pending.status, pending.final) == ("on_track", False)
    late = one(cat, obs("X", {2022: 0, 2025: 0}), 2025)
    assert (late.status, late.final) == ("not_achieved", True)
    assert one(cat, obs("X", {2022: 0}), 2024).status == "insufficient_data"


# ------------------------------------------------------------------ passed milestones
def test_after_milestone_judged_on_milestone_year_value():
    cat = catalogue(indicator("X", [target("at_least", 80), target("at_least", 90, 2030)]))
    data = obs("X", {2021: 40, 2025: 70, 2027: 85})
    m25 = one(cat, data, 2027, milestone=2025)
    assert (m25.status, m25.final, m25.value, m25.value_year) == (
        "not_achieved", True, 70.0, 2025)
    m30 = one(cat, data, 2027, milestone=2030)
    assert (m30.status, m30.final, m30.value_year) == ("on_track", False, 2027)


# ------------------------------------------------------------------ units
def test_commune_rows_never_dropped_and_sorted():
    cat = catalogue(indicator("X", [target("at_least", 80)], level="both"))
    data = pd.concat([obs("X", {2021: 40, 2023: 60}), obs("X", {2021: 50, 2023: 70}, "a")])
    frame = compute_progress(cat, data, UNITS, 2023)
    assert list(frame["unit"]) == ["district", "a", "b", "p"]
    assert list(frame["status"]) == ["on_track", "on_track", "insufficient_data",
                                     "insufficient_data"]
    assert pd.isna(frame.loc[2, "baseline_year"])


def test_new_commune_inherits_baseline_after_merger():
    cat = catalogue(indicator("X", [target("at_least", 80)], level="commune"))
    data = pd.concat([obs("X", {2021: 40}, "b"), obs("X", {2025: 80}, "c"),
                      obs("X", {2021: 60}, "a"), obs("X", {2021: 20}, "p"),
                      obs("X", {2025: 70}, "a")])
    frame = compute_progress(cat, data, UNITS, 2025)
    assert list(frame["unit"]) == ["district", "a", "c"]  # district row: the aggregate
    c = frame.iloc[2]
    assert (c.baseline_year, c.baseline, c.status) == (2021, 40.0, "achieved")
    a = frame.iloc[1]
    # a (the town) has its own 2021 value; Phú-Phong-like p is not mixed into it
    assert (a.baseline, a.status) == (60.0, "not_achieved")


def test_unknown_method_and_no_mutation():
    cat = catalogue(indicator("X", [target("at_least", 80)]))
    data = obs("X", {2021: 40, 2023: 60})
    before = data.copy()
    with pytest.raises(ConfigError):
        compute_progress(cat, data, UNITS, 2023, method="nope")
    compute_progress(cat, data, UNITS, 2023)
    pd.testing.assert_frame_equal(data, before)


def test_later_years_ignored():
    cat = catalogue(indicator("X", [target("at_least", 80)]))
    row = one(cat, obs("X", {2021: 40, 2023: 60, 2024: 90}), 2023)
    assert row.value == 60 and row.status == "on_track"


def test_commune_breakdown_rank_and_share():
    cat = catalogue(indicator("X", [target("at_most", 10)], level="commune",
                              direction="down"))
    data = pd.concat([obs("X", {2021: 20, 2023: 8}, "a"), obs("X", {2021: 20, 2023: 8}, "b"),
                      obs("X", {2021: 20, 2023: 15}, "p")])
    table = commune_breakdown(compute_progress(cat, data, UNITS, 2023))
    assert list(table["unit"]) == ["a", "b", "p"]
    assert list(table["rank"]) == [1, 1, 3]
    assert table["share_meeting"].iloc[0] == pytest.approx(2 / 3)
    with_gap = pd.concat([data[data["unit"] != "p"]])
    table = commune_breakdown(compute_progress(cat, with_gap, UNITS, 2023))
    assert pd.isna(table.loc[table["unit"] == "p", "rank"]).all()
    assert table["share_meeting"].iloc[0] == 1.0
    assert math.isclose(table["n_with_data"].iloc[0], 2)


# ------------------------------------------------------------------ the real catalogue
def test_real_catalogue_every_kind_handled():
    from pathlib import Path

    from assessment.plan.catalogue import KINDS, load_catalogue
    from assessment.plan.units import load_units
    from assessment.plan.status import INDICATOR_STATUSES

    root = Path(__file__).resolve().parents[1]
    cat = load_catalogue(root / "data")
    units = load_units(root / "data")
    communes = {2021: 21, 2024: 21, 2025: 7, 2027: 7}  # counted in data/units.csv
    rows = []
    for year in range(2021, 2028):
        for ind in cat.indicators:
            for unit in ("district",) + units.reporting(year, "commune"):
                step = year - 2020
                value = {"done": float(year >= 2024), "rank": 13.0 - step,
                         "count": 4.0 + step}.get(ind.measure, min(100.0, 30 + 9 * step))
                rows.append({"year": year, "indicator": ind.code, "unit": unit,
                             "value": value, "numerator": NAN, "denominator": NAN})
    data = pd.DataFrame(rows)
    seen = set()
    for year in (2021, 2024, 2025, 2027):
        for method in ("linear", "cagr", "unsd2022", "escap"):
            frame = compute_progress(cat, data, units, year, method=method)
            assert set(frame["status"]) <= set(INDICATOR_STATUSES)
            expected_rows = sum(
                len(ind.targets) * (1 + (ind.level != "district") * communes[year])
                for ind in cat.indicators)
            assert len(frame) == expected_rows
            seen |= set(frame["kind"])
            assert not frame.duplicated(["indicator", "unit", "milestone"]).any()
    assert seen == {t.kind for _, t in cat.targets()}
    assert seen == set(KINDS) - {"at_most"}   # at_most: covered by the inline tests
    frame = compute_progress(cat, data, units, 2027)
    growth = frame[(frame["kind"] == "growth") & (frame["unit"] == "district")]
    assert (growth["status"] != "insufficient_data").all()


def test_empty_inputs():
    from assessment.progress.areas import area_summary

    cat = catalogue(indicator("X", [target("at_least", 80)], level="both"))
    empty = obs("X", {})
    frame = compute_progress(cat, empty, UNITS, 2023)
    assert (frame["status"] == "insufficient_data").all()
    assert len(frame) == 4
    assert commune_breakdown(frame.iloc[0:1]).empty
    assert len(area_summary(cat, frame)) == 18


# ------------------------------------------------------------------ one path per indicator
def two_milestones(first_kind="at_least", first=95.0, second=100.0, **extra):
    return catalogue(indicator("X", [target(first_kind, first, 2025, **extra),
                                     target("at_least", second, 2030)]))


def test_2030_is_judged_on_the_2025_path_up_to_2025():
    # baseline 60 (2021), 2025 target 95, 2030 target 100; in 2023 E_t = 60 + 35 * 2/4
    cat = two_milestones()
    data = obs("X", {2021: 60, 2022: 70, 2023: 77.5})
    rows = compute_progress(cat, data, UNITS, 2023).set_index("milestone")
    assert rows.loc[2025, "expected"] == pytest.approx(77.5)
    assert rows.loc[2030, "expected"] == pytest.approx(77.5)   # not 60 + 40 * 2/9
    assert rows.loc[2030, "ratio"] == pytest.approx(1.0)
    assert rows.loc[2025, "status"] == rows.loc[2030, "status"] == "on_track"
    # slower: 70 in 2023 is R = 10/17.5 = 0.571 on both (off track), although against a
    # straight line to 2030 (E = 68.9) it would read "on track"
    slow = compute_progress(cat, obs("X", {2021: 60, 2023: 70}), UNITS, 2023)
    assert set(slow["status"]) == {"off_track"}


def test_a_missed_2025_target_never_leaves_2030_on_track():
    # 94 in 2025 against 95: not achieved; R = 34/35 = 0.971 would be "on track"
    cat = two_milestones()
    rows = compute_progress(cat, obs("X", {2021: 60, 2025: 94}), UNITS, 2025).set_index("milestone")
    assert rows.loc[2025, "status"] == "not_achieved"
    assert rows.loc[2030, "status"] == "needs_acceleration"
    assert rows.loc[2030, "ratio"] == pytest.approx(34 / 35)
    # met in 2025 (but not the 2030 target): on track for 2030; met both: achieved
    met = compute_progress(cat, obs("X", {2021: 60, 2025: 96}), UNITS, 2025)
    assert list(met.sort_values("milestone")["status"]) == ["achieved", "on_track"]
    both = compute_progress(cat, obs("X", {2021: 60, 2025: 100}), UNITS, 2025)
    assert list(both.sort_values("milestone")["status"]) == ["achieved", "achieved"]


def test_schedule_path_carries_to_2030():
    # the case: commune digitisation 80% in 2025 against the schedule's 95%
    cat = two_milestones("schedule", 95, 100, schedule=((2021, 15.0), (2025, 95.0)))
    rows = compute_progress(cat, obs("X", {2021: 15, 2025: 80}), UNITS, 2025).set_index("milestone")
    assert rows.loc[2025, "status"] == "not_achieved"
    assert rows.loc[2030, "expected"] == pytest.approx(95.0)     # not 50.6
    assert rows.loc[2030, "ratio"] == pytest.approx(80 / 95)
    assert rows.loc[2030, "status"] == "needs_acceleration"


def test_after_2025_the_path_starts_from_the_2025_value():
    # 2025: 90; 2030 target 100; in 2027 E = 90 + 10 * 2/5 = 94
    cat = two_milestones()
    data = obs("X", {2021: 60, 2024: 85, 2025: 90, 2027: 94})
    row = one(cat, data, 2027, milestone=2030)
    assert (row.baseline_year, row.baseline) == (2025, 90.0)
    assert row.expected == pytest.approx(94.0)
    assert (row.ratio, row.status) == (pytest.approx(1.0), "on_track")
    # no 2025 value: the last value before it
    row = one(cat, obs("X", {2021: 60, 2024: 85, 2027: 94}), 2027, milestone=2030)
    assert (row.baseline_year, row.baseline) == (2024, 85.0)


def test_growth_targets_keep_their_own_path():
    cat = catalogue(indicator("X", [target("cumulative", 75, 2025),
                                    target("growth", 10, 2030, aggregate="sum",
                                           reference=(2021, 2025))], measure="count"))
    rows = compute_progress(cat, obs("X", {y: 14 for y in range(2021, 2026)}), UNITS, 2025)
    assert list(rows.sort_values("milestone")["status"]) == ["not_achieved", "pending"]


def test_not_applicable_after_the_subject_lapsed():
    from assessment.plan.catalogue import Lapse
    lapse = Lapse(D(2025, 7, 1), "không còn cấp huyện", "no district level")
    ind = indicator("X", [target("at_least", 20, 2030)])
    cat = catalogue(Indicator(**{**ind.__dict__, "not_applicable": lapse}))
    data = obs("X", {2021: 3, 2024: 6, 2025: 7})
    assert one(cat, data, 2024).status == "off_track"
    row = one(cat, data, 2025)
    assert (row.status, row.value) == ("not_applicable", 7.0)
    assert math.isnan(row.ratio)


def test_reported_marks_the_figures_known_for_the_year():
    cat = catalogue(indicator("X", [target("at_least", 80)]),
                    indicator("M", [target("milestone", 1, due=D(2025, 12, 31))],
                              measure="done"))
    data = pd.concat([obs("X", {2021: 40}), obs("M", {2022: 1})])
    frame = compute_progress(cat, data, UNITS, 2023).set_index("indicator")
    assert not frame.loc["X", "reported"]          # no 2023 value
    assert frame.loc["M", "reported"]              # done in 2022, known since
