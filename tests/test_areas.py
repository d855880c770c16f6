"""Area scoring: mean of indicator scores, counts per status, the area rule."""
from pathlib import Path

import pandas as pd
import pytest

from assessment.progress.areas import area_summary
from assessment.plan.catalogue import load_catalogue
from assessment.plan.status import INDICATOR_STATUSES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(ROOT / "data")


def progress(rows):
    return pd.DataFrame(rows, columns=["indicator", "area", "unit", "milestone", "status"])


def test_mean_score_and_counts(cat):
    frame = progress([
        ("A", 1, "district", 2025, "achieved"),            # 5
        ("B", 1, "district", 2025, "on_track"),            # 4
        ("C", 1, "district", 2025, "off_track"),           # 2
        ("D", 1, "district", 2025, "insufficient_data"),   # left out
        ("A", 1, "x", 2025, "regressing"),                 # another unit: ignored
    ])
    row = area_summary(cat, frame).set_index(["area", "milestone"]).loc[(1, 2025)]
    assert row["score"] == pytest.approx(11 / 3)
    assert row["status"] == "on_track"                     # 3.67 >= 3.5
    assert (row["n_indicators"], row["n_counted"], row["n_assessed"]) == (4, 4, 3)
    assert (row["n_achieved"], row["n_on_track"], row["n_off_track"],
            row["n_insufficient_data"], row["n_regressing"]) == (1, 1, 1, 1, 0)


def test_band_boundaries(cat):
    # 5 + 5 = 5 -> achieved; 4 + 5 = 4.5 would be achieved, but one target is not:
    # on track; 4 + 3 = 3.5 -> on track; 1 + 2 = 1.5 -> off track
    for pair, expected in [(("achieved", "achieved"), "achieved"),
                           (("on_track", "achieved"), "on_track"),
                           (("on_track", "needs_acceleration"), "on_track"),
                           (("not_achieved", "off_track"), "off_track"),
                           (("not_achieved", "regressing"), "regressing")]:
        frame = progress([("A", 2, "district", 2030, pair[0]),
                          ("B", 2, "district", 2030, pair[1])])
        row = area_summary(cat, frame).set_index(["area", "milestone"]).loc[(2, 2030)]
        assert row["status"] == expected, pair


def test_every_area_and_milestone_present_area_9_empty(cat):
    table = area_summary(cat, progress([("A", 1, "district", 2025, "achieved")]))
    assert len(table) == 18
    assert sorted(table["area"].unique()) == list(range(1, 10))
    nine = table[table["area"] == 9]
    assert (nine["n_indicators"] == 0).all()
    assert (nine["status"] == "insufficient_data").all()
    assert nine["score"].isna().all()
    for status in INDICATOR_STATUSES:
        assert f"n_{status}" in table.columns


def test_only_insufficient_data(cat):
    frame = progress([("A", 3, "district", 2025, "insufficient_data")])
    row = area_summary(cat, frame).set_index(["area", "milestone"]).loc[(3, 2025)]
    assert (row["status"], row["n_indicators"], row["n_assessed"]) == (
        "insufficient_data", 1, 0)


def test_commune_unit(cat):
    frame = progress([("A", 4, "c1", 2025, "regressing"),
                      ("A", 4, "district", 2025, "achieved")])
    row = area_summary(cat, frame, unit="c1").set_index(["area", "milestone"]).loc[(4, 2025)]
    assert (row["status"], row["unit"]) == ("regressing", "c1")


def test_finished_milestone_is_achieved_only_if_every_target_was(cat):
    frame = progress([
        ("A", 2, "district", 2025, "achieved"), ("B", 2, "district", 2025, "achieved"),
        ("C", 2, "district", 2025, "achieved"), ("D", 2, "district", 2025, "not_achieved"),
        ("A", 3, "district", 2025, "achieved"), ("B", 3, "district", 2025, "achieved"),
        ("C", 3, "district", 2025, "insufficient_data"),
    ])
    rows = area_summary(cat, frame).set_index(["area", "milestone"])
    assert rows.loc[(2, 2025), "score"] == pytest.approx(16 / 4)  # would read "on track"
    assert rows.loc[(2, 2025), "status"] == "not_achieved"
    # 2 of 3 assessed, both achieved: the third is unknown, so no final verdict
    assert rows.loc[(3, 2025), "status"] == "insufficient_data"


def test_a_verdict_needs_more_than_half_assessed(cat):
    frame = progress([
        ("A", 5, "district", 2030, "achieved"), ("B", 5, "district", 2030, "pending"),
        ("A", 6, "district", 2030, "on_track"), ("B", 6, "district", 2030, "on_track"),
        ("C", 6, "district", 2030, "insufficient_data"),
    ])
    rows = area_summary(cat, frame).set_index(["area", "milestone"])
    # one of two: a pending target is not assessed, so the area has no verdict yet; its
    # period has not begun, so the area is "not yet due" rather than "insufficient data"
    assert rows.loc[(5, 2030), "status"] == "pending"
    assert (rows.loc[(5, 2030), "n_counted"], rows.loc[(5, 2030), "n_assessed"]) == (2, 1)
    assert rows.loc[(6, 2030), "status"] == "on_track"      # two of three


def test_no_verdict_lacking_data_is_insufficient_data(cat):
    frame = progress([
        ("A", 5, "district", 2030, "achieved"), ("B", 5, "district", 2030, "pending"),
        ("C", 5, "district", 2030, "insufficient_data"),
        ("D", 5, "district", 2030, "insufficient_data"),
    ])
    rows = area_summary(cat, frame).set_index(["area", "milestone"])
    # more of the unassessed targets lack data than are pending
    assert rows.loc[(5, 2030), "status"] == "insufficient_data"


def test_not_applicable_targets_do_not_count(cat):
    frame = progress([
        ("A", 4, "district", 2030, "on_track"), ("B", 4, "district", 2030, "not_applicable"),
    ])
    row = area_summary(cat, frame).set_index(["area", "milestone"]).loc[(4, 2030)]
    assert (row["status"], row["score"], row["n_counted"], row["n_not_applicable"]) == (
        "on_track", 4.0, 1, 1)
