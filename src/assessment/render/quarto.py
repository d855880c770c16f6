"""The ``quarto`` engine: ``quarto render`` of the edition in a Quarto project of its own.

The project is made from ``_quarto.yml`` and the language profiles (the one source of
options), so Quarto applies them as it would in the repository: the profile's labels, the
fonts, PDF/A-2u, the report's filter and the edition's templates (the same templates the
builtin engine uses, so both engines make the same cover, banner, language switch,
running heads and page numbers). Paths in the
configuration are rewritten relative to the project; the charts are copied into it, since
Quarto lets Typst read only files inside the project.

Finding Quarto (:func:`find_quarto`) is light: the CLI and the build's planning use it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assessment.errors import BuildError

__all__ = ["QuartoFound", "find_quarto", "SUPPORTED", "supported_text", "quarto_error",
           "pick_engine", "write_source"]

# The Quarto versions this engine is tested with: >= 1.10, < 1.11.
SUPPORTED = ((1, 10), (1, 11))
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_VERSION = re.compile(r"\b(\d+)\.(\d+)(?:\.(\d+))?\b")


def supported_text() -> str:
    (lo_major, lo_minor), _ = SUPPORTED
    return f"{lo_major}.{lo_minor}.x"


@dataclass(frozen=True)
class QuartoFound:
    """A ``quarto`` command on PATH: where, which version, and whether this engine supports it."""

    path: str
    version: str  # "" when ``quarto --version`` gave none

    @property
    def supported(self) -> bool:
        match = _VERSION.search(self.version)
        if not match:
            return False
        got = (int(match.group(1)), int(match.group(2)))
        return SUPPORTED[0] <= got < SUPPORTED[1]

    def describe(self) -> str:
        return f"Quarto {self.version or '(unknown version)'} at {self.path}"


@lru_cache(maxsize=None)
def _probe(path: str) -> str:
    try:
        proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return ""
    match = _VERSION.search(_ANSI.sub("", proc.stdout))
    return match.group(0) if proc.returncode == 0 and match else ""


def find_quarto() -> QuartoFound | None:
    """The ``quarto`` on PATH with its version, or None."""
    path = shutil.which("quarto")
    return QuartoFound(path, _probe(path)) if path else None


def pick_engine(engine: str) -> tuple[str, str]:
    """``(engine, why)``: what ``auto`` stands for here, and a line saying so.

    ``auto`` picks Quarto only when one of a supported version is on PATH; ``quarto``
    requires one (:class:`~assessment.errors.ConfigError` otherwise, before any work)."""
    from assessment.errors import ConfigError

    if engine == "builtin":
        return "builtin", "engine: builtin (Pandoc + Typst)"
    found = find_quarto()
    if engine == "quarto":
        if found is None:
            raise ConfigError("--engine quarto needs the `quarto` command on PATH: install "
                              f"Quarto {supported_text()}, or use --engine builtin (or auto).")
        if not found.supported:
            raise ConfigError(f"--engine quarto: {found.describe()} is not a version this "
                              f"engine supports ({supported_text()}): install Quarto "
                              f"{supported_text()}, or use --engine builtin (or auto).")
        return "quarto", f"engine: quarto ({found.describe()})"
    if engine != "auto":
        raise ConfigError(f"Unknown engine {engine!r}: use auto, builtin or quarto.")
    if found is None:
        return "builtin", "engine: builtin (Pandoc + Typst; no Quarto on PATH)"
    if not found.supported:
        return "builtin", (f"engine: builtin (Pandoc + Typst); {found.describe()} is not "
                           f"used: the quarto engine supports {supported_text()}")
    return "quarto", f"engine: quarto ({found.describe()})"


def quarto_error(stderr: str, limit: int = 25) -> str:
    """The part of Quarto's output that says what went wrong, without colour codes.

    From the first line that reports an error (``ERROR``, ``error:``, a Typst or Pandoc
    failure) on, up to ``limit`` lines; Quarto's echo of the Pandoc options is skipped."""
    lines = [line.rstrip() for line in _ANSI.sub("", stderr).splitlines()]
    start = next((i for i, line in enumerate(lines)
                  if re.match(r"\s*(ERROR|error(\[\w+\])?:|Error|\[?WARNING\]? .*fail)", line)),
                 None)
    if start is None:
        kept = [line for line in lines if line.strip() and not line.startswith("  ")]
        chosen = kept[-limit:]
    else:
        chosen = [line for line in lines[start:] if line.strip()][:limit]
    return "\n".join(chosen) or "(Quarto printed nothing)"


# ------------------------------------------------------------------ the project
def _rel(root: Path, project: Path, value: str) -> str:
    path = Path(value)
    if not path.is_absolute():
        path = root / path
    return Path(os.path.relpath(path.resolve(), project.resolve())).as_posix()


def _rebase(config: dict, root: Path, project: Path) -> dict:
    """``config`` with the paths Quarto and the report read made relative to ``project``."""
    out = dict(config)
    rel = lambda v: _rel(root, project, v)  # noqa: E731

    def filters(items):
        return [rel(i) if isinstance(i, str) and i != "quarto"
                else ({**i, "path": rel(i["path"])} if isinstance(i, dict) and "path" in i else i)
                for i in items or []]

    if "filters" in out:
        out["filters"] = filters(out["filters"])
    formats = {}
    for name, opts in (out.get("format") or {}).items():
        opts = dict(opts or {})
        for key in ("template", "include-in-header", "css"):
            if isinstance(opts.get(key), str):
                opts[key] = rel(opts[key])
        if "font-paths" in opts:
            opts["font-paths"] = [rel(p) for p in opts["font-paths"]]
        if "filters" in opts:
            opts["filters"] = filters(opts["filters"])
        formats[name] = opts
    if formats:
        out["format"] = formats
    return out


def _edition_config(base: dict, root: Path, project: Path, header: Path) -> dict:
    """The project's ``_quarto.yml``: the repository's, for one rendered edition."""
    config = {k: v for k, v in base.items() if k not in ("project", "profile")}
    config["project"] = {"type": "default", "render": ["report.qmd"]}
    config["profile"] = base.get("profile") or {}
    config["execute"] = {**(base.get("execute") or {}), "enabled": False}
    formats = dict(base.get("format") or {})
    for name in ("html", "typst"):
        if not (formats.get(name) or {}).get("template"):
            raise BuildError(f"{root / '_quarto.yml'} names no format: {name}: template: "
                             "the edition's template (see the repository's _quarto.yml).")
    # the fonts' CSS comes after Quarto, as with the builtin engine
    formats["html"] = {**formats["html"], "include-in-header": str(header)}
    config["format"] = formats
    return _rebase(config, root, project)


def write_source(folder: Path, markdown: str, head: Path, head_html: str) -> Path:
    """``folder/report.qmd`` with its charts copied beside it, and the HTML head; both
    the quarto engine's project and ``quarto render`` at the root use it."""
    from assessment.paths import write_atomic
    from assessment.render.markdown import relocate_images

    source = folder / "report.qmd"
    write_atomic(source, relocate_images(markdown, folder, "figures"))
    write_atomic(head, head_html)
    return source


def _write_project(project: Path, markdown: str, root: Path) -> None:
    """The project: ``_quarto.yml``, the profiles, the head, ``report.qmd`` and its charts."""
    import yaml

    from assessment import yamlio
    from assessment.render.builtin import html_head_with_marker

    header = project / "header.html"
    write_source(project, markdown, header, html_head_with_marker())
    base = yamlio.load((root / "_quarto.yml").read_text(encoding="utf-8")) or {}
    config = _edition_config(base, root, project, header)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False,  # noqa: E731
                                       width=10_000)
    (project / "_quarto.yml").write_text(dump(config), encoding="utf-8")
    for profile in root.glob("_quarto-*.yml"):
        data = yamlio.load(profile.read_text(encoding="utf-8")) or {}
        data.pop("project", None)  # what `quarto render` renders at the repository root
        (project / profile.name).write_text(dump(_rebase(data, root, project)), encoding="utf-8")


def _render_quarto(markdown: str, formats: set[str], out_dir: Path, meta, root: Path
                   ) -> dict[str, Path]:
    """``quarto render`` of the combined document in a project made for it, with the
    language profile; notebooks were executed by papermill already."""
    from assessment.paths import write_atomic
    from assessment.render.builtin import FONT_MARKER, typst_timestamp
    from assessment.render.fonts import font_face_css

    pick_engine("quarto")  # ConfigError unless a supported Quarto is on PATH
    found = find_quarto()
    written: dict[str, Path] = {}
    targets = {"html": ("html", "report.html"), "pdf": ("typst", "report.pdf")}
    env = {**os.environ, "QUARTO_PROFILE": meta.lang}
    stamp = typst_timestamp(meta.generated)
    if stamp is not None:  # Typst dates the PDF by it: rebuilds are reproducible
        env["SOURCE_DATE_EPOCH"] = str(stamp)
    with tempfile.TemporaryDirectory(prefix="quarto-", dir=out_dir) as tmp:
        project = Path(tmp)
        _write_project(project, markdown, Path(root).resolve())
        for fmt in sorted(formats):
            to, name = targets[fmt]
            cmd = [found.path, "render", "report.qmd", "--profile", meta.lang, "--to", to,
                   "--no-execute"]
            proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)
            produced = project / name
            if proc.returncode != 0 or not produced.exists():
                raise BuildError(f"quarto render ({meta.lang}, {to}) failed:\n"
                                 f"{quarto_error(proc.stderr + proc.stdout)}")
            out = out_dir / name
            if fmt == "html":
                html = produced.read_text(encoding="utf-8")
                html = html.replace(FONT_MARKER, font_face_css(), 1)
                write_atomic(out, unicodedata.normalize("NFC", html))
            else:
                write_atomic(out, produced.read_bytes())
            written[fmt] = out
    return written
