"""Progress methods: published worked examples, status boundaries, direction, monotonicity."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.errors import AssessmentError, ConfigError
from assessment.plan.status import METHOD_THRESHOLDS
from assessment.progress.methods import (METHODS, Thresholds, Track, assess,
                                cagr, classify, escap, get_method, linear, meets,
                                weighted_trend)


def track(base, value, target, *, year=2023, base_year=2021, milestone=2025,
          direction="up", history=(), expected=None):
    return Track(direction=direction, base_year=base_year, base=base, year=year,
                 value=value, milestone=milestone, target=target, history=history,
                 expected=expected)


# ------------------------------------------------------------------ worked examples
def test_linear_worked_example_40_60_80_is_on_track():
    tr = track(40, 60, 80)
    pace = linear(tr)
    assert pace.expected == 60            # 40 + (80 - 40) * 2/4
    assert pace.ratio == 1.0              # (60 - 40) / (60 - 40)
    assert pace.projection == 80          # current pace carried to 2025
    assert assess(tr).status == "on_track"


def test_cagr_worked_example_120_140_170_needs_acceleration():
    # actual (140/120)^(1/2) - 1 = 0.080123; required (170/120)^(1/4) - 1 = 0.090980
    tr = track(120, 140, 170)
    pace = cagr(tr)
    assert round(pace.ratio, 3) == 0.881
    assert pace.projection == pytest.approx(120 * (140 / 120) ** 2)
    assert assess(tr, "cagr").status == "needs_acceleration"
    assert assess(tr, "linear").status == "needs_acceleration"  # R = 20 / 25 = 0.8


def test_unsd2022_thresholds():
    assert METHODS["unsd2022"].thresholds == Thresholds(0.95, 0.5, -0.1)
    assert classify(0.55, METHOD_THRESHOLDS["unsd2022"]) == "needs_acceleration"
    assert classify(0.55, Thresholds()) == "off_track"
    assert classify(-0.05, METHOD_THRESHOLDS["unsd2022"]) == "off_track"
    assert classify(-0.1, METHOD_THRESHOLDS["unsd2022"]) == "off_track"
    assert classify(-0.11, METHOD_THRESHOLDS["unsd2022"]) == "regressing"
    assert classify(-0.05, Thresholds()) == "regressing"
    # 100 -> 104 over two years, target 140 in 2025:
    # actual sqrt(1.04) - 1 = 0.019804; required 1.4^(1/4) - 1 = 0.087757; ratio 0.2257
    slow = track(100, 104, 140)
    assert round(cagr(slow).ratio, 4) == 0.2257
    assert assess(slow, "unsd2022").status == "off_track"


def test_unsd2022_band_differs_from_default():
    # CAGR ratio between 0.5 and 0.6: needs acceleration under unsd2022, off track under cagr
    tr = track(100, 110.5, 140)
    ratio = cagr(tr).ratio
    assert 0.5 <= ratio < 0.6
    assert assess(tr, "cagr").status == "off_track"
    assert assess(tr, "unsd2022").status == "needs_acceleration"


def test_escap_weighted_projection_by_hand():
    # points (2021,40) (2022,50) (2023,55), weights 1,2,3:
    # x̄ = 12134/6, ȳ = 305/6, Sxx = 10/3, Sxy = 70/3 -> slope 7; proj 2025 = 69.5
    hist = ((2021, 40.0), (2022, 50.0), (2023, 55.0))
    intercept, slope = weighted_trend(hist)
    assert slope == pytest.approx(7.0)
    pace = escap(track(40, 55, 80, history=hist))
    assert pace.projection == pytest.approx(69.5)
    assert pace.ratio == pytest.approx(29.5 / 40)        # 0.7375
    assert assess(track(40, 55, 80, history=hist), "escap").status == "needs_acceleration"


def test_escap_two_points_equals_linear_projection():
    pace = escap(track(40, 60, 80))
    assert pace.projection == pytest.approx(80)
    assert pace.ratio == pytest.approx(1.0)


# ------------------------------------------------------------------ boundaries
@pytest.mark.parametrize("value, status", [
    (47.5, "on_track"),            # R = 0.95 exactly
    (47.49, "needs_acceleration"),
    (30.0, "needs_acceleration"),  # R = 0.60 exactly
    (29.99, "off_track"),
    (0.0, "off_track"),            # R = 0 exactly
    (-0.01, "regressing"),
    (100.0, "achieved"),
])
def test_linear_status_boundaries(value, status):
    # baseline 0 in 2021, target 100 in 2025, t = 2023: E_t = 50
    assert assess(track(0, value, 100)).status == status


def test_direction_down():
    # 100 in 2021 -> at most 60 in 2025; E_2023 = 80
    assert assess(track(100, 85, 60, direction="down")).pace.ratio == pytest.approx(0.75)
    assert assess(track(100, 85, 60, direction="down")).status == "needs_acceleration"
    assert assess(track(100, 80, 60, direction="down")).status == "on_track"
    assert assess(track(100, 105, 60, direction="down")).status == "regressing"
    assert assess(track(100, 60, 60, direction="down")).status == "achieved"
    assert assess(track(100, 55, 60, direction="down")).status == "achieved"
    # CAGR for a fall: both growth rates negative, the ratio positive
    assert cagr(track(100, 80, 60, direction="down")).ratio > 0


def test_zero_target_falls_back_to_linear_under_cagr():
    tr = track(10, 5, 0, direction="down")
    assert linear(tr).ratio == pytest.approx(1.0)
    assert cagr(tr).ratio == pytest.approx(1.0)
    assert assess(tr, "cagr").status == "on_track"
    assert assess(track(10, 0, 0, direction="down"), "cagr").status == "achieved"


def test_zero_baseline_falls_back_to_linear_under_cagr():
    tr = track(0, 40, 80)
    assert cagr(tr).ratio == pytest.approx(linear(tr).ratio)


def test_hundred_percent_target():
    assert assess(track(60, 100, 100)).status == "achieved"
    assert assess(track(60, 99, 100)).status == "on_track"   # E = 80
    assert meets(100.0, 100.0, "up")
    assert meets(27.0, 30 * (1 - 10 / 100), "down")          # float noise tolerated


def test_missing_values_insufficient():
    assert assess(track(float("nan"), 50, 80)).status == "insufficient_data"
    assert assess(track(40, float("nan"), 80)).status == "insufficient_data"
    assert assess(track(40, 50, 80, base_year=None)).status == "insufficient_data"


def test_report_year_is_baseline_year():
    assert assess(track(40, 40, 80, year=2021)).status == "insufficient_data"
    assert assess(track(90, 90, 80, year=2021)).status == "achieved"


def test_milestone_passed_is_final():
    res = assess(track(40, 70, 80, year=2025))
    assert (res.status, res.final) == ("not_achieved", True)
    res = assess(track(40, 80, 80, year=2025))
    assert (res.status, res.final) == ("achieved", True)
    assert not assess(track(40, 70, 80)).final


def test_baseline_already_past_target_then_falls_back():
    res = assess(track(90, 75, 80))
    assert res.status == "regressing"
    assert math.isnan(res.pace.ratio)


def test_schedule_expected_override():
    # progress from 0 in 2020; the plan expects 60 in 2023: R = 55 / 60
    tr = track(0, 55, 100, base_year=2020, expected=60)
    assert linear(tr).ratio == pytest.approx(55 / 60)
    assert assess(tr).status == "needs_acceleration"


def test_unknown_method_is_config_error():
    with pytest.raises(ConfigError) as err:
        get_method("magic")
    assert isinstance(err.value, AssessmentError)
    assert "linear" in str(err.value)
    with pytest.raises(ConfigError):
        assess(track(40, 60, 80), "magic")


def test_explicit_thresholds_override():
    tight = Thresholds(on_track=1.5, needs_acceleration=1.2, off_track_floor=0.0)
    assert assess(track(40, 60, 80), thresholds=tight).status == "off_track"


# ------------------------------------------------------------------ monotonicity
RANK = {"insufficient_data": 0, "not_achieved": 1, "regressing": 1, "off_track": 2,
        "needs_acceleration": 3, "on_track": 4, "achieved": 5}
# Realistic magnitudes (percentages, counts, billions of VND, ranks) and exact zeros.
values = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e4))


@settings(max_examples=300, deadline=None)
@given(base=values, mid=values, a=values, b=values, target=values,
       year=st.integers(2021, 2027), direction=st.sampled_from(["up", "down"]),
       method=st.sampled_from(sorted(METHODS)))
def test_status_monotone_in_value(base, mid, a, b, target, year, direction, method):
    worse, better = sorted((a, b)) if direction == "up" else sorted((a, b), reverse=True)

    def status(v):
        hist = ((2021, base), (2022, mid), (year, v)) if year > 2022 else ()
        return assess(track(base, v, target, year=year, history=hist,
                            direction=direction), method).status

    assert RANK[status(better)] >= RANK[status(worse)]


def test_methodology_text_for_every_method_in_both_languages():
    import unicodedata

    from assessment.i18n import catalogue_text

    text = catalogue_text()
    for method in METHODS:
        keys = [k for k in text if k.startswith(("method.common.", f"method.{method}."))]
        assert any(k.startswith(f"method.{method}.") for k in keys), method
        assert len(keys) > 3
        for key in keys:
            assert set(text[key]) == {"vi", "en"}, key
            assert all(unicodedata.is_normalized("NFC", p) and p for p in text[key].values())
