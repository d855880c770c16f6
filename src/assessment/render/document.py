"""The combined Pandoc Markdown document: a YAML header with the report's metadata, then
the ``text/markdown`` outputs of each notebook (:mod:`assessment.render.markdown`)."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable

import yaml

from assessment.report import escape
from assessment.i18n import t
from assessment.render.markdown import notebook_to_markdown
from assessment.render.meta import ReportMeta

__all__ = ["combine_markdown"]


def _yaml_header(meta: ReportMeta) -> str:
    """Metadata for the templates: every text is Markdown-escaped (Pandoc re-escapes it)."""
    md = escape.md
    lang = meta.lang
    header = {
        "title": md(meta.title), "pagetitle": md(meta.title),
        "subtitle": md(meta.subtitle), "author": md(meta.author),
        "district": md(meta.district), "district-short": md(meta.district_short or meta.district),
        "plan": md(meta.plan), "year": md(meta.year),
        "reference-date": md(meta.reference_date), "version": md(meta.version),
        "generated": md(meta.generated), "lang": lang,
        "illustrative": bool(meta.illustrative),
        "toc-title": md(meta.label("toc-title-document", t("render.contents", lang))),
        "crossref-labels": {
            "fig": md(meta.label("crossref-fig-title", "Figure")),
            "tbl": md(meta.label("crossref-tbl-title", "Table")),
            "sec": md(meta.label("crossref-sec-prefix", "Section")),
        },
        "ui": {key.replace("_", "-"): md(t(f"render.{key}", lang)) for key in (
            "year", "reference_date", "version", "generated", "page", "pdf", "skip",
            "actions", "illustrative", "illustrative_note", "variant", "variant_short")},
    }
    if meta.variant:
        header["variant"] = md(t("render.variant_note", lang, changes=meta.variant))
    if meta.other_lang_href:
        header["other-lang-href"] = md(meta.other_lang_href)
        header["other-lang"] = meta.other_lang
        header["other-lang-label"] = md(meta.other_lang_label)
    if meta.pdf_href:
        header["pdf-href"] = md(meta.pdf_href)
    dumped = yaml.safe_dump(header, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{dumped}---\n"


def combine_markdown(notebooks: Iterable[Path], meta: ReportMeta) -> str:
    """One Pandoc Markdown document: the YAML header, then each notebook's outputs in order."""
    bodies = [notebook_to_markdown(Path(nb)).strip("\n") for nb in notebooks]
    text = _yaml_header(meta) + "\n" + "\n\n".join(b for b in bodies if b) + "\n"
    return unicodedata.normalize("NFC", text)
