"""The report parts from a real assessment: escaping of data-borne names, tables, figures."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest

from assessment.report import communes as report_communes
from assessment.report import overall as report_overall
from assessment.report import summary as report_summary
from assessment.report import tasks as report_tasks
from assessment.params import Params
from assessment.progress.assessment import assess
from assessment.report.figures import Figures
from assessment.render.engines import load_quarto_config, meta_from_config, render_report

ROOT = Path(__file__).resolve().parents[1]
EVIL = "Hương Đô <script>alert(1)</script> #set text(red) **x**"


@pytest.fixture(scope="module")
def evil_assessment(tmp_path_factory):
    """The shipped 2024 data with a commune whose name is an injection attempt."""
    data = tmp_path_factory.mktemp("evil") / "data"
    shutil.copytree(ROOT / "data", data)
    rows = list(csv.DictReader((data / "units.csv").open(encoding="utf-8")))
    for r in rows:
        if r["code"] == "huong_do":
            r["name_vi"] = r["name_en"] = EVIL
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return assess(Params(year=2024, lang="en", data_dir=str(data)))


def _notebook(markdown: str, folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('report.show("communes")')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": markdown})]
    nb.cells = [cell]
    path = folder / "01_part.ipynb"
    nbformat.write(nb, path)
    return path


def test_unit_name_injection_is_literal_in_html_and_pdf(evil_assessment, tmp_path):
    import subprocess
    md = report_communes.communes(evil_assessment, Figures(tmp_path, "figures", "communes"))
    assert "\\<script\\>" in md  # escaped Markdown
    path = _notebook(md, tmp_path)
    meta = meta_from_config(load_quarto_config(ROOT), "en", 2024, reference_date="31 Dec 2024",
                            version="test", illustrative=True)
    out = render_report([path], lang="en", formats={"html", "pdf"}, out_dir=tmp_path / "out",
                        meta=meta, engine="builtin", root=ROOT)
    html = out["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = " ".join(subprocess.run(["pdftotext", str(out["pdf"]), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for literal in ("<script>alert(1)</script>", "#set text(red)", "**x**"):
        assert literal in text


def test_summary_and_tasks_parts(evil_assessment, tmp_path):
    a = evil_assessment
    md = report_summary.summary(a)
    assert "{#table-dashboard}" in md and "![" not in md  # sentences and a table, no chart
    figs = Figures(tmp_path, "figures", "areas")
    md = report_overall.results(a, figs)
    assert "{#table-key-figures}" in md and "{#figure-status-overview" in md
    [chart] = (tmp_path / "figures").glob("areas-status-overview.*")
    assert chart.stat().st_size > 1000
    tasks = report_tasks.tasks(a, Figures(tmp_path, "figures", "tasks"))
    assert "{#figure-task-timeline" in tasks and "{#table-tasks-" not in tasks
    annex = report_tasks.annex_tasks(a)
    assert annex.count("{#table-tasks-") == 8
    assert "T\u2011I\u20111" in annex
