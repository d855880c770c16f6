"""Render executed notebooks into the report: self-contained HTML and PDF/A.

One interface, two engines:

* ``builtin`` (always available): the ``text/markdown`` outputs of each notebook
  (:mod:`assessment.render.markdown`) are combined into one Pandoc Markdown document; Pandoc
  (``pypandoc-binary``) writes self-contained HTML with our template and Typst, which the
  ``typst`` package compiles to PDF/A-2u (a missing glyph fails the build).
* ``quarto``: when a ``quarto`` binary is on PATH, ``quarto render`` with the language
  profile of ``_quarto.yml``.

Titles, author and language labels come from ``_quarto.yml`` and ``_quarto-<lang>.yml``
(:func:`load_quarto_config`, :func:`meta_from_config`).
"""
from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from assessment import yamlio
from assessment.report import escape
from assessment.errors import BuildError, ConfigError
from assessment.i18n import LANGS, check_lang, t
from assessment.render.markdown import notebook_to_markdown
from assessment.paths import write_atomic

__all__ = ["ReportMeta", "load_quarto_config", "meta_from_config", "combine_markdown",
           "render_report", "FORMATS", "ENGINES"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE_DIR / "templates"
FONTS = PACKAGE_DIR / "fonts"
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
        for key in ("title", "lang"):
            if not merged.get(key):
                raise ConfigError(f"{root / f'_quarto-{lang}.yml'} has no {key!r}: add it.")
        configs[lang] = merged
    return configs


def meta_from_config(config: dict[str, dict], lang: str, year: int, *,
                     reference_date: str, version: str, illustrative: bool,
                     generated: str | None = None,
                     other_lang_href: str | None = "auto",
                     pdf_href: str | None = "report.pdf", variant: str = "") -> ReportMeta:
    """The :class:`ReportMeta` of ``lang`` from :func:`load_quarto_config`'s result.

    ``other_lang_href="auto"`` links to ``../<other>/report.html`` (the _site layout).
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

    def fmt(text: Any) -> str:
        return escape.text(str(text or "").replace("{year}", str(year)))

    return ReportMeta(
        title=fmt(cfg.get("title")), subtitle=fmt(cfg.get("subtitle")),
        district=fmt(report.get("district")), plan=fmt(report.get("plan")),
        year=int(year), reference_date=escape.text(reference_date), version=escape.text(version),
        illustrative=bool(illustrative),
        generated=escape.text(generated or dt.date.today().isoformat()),
        other_lang_href=other_lang_href, pdf_href=pdf_href, lang=lang,
        author=fmt(cfg.get("author")),
        district_short=fmt(report.get("district-short") or report.get("district")),
        other_lang=other, other_lang_label=fmt(other_report.get("language-name") or other),
        labels=tuple(sorted((str(k), escape.text(v)) for k, v in
                            (cfg.get("language") or {}).items())),
        variant=escape.text(variant),
    )


# ------------------------------------------------------------------ markdown
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


# ------------------------------------------------------------------ tools
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


_FACES = (  # (family, file, weight, style)
    ("Noto Serif", "NotoSerif-Regular.ttf", 400, "normal"),
    ("Noto Serif", "NotoSerif-Bold.ttf", 700, "normal"),
    ("Noto Serif", "NotoSerif-Italic.ttf", 400, "italic"),
    ("Noto Serif", "NotoSerif-BoldItalic.ttf", 700, "italic"),
    ("Noto Sans", "NotoSans-Regular.ttf", 400, "normal"),
    ("Noto Sans", "NotoSans-Bold.ttf", 700, "normal"),
    ("Noto Sans", "NotoSans-Italic.ttf", 400, "italic"),
    # status symbols (✔ ▲ ► ▼ ✖ ○): not in Noto Serif/Sans
    ("Noto Sans Symbols2", "NotoSansSymbols2-Regular.ttf", 400, "normal"),
    # − ≤ ≥: not in Noto Serif/Sans either
    ("Noto Sans Math", "NotoSansMath-Regular.ttf", 400, "normal"),
)
# Latin, Latin-1, Latin Extended A/B, combining marks, Vietnamese (Latin Extended
# Additional), general punctuation, currency (₫ €), letterlike, arrows, math operators.
_UNICODES = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
             *range(0x2000, 0x2070), *range(0x20A0, 0x20C1), *range(0x2100, 0x2150),
             *range(0x2190, 0x2200), *range(0x2200, 0x2300), *range(0x25A0, 0x27C0)]


def _font_bytes(path: Path) -> tuple[bytes, str]:
    """The font subset to the report's scripts, as WOFF (falls back to the whole TTF)."""
    try:
        from io import BytesIO

        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return path.read_bytes(), "truetype"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.flavor = "woff"
    font = TTFont(path, recalcTimestamp=False)  # reproducible bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    buffer = BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue(), "woff"


def _font_cache_file() -> Path:
    """Where the subset fonts' CSS is kept between runs (subsetting takes seconds)."""
    import hashlib
    digest = hashlib.sha256(repr(_UNICODES).encode())
    for _family, file, *_ in _FACES:
        digest.update(file.encode())
        digest.update((FONTS / file).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assessment"
    return root / f"fonts-{digest.hexdigest()[:20]}.css"


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """``@font-face`` rules with the bundled Noto fonts as data URIs (no network).

    The result depends only on the font files and the character ranges; it is cached on
    disk under a key of both, so only the first build on a machine pays for subsetting."""
    cache = _font_cache_file()
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    rules = []
    for family, file, weight, style in _FACES:
        data, fmt = _font_bytes(FONTS / file)
        mime = "font/woff" if fmt == "woff" else "font/ttf"
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(f'@font-face{{font-family:"{family}";font-weight:{weight};'
                     f"font-style:{style};font-display:swap;"
                     f'src:url(data:{mime};base64,{encoded}) format("{fmt}");}}')
    css = "\n".join(rules)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, css)
    except OSError:  # a read-only home: no cache, same result
        pass
    return css


def _html_head() -> str:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return f"<style>\n{font_face_css()}\n{css}</style>\n"


def _typst_timestamp(generated: str) -> int | None:
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
                pdf_standards=["a-2u"], timestamp=_typst_timestamp(meta.generated))
        except Exception as exc:  # typst.TypstError and friends
            raise BuildError(f"typst failed while writing {out.name}: {exc}") from exc
    write_atomic(out, pdf)


# ------------------------------------------------------------------ engines
def _render_builtin(markdown: str, formats: set[str], out_dir: Path,
                    meta: ReportMeta) -> dict[str, Path]:
    # --columns=72 (Pandoc's default): a pipe table with a longer line spans the text width
    # and takes its relative column widths from the dashes of its separator line.
    common = ["--standalone", "--toc", "--toc-depth=2", "--number-sections", "--columns=72",
              "--wrap=none",
              f"--lua-filter={TEMPLATES / 'report.lua'}"]
    written: dict[str, Path] = {}
    if "html" in formats:
        # The fonts (several MB of data URIs) are put in after Pandoc, which would
        # otherwise scan them for resources to embed.
        marker = "<!-- assessment:font-faces -->"
        with tempfile.TemporaryDirectory(prefix="report-html-") as tmp:
            head = Path(tmp) / "head.html"
            head.write_text(_html_head().replace(font_face_css(), marker), encoding="utf-8")
            html = _pandoc(markdown, ["--to", "html5", *common, "--embed-resources",
                                      f"--template={TEMPLATES / 'report.html'}",
                                      f"--include-in-header={head}"])
        html = html.replace(marker, font_face_css(), 1)
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


def resolve_engine(engine: str) -> str:
    """The engine ``auto`` stands for here: quarto when installed, else builtin."""
    return _pick_engine(engine)


def _pick_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ConfigError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "builtin"
    return engine


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
