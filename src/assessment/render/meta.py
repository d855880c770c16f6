"""The report's metadata and options, read from ``_quarto.yml`` and its language profiles.

Titles, author and language labels come from ``_quarto.yml`` and ``_quarto-<lang>.yml``
(:func:`load_quarto_config`, :func:`meta_from_config`). :data:`FORMATS` and
:data:`ENGINES` are the one list of each: this module has no heavy imports, so the CLI
and the build's planning use them without loading Pandoc, Typst or notebooks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assessment import yamlio
from assessment.report import escape
from assessment.errors import ConfigError
from assessment.i18n import LANGS, check_lang
from assessment.render.cover import Cover

__all__ = ["ReportMeta", "load_quarto_config", "meta_from_config", "FORMATS", "ENGINES"]

FORMATS = ("html", "pdf")
ENGINES = ("auto", "builtin", "quarto")


@dataclass(frozen=True)
class ReportMeta:
    """Everything the cover, header bar and running heads show (plain text, unescaped)."""

    title: str
    subtitle: str
    district: str
    plan: str
    year: int
    reference_date: str
    version: str
    illustrative: bool
    generated: str
    other_lang_href: str | None
    pdf_href: str | None
    lang: str
    author: str = ""
    district_short: str = ""
    other_lang: str = ""
    other_lang_label: str = ""
    labels: tuple[tuple[str, str], ...] = ()  # Quarto `language:` labels
    variant: str = ""  # what a variant changed (empty for the edition)
    # options of _quarto.yml the builtin engine applies too (Quarto reads them itself)
    toc: bool = True
    toc_depth: int = 2
    number_sections: bool = True
    # links of the "accompanying files" block, relative to <lang>/report.*: the other
    # language's PDF (when built), the portal page and the other years' editions
    other_lang_pdf_href: str | None = None
    portal_href: str | None = "../../index.html"
    other_years: tuple[tuple[int, str], ...] = ()  # (year, href), oldest first
    cover: Cover = Cover()  # the official form's facts (issuer, number, date, draft)
    # "scorecards": the PAR Index scorecard edition in <year>/par_index/<lang>/ (its
    # accompanying files are the PAR Index results, one folder further up)
    product: str = "report"

    def label(self, key: str, default: str = "") -> str:
        return dict(self.labels).get(key, default)


# ------------------------------------------------------------------ configuration
def _read_yaml(path: Path) -> dict:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path} is missing: the report's titles and labels are read from it.")
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must be a YAML mapping.")
    return data


def _merge(base: dict, over: dict) -> dict:
    """Quarto-style merge: mappings merge recursively, other values are replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_quarto_config(root: Path | str) -> dict[str, dict]:
    """``{lang: config}``: ``_quarto.yml`` merged with ``_quarto-<lang>.yml`` for each language."""
    root = Path(root)
    base = _read_yaml(root / "_quarto.yml")
    configs: dict[str, dict] = {}
    for lang in LANGS:
        profile = _read_yaml(root / f"_quarto-{lang}.yml")
        merged = _merge(base, profile)
        if not merged.get("lang"):
            raise ConfigError(f"{root / f'_quarto-{lang}.yml'} has no 'lang': add it.")
        if not (merged.get("report") or {}).get("title"):
            raise ConfigError(f"{root / f'_quarto-{lang}.yml'} has no report: title: add it "
                              "(under `report:`, so that `quarto render` of the notebooks "
                              "does not show the edition's title with a {year} placeholder).")
        configs[lang] = merged
    return configs


def meta_from_config(config: dict[str, dict], lang: str, year: int, *,
                     reference_date: str, version: str, illustrative: bool,
                     generated: str | None = None,
                     other_lang_href: str | None = "auto",
                     pdf_href: str | None = "report.pdf", variant: str = "",
                     other_lang_pdf_href: str | None = None,
                     portal_href: str | None = "auto",
                     other_years: tuple[tuple[int, str], ...] = (),
                     cover: Cover | None = None) -> ReportMeta:
    """The :class:`ReportMeta` of ``lang`` from :func:`load_quarto_config`'s result.

    ``other_lang_href="auto"`` links to ``../<other>/report.html`` (the _site layout), and
    ``other_lang_pdf_href="auto"`` to ``../<other>/report.pdf``. ``portal_href="auto"`` is
    ``_site/index.html`` seen from ``_site/<year>/<lang>/`` (an edition) or from
    ``_site/<year>/variants/<name>/<lang>/`` (a variant). ``other_years`` are
    ``(year, href)`` of the other years' editions, oldest first. ``cover``: the official
    form's facts (:func:`assessment.render.cover.cover_facts`); its issuer is the author.
    The title is the profile's ``title``, in a milestone year ``title-review`` (2025, the
    mid-term review) or ``title-final`` (2030).
    """
    check_lang(lang)
    if lang not in config:
        raise ConfigError(f"No Quarto profile for language {lang!r} (_quarto-{lang}.yml).")
    cfg = config[lang]
    report = cfg.get("report") or {}
    others = [other for other in LANGS if other != lang and other in config]
    other = others[0] if others else ""
    other_report = (config.get(other) or {}).get("report") or {}
    if other_lang_href == "auto":
        other_lang_href = f"../{other}/report.html" if other else None
    if other_lang_pdf_href == "auto":
        other_lang_pdf_href = f"../{other}/report.pdf" if other else None
    if portal_href == "auto":
        portal_href = "../../../../index.html" if variant else "../../index.html"

    def fmt(text: Any) -> str:
        return escape.text(str(text or "").replace("{year}", str(year)))

    cover = cover or Cover()
    title = report.get("title")
    if int(year) == 2030 and report.get("title-final"):
        title = report["title-final"]
    elif int(year) == 2025 and report.get("title-review"):
        title = report["title-review"]
    author = " ".join(cover.issuer) if cover.issuer else report.get("author")

    return ReportMeta(
        title=fmt(title), subtitle=fmt(report.get("subtitle")),
        district=fmt(report.get("district")), plan=fmt(report.get("plan")),
        year=int(year), reference_date=escape.text(reference_date), version=escape.text(version),
        illustrative=bool(illustrative),
        generated=escape.text(generated or dt.date.today().isoformat()),
        other_lang_href=other_lang_href, pdf_href=pdf_href, lang=lang,
        author=fmt(author), cover=cover,
        district_short=fmt(report.get("district-short") or report.get("district")),
        other_lang=other, other_lang_label=fmt(other_report.get("language-name") or other),
        labels=tuple(sorted((str(k), escape.text(v)) for k, v in
                            (cfg.get("language") or {}).items())),
        variant=escape.text(variant),
        toc=bool(cfg.get("toc", True)), toc_depth=int(cfg.get("toc-depth", 2)),
        number_sections=bool(cfg.get("number-sections", True)),
        other_lang_pdf_href=other_lang_pdf_href, portal_href=portal_href,
        other_years=tuple(sorted((int(y), str(href)) for y, href in other_years
                                 if int(y) != int(year))),
    )
