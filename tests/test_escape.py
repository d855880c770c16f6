"""assessment.report.escape: data is shown literally in Markdown, HTML and Typst."""
import subprocess
import unicodedata

import pypandoc
import pytest

from assessment.report import escape

INJECTIONS = ["<script>alert(1)</script>", "#set text(red)", "**x**", "_a_ `b` $c$ @d [e](f)",
              "1. not a list", "# not a heading", "a | b", "\\back\\slash", "&lt;kept&gt;",
              "~sub~ ^sup^ {.class}", "- item", "> quote", "<!-- c -->"]


def pandoc(markdown: str, to: str) -> str:
    cmd = [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", to]
    return subprocess.run(cmd, input=markdown.encode(), capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("raw", INJECTIONS)
def test_md_round_trips_to_plain_text(raw):
    assert pandoc(escape.md(raw), "plain").strip() == raw


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "**x**", "#set text(red)"])
def test_md_in_html_is_text(raw):
    out = pandoc(escape.md(raw), "html")
    assert "<script" not in out and "<strong" not in out and "<h1" not in out


def test_md_in_pipe_table_cell():
    table = f"| A | B |\n|---|---|\n| {escape.md('x | y')} | {escape.md('*z*')} |\n"
    out = pandoc(table, "html")
    assert "<td>x | y</td>" in out and "<td>*z*</td>" in out


def test_md_flattens_newlines_and_normalises_nfc():
    decomposed = unicodedata.normalize("NFD", "Hương Khê\nỹ")
    assert escape.md(decomposed) == "Hương Khê ỹ"
    assert unicodedata.is_normalized("NFC", escape.md(decomposed))


def test_md_none_and_nan():
    assert escape.md(None) == "" and escape.md(float("nan")) == ""


def test_html():
    assert escape.html('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"


def test_typst_escapes_markup(tmp_path):
    import typst  # pinned in pyproject.toml: a missing typst is a failure, not a skip
    raw = "#set text(red) *b* _i_ $m$ <l> @r // c [x] \\ `r` = h"
    src = tmp_path / "t.typ"
    src.write_text(f"{escape.typst(raw)}\n\n#{escape.typst_string(raw)}\n", encoding="utf-8")
    pdf = tmp_path / "t.pdf"
    from assessment.render.fonts import FONTS
    typst.compile(str(src), output=str(pdf), font_paths=[str(FONTS)], ignore_system_fonts=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert text.count("#set text(red)") == 2
