"""The build end to end: notebooks executed in both languages, results, manifest, atomic
swap, cache hits and invalidation. Uses the session-wide ``built_site`` fixture
(conftest.py), which builds the latest shipped year once."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from assessment.build.pipeline import BuildOptions, build
from assessment.params import Params
from assessment.errors import ConfigError, DataError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
# the PAR Index scorecards' notebooks, run too for a year with data/<year>/par_index/
CARDS = sorted(p.name for p in (ROOT / "notebooks" / "par_index").glob("[0-9]*.ipynb"))

pytestmark = pytest.mark.slow


def _tree(path: Path) -> dict[str, bytes]:
    return {str(f.relative_to(path)): f.read_bytes() for f in sorted(path.rglob("*")) if f.is_file()}


def test_layout(built_site):
    out, year, manifest = built_site
    dest = out / str(year)
    for lang in ("vi", "en"):
        for fmt in ("html", "pdf"):
            assert (dest / lang / f"report.{fmt}").stat().st_size > 10_000
        for name in NOTEBOOKS:
            nb = nbformat.read(dest / "notebooks" / lang / name, as_version=4)
            outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
            assert outputs, f"{lang}/{name} has no outputs"
            assert not [o for o in outputs if o.output_type == "error"]
            params = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
            assert f'lang = "{lang}"' in params.source
    for name in ("progress", "tasks", "areas"):
        assert not pd.read_csv(dest / "results" / f"{name}.csv").empty
    assert (out / "index.html").is_file()
    assert not list(out.glob(".*tmp*")), "the temporary build folder was left behind"


def test_manifest_hashes_match_the_files(built_site):
    out, year, manifest = built_site
    for rel, entry in manifest["inputs"].items():
        assert hashlib.sha256((ROOT / rel).read_bytes()).hexdigest() == entry["sha256"], rel
    dest = out / str(year)
    for rel, entry in manifest["outputs"].items():
        assert hashlib.sha256((dest / rel).read_bytes()).hexdigest() == entry["sha256"], rel
    for key in ("parameters", "versions", "engine", "timings", "git_commit", "code_sha256"):
        assert key in manifest
    assert manifest["engine"] in ("builtin", "quarto")
    assert set(manifest["timings"]) >= {"validate_and_compute", "execute", "render_html",
                                        "render_pdf", "total"}


def test_results_are_the_golden_ones(built_site):
    """The published results are byte for byte the checked ones (tests/golden/)."""
    from assessment.progress.results import RESULTS
    out, year, _ = built_site
    for name in RESULTS:
        built = (out / str(year) / "results" / f"{name}.csv").read_bytes()
        assert built == (ROOT / "tests" / "golden" / str(year) / f"{name}.csv").read_bytes(), name


def test_progress_command_prints_the_published_table(built_site, capsys):
    from assessment.cli import main
    out, year, _ = built_site
    assert main(["progress", "--data", str(ROOT / "data"), "--year", str(year), "--csv"]) == 0
    assert capsys.readouterr().out == (out / str(year) / "results" / "progress.csv").read_text(
        encoding="utf-8")


def test_unchanged_rebuild_reuses_everything(built_site):
    out, year, manifest = built_site
    before = _tree(out / str(year))
    again = build(BuildOptions(params=Params(year=year, data_dir=str(ROOT / "data")),
                               out_dir=str(out), cache_dir=str(out.parent / "cache")))
    assert again.get("reused") is True
    assert _tree(out / str(year)) == before


def test_failed_build_leaves_previous_output_untouched(built_site, tmp_path):
    out, year, _ = built_site
    before = _tree(out)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / str(year) / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    bad = lines[1].split(",")
    bad[head.index("value")] = "abc"
    lines[1] = ",".join(bad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data_before = _tree(data)
    with pytest.raises(DataError):
        build(BuildOptions(params=Params(year=year, data_dir=str(data)), out_dir=str(out),
                           cache_dir=str(out.parent / "cache")))
    assert _tree(out) == before
    assert _tree(data) == data_before, "inputs must never be modified"


def test_cache_invalidated_by_one_input_byte(built_site, tmp_path):
    out, year, _ = built_site
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    opts = dict(langs=("en",), formats=("html",), cache_dir=str(tmp_path / "cache"))
    params = Params(year=year, data_dir=str(data))
    first = build(BuildOptions(params=params, out_dir=str(tmp_path / "a"), **opts))
    assert (data / str(year) / "par_index").is_dir()
    assert len(first["notebooks"]["executed"]) == len(NOTEBOOKS) + len(CARDS)
    same = build(BuildOptions(params=params, out_dir=str(tmp_path / "b"), **opts))
    assert same["notebooks"]["executed"] == [], "same inputs: every notebook from the cache"
    notes = data / str(year) / "tasks.csv"
    notes.write_bytes(notes.read_bytes() + b"\n")
    second = build(BuildOptions(params=params, out_dir=str(tmp_path / "b"), **opts))
    assert len(second["notebooks"]["executed"]) == len(NOTEBOOKS) + len(CARDS)
    assert second["inputs"] != first["inputs"]


def test_forced_rebuild_gives_identical_results(built_site, tmp_path):
    out, year, _ = built_site
    site = tmp_path / "site"
    manifest = build(BuildOptions(params=Params(year=year, data_dir=str(ROOT / "data")),
                                  out_dir=str(site), force=True, formats=("html",),
                                  cache_dir=str(tmp_path / "cache")))
    assert sorted(manifest["notebooks"]["executed"]) == sorted(
        [f"{lang}/{n}" for lang in ("vi", "en") for n in NOTEBOOKS]
        + [f"par_index/{lang}/{n}" for lang in ("vi", "en") for n in CARDS])
    for name in ("progress", "tasks", "areas"):
        assert ((site / str(year) / "results" / f"{name}.csv").read_bytes()
                == (out / str(year) / "results" / f"{name}.csv").read_bytes())


def test_bad_options_are_clear_errors():
    with pytest.raises(ConfigError, match="format"):
        build(BuildOptions(params=Params(data_dir=str(ROOT / "data")), formats=("docx",)))
    with pytest.raises(ConfigError, match="method"):
        build(BuildOptions(params=Params(data_dir=str(ROOT / "data"), method="magic")))
