"""Executing notebooks: named failures with their fields, the cache key, the chunking."""
from __future__ import annotations

import pickle
from pathlib import Path

import nbformat
import pytest

from assessment.build import execute
from assessment.errors import BuildError, NotebookError

ROOT = Path(__file__).resolve().parents[1]


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _job(nb: Path, work: Path, lang: str = "vi", key: str = "k") -> execute.Job:
    return execute.Job(nb, lang, (), work / lang, key)


def test_notebook_error_carries_its_fields_across_processes():
    exc = NotebookError("vi/02_areas.ipynb", 4, 5, "ZeroDivisionError", "division by zero",
                        ("line 1", "line 2"), kept="/tmp/failed/vi/02_areas.ipynb")
    back = pickle.loads(pickle.dumps(exc))
    assert isinstance(back, BuildError)
    assert (back.notebook, back.cell_index, back.execution_count, back.ename, back.evalue,
            back.traceback, back.kept) == ("vi/02_areas.ipynb", 4, 5, "ZeroDivisionError",
                                           "division by zero", ("line 1", "line 2"),
                                           "/tmp/failed/vi/02_areas.ipynb")
    assert str(back) == ("Notebook vi/02_areas.ipynb failed at cell 5: ZeroDivisionError: "
                         "division by zero\nThe executed notebook is kept for inspection: "
                         "/tmp/failed/vi/02_areas.ipynb")


@pytest.mark.slow
def test_a_failing_cell_is_named_and_the_notebook_kept(tmp_path):
    ok = _notebook(tmp_path / "01_ok.ipynb", "x = 1")
    bad = _notebook(tmp_path / "02_bad.ipynb", "y = 2", "1 / 0", "z = 3")
    jobs = [_job(ok, tmp_path / "work", key="a"), _job(bad, tmp_path / "work", key="b")]
    with pytest.raises(NotebookError) as info:
        execute.run_jobs(jobs, cache=None, jobs_n=1, failed_dir=tmp_path / "failed")
    exc = info.value
    assert exc.notebook == "vi/02_bad.ipynb"
    assert exc.cell_index == 1  # the second cell; its execution count is the kernel's
    assert "failed at cell 2: ZeroDivisionError" in str(exc)
    assert exc.ename == "ZeroDivisionError" and "division by zero" in exc.evalue
    assert exc.kept == str(tmp_path / "failed" / "vi" / "02_bad.ipynb")
    assert Path(exc.kept).is_file()
    kept = nbformat.read(exc.kept, as_version=4)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert [o["ename"] for o in errors] == ["ZeroDivisionError"]


def test_cache_key_changes_with_each_input():
    nb = ROOT / "notebooks" / "01_summary.ipynb"
    base = execute.job_key(nb, "vi", {"year": 2024}, {"data/2024/indicators.csv": "aa"}, "c1")
    assert base == execute.job_key(nb, "vi", {"year": 2024},
                                   {"data/2024/indicators.csv": "aa"}, "c1")
    changed = [
        execute.job_key(ROOT / "notebooks" / "02_areas.ipynb", "vi", {"year": 2024},
                        {"data/2024/indicators.csv": "aa"}, "c1"),
        execute.job_key(nb, "en", {"year": 2024}, {"data/2024/indicators.csv": "aa"}, "c1"),
        execute.job_key(nb, "vi", {"year": 2023}, {"data/2024/indicators.csv": "aa"}, "c1"),
        execute.job_key(nb, "vi", {"year": 2024}, {"data/2024/indicators.csv": "ab"}, "c1"),
        execute.job_key(nb, "vi", {"year": 2024}, {"data/2024/indicators.csv": "aa"}, "c2"),
    ]
    assert len({base, *changed}) == 6


def test_code_fingerprint_names_files_by_their_path(tmp_path):
    """Two modules of the same name in two stages are two files: moving code between them
    changes the fingerprint."""
    for stage in ("progress", "report"):
        (tmp_path / "pkg" / stage).mkdir(parents=True)
    (tmp_path / "pkg" / "progress" / "areas.py").write_text("a = 1\n")
    (tmp_path / "pkg" / "report" / "areas.py").write_text("b = 2\n")
    first = execute.code_fingerprint([tmp_path / "pkg"])
    (tmp_path / "pkg" / "progress" / "areas.py").write_text("b = 2\n")
    (tmp_path / "pkg" / "report" / "areas.py").write_text("a = 1\n")
    assert execute.code_fingerprint([tmp_path / "pkg"]) != first


def test_chunks_balance_code_cells_and_keep_languages_together(tmp_path):
    big = _notebook(tmp_path / "02_big.ipynb", *["x = 1"] * 6)
    small = [_notebook(tmp_path / f"0{i}_small.ipynb", "x = 1") for i in (3, 4, 5)]
    jobs = [_job(nb, tmp_path, lang) for lang in ("vi", "en") for nb in [big, *small]]
    chunks = execute._chunks(jobs, 2)
    assert len(chunks) == 2
    assert sorted(j.name for c in chunks for j in c) == sorted(j.name for j in jobs)
    # balanced by code cells: the loads differ by at most the largest notebook's cost
    loads = [sum(len(nbformat.read(j.notebook, as_version=4).cells) for j in c) for c in chunks]
    assert max(loads) - min(loads) <= 6 and sum(loads) == 2 * 9
    assert all(list(c) == sorted(c, key=lambda j: j.notebook.name) for c in chunks)
    assert len(execute._chunks(jobs, 1)) == 1
    assert len(execute._chunks(jobs[:1], 4)) == 1  # never more chunks than jobs


def test_a_kernel_that_dies_while_starting_is_started_once_more(monkeypatch, tmp_path):
    import nbclient
    from assessment.build import execute
    calls = []

    class Client:
        def __init__(self, *args, **kwargs):
            pass

        def execute(self):
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("Kernel died before replying to kernel_info")

    class Manager:
        has_kernel = False

    monkeypatch.setattr(nbclient, "NotebookClient", Client)
    job = type("Job", (), {"workdir": tmp_path})()
    execute._prepare(Manager(), None, job)
    assert len(calls) == 2
    calls.clear()

    class Broken(Client):
        def execute(self):
            calls.append(1)
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(nbclient, "NotebookClient", Broken)
    with pytest.raises(RuntimeError, match="died"):
        execute._prepare(Manager(), None, job)
    assert len(calls) == 2  # once more, not forever
