"""The commands' exit codes and the places they look for data; Params.thresholds."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from assessment.cli import main
from assessment.errors import ConfigError
from assessment.params import Params
from assessment.paths import find_data_dir
from assessment.plan.status import METHOD_THRESHOLDS, Thresholds
from conftest import complete_indicators, complete_tasks

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ validate
def test_validate_exit_codes(year_writer, catalogue, capsys):
    year_writer.csv(2024, complete_indicators(catalogue, 2024), complete_tasks(catalogue))
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 0
    rows = complete_indicators(catalogue, 2024)
    rows[0]["value"] = "abc"
    year_writer.csv(2024, rows, complete_tasks(catalogue))
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 1
    assert "[not_a_number]" in capsys.readouterr().out
    # a warning alone (a row without a value) does not fail validation
    rows = complete_indicators(catalogue, 2024)
    rows[0]["value"] = ""
    year_writer.csv(2024, rows, complete_tasks(catalogue))
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 0
    assert "[missing_value]" in capsys.readouterr().out


def test_validate_usage_errors_exit_2(year_writer, catalogue, tmp_path, capsys):
    year_writer.csv(2024, complete_indicators(catalogue, 2024), complete_tasks(catalogue))
    assert main(["validate", "--data", str(tmp_path / "nowhere"), "--year", "2024"]) == 2
    assert "data folder not found" in capsys.readouterr().err
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024",
                 "--reference-date", "2023-05-01"]) == 2
    assert "not in 2024" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:  # argparse: an unknown language
        main(["validate", "--data", str(year_writer.data), "--lang", "fr"])
    assert info.value.code == 2


# ------------------------------------------------------------------ template
def test_template_writes_a_workbook_and_exits_0(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--data", str(ROOT / "data"), "--year", "2026",
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["indicators", "tasks"]


def test_template_refusals_exit_2(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    assert main(["template", "--data", str(data), "--year", "2026",
                 "--out", str(data / "2026.xlsx")]) == 2
    assert "inside the data folder" in capsys.readouterr().err
    assert main(["template", "--data", str(data), "--year", "2026",
                 "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


# ------------------------------------------------------------------ Params.thresholds
def test_thresholds_are_the_methods_own_with_the_resolved_bounds():
    assert Params(method="linear").thresholds == Thresholds(0.95, 0.60, 0.0)
    assert Params(method="unsd2022").thresholds == Thresholds(0.95, 0.5, -0.1)
    # explicit bounds replace the method's; its floor stays
    assert Params(method="unsd2022", on_track=0.9, needs_acceleration=0.4).thresholds == \
        Thresholds(0.9, 0.4, -0.1)
    assert Params().thresholds == METHOD_THRESHOLDS["linear"]


# ------------------------------------------------------------------ find_data_dir
def test_find_data_dir_from_here_the_repository_and_parents(tmp_path, monkeypatch):
    mine = tmp_path / "project" / "data"
    (mine / "plan").mkdir(parents=True)
    deep = tmp_path / "project" / "notebooks" / "sub"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    # from a folder without data/: the repository's, then (for an installed package, no
    # repository) a parent's (a notebook opened in JupyterLab from notebooks/)
    assert find_data_dir("data") == (ROOT / "data").resolve()
    import assessment.paths
    monkeypatch.setattr(assessment.paths, "checkout_root", lambda: None)
    assert find_data_dir("data") == mine.resolve()
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path / "project")
    assert find_data_dir("data") == mine.resolve()            # here first
    assert find_data_dir("data", repo_first=True) == (ROOT / "data").resolve()  # the build's
    assert find_data_dir(str(mine)) == mine.resolve()         # absolute as given
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no plan/ folder"):
        find_data_dir(str(tmp_path / "empty"))
    with pytest.raises(ConfigError, match="data folder not found"):
        find_data_dir("no-such-folder")
