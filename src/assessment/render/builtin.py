"""The ``builtin`` engine: Pandoc (``pypandoc-binary``) writes self-contained HTML with our
template and Typst, which the ``typst`` package compiles to PDF/A-2u (a missing glyph fails
the build). Both tools are imported only when a report is rendered."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from assessment.errors import BuildError
from assessment.paths import write_atomic
from assessment.render.fonts import FONTS, PACKAGE_DIR, font_face_css
from assessment.render.meta import ReportMeta

TEMPLATES = PACKAGE_DIR / "templates"


def _pandoc_path() -> str:
    import pypandoc
    return pypandoc.get_pandoc_path()


def _pandoc(markdown: str, args: list[str]) -> str:
    cmd = [_pandoc_path(), "--from", "markdown", *args]
    proc = subprocess.run(cmd, input=markdown.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise BuildError(f"pandoc failed ({' '.join(args[:2])}): {message}")
    return proc.stdout.decode("utf-8")


# The fonts (several MB of data URIs) are put in after Pandoc or Quarto, which would
# otherwise scan them for resources to embed: the head carries this marker instead.
FONT_MARKER = "<!-- assessment:font-faces -->"


def html_head_with_marker() -> str:
    """The report's ``<style>``: the font faces' marker, then the stylesheet."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return f"<style>\n{FONT_MARKER}\n{css}</style>\n"


def typst_timestamp(generated: str) -> int | None:
    """The PDF's creation time: ``SOURCE_DATE_EPOCH`` if set, else midnight UTC of
    ``generated`` (ISO, ``dd/mm/yyyy`` or ``d Mon yyyy``), so rebuilds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"):
        try:
            day = dt.datetime.strptime(generated.strip()[:10] if fmt == "%Y-%m-%d"
                                       else generated.strip(), fmt)
        except ValueError:
            continue
        return int(day.replace(tzinfo=dt.timezone.utc).timestamp())
    return None


def _compile_typst(source: str, out: Path, meta: ReportMeta) -> None:
    import typst

    with tempfile.TemporaryDirectory(prefix="report-typ-") as tmp:
        typ = Path(tmp) / "report.typ"
        typ.write_text(source, encoding="utf-8")
        try:
            # Images have absolute paths: Typst resolves "/…" against the root.
            pdf = typst.compile(
                str(typ), root=Path(typ.anchor).as_posix() if typ.anchor else "/",
                font_paths=[str(FONTS)], ignore_system_fonts=True,
                pdf_standards=["a-2u"], timestamp=typst_timestamp(meta.generated))
        except Exception as exc:  # typst.TypstError and friends
            raise BuildError(f"typst failed while writing {out.name}: {exc}") from exc
    write_atomic(out, pdf)


def _render_builtin(markdown: str, formats: set[str], out_dir: Path,
                    meta: ReportMeta) -> dict[str, Path]:
    # --columns=72 (Pandoc's default): a pipe table with a longer line spans the text width
    # and takes its relative column widths from the dashes of its separator line.
    common = ["--standalone", *(["--toc", f"--toc-depth={meta.toc_depth}"] if meta.toc else []),
              *(["--number-sections"] if meta.number_sections else []), "--columns=72",
              "--wrap=none",
              f"--lua-filter={TEMPLATES / 'report.lua'}"]
    written: dict[str, Path] = {}
    if "html" in formats:
        with tempfile.TemporaryDirectory(prefix="report-html-") as tmp:
            head = Path(tmp) / "head.html"
            head.write_text(html_head_with_marker(), encoding="utf-8")
            html = _pandoc(markdown, ["--to", "html5", *common, "--embed-resources",
                                      f"--template={TEMPLATES / 'report.html'}",
                                      f"--include-in-header={head}"])
        html = html.replace(FONT_MARKER, font_face_css(), 1)
        out = out_dir / "report.html"
        write_atomic(out, unicodedata.normalize("NFC", html))
        written["html"] = out
    if "pdf" in formats:
        source = _pandoc(markdown, ["--to", "typst", *common,
                                    f"--template={TEMPLATES / 'report.typ'}"])
        out = out_dir / "report.pdf"
        _compile_typst(unicodedata.normalize("NFC", source), out, meta)
        written["pdf"] = out
    return written
