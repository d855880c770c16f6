"""The status vocabulary shared by the intake, the progress engine, the charts and the
report, with the pace-ratio thresholds that lead to each status and the methods' names.

Status is never shown by colour alone: each has a word (locales/labels.yaml, key
``status.<name>``), a symbol and a colour from the Okabe-Ito colour-blind-safe palette.
"""
from __future__ import annotations

from dataclasses import dataclass

INDICATOR_STATUSES = ("achieved", "on_track", "needs_acceleration", "off_track",
                      "regressing", "not_achieved", "insufficient_data", "pending",
                      "not_applicable")
# Statuses that are not a judgement of progress: a target whose period has not begun
# (``pending``) or whose subject no longer exists (``not_applicable``). They are left out
# of area scores and of data coverage (DESIGN.md section 5).
UNSCORED = ("pending", "not_applicable")
# The outlook to a milestone (ESCAP's anticipated progress; assessment.progress.outlook):
# a third family, with its own words, symbols and colours.
OUTLOOKS = ("maintain", "accelerate", "reverse")
TASK_STATUSES = ("done", "done_late", "on_schedule", "due_soon", "overdue",
                 "not_started", "roadmap", "cancelled")

# Open SDG / Statistics Canada style scores used to average indicators into an area.
SCORES = {"achieved": 5, "on_track": 4, "needs_acceleration": 3, "off_track": 2,
          "regressing": 1, "not_achieved": 1}
# Mean score -> status: the lowest bound that the mean reaches.
SCORE_BANDS = ((4.5, "achieved"), (3.5, "on_track"), (2.5, "needs_acceleration"),
               (1.5, "off_track"), (float("-inf"), "regressing"))

# One symbol per status within each family (indicators, tasks): the same in badges,
# tables, charts and legends. Every symbol is in the bundled fonts (Noto Sans Symbols 2 or
# Noto Sans Math). "done" and "done late" differ by symbol as well as by colour.
SYMBOLS = {
    "achieved": "✔", "on_track": "▲", "needs_acceleration": "►", "off_track": "▼",
    "regressing": "⬇", "not_achieved": "✖", "insufficient_data": "?",
    "pending": "◷", "not_applicable": "⊘",
    "done": "✔", "done_late": "☑", "on_schedule": "►", "due_soon": "!",
    "overdue": "✖", "not_started": "○", "roadmap": "…", "cancelled": "—",
    "maintain": "➚", "accelerate": "➙", "reverse": "➘",
}
# One colour per status within each family, used by the charts and (through
# assessment.render.status_style) by the badges of HTML and PDF. Okabe & Ito (2008)
# palette, with black for a missed milestone and light greys for the unscored statuses.
COLOURS = {
    "achieved": "#009E73", "on_track": "#56B4E9", "needs_acceleration": "#E69F00",
    "off_track": "#D55E00", "regressing": "#CC79A7", "not_achieved": "#000000",
    "insufficient_data": "#999999", "pending": "#F0E442", "not_applicable": "#DDDDDD",
    "done": "#009E73", "done_late": "#56B4E9", "on_schedule": "#0072B2",
    "due_soon": "#E69F00", "overdue": "#D55E00", "not_started": "#999999",
    "roadmap": "#BBBBBB", "cancelled": "#666666",
    "maintain": "#009E73", "accelerate": "#E69F00", "reverse": "#D55E00",
}


@dataclass(frozen=True)
class Thresholds:
    """Lower bounds of the pace ratio R for each status (DESIGN.md section 5)."""

    on_track: float = 0.95
    needs_acceleration: float = 0.60
    off_track_floor: float = 0.0


# The progress methods by name, each with its own thresholds (the edition file and the
# --method option choose among them; assessment.progress.methods computes them).
METHOD_THRESHOLDS = {
    "linear": Thresholds(),
    "cagr": Thresholds(),
    "unsd2022": Thresholds(on_track=0.95, needs_acceleration=0.5, off_track_floor=-0.1),
    "escap": Thresholds(),
}


def status_from_score(score: float) -> str:
    for bound, status in SCORE_BANDS:
        if score >= bound:
            return status
    raise AssertionError("unreachable")
