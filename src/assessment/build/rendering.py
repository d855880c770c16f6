"""The build's rendering step: each language's report, and the PAR Index scorecards of the
same year when the build made them, in each format (:func:`render_all`). ``opts`` is the
build's checked :class:`~assessment.build.pipeline.BuildOptions`."""
from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from assessment.build import staging
from assessment.build.site import SCORECARDS
from assessment.i18n import LANGS, fmt_date

log = logging.getLogger("assessment.build.pipeline")


def render_lang(lang: str, opts, stage: Path, root: Path, illustrative: bool,
                 today: dt.date, reports: frozenset, differences: dict) -> dict[str, float]:
    """Render one language's report in each format; returns seconds per format.

    ``reports`` are the reports the year folder will hold after this build (made now or
    kept): the language switch and the PDF button link only to those."""
    from assessment import __version__
    from assessment.render import engines as render
    from assessment.build.variant import describe
    from assessment.render.cover import cover_facts
    config = render.load_quarto_config(root)
    notebooks = sorted((stage / "notebooks" / lang).glob("[0-9]*.ipynb"))
    other = next((o for o in LANGS if o != lang), "")
    meta = render.meta_from_config(
        config, lang, opts.params.year, reference_date=fmt_date(opts.params.reference, lang),
        version=__version__, illustrative=illustrative, generated=fmt_date(today, lang),
        other_lang_href="auto" if f"{other}/report.html" in reports else None,
        pdf_href="report.pdf" if f"{lang}/report.pdf" in reports else None,
        variant=describe(differences, lang),
        cover=cover_facts(Path(opts.params.data_dir), opts.params.year, lang))
    spent = {}
    for fmt in opts.formats:
        tick = time.perf_counter()
        render.render_report(notebooks, lang=lang, formats={fmt}, out_dir=stage / lang,
                             meta=meta, engine=opts.engine_name, root=root)
        spent[f"render_{fmt}"] = time.perf_counter() - tick
    cards = sorted((stage / SCORECARDS / "notebooks" / lang).glob("[0-9]*.ipynb"))
    if cards:  # the PAR Index scorecards of the same year, beside the assessment
        from assessment.i18n import t
        from assessment.report.escape import text as plain
        cover = meta.cover
        card_meta = replace(
            meta, title=plain(t("par.title", lang, year=opts.params.year)),
            subtitle=plain(t("par.subtitle", lang)), product="scorecards",
            other_lang_href=f"../{other}/report.html"
            if f"{SCORECARDS}/{other}/report.html" in reports else None,
            other_lang_pdf_href=f"../{other}/report.pdf"
            if f"{SCORECARDS}/{other}/report.pdf" in reports else None,
            pdf_href="report.pdf" if f"{SCORECARDS}/{lang}/report.pdf" in reports else None,
            portal_href="../../../index.html", other_years=(),
            cover=replace(cover, number=""))  # the number is the assessment report's
        for fmt in opts.formats:
            tick = time.perf_counter()
            render.render_report(cards, lang=lang, formats={fmt},
                                 out_dir=stage / SCORECARDS / lang, meta=card_meta,
                                 engine=opts.engine_name, root=root)
            spent[f"render_{fmt}"] += time.perf_counter() - tick
    return spent


def render_all(opts, stage: Path, root: Path, assessment, timings: dict,
                reports: set, differences: dict) -> None:
    """Render the languages in parallel (one process each, up to --jobs). The workers are
    started fresh ("spawn"), not forked: the Typst compiler keeps a thread pool once it has
    run (it decodes SVG charts in parallel), and a forked copy of it deadlocks."""
    tick = time.perf_counter()
    log.info("rendering %d report(s) with the %s engine…", len(opts.langs) * len(opts.formats),
             opts.engine_name)
    args = (opts, stage, root, assessment.illustrative, dt.date.today(), frozenset(reports),
            differences)
    if opts.jobs > 1 and len(opts.langs) > 1:
        with ProcessPoolExecutor(max_workers=min(opts.jobs, len(opts.langs)),
                                 mp_context=multiprocessing.get_context("spawn"),
                                 initializer=staging.die_with_parent) as pool:
            results = list(pool.map(render_lang, opts.langs, *[[a] * len(opts.langs) for a in args]))
    else:
        results = [render_lang(lang, *args) for lang in opts.langs]
    for lang, spent in zip(opts.langs, results):  # seconds per format, summed over languages
        for fmt in opts.formats:  # logged here: a spawned worker has no log handlers
            log.info("rendered %s/report.%s in %.1f s", lang, fmt, spent[f"render_{fmt}"])
        for key, value in spent.items():
            timings[key] = timings.get(key, 0.0) + value
    timings["render"] = time.perf_counter() - tick
