"""`assessment plan`: the catalogue as text and CSV."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

from assessment.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _csv(capsys, *args) -> pd.DataFrame:
    assert main(["plan", "--data", str(ROOT / "data"), *args]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_plan_csv_columns_and_rows(capsys):
    df = _csv(capsys, "--csv")
    for col in "indicator,area,milestone,kind,measure,direction,level,target,section,name_vi,name_en".split(","):
        assert col in df.columns
    assert set(df["milestone"]) == {2025, 2030}
    assert set(df["area"]) == set(range(1, 9))
    assert not df.duplicated(["indicator", "milestone"]).any()


def test_plan_tasks_csv(capsys):
    df = _csv(capsys, "--tasks", "--csv")
    for col in "task,group,name_vi,name_en,lead,deadline,due".split(","):
        assert col in df.columns
    assert len(df) == 25
    assert df.groupby("group").size().to_dict() == {
        "I": 2, "II": 4, "III": 2, "IV": 2, "V": 1, "VI": 8, "VII": 4, "VIII": 2}


def test_plan_text_in_both_languages(capsys):
    assert main(["plan", "--data", str(ROOT / "data"), "--lang", "vi"]) == 0
    vi = capsys.readouterr().out
    assert "Cải cách thủ tục hành chính" in vi and "III.2.2.a" in vi
    assert main(["plan", "--data", str(ROOT / "data"), "--lang", "en"]) == 0
    assert "Administrative procedure reform" in capsys.readouterr().out


def test_module_entry_point_and_help():
    out = subprocess.run([sys.executable, "-m", "assessment", "build", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for option in ("--year", "--lang", "--format", "--data", "--out", "--method", "--engine", "--jobs"):
        assert option in out


def test_bad_data_dir_is_a_clear_error(tmp_path, capsys):
    assert main(["plan", "--data", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: data folder not found" in capsys.readouterr().err
    assert main(["plan", "--data", str(tmp_path)]) == 2  # a folder, but not a data folder
    assert "no plan/ folder" in capsys.readouterr().err
