"""Data quality: coverage per area, validation warnings, missing values."""
from __future__ import annotations

from assessment.report.blocks import bullets, cell, heading, join, table
from assessment.progress.assessment import Assessment
from assessment.progress.coverage import TOTAL, missing_figures
from assessment.report.flags import doubted
from assessment.report.narrative import attached_note
from assessment.report.parts import part
from assessment.i18n import fmt_date, fmt_percent, t
from assessment.intake.validate import relative_paths

MAX_WARNINGS = 40  # verbatim notes shown at most


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


def _coverage_table(a: Assessment) -> str:
    lang = a.lang
    rows = []
    for r in a.coverage.itertuples():
        name = (t("quality.total", lang) if r.area == TOTAL
                else f"{r.area}. {cell(a.catalogue.area(r.area).name(lang))}")
        if r.area == TOTAL:
            name = f"**{name}**"
        rows.append((name, str(r.rows), str(r.with_value), fmt_percent(100 * r.coverage, lang)))
    headers = [t(f"quality.col_{k}", lang) for k in ("area", "rows", "with_value", "coverage")]
    return table(headers, rows, caption=t("quality.coverage_caption", lang, year=a.year),
                 ident="table-coverage", align="lrrr", widths=[24, 7, 7, 6])


def _missing(a: Assessment) -> str:
    lang = a.lang
    missing = missing_figures(a.progress)
    if missing.empty:
        return t("quality.missing_none", lang)
    items = [f"{cell(a.units.name(r.unit, lang))}: {cell(a.catalogue.indicator(r.indicator).name(lang))}"
             for r in missing.itertuples()]
    return join(t("quality.missing_intro", lang, n=len(missing)), bullets(items))


def _names(a: Assessment, codes) -> str:
    return ", ".join(cell(a.units.name(code, a.lang)) for code in codes)


def _round(a: Assessment) -> str:
    """Which units had reported when the year's data round was closed."""
    r, lang = a.round, a.lang
    if r is None:
        return ""
    date = fmt_date(r.collected_on, lang) if r.collected_on else "–"
    if r.complete:
        return t("quality.round_complete", lang, total=r.total, date=date)
    parts = [t("quality.round_counts", lang, returned=r.returned, total=r.total, date=date)]
    if r.not_returned:
        parts.append(t("quality.round_not_returned", lang, n=len(r.not_returned),
                       units=_names(a, r.not_returned)))
    if r.with_errors:
        parts.append(t("quality.round_with_errors", lang, n=len(r.with_errors),
                       units=_names(a, r.with_errors)))
    return " ".join(parts)


def _doubted(a: Assessment) -> str:
    n = len(doubted(a))
    return t("quality.doubted", a.lang, n=n) if n else ""


@part("quality")
def quality(a: Assessment) -> str:
    """The public data-quality statement: coverage (the same figure as the summary's),
    the figures missing, the doubted values; the validation's full list of warnings is
    in the reviewer's part :func:`quality_review`."""
    lang = a.lang
    errors = sum(p.severity == "error" for p in a.problems)
    warnings = sum(p.severity == "warning" for p in a.problems)
    return join(
        heading(1, t("quality.heading", lang), "sec-quality", appendix=True),
        attached_note(a),
        t("quality.intro", lang, year=a.year, errors=errors, warnings=warnings),
        _round(a),
        _coverage_table(a),
        heading(2, t("quality.missing_heading", lang)),
        _missing(a),
        _doubted(a),
        _gaps(a),
        _notes(a),
        t("quality.illustrative", lang) if a.illustrative else "")


@part("quality_review")
def quality_review(a: Assessment) -> str:
    """For reviewers (the notebook's review cell, not the published edition): every
    validation warning with its file, row, column and rule."""
    lang = a.lang
    warnings = relative_paths([p for p in a.problems if p.severity == "warning"],
                              a.data_dir.parent)
    shown = [cell(w.message(lang)) for w in warnings]
    return join(heading(2, t("quality.warnings_heading", lang)),
                bullets(shown) if shown else t("quality.no_warnings", lang))
