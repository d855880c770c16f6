"""Back-tests against ground truth: the shipped years' results and report text, as the
code computed them when they were checked by hand (tests/golden/).

Any change to a number or a sentence of the report shows here as a diff. When a change is
meant (a new wording, a corrected method), regenerate the files and review the diff in
git before committing:  ASSESSMENT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessment.params import Params
from assessment.progress.assessment import assess
from assessment.progress.results import RESULTS, results_csv
from assessment.report import parts
from assessment.report.figures import Figures
from conftest import notebook_parts

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
YEARS = (2021, 2022, 2023, 2024, 2025)
TEXT_YEARS = (2023, 2025)  # before and after the 2025 reorganisation
UPDATE = os.environ.get("ASSESSMENT_UPDATE_GOLDEN") == "1"
# left out of the text: the reproducibility part names the Python and package versions of
# the machine that runs it
VOLATILE_PARTS = {"reproducibility"}


def _check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{path} is missing: regenerate (module docstring)"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                 str(path), "computed", n=1))[:60])
        pytest.fail(f"{path.relative_to(ROOT)} differs:\n{diff}")


@pytest.fixture(scope="module")
def assessments():
    cache = {}

    def get(year: int, lang: str = "vi"):
        if (year, lang) not in cache:
            cache[(year, lang)] = assess(Params(year=year, lang=lang,
                                                data_dir=str(ROOT / "data")))
        return cache[(year, lang)]
    return get


@pytest.mark.parametrize("year", YEARS)
def test_results_are_the_checked_ones(assessments, year):
    a = assessments(year)
    for name in RESULTS:
        _check(GOLDEN / str(year) / f"{name}.csv", results_csv(getattr(a, name)))
    if UPDATE:
        pytest.skip(f"wrote tests/golden/{year}/*.csv")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("year", TEXT_YEARS)
def test_report_text_is_the_checked_one(assessments, year, lang, tmp_path):
    a = assessments(year, lang)
    text = []
    for prefix, name, args in notebook_parts():
        if name in VOLATILE_PARTS:
            continue
        figures = Figures(tmp_path, "figures", prefix)
        text.append(f"<!-- part {name}{list(args) if args else ''} -->\n"
                    + parts.get(name).markdown(a, figures, *args))
    _check(GOLDEN / str(year) / f"report.{lang}.md", "\n\n".join(text) + "\n")
    if UPDATE:
        pytest.skip(f"wrote tests/golden/{year}/report.{lang}.md")
