"""Reusing kernels and computed results changes nothing: the notebooks of a build (several
per kernel, the assessment computed once per kernel) have the same outputs and the report
the same PDF text as notebooks executed the plain way, each in a fresh kernel."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from assessment import __version__
from assessment.i18n import fmt_date
from assessment.render.cover import cover_facts
from assessment.render.engines import load_quarto_config, meta_from_config, render_report

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _markdown_outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if "text/markdown" in o.get("data", {})]


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_fresh_kernels_give_the_same_report(built_site, tmp_path):
    out, year, manifest = built_site
    built = out / str(year) / "notebooks" / "en"
    fresh = tmp_path / "notebooks" / "en"
    fresh.mkdir(parents=True)
    params = {"year": year, "lang": "en", "data_dir": str(ROOT / "data")}
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        pm.execute_notebook(str(nb), str(fresh / nb.name), parameters=params, cwd=str(fresh),
                            kernel_name="python3", progress_bar=False)
        assert _markdown_outputs(fresh / nb.name) == _markdown_outputs(built / nb.name), nb.name
        for figure in sorted((built / "figures").glob(f"{nb.stem.split('_', 1)[1]}-*.svg")):
            assert (fresh / "figures" / figure.name).read_bytes() == figure.read_bytes(), figure.name
    finished = dt.date.fromisoformat(manifest["finished"][:10])
    meta = meta_from_config(load_quarto_config(ROOT), "en", year,
                            reference_date=fmt_date(dt.date(year, 12, 31), "en"),
                            version=__version__, illustrative=True,
                            generated=fmt_date(finished, "en"),
                            cover=cover_facts(ROOT / "data", year, "en"))
    pdf = render_report(sorted(fresh.glob("*.ipynb")), lang="en", formats={"pdf"},
                        out_dir=tmp_path / "en", meta=meta, engine="builtin", root=ROOT)["pdf"]
    assert _pdf_text(pdf) == _pdf_text(out / str(year) / "en" / "report.pdf")
