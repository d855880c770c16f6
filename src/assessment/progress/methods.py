"""Progress methods: from a tracked series and a milestone target to a pace ratio and a status.

Notation (DESIGN.md section 5): b the baseline year, t the year assessed, T the milestone
year, v_b and v_t the tracked values, E_t the expected value at t on the target path.

Methods (``METHODS``; each returns a :class:`Pace` = expected, ratio, projection):

``linear`` (default)
    E_t = v_b + (target − v_b)·(t − b)/(T − b), unless the plan gives E_t (schedule).
    R = (v_t − v_b) / (E_t − v_b). Projection: the current pace carried on to T,
    v_b + (v_t − v_b)·(T − b)/(t − b).
``cagr`` (Statistics Canada / Open SDG; Eurostat)
    actual = (v_t/v_b)^(1/(t−b)) − 1, required = (target/v_b)^(1/(T−b)) − 1,
    R = actual / required. When v_b, v_t or the target is not positive, or the required
    growth is 0, a growth rate is undefined and the linear ratio is used instead.
    Projection: v_b·(1 + actual)^(T − b).
``unsd2022``
    The same CAGR ratio, judged with the UN Statistics Division 2022 thresholds
    0.95 / 0.5 / −0.1.
``escap`` (ESCAP anticipated progress)
    A weighted least-squares line through the tracked points from b to t, the weights
    1, 2, …, n by recency (oldest 1, newest n); projected to T:
    R = (proj_T − v_b) / (target − v_b).

All formulas are direction-aware by construction: for direction ``down`` the target lies
below the baseline, so a fall gives a positive ratio. If the baseline already meets the
target (no progress is required) and v_t does not, the value has fallen back past the
target: the status is ``regressing`` and the ratio is left empty.

Status (:func:`assess`), in this order:
1. ``insufficient_data``: no baseline or no value for t;
2. ``achieved``: v_t meets the target (up: v_t ≥ target, down: v_t ≤ target);
3. t ≥ T: the milestone is final, ``not_achieved``;
4. ``insufficient_data``: t = b (no pace can be measured yet);
5. ``regressing`` if the baseline already met the target (see above);
6. from R: ``on_track`` R ≥ 0.95; ``needs_acceleration`` 0.60 ≤ R < 0.95;
   ``off_track`` 0 ≤ R < 0.60 (the floor); ``regressing`` R < 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from assessment.errors import ConfigError
from assessment.plan.status import METHOD_THRESHOLDS, Thresholds
from assessment.values import is_missing

NAN = float("nan")
# Relative tolerance when comparing a value with a target (27 vs 30 × 0.9 = 27.000…04).
_TOL = 1e-9


@dataclass(frozen=True)
class Track:
    """What a method needs to know about one indicator × unit × milestone.

    ``history`` holds the tracked quantity from b to t inclusive as (year, value) pairs;
    ``expected`` is E_t when the plan states it (a schedule), otherwise None.
    """

    direction: str
    base_year: int | None
    base: float
    year: int
    value: float
    milestone: int
    target: float
    history: tuple[tuple[int, float], ...] = ()
    expected: float | None = None


@dataclass(frozen=True)
class Pace:
    expected: float = NAN
    ratio: float = NAN
    projection: float = NAN


@dataclass(frozen=True)
class Assessment:
    status: str
    final: bool
    pace: Pace = field(default_factory=Pace)


@dataclass(frozen=True)
class Method:
    name: str
    pace: Callable[[Track], Pace]
    thresholds: Thresholds


# ------------------------------------------------------------------ helpers
def _power(base: float, exponent: float) -> float:
    """base ** exponent, with an overflow giving infinity instead of an exception."""
    try:
        return base ** exponent
    except OverflowError:
        return math.inf


def meets(value: float, target: float, direction: str) -> bool:
    """Does ``value`` meet ``target``? Up: at or above; down: at or below."""
    if is_missing(value) or is_missing(target):
        return False
    tol = _TOL * max(1.0, abs(target))
    return value >= target - tol if direction == "up" else value <= target + tol


def required_progress(track: Track) -> float:
    """The progress still to make from the baseline, signed so that positive means needed."""
    sign = 1.0 if track.direction == "up" else -1.0
    return sign * (track.target - track.base)


def expected_value(track: Track) -> float:
    """E_t: the plan's own value for t, or the linear path from (b, v_b) to (T, target)."""
    if track.expected is not None:
        return track.expected
    share = (track.year - track.base_year) / (track.milestone - track.base_year)
    return track.base + (track.target - track.base) * share


def classify(ratio: float, thresholds: Thresholds) -> str:
    """The status band of a pace ratio."""
    if ratio >= thresholds.on_track:
        return "on_track"
    if ratio >= thresholds.needs_acceleration:
        return "needs_acceleration"
    if ratio >= thresholds.off_track_floor:
        return "off_track"
    return "regressing"


# ------------------------------------------------------------------ methods
def linear(track: Track) -> Pace:
    expected = expected_value(track)
    gap = expected - track.base
    ratio = (track.value - track.base) / gap if gap != 0 else NAN
    elapsed = track.year - track.base_year
    projection = track.base + (track.value - track.base) * (
        (track.milestone - track.base_year) / elapsed)
    return Pace(expected=expected, ratio=ratio, projection=projection)


def cagr(track: Track) -> Pace:
    """Ratio of the actual to the required compound annual growth rate."""
    v_b, v_t, target = track.base, track.value, track.target
    # A fall to 0 is a growth rate of −100% (the worst), not a case for the fallback:
    # falling back there would rank 0 above a small positive value.
    if v_b <= 0 or target <= 0 or v_t < 0:
        return linear(track)
    actual = _power(v_t / v_b, 1 / (track.year - track.base_year)) - 1
    required = _power(target / v_b, 1 / (track.milestone - track.base_year)) - 1
    if required == 0:
        return linear(track)
    projection = v_b * _power(1 + actual, track.milestone - track.base_year)
    return Pace(expected=expected_value(track), ratio=actual / required, projection=projection)


def weighted_trend(points: tuple[tuple[int, float], ...]) -> tuple[float, float]:
    """Intercept and slope of the least-squares line with weights 1..n by recency."""
    pts = sorted((y, v) for y, v in points if not is_missing(v))
    x = np.array([p[0] for p in pts], dtype=float)
    y = np.array([p[1] for p in pts], dtype=float)
    w = np.arange(1, len(pts) + 1, dtype=float)
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    sxx = float(np.sum(w * (x - xm) ** 2))
    slope = float(np.sum(w * (x - xm) * (y - ym)) / sxx) if sxx else 0.0
    return float(ym - slope * xm), slope


def escap(track: Track) -> Pace:
    """Anticipated progress: the recency-weighted trend projected to the milestone."""
    points = track.history or ((track.base_year, track.base), (track.year, track.value))
    intercept, slope = weighted_trend(points)
    projection = intercept + slope * track.milestone
    gap = track.target - track.base
    ratio = (projection - track.base) / gap if gap != 0 else NAN
    return Pace(expected=expected_value(track), ratio=ratio, projection=projection)


_PACES = {"linear": linear, "cagr": cagr, "unsd2022": cagr, "escap": escap}
# the methods the plan's vocabulary names (plan.status.METHOD_THRESHOLDS), each with its pace
METHODS: dict[str, Method] = {name: Method(name, _PACES[name], bands)
                              for name, bands in METHOD_THRESHOLDS.items()}


def get_method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown progress method {name!r}: use one of {', '.join(METHODS)} "
            "(option --method).") from None


# ------------------------------------------------------------------ status
def assess(track: Track, method: str = "linear",
           thresholds: Thresholds | None = None) -> Assessment:
    """The status of one track under ``method`` (see the module docstring for the order)."""
    chosen = get_method(method)
    bands = thresholds or chosen.thresholds
    final = track.year >= track.milestone
    if track.base_year is None or is_missing(track.base) or is_missing(track.value):
        return Assessment("insufficient_data", final)
    can_pace = track.year > track.base_year and required_progress(track) > 0
    pace = chosen.pace(track) if can_pace else Pace()
    if meets(track.value, track.target, track.direction):
        return Assessment("achieved", final, pace)
    if final:
        return Assessment("not_achieved", True, pace)
    if track.year <= track.base_year:
        return Assessment("insufficient_data", False, pace)
    if not can_pace or is_missing(pace.ratio):
        return Assessment("regressing", False, pace)
    return Assessment(classify(pace.ratio, bands), False, pace)
