"""The quarto engine and `quarto render` at the root, with a real Quarto.

The first tests use fake `quarto` commands (version detection, the engine `auto` picks,
error messages) and always run. The rest need a real Quarto: the one on PATH, or the one
`ASSESSMENT_QUARTO` names (CI: /tmp/quarto/bin/quarto from ../shared/tools/quarto/setup.sh).
Without it they skip with a message; with `ASSESSMENT_REQUIRE_QUARTO=1` (CI) a missing
Quarto is a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import skip_or_fail
from assessment.errors import ConfigError
from assessment.render import quarto as engine

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def fake_quarto(folder: Path, version_output: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "quarto"
    script.write_text(f"#!/bin/sh\nprintf '%b' '{version_output}'\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


@pytest.mark.parametrize("output, supported", [
    ("1.10.18\\n", True),
    ("\\033[1mquarto\\033[22m \\033[94m1.10.2\\n\\033[39m\\n", True),  # coloured
    ("1.9.30\\n", False), ("1.11.0\\n", False), ("2.0.1\\n", False), ("nonsense\\n", False),
])
def test_auto_picks_only_a_supported_quarto(tmp_path, monkeypatch, output, supported):
    monkeypatch.setenv("PATH", str(fake_quarto(tmp_path / "bin", output)))
    engine._probe.cache_clear()
    chosen, note = engine.pick_engine("auto")
    assert chosen == ("quarto" if supported else "builtin")
    assert "Quarto" in note or "quarto" in note
    if supported:
        assert engine.pick_engine("quarto")[0] == "quarto"
    else:
        assert "not" in note and engine.supported_text() in note
        with pytest.raises(ConfigError, match="supports"):
            engine.pick_engine("quarto")


def test_auto_without_quarto_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert engine.pick_engine("auto") == ("builtin",
                                          "engine: builtin (Pandoc + Typst; no Quarto on PATH)")
    with pytest.raises(ConfigError, match="needs the `quarto` command"):
        engine.pick_engine("quarto")


def test_quarto_error_shows_the_error_not_the_option_echo():
    stderr = ("\x1b[1mpandoc \x1b[22m\n  to: typst\n  standalone: true\n  toc: true\n"
              "[typst]: Compiling report.typ to report.pdf...error: unknown variable: NormalTok\n"
              "\x1b[91mERROR: error: unknown variable: NormalTok\n\x1b[39m\n"
              "\x1b[91mERROR: Typst compilation failed\x1b[39m\n")
    message = engine.quarto_error(stderr)
    assert message.startswith("ERROR: error: unknown variable: NormalTok")
    assert "Typst compilation failed" in message
    assert "\x1b" not in message and "standalone" not in message


def test_config_paths_are_rebased_into_the_project(tmp_path):
    base = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    project = tmp_path / "p"
    project.mkdir()
    config = engine._edition_config(base, ROOT, project, project / "header.html")
    assert config["project"] == {"type": "default", "render": ["report.qmd"]}
    assert config["execute"]["enabled"] is False
    for rel in [*config["filters"], config["format"]["html"]["template"],
                config["format"]["typst"]["template"], *config["format"]["typst"]["font-paths"]]:
        assert not rel.startswith("/") and (project / rel).exists(), rel
    assert config["format"]["html"]["include-in-header"] == "header.html"
    assert config["format"]["typst"]["pdf-standard"] == "a-2u"


def test_edition_source_of_the_last_build(tmp_path, built_site):
    """What `quarto render` at the root renders: the latest edition's notebooks combined,
    charts copied beside the .qmd, the stylesheet and fonts in edition/head.html."""
    from assessment.render.edition_source import profile_lang, write_last_edition

    site, year, _ = built_site
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("_quarto.yml", "_quarto-vi.yml", "_quarto-en.yml"):
        shutil.copy2(ROOT / name, root / name)
    source = write_last_edition(root, "en", site=site)
    assert source == root / "edition" / "en" / "report.qmd"
    text = source.read_text(encoding="utf-8")
    assert f"year: '{year}'" in text and "lang: en" in text
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert images and all(not i.startswith("/") and (source.parent / i).is_file() for i in images)
    assert "@font-face" in (root / "edition" / "head.html").read_text(encoding="utf-8")
    assert [profile_lang(p) for p in ("", None, "en", "ci,en", "vi")] == ["vi", "vi", "en",
                                                                          "en", "vi"]
    with pytest.raises(ConfigError, match="make report"):
        write_last_edition(root, "vi", site=tmp_path / "empty")


# ------------------------------------------------------------------ with a real Quarto
def _real_quarto() -> str | None:
    named = os.environ.get("ASSESSMENT_QUARTO", "").strip()
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("quarto")


@pytest.fixture(scope="module")
def quarto_bin():
    found = _real_quarto()
    if found is None:
        message = ("no Quarto: set ASSESSMENT_QUARTO=/path/to/quarto or put quarto on PATH "
                   "(../shared/tools/quarto/setup.sh makes /tmp/quarto/bin/quarto)")
        skip_or_fail(message, "ASSESSMENT_REQUIRE_QUARTO")
    return Path(found).resolve()


@pytest.fixture(scope="module")
def quarto_env(quarto_bin):
    return dict(os.environ, PATH=f"{quarto_bin.parent}:{Path(sys.executable).parent}:"
                                 f"{os.environ.get('PATH', '')}")


@pytest.fixture(scope="module")
def editions(tmp_path_factory, quarto_env):
    """The 2025 edition built by each engine (one notebook cache: the second only renders)."""
    base = tmp_path_factory.mktemp("engines")
    out = {}
    for name in ("quarto", "builtin"):
        site = base / name / "_site"
        proc = subprocess.run(
            [sys.executable, "-m", "assessment", "build", "--year", str(YEAR), "--engine", name,
             "--out", str(site), "--cache-dir", str(base / "cache")],
            cwd=ROOT, env=quarto_env, capture_output=True, text=True, timeout=1200)
        assert proc.returncode == 0, proc.stderr[-3000:]
        out[name] = (site / str(YEAR), proc.stderr)
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdf_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader
    names = set()
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")).split("+")[-1])
    return names


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_both_engines_make_the_same_pdf_text(editions, lang):
    quarto_pdf = editions["quarto"][0] / lang / "report.pdf"
    builtin_pdf = editions["builtin"][0] / lang / "report.pdf"
    assert pdf_text(quarto_pdf) == pdf_text(builtin_pdf)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["quarto", "builtin"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_engine_makes_the_whole_edition(editions, name, lang):
    folder, log = editions[name]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == name and f"engine: {name}" in log
    if name == "quarto":
        assert re.fullmatch(r"1\.10\.\d+", manifest["quarto"]["version"])
        assert "path" not in manifest["quarto"]
    html = (folder / lang / "report.html").read_text(encoding="utf-8")
    other = "en" if lang == "vi" else "vi"
    # cover, banner, language switch, PDF link
    assert 'class="cover"' in html and 'class="illustrative"' in html
    assert f'href="../{other}/report.html" hreflang="{other}"' in html
    assert 'href="report.pdf"' in html
    # self-contained: charts and fonts embedded, nothing fetched; links only to files
    # published with the edition (language switch, PDF, accompanying files)
    assert not [r for r in re.findall(r'src="([^"]*)"', html) if not r.startswith("data:")]
    refs = set(re.findall(r'href="([^"#][^"]*)"', html))
    assert {f"../{other}/report.html", "report.pdf", "../../index.html", "../manifest.json",
            "../results/progress.csv"} <= refs
    assert all((folder / lang / ref).resolve().is_file() for ref in refs), refs
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 5 and all('src="data:image/' in img for img in images)
    assert "@font-face" in html and "<script" not in html and "_files/" not in html
    # the profile's labels
    labels = {"vi": ("Mục lục", "Hình 1.", "Bảng 1."), "en": ("Contents", "Figure 1.", "Table 1.")}
    for label in labels[lang]:
        assert label in html, label
    if lang == "vi":
        assert not re.search(r"\b(Figure|Table) \d|Other Formats|Author", html)
    # PDF: PDF/A-2u, only the bundled fonts, cover and running heads
    pdf = (folder / lang / "report.pdf").read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf and b"<pdfaid:conformance>U" in pdf
    assert pdf_fonts(folder / lang / "report.pdf") <= {
        "NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic",
        "NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSansSymbols2-Regular",
        "NotoSansMath-Regular"}
    text = pdf_text(folder / lang / "report.pdf")
    pages = text.split("\f")
    # the official form: national heading, issuer, document type
    first = {"vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "ỦY BAN NHÂN DÂN", "BÁO CÁO"),
             "en": ("SOCIALIST REPUBLIC OF VIET NAM", "People’s Committee", "REPORT")}[lang]
    assert all(words in pages[0] for words in first) and str(YEAR) in pages[0]
    assert {"vi": "Số liệu minh họa", "en": "Illustrative data"}[lang] in pages[0]
    page_word = {"vi": "Trang", "en": "Page"}[lang]
    assert all(re.search(rf"{page_word} {i} / {len(pages) - 1}", page) for i, page in
               enumerate(pages[1:-1], start=2))


def test_vi_profile_sets_every_quarto_label(quarto_bin, quarto_env):
    share = subprocess.run([str(quarto_bin), "--paths"], capture_output=True, text=True,
                           env=quarto_env, timeout=120).stdout.split()
    language = next((Path(p) / "language" / "_language.yml" for p in share
                     if (Path(p) / "language" / "_language.yml").is_file()), None)
    assert language is not None, share
    keys = set(yaml.safe_load(language.read_text(encoding="utf-8")))
    vi = yaml.safe_load((ROOT / "_quarto-vi.yml").read_text(encoding="utf-8"))["language"]
    assert sorted(keys - set(vi)) == []
    assert sorted(set(vi) - keys) == [], "labels Quarto does not know"


@pytest.mark.slow
def test_quarto_render_at_the_root_renders_the_last_edition(tmp_path, editions, quarto_env):
    """A clone with a built edition: `quarto render` (vi) and `--profile en` write only
    into edition/ and _render/, change no tracked file, and make the edition again."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    for rel in subprocess.run(["git", "ls-files", "--modified", "--others", "--exclude-standard"],
                              cwd=ROOT, capture_output=True, text=True).stdout.split():
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, clone / rel)  # this working tree's changes, if any
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "wip",
                    "--allow-empty"], cwd=clone, check=True)
    shutil.copytree(editions["builtin"][0], clone / "_site" / str(YEAR))
    data_before = sorted(p.relative_to(clone) for p in (clone / "data").rglob("*"))
    for extra in ([], ["--profile", "en"]):
        proc = subprocess.run(["quarto", "render", *extra], cwd=clone, env=quarto_env,
                              capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, engine.quarto_error(proc.stderr)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True,
                          text=True).stdout == ""
    assert sorted(p.relative_to(clone) for p in (clone / "data").rglob("*")) == data_before
    for lang in ("vi", "en"):
        made = clone / "_render" / "edition" / lang
        assert pdf_text(made / "report.pdf") == pdf_text(editions["builtin"][0] / lang / "report.pdf")
        assert 'class="cover"' in (made / "report.html").read_text(encoding="utf-8")


def test_a_quarto_failure_shows_quartos_error(tmp_path, monkeypatch, quarto_env):
    """A Typst error inside Quarto: a BuildError with the error line, not the option echo."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from assessment.errors import BuildError
    from assessment.render import engines

    monkeypatch.setenv("PATH", quarto_env["PATH"])
    engine._probe.cache_clear()
    broken = "# Tóm tắt\n\n```{=typst}\n#no-such-function()\n```\n"
    nb = tmp_path / "01_broken.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/markdown": broken, "text/plain": ""})])]), nb)
    meta = engines.meta_from_config(engines.load_quarto_config(ROOT), "vi", YEAR,
                                    reference_date="31/12/2025", version="1", illustrative=True)
    with pytest.raises(BuildError) as failure:
        engines.render_report([nb], lang="vi", formats={"pdf"}, out_dir=tmp_path / "out",
                              meta=meta, engine="quarto", root=ROOT)
    message = str(failure.value)
    assert "no-such-function" in message and "quarto render (vi, typst) failed" in message
    assert "standalone:" not in message and "\x1b" not in message
    assert not (tmp_path / "out" / "report.pdf").exists()
