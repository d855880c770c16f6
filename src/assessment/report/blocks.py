"""Markdown building blocks for the report: tables, figures, status badges.

Inputs that come from data must already be escaped with :func:`assessment.report.escape.md`
(``cell`` does it for plain text); these helpers only assemble Pandoc Markdown.
"""
from __future__ import annotations

from collections.abc import Sequence

from assessment.report.escape import md as esc
from assessment.i18n import t
from assessment.plan.status import SYMBOLS


def cell(text: object) -> str:
    """Plain text from data, escaped for a Markdown table cell (one line)."""
    return esc(" ".join(str(text).split())) if text is not None else ""


def badge(status: str, lang: str) -> str:
    """A status as symbol + word (never colour alone), styled by class in HTML."""
    return f"[{SYMBOLS[status]} {t('status.' + status, lang)}]{{.status .{status}}}"


def heading(level: int, text: str, ident: str | None = None, unnumbered: bool = False,
            appendix: bool = False) -> str:
    """A heading; ``appendix``: a level-1 heading numbered as an appendix (Phụ lục I,
    Annex I) rather than as a part of the report (I, II, …; report.lua numbers them)."""
    attrs = []
    if ident:
        attrs.append(f"#{ident}")
    if unnumbered:
        attrs.append(".unnumbered")
    if appendix:
        attrs.append(".appendix")
    suffix = f" {{{' '.join(attrs)}}}" if attrs else ""
    return f"{'#' * level} {text}{suffix}"


def _pipe(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None,
          widths: Sequence[int] | None) -> list[str]:
    align = align or "l" * len(headers)
    widths = widths or [4] * len(headers)
    def mark(a: str, w: int) -> str:
        dashes = "-" * max(3, 3 * w)
        return {"l": ":" + dashes, "r": dashes + ":", "c": ":" + dashes + ":"}[a]
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join(mark(a, w) for a, w in zip(align, widths)) + "|"]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def chart_data(label: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
               align: str | None = None) -> str:
    """The data behind a chart, as an uncaptioned table in a ``.chart-data`` div: in HTML
    one click away (report.lua makes it a ``<details>``), left out of the PDF (whose
    annex has the tables)."""
    return "\n".join(["::: {.chart-data}", f"[{label}]{{.chart-data-summary}}", "",
                      *_pipe(headers, rows, align, None), "", ":::"])


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str,
          ident: str, align: str | None = None, widths: Sequence[int] | None = None) -> str:
    """A pipe table with a caption and an identifier (``table-...``; not Quarto's ``tbl-``, see report.lua).

    ``align`` is one character per column: l, r or c. ``widths`` are relative column
    widths; Pandoc reads them from the number of dashes in the separator line (the
    table then spans the text width and its cells wrap).
    """
    lines = _pipe(headers, rows, align, widths)
    lines.append("")
    lines.append(f": {caption} {{#{ident}}}")
    return "\n".join(lines)


def figure(path: str, *, caption: str, alt: str, ident: str) -> str:
    """A numbered figure; ``path`` is relative to the executed notebook's folder."""
    alt_attr = alt.replace('"', "'")
    return f'![{caption}]({path}){{#{ident} fig-alt="{alt_attr}"}}'


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


def join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)
