"""The staging area, the swap and atomic writes (assessment.build.staging)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessment.errors import ConfigError
from assessment.build.staging import Workspace, check_output_paths, swap
from assessment.paths import write_atomic


def test_swap_replaces_a_folder_whole(tmp_path):
    dest = tmp_path / "site" / "2025"
    dest.mkdir(parents=True)
    (dest / "old.txt").write_text("old")
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "new.txt").write_text("new")
    swap(stage, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["new.txt"]
    assert not stage.exists()


def test_swap_into_a_new_place(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    swap(stage, tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir() and not stage.exists()


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "x.html"
    write_atomic(target, "één")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_overlapping_folders_are_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for out in (data, data / "x", data / "2025" / "site"):
        with pytest.raises(ConfigError, match="data folder"):
            check_output_paths(out, data)
    with pytest.raises(ConfigError, match="inside --out"):
        check_output_paths(tmp_path, data)
    with pytest.raises(ConfigError, match="cache-dir"):
        check_output_paths(tmp_path / "site", data, tmp_path / "site" / "cache")
    check_output_paths(tmp_path / "site", data, tmp_path / ".cache")  # fine


def test_clear_stale_removes_only_what_builds_leave(tmp_path):
    ws = Workspace(tmp_path / "site").prepare()
    (ws.new_stage("2025") / "x").write_text("x")
    for name in (".2025.tmp-123", ".2024.old-9"):
        (ws.out / name).mkdir()
    (ws.out / ".well-known").mkdir()  # a portal's own hidden folder stays
    removed = ws.clear_stale()
    assert len(removed) == 3
    assert list(ws.staging.iterdir()) == []
    assert sorted(p.name for p in ws.out.iterdir()) == [".well-known"]


def test_stage_is_readable_by_others(tmp_path):
    ws = Workspace(tmp_path / "site").prepare()
    stage = ws.new_stage("2025")
    assert stage.stat().st_mode & 0o755 == 0o755 & ~_umask()
    assert stage.parent == ws.staging and not str(stage).startswith(str(ws.out) + os.sep)


def test_a_locale_or_chart_edit_changes_the_cache_key(tmp_path):
    """The notebook cache and the edition key cover the package's code and locale files:
    editing a label or a chart function invalidates them."""
    import shutil

    import assessment
    from assessment.build import execute
    pkg = tmp_path / "assessment"
    shutil.copytree(Path(assessment.__file__).parent, pkg,
                    ignore=shutil.ignore_patterns("__pycache__", "fonts"))
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    first = execute.code_fingerprint([pkg, notebooks])
    keys = {first}
    for rel, edit in (("locales/labels.yaml", "\n# edited\n"), ("report/charts/style.py", "\n# edited\n")):
        with open(pkg / rel, "a", encoding="utf-8") as fh:
            fh.write(edit)
        keys.add(execute.code_fingerprint([pkg, notebooks]))
    assert len(keys) == 3
    key = lambda code: execute.job_key(notebooks / "01_summary.ipynb", "vi", {}, {}, code)
    assert key(first) != key(execute.code_fingerprint([pkg, notebooks]))
