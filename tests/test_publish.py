"""Safe publishing, against the real CLI in temporary folders (DESIGN.md section 7):
nothing written into the inputs, no published file lost by a partial, failed, killed or
variant build, variants apart from the edition, one build per output folder, clear
output-path errors, no machine paths in what is published, every link resolvable."""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

pytestmark = pytest.mark.slow


# ------------------------------------------------------------------ helpers
def cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m assessment ARGS`` from the repository root, as a user runs it."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (hidden ones included) with its bytes."""
    if not path.exists():
        return {}
    return {f.relative_to(path).as_posix(): f.read_bytes()
            for f in sorted(path.rglob("*")) if f.is_file()}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Relative links of every HTML page under ``site`` that point to no file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            url = urlparse(link)
            if url.scheme or link.startswith(("#", "//")) or not url.path:
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
    return broken


def start_build_executing(site: Path, year: int, cache: Path) -> subprocess.Popen:
    """Start a forced build (its own process group) and return once it executes notebooks."""
    work = site.parent / f".{site.name}.work"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen([sys.executable, "-m", "assessment", "build", "--year", str(year),
                             "--out", str(site), "--cache-dir", str(cache), "--force"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(work.glob("staging/*/notebooks")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return proc


@pytest.fixture
def site_copy(built_site, tmp_path):
    """A copy of the session's built site (2024, both languages and formats) to build
    into, sharing the session's notebook cache: (site, year, cache)."""
    out, year, _ = built_site
    site = tmp_path / "site"
    shutil.copytree(out, site, symlinks=True)
    return site, year, out.parent / "cache"


def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


# ------------------------------------------------------------------ the inputs
@pytest.mark.parametrize("where", ["data", "data/2024", "data/2024/reports"])
def test_out_in_the_data_folder_is_refused(tmp_path, where):
    data = data_copy(tmp_path)
    before = tree(data)
    proc = cli("build", "--year", "2024", "--data", str(data), "--out", str(tmp_path / where))
    assert proc.returncode == 2, proc.stderr
    assert "data folder" in proc.stderr and "Traceback" not in proc.stderr
    assert tree(data) == before, "the inputs were modified"
    assert not list(tmp_path.glob(".*")), "something was written before the refusal"


def test_data_inside_out_and_cache_inside_data_are_refused(tmp_path):
    data = data_copy(tmp_path / "site")
    before = tree(data)
    proc = cli("build", "--year", "2024", "--data", str(data), "--out", str(tmp_path / "site"))
    assert proc.returncode == 2 and "inside --out" in proc.stderr
    data2 = data_copy(tmp_path)
    proc = cli("build", "--year", "2024", "--data", str(data2), "--out", str(tmp_path / "out"),
               "--cache-dir", str(data2 / "cache"))
    assert proc.returncode == 2 and "--cache-dir" in proc.stderr
    assert tree(data) == before and not (data2 / "cache").exists()
    assert not (tmp_path / "out").exists()


def test_template_into_the_data_folder_is_refused(tmp_path):
    data = data_copy(tmp_path)
    before = tree(data)
    proc = cli("template", "--year", "2026", "--data", str(data), "--out",
               str(data / "2026" / "template.xlsx"))
    assert proc.returncode == 2 and "data folder" in proc.stderr
    assert tree(data) == before


# ------------------------------------------------------------------ partial builds
def test_partial_build_replaces_only_its_outputs(site_copy):
    site, year, cache = site_copy
    dest = site / str(year)
    (dest / "en" / "report.html").unlink()  # so the build runs (nothing else changed)
    before = tree(site)
    proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache),
               "--lang", "en", "--format", "html")
    assert proc.returncode == 0, proc.stderr
    after = tree(site)
    rebuilt = {"index.html", f"{year}/manifest.json", f"{year}/en/report.html",
               f"{year}/par_index/en/report.html"}  # the year's PAR Index scorecards too
    rebuilt |= {k for k in after if k.startswith((f"{year}/notebooks/en/", f"{year}/results/",
                                                  f"{year}/par_index/notebooks/en/"))}
    for rel, data in before.items():
        if rel not in rebuilt:
            assert after.get(rel) == data, f"{rel} was changed or lost by a partial build"
    assert (dest / "en" / "report.html").is_file()
    for rel in ("vi/report.html", "vi/report.pdf", "en/report.pdf"):
        assert after[f"{year}/{rel}"] == before[f"{year}/{rel}"]
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["reports"]) == {f"{prefix}{lang}/report.{fmt}" for lang in ("vi", "en")
                                        for fmt in ("html", "pdf")
                                        for prefix in ("", "par_index/")}
    assert "vi/report.pdf" in manifest["kept"] and "vi/report.pdf" in manifest["outputs"]
    html = (dest / "en" / "report.html").read_text(encoding="utf-8")
    assert 'href="../vi/report.html"' in html and 'href="report.pdf"' in html
    assert broken_links(site) == []


def test_partial_build_into_an_empty_site_links_only_what_exists(built_site, tmp_path):
    out, year, _ = built_site
    site = tmp_path / "site"
    proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir",
               str(out.parent / "cache"), "--lang", "en", "--format", "html")
    assert proc.returncode == 0, proc.stderr
    html = (site / str(year) / "en" / "report.html").read_text(encoding="utf-8")
    assert "../vi/report.html" not in html and 'href="report.pdf"' not in html
    assert not (site / str(year) / "vi").exists()
    assert broken_links(site) == []


def test_partial_build_that_would_mix_two_editions_is_refused(site_copy, tmp_path):
    site, year, cache = site_copy
    data = data_copy(tmp_path)
    tasks = data / str(year) / "tasks.csv"
    tasks.write_bytes(tasks.read_bytes() + b"\n")  # another edition: other input bytes
    before = tree(site)
    proc = cli("build", "--year", str(year), "--data", str(data), "--out", str(site),
               "--cache-dir", str(cache), "--lang", "en", "--format", "html")
    assert proc.returncode == 2, proc.stderr
    assert "mix two editions" in proc.stderr and "vi/report.pdf" in proc.stderr
    assert tree(site) == before


# ------------------------------------------------------------------ editions and variants
def test_variant_never_replaces_the_edition(site_copy):
    site, year, cache = site_copy
    edition = {k: v for k, v in tree(site / str(year)).items()}
    proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache),
               "--method", "cagr", "--format", "html")
    assert proc.returncode == 0, proc.stderr
    assert "Variant method-cagr" in proc.stdout
    after = tree(site / str(year))
    assert {k: v for k, v in after.items() if not k.startswith("variants/")} == edition
    variant = site / str(year) / "variants" / "method-cagr"
    manifest = json.loads((variant / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] is False and manifest["variant"] == "method-cagr"
    assert manifest["differences"] == {"method": ["linear", "cagr"]}
    assert manifest["parameters"]["method"] == "cagr"
    vi = (variant / "vi" / "report.html").read_text(encoding="utf-8")
    en = (variant / "en" / "report.html").read_text(encoding="utf-8")
    assert "Bản tính thử, không phải bản chính thức" in vi and "CAGR" in vi
    assert "Variant, not the official edition" in en
    assert "not the official edition" not in (site / str(year) / "en" / "report.html").read_text(
        encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{year}/variants/method-cagr/vi/report.html"' in index
    assert "Bản tính thử (không phải bản chính thức)" in index
    assert broken_links(site) == []

    # the edition rebuilt with its official parameters keeps the variant
    (site / str(year) / "en" / "report.html").unlink()
    proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert "(the edition)" in proc.stdout
    assert tree(variant) == {k[len("variants/method-cagr/"):]: v for k, v in after.items()
                             if k.startswith("variants/method-cagr/")}
    assert broken_links(site) == []


def test_edition_parameters_are_data(tmp_path, built_site):
    """The official parameters come from edition.yaml: with method cagr there, a build with
    no option is the (cagr) edition and --method linear is the variant."""
    from assessment.params import Params
    data = data_copy(tmp_path)
    (data / "2024" / "edition.yaml").write_text(
        "parameters:\n  method: cagr\n  reference_date: 2024-06-30\n", encoding="utf-8")
    official = Params(year=2024, data_dir=str(data)).resolved()
    assert (official.method, official.reference_date) == ("cagr", "2024-06-30")
    assert Params(year=2024, data_dir=str(data)).variant == ""
    assert Params(year=2024, data_dir=str(data), method="linear",
                  reference_date="2024-06-30").variant == "method-linear"
    proc = cli("build", "--year", "2024", "--data", str(data), "--out", str(tmp_path / "site"),
               "--format", "html", "--lang", "en", "--method", "linear", "--cache-dir",
               str(built_site[0].parent / "cache"))
    assert proc.returncode == 0, proc.stderr
    variant = tmp_path / "site" / "2024" / "variants" / "method-linear"
    assert (variant / "en" / "report.html").is_file()
    assert not (tmp_path / "site" / "2024" / "en").exists()


# ------------------------------------------------------------------ failed and killed builds
def test_failed_build_leaves_the_site_byte_identical(site_copy, tmp_path):
    site, year, cache = site_copy
    data = data_copy(tmp_path)
    path = data / str(year) / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, row = lines[0].split(","), lines[1].split(",")
    row[head.index("value")] = "abc"
    lines[1] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before, inputs = tree(site), tree(data)
    proc = cli("build", "--year", str(year), "--data", str(data), "--out", str(site),
               "--cache-dir", str(cache))
    assert proc.returncode == 1 and "abc" in proc.stderr
    assert tree(site) == before and tree(data) == inputs


def test_killed_build_leaves_the_site_and_its_staging_is_cleared(site_copy):
    site, year, cache = site_copy
    before = tree(site)
    work = site.parent / f".{site.name}.work"
    proc = start_build_executing(site, year, cache)
    assert list(work.glob("staging/*/notebooks")), "the build never started executing"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert tree(site) == before, "a killed build changed the published site"
    assert list((work / "staging").iterdir()), "expected the killed build's staging folder"
    # the next build (nothing changed: it reuses the edition) clears what was left
    again = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache))
    assert again.returncode == 0, again.stderr
    assert list((work / "staging").iterdir()) == []
    assert tree(site) == before


# ------------------------------------------------------------------ one build at a time
def test_second_build_is_told_who_holds_the_lock(site_copy):
    site, year, cache = site_copy
    work = site.parent / f".{site.name}.work"
    work.mkdir(exist_ok=True)
    with open(work / "lock", "w") as fh:
        fcntl.lockf(fh, fcntl.LOCK_EX)
        fh.write(json.dumps({"pid": 4242, "host": "portal-pc", "started": "2026-12-01T08:00:00+00:00",
                             "command": "assessment build --year 2024"}))
        fh.flush()
        before = tree(site)
        proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache))
        assert proc.returncode == 2
        assert "Another build" in proc.stderr and "4242" in proc.stderr
        assert "portal-pc" in proc.stderr and "Traceback" not in proc.stderr
        assert tree(site) == before
    # a lock left by a killed build (a file nobody holds) does not block
    (work / "lock").write_text(json.dumps({"pid": 999999, "host": "gone"}), encoding="utf-8")
    proc = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache))
    assert proc.returncode == 0, proc.stderr


def test_a_symlink_to_the_site_takes_the_same_lock(site_copy, tmp_path):
    site, year, cache = site_copy
    link = tmp_path / "link-to-site"
    link.symlink_to(site)
    work = site.parent / f".{site.name}.work"
    work.mkdir(exist_ok=True)
    with open(work / "lock", "w") as fh:
        fcntl.lockf(fh, fcntl.LOCK_EX)
        proc = cli("build", "--year", str(year), "--out", str(link), "--cache-dir", str(cache))
        assert proc.returncode == 2 and "Another build" in proc.stderr
    assert not (tmp_path / f".{link.name}.work").exists()


def test_killing_the_main_process_alone_releases_the_lock(site_copy):
    """Worker processes never hold the lock and end with the build process."""
    site, year, cache = site_copy
    work = site.parent / f".{site.name}.work"
    proc = start_build_executing(site, year, cache)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
    proc.wait(timeout=30)
    again = cli("build", "--year", str(year), "--out", str(site), "--cache-dir", str(cache))
    assert again.returncode == 0, again.stderr
    deadline = time.monotonic() + 20
    while _live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _live_in_group(proc.pid) == [], "worker processes outlived the killed build"


def _live_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are not zombies (from /proc)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # state, ppid, pgrp
            live.append(int(stat.parent.name))
    return live


def test_notebooks_read_the_data_folder_they_were_given(built_site, tmp_path):
    """A folder named data beside the output (another data set) must not be read by the
    notebooks instead of --data."""
    import nbformat
    out, year, _ = built_site
    other = data_copy(tmp_path / "proj")
    path = other / str(year) / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    for row in rows:
        if row[head.index("value")]:
            row[head.index("value")] = "1"
    path.write_text("\n".join([lines[0], *map(",".join, rows)]) + "\n", encoding="utf-8")
    site = tmp_path / "proj" / "site"
    proc = cli("build", "--year", str(year), "--data", str(DATA), "--out", str(site),
               "--cache-dir", str(tmp_path / "cache"), "--lang", "en", "--format", "html")
    assert proc.returncode == 0, proc.stderr

    def outputs(nb_path):
        nb = nbformat.read(nb_path, as_version=4)
        return [o.get("data", {}).get("text/markdown") for c in nb.cells if c.cell_type == "code"
                for o in c.outputs]
    for name in ("01_summary.ipynb", "02_areas.ipynb"):
        assert outputs(site / str(year) / "notebooks" / "en" / name) == outputs(
            out / str(year) / "notebooks" / "en" / name), name


# ------------------------------------------------------------------ output-path errors
def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write in. As root (CI) permissions do not stop us,
    so the read-only /sys of a container is used; otherwise a chmod 555 folder."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    for candidate in (Path("/sys"), Path("/proc/sys")):
        try:
            (candidate / "assessment-write-test").mkdir()
        except OSError:
            return candidate
        (candidate / "assessment-write-test").rmdir()
    pytest.skip("running as root with no read-only folder to test against")


def test_output_path_errors_are_one_line_with_exit_2(tmp_path):
    ro = _read_only_folder(tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        ("build", "--year", "2024", "--out", str(ro / "site")),
        ("build", "--year", "2024", "--out", str(ro)),
        ("build", "--year", "2024", "--out", str(a_file)),
        ("template", "--year", "2026", "--out", str(ro / "t.xlsx")),
        ("template", "--year", "2026", "--out", str(tmp_path)),
        ("build", "--year", "2024", "--jobs", "-1", "--out", str(tmp_path / "j")),
        ("build", "--year", "2024", "--out", str(tmp_path / "j"), "--cache-dir", str(a_file)),
        ("build", "--year", "2024", "--out", str(tmp_path / "j"), "--cache-dir",
         str(ro / "cache")),
        ("build", "--year", "2024", "--out", str(tmp_path / "j"), "--reference-date",
         "2025-06-30"),
        ("template", "--year", "2026", "--out", str(DATA)),
    ]
    for args in cases:
        proc = cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, proc.stderr)
    assert not (tmp_path / "j").exists(), "bad options must be refused before any work"
    assert a_file.read_text(encoding="utf-8") == "x"


def test_wrong_kinds_of_things_in_the_site_are_refused_before_any_work(tmp_path):
    site = tmp_path / "site"
    (site / "2024").parent.mkdir()
    (site / "2024").write_text("not a folder", encoding="utf-8")
    proc = cli("build", "--year", "2024", "--out", str(site))
    assert proc.returncode == 2 and "is a file" in proc.stderr
    assert (site / "2024").read_text(encoding="utf-8") == "not a folder"
    (site / "2024").unlink()
    (site / "index.html").mkdir()
    proc = cli("build", "--year", "2024", "--out", str(site))
    assert proc.returncode == 2 and "index.html" in proc.stderr
    assert not (site / "2024").exists()


def test_out_through_dot_dot_is_the_real_folder(site_copy):
    site, year, cache = site_copy
    proc = cli("build", "--year", str(year), "--out", str(site / str(year) / ".."),
               "--cache-dir", str(cache))
    assert proc.returncode == 0, proc.stderr
    assert not [p for p in site.rglob(".*")], "a workspace appeared inside the site"


def test_quarto_engine_without_quarto_fails_before_any_work(tmp_path):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + ":/usr/bin:/bin")
    if shutil.which("quarto", path=env["PATH"]):
        pytest.skip("quarto is installed in /usr/bin here")
    proc = subprocess.run([sys.executable, "-m", "assessment", "build", "--year", "2024",
                           "--engine", "quarto", "--out", str(tmp_path / "site")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "quarto" in proc.stderr
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------ what is published
def test_published_files_carry_no_machine_path(built_site):
    out, year, manifest = built_site
    machine = [str(ROOT), str(out.parent)]
    for path in (out / str(year)).rglob("*"):
        if path.suffix in (".ipynb", ".json", ".csv", ".html"):
            text = path.read_text(encoding="utf-8")
            for prefix in machine:
                assert prefix not in text, f"{path.relative_to(out)} names {prefix}"
    assert manifest["parameters"]["data_dir"] == "data"
    nb = json.loads((out / str(year) / "notebooks" / "en" / "02_areas.ipynb").read_text())
    assert nb["metadata"]["papermill"]["input_path"] == "notebooks/02_areas.ipynb"
    assert nb["metadata"]["papermill"]["output_path"] == "notebooks/en/02_areas.ipynb"


def test_published_notebook_reruns_from_the_repository(built_site, tmp_path):
    """A reviewer reruns a published notebook with its recorded parameters from the
    repository root; its data folder is found from there."""
    import papermill as pm
    out, year, _ = built_site
    source = out / str(year) / "notebooks" / "en" / "07_quality.ipynb"
    params = json.loads(source.read_text())["metadata"]["papermill"]["parameters"]
    result = tmp_path / "rerun" / "07_quality.ipynb"
    result.parent.mkdir()
    pm.execute_notebook(str(ROOT / "notebooks" / "07_quality.ipynb"), str(result),
                        parameters=params, cwd=str(result.parent), progress_bar=False,
                        kernel_name="python3")
    assert params["data_dir"] == "data"


def test_every_link_of_the_site_resolves(built_site):
    out, _, _ = built_site
    assert broken_links(out) == []


def test_no_staging_inside_the_site(built_site):
    out, _, _ = built_site
    assert not [p for p in out.rglob(".*")], "hidden (temporary) files in the published site"
    assert not re.search(r"\.tmp", " ".join(p.name for p in out.rglob("*")))


def test_hand_run_figures_are_ignored_by_git():
    for path in ("figures/x.png", "notebooks/figures/x.png", "._site.work/lock"):
        proc = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", path])
        assert proc.returncode == 0, f"{path} is not ignored"
    proc = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "notebooks/01_summary.ipynb"])
    assert proc.returncode == 1
