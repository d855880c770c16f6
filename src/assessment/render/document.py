"""The combined Pandoc Markdown document: a YAML header with the report's metadata, then
the ``text/markdown`` outputs of each notebook (:mod:`assessment.render.markdown`)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable

import yaml

from assessment.report import escape
from assessment.i18n import t
from assessment.plan.status import SYMBOLS
from assessment.render.markdown import notebook_to_markdown
from assessment.render.meta import ReportMeta
from assessment.render.status_style import status_css, typst_badge_colours

__all__ = ["combine_markdown"]


def _raw(fmt: str, code: str) -> str:
    """``code`` as a raw inline of format ``fmt`` in Markdown metadata (the templates put
    it in as it is): fenced with more backticks than it holds in a row."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}{{={fmt}}}"


def _link(href: str, name: str) -> dict:
    # the Typst template needs the target as a string literal: a raw Typst inline
    return {"href": escape.md(href), "name": escape.md(name),
            "typst": _raw("typst", escape.typst_string(href))}


def _accompanying(meta: ReportMeta, notebooks: list[Path]) -> list[dict]:
    """The "accompanying files" block: groups of links, relative to
    ``_site/<year>/<lang>/report.*`` (or a variant's ``<lang>/report.*``), to the other
    language's edition, the other years' editions and the portal, the results tables, the
    build's manifest and the executed notebooks, all published with the edition."""
    from assessment.progress.results import RESULTS
    lang = meta.lang
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    other = [(href, f"{meta.other_lang_label} ({kind})")
             for href, kind in ((meta.other_lang_href, "HTML"), (meta.other_lang_pdf_href, "PDF"))
             if href]
    if other:
        groups.append((t("render.files.other_lang", lang), other))
    editions = [(href, str(year)) for year, href in meta.other_years]
    if meta.portal_href:
        editions.append((meta.portal_href, t("render.files.portal", lang)))
    if editions:
        groups.append((t("render.files.editions", lang), editions))
    if meta.product == "scorecards":  # <year>/par_index/<lang>/report.*
        from assessment.progress.par_index import RESULT_FILES
        groups.append((t("render.files.results", lang),
                       [(f"../../results/{name}", name) for name in RESULT_FILES]))
        groups.append((t("render.files.manifest", lang),
                       [("../../manifest.json", "manifest.json")]))
    else:
        groups.append((t("render.files.results", lang),
                       [(f"../results/{name}.csv", f"{name}.csv") for name in RESULTS]))
        groups.append((t("render.files.manifest", lang), [("../manifest.json", "manifest.json")]))
    if notebooks:
        groups.append((t("render.files.notebooks", lang),
                       [(f"../notebooks/{lang}/{nb.name}", nb.name) for nb in notebooks]))
    return [{"label": escape.md(label), "links": [_link(h, n) for h, n in links]}
            for label, links in groups]


def _official_form(meta: ReportMeta) -> dict:
    """The cover's official heading (Decree 30/2020): issuer, number, national heading,
    place and date, the document type; the draft mark. Vietnamese capitals are made here
    (Typst's and CSS's upper() would do too, but Pandoc's metadata is the one source)."""
    lang, cover, md = meta.lang, meta.cover, escape.md
    caps = (lambda s: s.upper()) if lang == "vi" else (lambda s: s)
    form = {
        "issuer-lines": [md(caps(line)) for line in cover.issuer],
        "issuer-parent": md(caps(cover.parent)) if cover.parent else "",
        "number-line": md(cover.number), "place-date": md(cover.place_date),
        "country": md(t("cover.motto_country", lang)), "motto": md(t("cover.motto", lang)),
        "doctype": md(t("cover.doctype", lang)),
        "facts-note": md(cover.facts_note) if cover.facts_note else "",
        # the parts' headings (I, II, …) in capitals, as Vietnamese documents have them
        "caps-parts": lang == "vi",
        "appendix-label": md(meta.label("crossref-apx-prefix", "Annex")),
    }
    if cover.draft:
        form.update({"draft": True, "draft-mark": md(t("cover.draft", lang)),
                     "draft-short": md(t("cover.draft_short", lang)),
                     "draft-note": md(cover.draft_note)})
    return form


def _yaml_header(meta: ReportMeta, notebooks: list[Path] | None = None) -> str:
    """Metadata for the templates: every text is Markdown-escaped (Pandoc re-escapes it)."""
    md = escape.md
    lang = meta.lang
    header = {
        "title": md(meta.title), "pagetitle": md(meta.title),
        "subtitle": md(meta.subtitle), "author": md(meta.author),
        "author-typst": _raw("typst", escape.typst_string(meta.author)),
        "district": md(meta.district),
        # the running head names the issuing body (after 1/7/2025 no district body)
        "district-short": md(" ".join(meta.cover.issuer) if meta.cover.issuer
                             else meta.district_short or meta.district),
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
            "actions", "illustrative", "illustrative_note", "illustrative_short", "variant",
            "variant_short", "files")},
        "accompanying": _accompanying(meta, list(notebooks or [])),
        # the badges in the charts' colours (assessment.plan.status), for each template
        "badge-colors": _raw("typst", typst_badge_colours()),
        "status-css": _raw("html", "<style>" + " ".join(status_css().splitlines()) + "</style>"),
        # a badge's leading symbol is drawn in the status's colour (report.lua)
        "status-symbols": [md(symbol) for symbol in sorted(set(SYMBOLS.values()))],
    }
    header.update(_official_form(meta))
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
    notebooks = [Path(nb) for nb in notebooks]
    bodies = [notebook_to_markdown(nb).strip("\n") for nb in notebooks]
    text = _yaml_header(meta, notebooks) + "\n" + "\n\n".join(b for b in bodies if b) + "\n"
    return unicodedata.normalize("NFC", text)
