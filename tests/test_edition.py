"""The edition's official parameters as data (edition.yaml) and what makes a variant."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.intake.edition import official_parameters, variant_name
from assessment.errors import ConfigError, DataError
from assessment.params import Params, input_files

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA / "plan", folder / "plan")
    shutil.copy(DATA / "units.csv", folder / "units.csv")
    shutil.copytree(DATA / "2024", folder / "2024")
    return folder


def edition(data: Path, text: str, year: int = 2024) -> Path:
    path = data / str(year) / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_editions_are_the_documented_defaults():
    for year in range(2021, 2026):
        p = Params(year=year).resolved()
        assert (p.method, p.on_track, p.needs_acceleration, p.reference_date) == (
            "linear", 0.95, 0.60, f"{year}-12-31")
        assert p.variant == ""


def test_no_edition_file_means_the_defaults(data):
    (data / "2024" / "edition.yaml").unlink()
    p = Params(year=2024, data_dir=str(data)).resolved()
    assert (p.method, p.on_track, p.needs_acceleration, p.reference_date) == (
        "linear", 0.95, 0.60, "2024-12-31")


def test_dataset_defaults_then_the_year(data):
    (data / "dataset.yaml").write_text("illustrative: true\nedition:\n  parameters:\n"
                                       "    method: cagr\n    on_track: 0.9\n", encoding="utf-8")
    edition(data, "parameters:\n  on_track: 0.8\n")
    found = official_parameters(data, 2024)
    assert (found.method, found.on_track, found.needs_acceleration) == ("cagr", 0.8, None)
    p = Params(year=2024, data_dir=str(data)).resolved()
    assert (p.method, p.on_track, p.needs_acceleration) == ("cagr", 0.8, 0.60)


def test_another_method_brings_its_own_thresholds(data):
    edition(data, "parameters:\n  method: linear\n  on_track: 0.9\n  needs_acceleration: 0.7\n")
    official = Params(year=2024, data_dir=str(data)).resolved()
    assert (official.on_track, official.needs_acceleration) == (0.9, 0.7)
    unsd = Params(year=2024, data_dir=str(data), method="unsd2022")
    assert (unsd.resolved().on_track, unsd.resolved().needs_acceleration) == (0.95, 0.5)
    assert unsd.differences() == {"method": ("linear", "unsd2022")}
    assert unsd.variant == "method-unsd2022"


def test_differences_name_the_variant(data):
    p = Params(year=2024, data_dir=str(data), method="cagr", on_track=0.9,
               reference_date="2024-06-30")
    assert p.differences() == {"method": ("linear", "cagr"), "on_track": (0.95, 0.9),
                               "needs_acceleration": (0.6, 0.6),
                               "reference_date": ("2024-12-31", "2024-06-30")}
    assert p.variant == "method-cagr_thresholds-0.9-0.6_reference-2024-06-30"
    # the official values given explicitly are the edition, not a variant
    same = Params(year=2024, data_dir=str(data), method="linear", on_track=0.95,
                  reference_date="2024-12-31")
    assert same.variant == "" and same.differences() == {}


def test_variant_name_is_readable():
    assert variant_name({}) == ""
    assert variant_name({"reference_date": ("2025-12-31", "2025-06-30")}) == "reference-2025-06-30"


@pytest.mark.parametrize("text, words", [
    ("parameters:\n  metod: cagr\n", ["metod", "unknown parameter", "method"]),
    ("paramters:\n  method: cagr\n", ["paramters", "unknown key"]),
    ("parameters:\n  method: magic\n", ["magic", "unknown method", "linear"]),
    ("parameters:\n  on_track: '95%'\n", ["95%", "number"]),
    ("parameters:\n  on_track: 95\n", ["95", "number above 0"]),
    ("parameters:\n  reference_date: 2023-12-31\n", ["2023-12-31", "not in 2024"]),
    ("parameters:\n  reference_date: 31/12/2024\n", ["31/12/2024", "YYYY-MM-DD"]),
    ("parameters: [1, 2]\n", ["parameters", "mapping"]),
    ("parameters:\n  method: [\n", ["not valid YAML", "line 3"]),
    ("parameters:\n  reference_date: 2024-13-45\n", ["date that does not exist"]),
    ("parameters:\n  method: linear\n  method: cagr\n", ["line 3", "written twice"]),
    ("parameters:\n  needs_acceleration: 0.97\n", ["0.97", "below on_track"]),
])
def test_bad_edition_files_are_located_messages(data, text, words):
    path = edition(data, text)
    with pytest.raises(DataError) as info:
        Params(year=2024, data_dir=str(data)).resolved()
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, message


def test_thresholds_must_be_ordered(data):
    with pytest.raises(ConfigError, match="needs_acceleration < on_track"):
        Params(year=2024, data_dir=str(data), on_track=0.5, needs_acceleration=0.7).resolved()


def test_the_year_edition_is_an_input(data):
    path = edition(data, "parameters:\n  method: linear\n")
    assert path in input_files(data, 2024)


def test_validate_reports_a_broken_edition_file(data, capsys):
    from assessment.cli import main
    edition(data, "parameters:\n  method: magic\n")
    assert main(["validate", "--year", "2024", "--data", str(data)]) == 1
    assert "magic" in capsys.readouterr().out


@pytest.mark.parametrize("lang, words", [
    ("vi", ["edition.yaml", "parameters.reference_date", "2023-12-31", "không thuộc năm 2024",
            "[edition_invalid]"]),
    ("en", ["edition.yaml", "parameters.reference_date", "2023-12-31", "not in 2024",
            "[edition_invalid]"]),
])
def test_validate_states_the_edition_problem_in_the_language(data, capsys, lang, words):
    from assessment.cli import main
    edition(data, "parameters:\n  reference_date: 2023-12-31\n")
    assert main(["validate", "--year", "2024", "--data", str(data), "--lang", lang]) == 1
    out = capsys.readouterr().out
    for word in words:
        assert word in out, out
