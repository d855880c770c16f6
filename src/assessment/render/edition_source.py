"""The Quarto source of the last built edition, for ``quarto render`` at the repository root.

``_quarto.yml`` runs ``tools/quarto_edition.py`` before rendering (``pre-render``); it
calls :func:`write_last_edition`, which combines the executed notebooks of the latest
edition in ``_site/`` into ``edition/<lang>/report.qmd`` with its charts and the report's
stylesheet and fonts (``edition/head.html``). The language profile's ``project: render:``
then names the one file Quarto renders, into ``_render/``. Nothing is written into the
data, the notebooks or ``_site/``.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from assessment.errors import ConfigError
from assessment.i18n import LANGS, fmt_date

__all__ = ["write_last_edition", "profile_lang", "SOURCE_DIR"]

SOURCE_DIR = "edition"


def profile_lang(profile: str | None) -> str:
    """The language of Quarto's active profile (``QUARTO_PROFILE``, comma-separated);
    the default profile is Vietnamese."""
    for name in (profile or "").split(","):
        if name.strip() in LANGS:
            return name.strip()
    return LANGS[0]


def _latest_edition(site: Path, lang: str) -> tuple[Path, dict]:
    years = sorted((p for p in site.glob("[0-9][0-9][0-9][0-9]")
                    if (p / "manifest.json").is_file() and (p / "notebooks" / lang).is_dir()),
                   key=lambda p: int(p.name))
    if not years:
        raise ConfigError(f"No edition with {lang} notebooks in {site}: build one first "
                          f"(make report), then run quarto render again.")
    folder = years[-1]
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _data_dir(root: Path, params: dict) -> Path:
    """The data folder the edition was built from (the manifest records it relative to
    the repository)."""
    folder = Path(str(params.get("data_dir") or "data"))
    return folder if folder.is_absolute() else root / folder


def write_last_edition(root: Path, lang: str, site: Path | None = None) -> Path:
    """Write ``<root>/edition/<lang>/report.qmd`` (and ``edition/head.html``) from the
    latest edition in ``site`` (default ``<root>/_site``); returns the .qmd path."""
    import datetime as dt

    from assessment.render.builtin import FONT_MARKER, html_head_with_marker
    from assessment.render.document import combine_markdown
    from assessment.render.fonts import font_face_css
    from assessment.render.meta import load_quarto_config, meta_from_config
    from assessment.render.cover import cover_facts
    from assessment.render.quarto import write_source

    root = Path(root).resolve()
    folder, manifest = _latest_edition(Path(site or root / "_site"), lang)
    params = manifest.get("parameters", {})
    year = int(manifest["year"])
    finished = dt.date.fromisoformat(str(manifest.get("finished", ""))[:10] or
                                     dt.date.today().isoformat())
    reference = params.get("reference_date") or f"{year}-12-31"
    meta = meta_from_config(
        load_quarto_config(root), lang, year,
        reference_date=fmt_date(dt.date.fromisoformat(str(reference)[:10]), lang),
        version=str(manifest.get("versions", {}).get("assessment", "")),
        illustrative=bool(manifest.get("illustrative")), generated=fmt_date(finished, lang),
        cover=cover_facts(_data_dir(root, params), year, lang))
    notebooks = sorted((folder / "notebooks" / lang).glob("[0-9]*.ipynb"))
    out = root / SOURCE_DIR / lang
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return write_source(out, combine_markdown(notebooks, meta), root / SOURCE_DIR / "head.html",
                        html_head_with_marker().replace(FONT_MARKER, font_face_css(), 1))
