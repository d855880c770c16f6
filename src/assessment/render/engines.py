"""Render executed notebooks into the report: self-contained HTML and PDF/A.

One interface, two engines:

* ``builtin`` (always available): the ``text/markdown`` outputs of each notebook
  (:mod:`assessment.render.markdown`) are combined into one Pandoc Markdown document; Pandoc
  (``pypandoc-binary``) writes self-contained HTML with our template and Typst, which the
  ``typst`` package compiles to PDF/A-2u (a missing glyph fails the build).
* ``quarto``: with a supported Quarto on PATH (:mod:`~assessment.render.quarto`),
  ``quarto render`` in a project made from ``_quarto.yml`` and the language profile, with
  the same templates and filter: both engines make the same edition.

Titles, author and language labels come from ``_quarto.yml`` and ``_quarto-<lang>.yml``
(:func:`load_quarto_config`, :func:`meta_from_config`).

This module is the entry point (:func:`render_report`) and picks the engine; the parts
live beside it: :mod:`~assessment.render.meta` (metadata, configuration, the formats and
engines), :mod:`~assessment.render.document` (the combined Markdown),
:mod:`~assessment.render.fonts` (the embedded fonts), :mod:`~assessment.render.builtin`
and :mod:`~assessment.render.quarto` (the two engines).
"""
from __future__ import annotations

from pathlib import Path

from assessment.errors import BuildError, ConfigError
from assessment.i18n import check_lang
from assessment.render.builtin import _render_builtin
from assessment.render.document import combine_markdown
from assessment.render.meta import (ENGINES, FORMATS, ReportMeta, load_quarto_config,
                                    meta_from_config)
from assessment.render.quarto import _render_quarto, pick_engine

__all__ = ["ReportMeta", "load_quarto_config", "meta_from_config", "combine_markdown",
           "render_report", "FORMATS", "ENGINES"]


def resolve_engine(engine: str) -> str:
    """The engine ``auto`` stands for here: a supported Quarto when installed, else builtin."""
    return _pick_engine(engine)


def _pick_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ConfigError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
    return pick_engine(engine)[0]


def render_report(notebooks: list[Path], *, lang: str, formats: set[str], out_dir: Path,
                  meta: ReportMeta, engine: str = "auto",
                  root: Path | None = None) -> dict[str, Path]:
    """Write ``out_dir/report.html`` and/or ``out_dir/report.pdf``; ``{format: path}``.

    ``root`` is the project root holding ``_quarto.yml`` (quarto engine only; default:
    the current directory).
    """
    check_lang(lang)
    if meta.lang != lang:
        raise ConfigError(f"ReportMeta is for {meta.lang!r} but lang is {lang!r}.")
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ConfigError(f"Unknown format(s) {sorted(unknown)}: use html and/or pdf.")
    chosen = _pick_engine(engine)
    if not notebooks:
        raise BuildError("No executed notebooks to render.")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = combine_markdown(notebooks, meta)
    if chosen == "quarto":
        return _render_quarto(markdown, set(formats), out_dir, meta, Path(root or Path.cwd()))
    return _render_builtin(markdown, set(formats), out_dir, meta)
