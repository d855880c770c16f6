"""Methodology and the reproducibility appendix (parameters, input hashes, versions)."""
from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from assessment.report.blocks import badge, bullets, cell, heading, join, table
from assessment.params import file_hashes
from assessment.progress.assessment import Assessment
from assessment.i18n import catalogue_text, fmt_date, fmt_number, t
from assessment.plan.status import INDICATOR_STATUSES, TASK_STATUSES, OUTLOOKS
from assessment.report.narrative import attached_note
from assessment.report.parts import part

PACKAGES = ("assessment", "pandas", "numpy", "pandera", "matplotlib", "babel", "openpyxl",
            "papermill", "nbclient", "pypandoc-binary", "typst")


def package_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "–"
    return found


def method_text(method: str, lang: str) -> list[str]:
    """The methodology paragraphs for ``method`` (keys ``method.<method>.*`` and the
    shared ``method.common.*``), in file order."""
    keys = [k for k in catalogue_text() if k.startswith(("method.common.", f"method.{method}."))]
    words = status_words(lang)
    return [t(k, lang, **words) for k in keys]


def status_words(lang: str) -> dict[str, str]:
    """``{s_<status>: word}``: the methodology names statuses only through these, so a
    status has one word everywhere (locales/labels.yaml)."""
    return {f"s_{s}": t(f"status.{s}", lang)
            for s in (*INDICATOR_STATUSES, *TASK_STATUSES, *OUTLOOKS)}


def _status_table(a: Assessment) -> str:
    lang, th = a.lang, a.params.thresholds
    fields = dict(on_track=fmt_number(th.on_track, lang, 2),
                  needs=fmt_number(th.needs_acceleration, lang, 2),
                  floor=fmt_number(th.off_track_floor, lang, 2))
    rows = [(badge(s, lang), t(f"methodology.rule.{s}", lang, **fields))
            for s in INDICATOR_STATUSES]
    return table([t("methodology.col_status", lang), t("methodology.col_rule", lang)], rows,
                 caption=t("methodology.statuses_caption", lang), ident="table-statuses",
                 align="ll", widths=[8, 20])


@part("methodology")
def methodology(a: Assessment) -> str:
    lang = a.lang
    notes = [f"*{cell(i.name(lang))}* ({', '.join(dict.fromkeys(x.section for x in i.targets))}): "
             f"{cell(i.note(lang))}" for i in a.catalogue.indicators if i.note(lang)]
    return join(heading(1, t("methodology.heading", lang), "sec-methodology", appendix=True),
                attached_note(a),
                *method_text(a.params.method, lang), _status_table(a),
                t("outlook.method", lang, **status_words(lang)),
                t("outlook.narrative_method", lang),
                heading(2, t("methodology.interpretations_heading", lang), unnumbered=True), bullets(notes))


@part("reproducibility")
def reproducibility(a: Assessment) -> str:
    lang, p = a.lang, a.params
    params = [("year", str(p.year)), ("lang", p.lang), ("method", p.method),
              ("on_track", fmt_number(p.on_track, lang, 2)),
              ("needs_acceleration", fmt_number(p.needs_acceleration, lang, 2)),
              ("reference_date", fmt_date(p.reference, lang))]
    prow = [(t(f"param.{k}", lang), f"`{k}` = {cell(v)}") for k, v in params]
    hashes = [(cell(path), f"`{digest[:16]}`") for path, digest in
              file_hashes(a.data_dir, a.year).items()]
    versions = [(cell(k), cell(v)) for k, v in package_versions().items()]
    return join(
        heading(1, t("reproducibility.heading", lang), "sec-reproducibility", appendix=True),
        t("reproducibility.intro", lang),
        table([t("reproducibility.col_param", lang), t("reproducibility.col_value", lang)], prow,
              caption=t("reproducibility.params_caption", lang), ident="table-params", align="ll"),
        table([t("reproducibility.col_file", lang), t("reproducibility.col_hash", lang)], hashes,
              caption=t("reproducibility.hashes_caption", lang), ident="table-hashes",
              align="ll", widths=[14, 10]),
        table([t("reproducibility.col_package", lang), t("reproducibility.col_version", lang)],
              versions, caption=t("reproducibility.versions_caption", lang),
              ident="table-versions", align="ll"))
