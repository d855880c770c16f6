"""The portal landing page ``_site/index.html``: every year × language × format built."""
from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from assessment.report import escape
from assessment.paths import write_atomic
from assessment.i18n import LANGS, t
from assessment.progress.results import RESULTS
from assessment.render.meta import FORMATS as _FORMATS

__all__ = ["write_index", "scan_site"]

# Published beside the reports, for reviewers: results tables and the build's manifest.
_EXTRAS = (tuple(f"results/{name}.csv" for name in RESULTS)
           + ("results/par_index.csv", "results/par_index_components.csv", "manifest.json"))
_PDF_TYPE = ' type="application/pdf"'


def _size(n: int) -> str:
    """``1,2 MB / 1.2 MB`` style size, language-neutral (kB, MB)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} kB"


SCORECARDS = "par_index"  # <year>/par_index/<lang>/report.*: the PAR Index scorecards


def _manifest(year_dir: Path) -> dict:
    try:
        return json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _built(manifest: dict) -> str:
    """The build date, ``30/11/2026 · 30 Nov 2026`` (both languages' formats)."""
    import datetime as dt

    from assessment.i18n import fmt_date
    value = str(manifest.get("finished") or manifest.get("generated") or "")
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return escape.text(value)
    return f"{fmt_date(day, 'vi')} · {fmt_date(day, 'en')}"


def _reports(folder: Path) -> dict[str, dict[str, int]]:
    """``{lang: {format: bytes}}`` of the reports in an edition or variant folder."""
    reports = {}
    for lang in LANGS:
        files = {fmt: folder / lang / f"report.{fmt}" for fmt in _FORMATS}
        found = {fmt: p.stat().st_size for fmt, p in files.items() if p.is_file()}
        if found:
            reports[lang] = found
    return reports


def _variants(year_dir: Path) -> list[dict]:
    """The variants of a year (builds with other parameters than the edition's)."""
    from assessment.build.variant import describe
    found = []
    root = year_dir / "variants"
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        reports = _reports(entry) if entry.is_dir() else {}
        if not reports:
            continue
        manifest = _manifest(entry)
        differences = manifest.get("differences") or {}
        try:
            about = {lang: describe(differences, lang) for lang in LANGS}
        except (KeyError, ValueError, TypeError):  # a manifest from another version
            about = {lang: "" for lang in LANGS}
        edition_inputs = _manifest(year_dir).get("inputs")
        found.append({"name": entry.name, "reports": reports, "about": about,
                      "built": _built(manifest),
                      # made from other data than the edition now published beside it
                      "other_inputs": bool(edition_inputs and manifest.get("inputs")
                                           and manifest["inputs"] != edition_inputs)})
    return found


def scan_site(site_dir: Path) -> list[dict]:
    """Years built under ``site_dir``, newest first, with their reports, sizes and
    variants."""
    years = []
    for entry in Path(site_dir).iterdir() if Path(site_dir).is_dir() else []:
        if not (entry.is_dir() and re.fullmatch(r"\d{4}", entry.name)):
            continue
        reports, variants = _reports(entry), _variants(entry)
        if reports or variants:
            manifest = _manifest(entry)
            extras = [name for name in _EXTRAS if (entry / name).is_file()]
            years.append({"year": int(entry.name), "reports": reports, "built": _built(manifest),
                          "scorecards": _reports(entry / SCORECARDS),
                          "illustrative": bool(manifest.get("illustrative")),
                          "extras": extras, "variants": variants})
    return sorted(years, key=lambda y: y["year"], reverse=True)


def _both(key: str, **fields) -> tuple[str, str]:
    return escape.html(t(key, "vi", **fields)), escape.html(t(key, "en", **fields))


def _links(base: str, reports: dict) -> list[str]:
    rows = []
    for lang in LANGS:
        if lang not in reports:
            continue
        name_vi, name_en = _both(f"render.index.lang_{lang}")
        links = " ".join(
            f'<a class="file" href="{base}/{lang}/report.{fmt}" hreflang="{lang}"'
            f'{_PDF_TYPE if fmt == "pdf" else ""}>{fmt.upper()} '
            f'<span class="size">({_size(size)})</span></a>'
            for fmt, size in sorted(reports[lang].items()))
        rows.append(f'<tr><td>{name_vi} <span lang="en">/ {name_en}</span></td><td>{links}</td></tr>')
    return rows


def _table(rows: list[str]) -> str:
    l_vi, l_en = _both("render.index.language")
    return (f"<table>\n<thead><tr><th>{l_vi} / <span lang=\"en\">{l_en}</span></th>"
            f"<th>HTML · PDF</th></tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>")


def _note(key: str, rest: str = "", strong: bool = False) -> str:
    """``<p class="built">vi / en[: rest]</p>``: a bilingual line of the portal page."""
    vi, en = _both(key)
    label = f"<strong>{vi}</strong>" if strong else vi
    return (f'<p class="built">{label} / <span lang="en">{en}</span>'
            f'{": " + rest if rest else ""}</p>')


def _variant_block(year: int, variants: list[dict]) -> str:
    v_vi, v_en = _both("render.index.variants")
    items = []
    for item in variants:
        name = escape.html(item["name"])
        about = (f'<p class="built">{escape.html(item["about"]["vi"])}</p>\n'
                 f'<p class="built" lang="en">{escape.html(item["about"]["en"])}</p>'
                 if item["about"]["vi"] else "")
        lines = [_note("render.index.built", escape.html(item["built"]))] if item["built"] else []
        if item.get("other_inputs"):
            lines.append(_note("render.index.variant_other_inputs", strong=True))
        built = "\n".join(lines)
        rows = _links(f"{year}/variants/{name}", item["reports"])
        items.append(f'<div class="variant"><h4><code>{name}</code></h4>\n{about}\n{built}\n'
                     f"{_table(rows)}</div>")
    return (f'<h3 class="variants">{v_vi} <span class="en" lang="en">· {v_en}</span></h3>\n'
            + "\n".join(items))


def _year_block(item: dict) -> str:
    year = item["year"]
    vi, en = _both("render.index.report", year=year)
    parts = []
    if item["reports"]:
        lines = [_note("render.index.built", escape.html(item["built"]))] if item["built"] else []
        if item.get("illustrative"):
            lines.append(_note("render.index.illustrative", strong=True))
        if item.get("extras"):
            links = " · ".join(f'<a href="{year}/{name}">{escape.html(name.split("/")[-1])}</a>'
                               for name in item["extras"])
            lines.append(_note("render.index.data", links))
        built = "\n".join(lines)
        parts.append(f"{built}\n{_table(_links(str(year), item['reports']))}")
    if item.get("scorecards"):  # the PAR Index scorecard edition of the same year
        s_vi, s_en = _both("render.index.scorecards", year=year)
        parts.append(f'<h3 class="scorecards">{s_vi} <span class="en" lang="en">· {s_en}</span>'
                     f"</h3>\n{_table(_links(f'{year}/{SCORECARDS}', item['scorecards']))}")
    if item.get("variants"):
        parts.append(_variant_block(year, item["variants"]))
    return (f'<section class="year" id="y{year}">\n<h2>{vi} <span class="en" lang="en">· {en}</span></h2>\n'
            + "\n".join(parts) + "\n</section>")


def write_index(site_dir: Path, tmp_dir: Path | None = None) -> Path:
    """Write ``site_dir/index.html`` (self-contained, ``lang="vi"``) and return its path.
    The page is written under a unique name in ``tmp_dir`` (the build's staging area,
    never published) and renamed into place."""
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    years = scan_site(site_dir)
    if years:
        body = "\n".join(_year_block(item) for item in years)
    else:
        e_vi, e_en = _both("render.index.empty")
        body = f'<p class="empty">{e_vi} <span lang="en">{e_en}</span></p>'
    title_vi, title_en = _both("render.index.title")
    intro_vi, intro_en = _both("render.index.intro")
    f_vi, f_en = _both("render.index.footer")
    template = (resources.files("assessment") / "templates" / "index.html").read_text(encoding="utf-8")
    page = template.format(
        title_vi=title_vi, title_en=title_en, intro_vi=intro_vi, intro_en=intro_en,
        authority=escape.html(t("render.index.authority", "vi")), years=body,
        footer=f'{f_vi} · <span lang="en">{f_en}</span>', font_css=_font_css())
    out = site_dir / "index.html"
    write_atomic(out, unicodedata.normalize("NFC", page), tmp_dir=tmp_dir)
    return out


def _font_css() -> str:
    from assessment.render.fonts import font_face_css
    # Only the sans faces are used on this page.
    return "\n".join(rule for rule in font_face_css().splitlines() if '"Noto Sans"' in rule)
