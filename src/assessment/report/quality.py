"""Data quality: coverage per area, validation warnings, missing values."""
from __future__ import annotations

from assessment.report.blocks import bullets, cell, heading, join, table
from assessment.progress.assessment import Assessment
from assessment.progress.coverage import missing_indicators
from assessment.report.parts import part
from assessment.i18n import fmt_percent, t
from assessment.intake.validate import relative_paths

MAX_WARNINGS = 40


def _verbatim(a: Assessment, rows, part: str) -> str:
    """The year's rows of ``rows`` (indicator, unit, note) as a list under the heading of
    ``part``: each unit's own words, verbatim (escaped)."""
    if rows is None:
        return ""
    rows = rows[(rows["year"] == a.year) & rows["note"].fillna("").astype(str).str.strip().ne("")]
    if rows.empty:
        return ""
    items = [f"{cell(a.units.name(r.unit, a.lang))}, "
             f"*{cell(a.catalogue.indicator(r.indicator).name(a.lang))}*: {cell(r.note)}"
             for r in rows.sort_values(["indicator", "unit"]).itertuples()]
    return join(heading(2, t(f"quality.{part}_heading", a.lang)),
                t(f"quality.{part}_intro", a.lang), bullets(items[:MAX_WARNINGS]))


def _notes(a: Assessment) -> str:
    """The reporting units' own notes on this year's figures."""
    return _verbatim(a, a.observations, "notes")


def _gaps(a: Assessment) -> str:
    """Rows filed without a figure, with the note that explains them."""
    return _verbatim(a, a.gaps, "gaps")


@part("quality")
def quality(a: Assessment) -> str:
    lang = a.lang
    errors = sum(p.severity == "error" for p in a.problems)
    warnings = relative_paths([p for p in a.problems if p.severity == "warning"],
                              a.data_dir.parent)
    cov = a.coverage
    rows = [(f"{r.area}. {cell(a.catalogue.area(r.area).name(lang))}", str(r.rows),
             str(r.with_value), fmt_percent(100 * r.coverage, lang)) for r in cov.itertuples()]
    headers = [t(f"quality.col_{k}", lang) for k in ("area", "rows", "with_value", "coverage")]
    shown = [cell(w.message(lang)) for w in warnings[:MAX_WARNINGS]]
    if len(warnings) > MAX_WARNINGS:
        shown.append(t("quality.more_warnings", lang, n=len(warnings) - MAX_WARNINGS))
    missing_items = [cell(a.catalogue.indicator(code).name(lang))
                     for code in missing_indicators(a.observations, a.catalogue, a.year)]
    return join(
        heading(1, t("quality.heading", lang), "sec-quality"),
        t("quality.intro", lang, year=a.year, errors=errors, warnings=len(warnings)),
        table(headers, rows, caption=t("quality.coverage_caption", lang, year=a.year),
              ident="table-coverage", align="lrrr", widths=[24, 7, 7, 6]),
        heading(2, t("quality.missing_heading", lang)),
        bullets(missing_items) if missing_items else t("quality.missing_none", lang),
        heading(2, t("quality.warnings_heading", lang)),
        bullets(shown) if shown else t("quality.no_warnings", lang),
        _gaps(a),
        _notes(a),
        t("quality.illustrative", lang) if a.illustrative else "")
