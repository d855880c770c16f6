"""assessment.render.engines: builtin engine → self-contained HTML and PDF/A from executed notebooks."""
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from assessment.report import escape
from assessment.render import builtin
from assessment.render import engines as render
from assessment.errors import BuildError, ConfigError

ROOT = Path(__file__).resolve().parents[1]
VI_TEXT = "Ưu tiên đổi mới, quản lý hồ sơ — Hương Khê, Phúc Trạch, Lộc Yên, ỹ ữ ỵ ặ ậ ẫ"
HEADING_1 = "Tổng quan về cải cách hành chính"
HEADING_2 = "Kết quả thực hiện chỉ tiêu"
INJECTIONS = ["<script>alert(1)</script>", "#set text(red)", "**x**"]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def md_out(text):
    return new_output("display_data", data={"text/markdown": text, "text/plain": "<Markdown>"})


def make_notebook(folder: Path, name="01-overview.ipynb", extra: str = "") -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (folder / "figures").mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.bar(["2021", "2022", "2023", "2024"], [20, 40, 55, 72])
    fig.savefig(folder / "figures" / "progress.png", dpi=80)
    plt.close(fig)
    injected = " ".join(escape.md(s) for s in INJECTIONS)
    table = ("| Chỉ tiêu | Giá trị | Trạng thái |\n|:--|--:|:--|\n"
             "| TTHC trực tuyến | 82,5% | [Đúng tiến độ]{.status .on_track} |\n"
             f"| {escape.md('Ghi chú | <b>')} | 170 tỷ đồng | [Đi lùi]{{.status .regressing}} |\n\n"
             ": Chỉ tiêu năm 2024 {#tbl-ind}")
    cells = [
        new_code_cell("show()", outputs=[md_out(
            f"# {HEADING_1} {{#sec-overview}}\n\n{unicodedata.normalize('NFD', VI_TEXT)}. "
            "Xem @fig-progress và @tbl-ind.")]),
        new_code_cell("show()", outputs=[md_out(f"## {HEADING_2}\n\n{table}")]),
        new_code_cell("show()", outputs=[md_out(
            '![Tỷ lệ hồ sơ trực tuyến](figures/progress.png){#fig-progress '
            'fig-alt="Biểu đồ cột: tỷ lệ tăng từ 20% lên 72%"}')]),
        new_code_cell("show()", outputs=[md_out(f"Ghi chú: {injected} {extra}")]),
        new_code_cell("#| include: false\nx", outputs=[md_out("HIDDEN-CELL")]),
    ]
    path = folder / name
    nbformat.write(new_notebook(cells=cells), path)
    return path


def meta_for(lang, **over):
    config = render.load_quarto_config(ROOT)
    kwargs = dict(reference_date="31/12/2024", version="1.0.0", illustrative=True,
                  generated="2025-01-15")
    kwargs.update(over)
    return render.meta_from_config(config, lang, 2024, **kwargs)


@pytest.fixture(scope="module")
def built_vi(tmp_path_factory):
    base = tmp_path_factory.mktemp("vi")
    nb = make_notebook(base / "notebooks")
    out = render.render_report([nb], lang="vi", formats={"html", "pdf"}, out_dir=base / "vi",
                               meta=meta_for("vi"), engine="builtin")
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


# ------------------------------------------------------------------ config
def test_quarto_config_profiles():
    config = render.load_quarto_config(ROOT)
    assert set(config) == {"vi", "en"}
    assert config["vi"]["lang"] == "vi" and config["en"]["lang"] == "en"
    assert config["vi"]["language"]["crossref-fig-title"] == "Hình"
    assert config["vi"]["format"]["html"]["embed-resources"] is True


def test_meta_from_config():
    meta = meta_for("vi")
    assert "2024" in meta.title and "{year}" not in meta.title
    assert meta.other_lang_href == "../en/report.html" and meta.pdf_href == "report.pdf"
    assert meta.label("toc-title-document") == "Mục lục"
    en = meta_for("en", other_lang_href=None)
    assert en.lang == "en" and en.other_lang_href is None and en.other_lang_label == "Tiếng Việt"
    with pytest.raises(ConfigError):
        meta_for("fr")


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="_quarto.yml"):
        render.load_quarto_config(tmp_path)


def test_combine_markdown_keeps_notebook_order(tmp_path):
    a = tmp_path / "a.ipynb"
    b = tmp_path / "b.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=[md_out("# A")])]), a)
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=[md_out("# B")])]), b)
    text = render.combine_markdown([b, a], meta_for("vi"))
    assert text.startswith("---\n") and text.index("# B") < text.index("# A")


# ------------------------------------------------------------------ HTML
def test_html_is_self_contained_and_safe(built_vi):
    html = built_vi["html"].read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r'src="https?:', html) and "url(http" not in html
    assert "<link" not in html
    assert "@font-face" in html and "Noto Serif" in html
    assert '<img' in html and 'alt="Biểu đồ cột: tỷ lệ tăng từ 20% lên 72%"' in html
    assert 'src="data:image/png;base64,' in html
    assert unicodedata.is_normalized("NFC", html) and VI_TEXT in html
    assert "HIDDEN-CELL" not in html


def test_html_structure(built_vi):
    html = built_vi["html"].read_text(encoding="utf-8")
    assert html.count("<th") >= 3 and "<caption>" in html
    assert 'href="../en/report.html"' in html and 'href="report.pdf"' in html
    assert 'id="TOC"' in html and 'class="header-section-number">I.</span>' in html
    assert "Số liệu minh họa" in html  # illustrative banner on the cover
    assert '<a href="#fig-progress" class="xref">Hình 1</a>' in html
    assert '<span class="status on_track">Đúng tiến độ</span>' in html


def test_english_profile_yields_lang_en(tmp_path):
    nb = make_notebook(tmp_path / "nb")
    out = render.render_report([nb], lang="en", formats={"html"}, out_dir=tmp_path / "en",
                               meta=meta_for("en", illustrative=False), engine="builtin")
    assert set(out) == {"html"} and not (tmp_path / "en" / "report.pdf").exists()
    html = out["html"].read_text(encoding="utf-8")
    assert '<html lang="en"' in html and 'href="../vi/report.html"' in html
    assert "Figure 1" in html and "Illustrative data" not in html


# ------------------------------------------------------------------ PDF
@needs_poppler
def test_pdf_text(built_vi):
    text = pdf_text(built_vi["pdf"])
    assert unicodedata.is_normalized("NFC", text)
    for expected in (HEADING_2, "Hình 1", "Bảng 1", "Số liệu minh họa",
                     *INJECTIONS, "Ghi chú | <b>"):
        assert expected in text, expected
    # the parts (level 1) and the contents' title in capitals, as Vietnamese documents have them
    for expected in (HEADING_1, "Mục lục"):
        assert expected.upper() in text, expected
    assert VI_TEXT in " ".join(text.split())
    assert "HIDDEN-CELL" not in text


@needs_poppler
def test_pdf_fonts_are_embedded_noto(built_vi):
    listing = subprocess.run(["pdffonts", str(built_vi["pdf"])], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, emb = line.split()[0], line.split()[-5]
        assert re.fullmatch(r"[A-Z]{6}\+Noto(Serif|Sans)-\w+", name), line
        assert emb == "yes", line


def test_pdf_is_pdf_a_2u(built_vi):
    import pypdf  # a test dependency (pyproject.toml [test]): missing it fails the test
    reader = pypdf.PdfReader(built_vi["pdf"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")U", xmp)
    assert len(reader.pages) >= 3  # cover, contents, body


def test_missing_glyph_fails_the_pdf(tmp_path):
    nb = make_notebook(tmp_path / "nb", extra="漢字")
    with pytest.raises(BuildError, match="typst"):
        render.render_report([nb], lang="vi", formats={"pdf"}, out_dir=tmp_path / "out",
                             meta=meta_for("vi"), engine="builtin")
    assert not (tmp_path / "out" / "report.pdf").exists()


# ------------------------------------------------------------------ engines and arguments
def test_auto_uses_builtin_without_quarto(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert render._pick_engine("auto") == "builtin"
    nb = make_notebook(tmp_path / "nb")
    with pytest.raises(ConfigError, match="quarto"):
        render.render_report([nb], lang="vi", formats={"html"}, out_dir=tmp_path / "o",
                             meta=meta_for("vi"), engine="quarto")


@pytest.mark.parametrize("kwargs", [dict(formats={"docx"}), dict(engine="latex"), dict(lang="en")])
def test_bad_arguments(tmp_path, kwargs):
    args = dict(lang="vi", formats={"html"}, out_dir=tmp_path, meta=meta_for("vi"), engine="builtin")
    args.update(kwargs)
    with pytest.raises(ConfigError):
        render.render_report([tmp_path / "x.ipynb"], **args)


def test_pandoc_failure_is_a_build_error(monkeypatch):
    with pytest.raises(BuildError, match="pandoc failed"):
        builtin._pandoc("x", ["--to", "no-such-format"])


def test_same_inputs_same_bytes(tmp_path):
    """Same notebooks and meta: byte-identical HTML (fonts, figures) and PDF (timestamp)."""
    nb = make_notebook(tmp_path / "nb")
    out = render.render_report([nb], lang="vi", formats={"html", "pdf"}, out_dir=tmp_path / "vi",
                               meta=meta_for("vi"), engine="builtin")
    assert out["pdf"].read_bytes()[:4] == b"%PDF"
    again = render.render_report([nb], lang="vi", formats={"html", "pdf"}, out_dir=tmp_path / "again",
                                 meta=meta_for("vi"), engine="builtin")
    assert again["html"].read_bytes() == out["html"].read_bytes()
    assert again["pdf"].read_bytes() == out["pdf"].read_bytes()


def test_builtin_takes_toc_and_numbering_from_quarto_yml(tmp_path):
    """_quarto.yml is the one source: toc-depth and number-sections apply to builtin too."""
    config = render.load_quarto_config(ROOT)
    nb = make_notebook(tmp_path / "nb")
    default = render.render_report([nb], lang="vi", formats={"html"}, out_dir=tmp_path / "a",
                                   meta=meta_for("vi"), engine="builtin")["html"]
    toc = default.read_text(encoding="utf-8").split('id="TOC"')[1].split("</nav>")[0]
    assert HEADING_2 in toc and '<span class="header-section-number">' in default.read_text(encoding="utf-8")
    config["vi"] = config["vi"] | {"toc-depth": 1, "number-sections": False}
    meta = render.meta_from_config(config, "vi", 2024, reference_date="31/12/2024",
                                   version="1.0.0", illustrative=True, generated="2025-01-15")
    html = render.render_report([nb], lang="vi", formats={"html"}, out_dir=tmp_path / "b",
                                meta=meta, engine="builtin")["html"].read_text(encoding="utf-8")
    toc = html.split('id="TOC"')[1].split("</nav>")[0]
    assert HEADING_1 in toc and HEADING_2 not in toc
    assert '<span class="header-section-number">' not in html
