"""The scoring rules of a PAR Index criterion, as parameters (never a province's rule in code).

A leaf criterion of a framework (:mod:`assessment.plan.par_framework`) has one rule. A rule
says which points a unit can be given and how an answer typed instead of points is turned
into points:

==============  ==============================================  =============================
kind            parameters                                      points
==============  ==============================================  =============================
``yes_no``      —                                               the maximum or 0; ``có`` /
                                                                ``yes`` / ``không`` / ``no``
``timeliness``  ``on_time``, ``late``, ``missing``               one of the three; the words
                                                                ``on_time`` / ``đúng hạn``…
``bands``       ``bands``: [{min, points}], highest first        a band's points; ``92%``
``ratio``       —                                               maximum × %; any 0…maximum
``quality``     ``shares``: [100, 75, 50, 0] (% of maximum)      maximum × a share / 100
``judgement``   —                                               any 0…maximum (the council's)
``bonus``       ``cap``                                         0…cap, outside the maximum
``penalty``     ``floor`` (negative)                            floor…0, outside the maximum
==============  ==============================================  =============================

Points are decimals kept to two places (0.25 steps are common); a value is compared with
what the rule allows after rounding to two places.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

KINDS = ("yes_no", "timeliness", "bands", "ratio", "quality", "judgement", "bonus", "penalty")
ADJUSTMENTS = ("bonus", "penalty")  # outside the maximum
_WORDS = {
    "yes_no": {"yes": "max", "có": "max", "co": "max", "đạt": "max",
               "no": 0, "không": 0, "khong": 0, "không đạt": 0},
    "timeliness": {"on_time": "on_time", "on time": "on_time", "đúng hạn": "on_time",
                   "late": "late", "chậm": "late", "muộn": "late",
                   "missing": "missing", "không có": "missing", "không thực hiện": "missing"},
}


class RuleError(ValueError):
    """An answer or a number of points this rule does not allow. ``reason`` says why:
    ``not_allowed`` (points the rule cannot give), ``above_max`` / ``below_min`` (outside
    the range), ``not_percent`` (a percentage outside 0-100, or where none is an answer),
    ``not_share`` (a share the rule does not list), ``not_number`` (neither points nor a
    word of the rule). The caller turns it into a located, bilingual problem."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Rule:
    kind: str
    maximum: float  # the leaf's maximum (for bonus: the cap; for penalty: 0)
    on_time: float = 0.0
    late: float = 0.0
    missing: float = 0.0
    bands: tuple[tuple[float, float], ...] = ()  # (min %, points), highest first
    shares: tuple[float, ...] = ()  # % of the maximum, highest first
    floor: float = 0.0  # penalty: the lowest (negative) points

    @property
    def counts_in_maximum(self) -> bool:
        return self.kind not in ADJUSTMENTS

    @property
    def lowest(self) -> float:
        return self.floor if self.kind == "penalty" else 0.0

    @property
    def highest(self) -> float:
        return 0.0 if self.kind == "penalty" else self.maximum

    def allowed(self) -> tuple[float, ...] | None:
        """The points this rule can give, highest first; None when any value between
        :attr:`lowest` and :attr:`highest` is allowed."""
        if self.kind == "yes_no":
            return (self.maximum, 0.0)
        if self.kind == "timeliness":
            return tuple(dict.fromkeys((self.on_time, self.late, self.missing)))
        if self.kind == "bands":
            return tuple(dict.fromkeys(points for _, points in self.bands))
        if self.kind == "quality":
            return tuple(dict.fromkeys(round(self.maximum * s / 100, 2) for s in self.shares))
        return None

    def describe(self, lang: str = "en") -> str:
        """What this rule allows, for a message: ``0, 0.5 or 1`` / ``from 0 to 2``
        (``0; 0,5 hoặc 1`` / ``từ 0 đến 2`` in Vietnamese)."""
        num = (lambda v: _num(v).replace(".", ",")) if lang == "vi" else _num
        allowed = self.allowed()
        if allowed is not None:
            shown = [num(v) for v in sorted(allowed)]
            sep, last = ("; ", " hoặc ") if lang == "vi" else (", ", " or ")
            return sep.join(shown[:-1]) + last + shown[-1] if len(shown) > 1 else shown[0]
        low, high = num(self.lowest), num(self.highest)
        return f"từ {low} đến {high}" if lang == "vi" else f"from {low} to {high}"

    def check(self, points: float) -> float:
        """``points`` (rounded to two places) when the rule allows them; RuleError else."""
        value = round(points, 2)
        allowed = self.allowed()
        if allowed is not None:
            if not any(abs(value - a) < 0.005 for a in allowed):
                reason = "above_max" if value > max(allowed) else "not_allowed"
                raise RuleError(reason, f"{_num(value)} points cannot be given here: "
                                f"{self.describe()}")
        elif value > self.highest + 0.005:
            raise RuleError("above_max", f"{_num(value)} points is above {_num(self.highest)}")
        elif value < self.lowest - 0.005:
            raise RuleError("below_min", f"{_num(value)} points is below {_num(self.lowest)}")
        return value

    def from_percent(self, percent: float) -> float:
        """Points for a percentage answer (``bands``, ``ratio``, ``quality``)."""
        if not 0 <= percent <= 100:
            raise RuleError("not_percent", f"{_num(percent)}% is not a percentage from 0 to 100")
        if self.kind == "bands":
            return next(points for low, points in self.bands if percent >= low)
        if self.kind == "ratio":
            return round(self.maximum * percent / 100, 2)
        if self.kind == "quality":
            share = next((s for s in self.shares if abs(s - percent) < 0.005), None)
            if share is None:
                raise RuleError("not_share", f"{_num(percent)}% is not a share this criterion gives: "
                                + ", ".join(f"{_num(s)}%" for s in self.shares))
            return round(self.maximum * share / 100, 2)
        raise RuleError("not_percent", "a percentage is not an answer here: give the points")

    def read(self, text: str) -> float:
        """Points from what a unit or the council typed: a number of points, a percentage
        (``92%``) or one of the rule's words. RuleError when the rule does not allow it."""
        raw = unicodedata.normalize("NFC", str(text)).strip()
        word = raw.lower()
        words = _WORDS.get(self.kind, {})
        if word in words:
            meant = words[word]
            if meant == "max":
                return self.maximum
            return float(getattr(self, meant)) if isinstance(meant, str) else float(meant)
        if word.endswith("%"):
            try:
                percent = float(word[:-1].strip().replace(",", "."))
            except ValueError:
                raise RuleError("not_number", f"{raw!r} is not a percentage") from None
            return self.check(self.from_percent(percent))
        try:
            points = float(word.replace(",", "."))
        except ValueError:
            hint = f" or one of: {', '.join(sorted(words))}" if words else ""
            raise RuleError("not_number", f"{raw!r} is not a number of points{hint}") from None
        if points != points or points in (float("inf"), float("-inf")):
            raise RuleError("not_number", f"{raw!r} is not a number of points")
        return self.check(points)
