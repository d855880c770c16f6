"""The ``quarto`` engine: ``quarto render`` with the language profile of ``_quarto.yml``,
when a ``quarto`` binary is on PATH."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from assessment.errors import BuildError
from assessment.render.meta import ReportMeta


def _render_quarto(markdown: str, formats: set[str], out_dir: Path, meta: ReportMeta,
                   root: Path) -> dict[str, Path]:
    """``quarto render`` of the combined document with the language profile.

    The combined Markdown is written inside ``out_dir`` (which lies in the project, so
    Quarto finds ``_quarto.yml``); notebooks were executed by papermill already.
    """
    quarto = shutil.which("quarto")
    if quarto is None:
        raise BuildError("The quarto engine needs the `quarto` command on PATH; "
                         "install Quarto or use --engine builtin.")
    src_dir = out_dir / ".quarto-src"
    src_dir.mkdir(parents=True, exist_ok=True)
    source = src_dir / "report.qmd"
    source.write_text(markdown, encoding="utf-8")
    written: dict[str, Path] = {}
    targets = {"html": ("html", "report.html"), "pdf": ("typst", "report.pdf")}
    for fmt in sorted(formats):
        to, name = targets[fmt]
        cmd = [quarto, "render", str(source), "--profile", meta.lang, "--to", to,
               "--no-execute"]
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if proc.returncode != 0:
            raise BuildError(f"quarto render failed ({to}): {proc.stderr.strip()[-2000:]}")
        produced = src_dir / name
        if not produced.exists():
            raise BuildError(f"quarto render did not produce {produced}.")
        os.replace(produced, out_dir / name)
        written[fmt] = out_dir / name
    shutil.rmtree(src_dir, ignore_errors=True)
    return written
