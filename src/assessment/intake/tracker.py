"""The tracker of a data round, for the office that chases the returns: per unit returned,
returned with errors (how many, the first few) or not returned, with the areas it reports
on and what it still owes (the PAR Index criteria it has not self-assessed counted
apart); then the files that were not merged and why. As text (what
``collect`` prints), a workbook and a self-contained HTML page, in Vietnamese or English.
Every text from the data is escaped in the HTML.
"""
from __future__ import annotations

import html
import io
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from assessment.i18n import fmt_date, t
from assessment.intake.collect import FIRST_ERRORS, Round
from assessment.intake.par_returns import MISSING_PREFIX
from assessment.intake.problems import Problem
from assessment.intake.sheet_fit import fit_rows
from assessment.intake.round_state import UnitState
from assessment.plan.units import Units

STATE_COLOURS = {"returned": "D9EAD3", "returned_with_errors": "F4CCCC",
                 "not_returned": "FCE5CD"}
COLUMNS = ("n", "unit", "code", "kind", "areas", "state", "asked", "filled", "missing",
           "errors", "first_errors", "file")
MISSING_SHOWN = 8  # codes listed per unit before "and n more"


def _missing(s: UnitState, lang: str) -> str:
    if s.state == "not_returned":
        return t("round.tracker.all_missing", lang, n=s.asked)
    if s.state == "returned_with_errors":
        return t("round.tracker.none", lang)
    if not s.missing:
        return t("round.tracker.none", lang)
    rows = [code for code in s.missing if not code.startswith(MISSING_PREFIX)]
    par = [code[len(MISSING_PREFIX):] for code in s.missing if code.startswith(MISSING_PREFIX)]
    parts = []
    if rows:
        shown = ", ".join(dict.fromkeys(rows[:MISSING_SHOWN]))
        more = len(rows) - MISSING_SHOWN
        parts.append(shown + (f" ({t('round.tracker.more_missing', lang, n=more)})"
                              if more > 0 else ""))
    if par:
        codes = ", ".join(par[:MISSING_SHOWN]) + (" …" if len(par) > MISSING_SHOWN else "")
        parts.append(t("round.tracker.par_missing", lang, n=len(par), codes=codes))
    return "; ".join(parts)


def _message(p: Problem, lang: str) -> str:
    """A problem's message with its file's name only (the tracker names the folder once)."""
    return replace(p, file=Path(p.file).name if p.file else p.file).message(lang)


def _first_errors(s: UnitState, lang: str) -> str:
    shown = [_message(p, lang) for p in s.errors[:FIRST_ERRORS]]
    more = len(s.errors) - FIRST_ERRORS
    if more > 0:
        shown.append(t("round.tracker.more", lang, n=more))
    return "\n".join(shown)


def rows(rnd: Round, units: Units, lang: str) -> list[tuple]:
    """One row per unit, in the order of :data:`COLUMNS`."""
    out = []
    for i, s in enumerate(rnd.states, start=1):
        out.append((i, units.name(s.unit, lang), s.unit, t(f"round.kind.{s.kind}", lang),
                    ", ".join(map(str, s.areas)), t(f"round.state.{s.state}", lang),
                    s.asked, s.filled if s.state == "returned" else "–",
                    _missing(s, lang), len(s.errors), _first_errors(s, lang),
                    "; ".join(s.files)))
    return out


def counts(rnd: Round) -> dict[str, int]:
    by = {state: sum(1 for s in rnd.states if s.state == state)
          for state in ("returned", "returned_with_errors", "not_returned")}
    return {"returned": by["returned"], "errors": by["returned_with_errors"],
            "missing": by["not_returned"], "total": len(rnd.states)}


def refused_rows(rnd: Round, lang: str) -> list[tuple[str, str]]:
    """(file name, first problem) of every returned file that was not merged."""
    out = []
    for file, problems in sorted(rnd.refused.items()):
        name = file.rsplit("/", 1)[-1]
        text = replace(problems[0], file=None).message(lang) if problems else ""
        more = len(problems) - 1
        out.append((name, text + (f" ({t('round.tracker.more', lang, n=more)})"
                                  if more > 0 else "")))
    return out


def text(rnd: Round, units: Units, lang: str) -> str:
    """The tracker as lines for the terminal."""
    lines = [t("round.tracker.title", lang, year=rnd.year),
             t("round.tracker.as_of", lang, date=fmt_date(rnd.collected_on, lang),
               folder=str(rnd.returns_dir)),
             t("round.tracker.counts", lang, **counts(rnd)), ""]
    for r in rows(rnd, units, lang):
        n, name, code, _, areas, state, asked, filled, missing, errors, _, _ = r
        line = f"{n:>3}. {name} ({code}): {state}"
        if state == t("round.state.returned", lang):
            line += ", " + t("round.tracker.filled", lang, filled=filled, asked=asked)
            if missing != t("round.tracker.none", lang):
                line += f"; {t('round.tracker.col.missing', lang).lower()}: {missing}"
        elif errors:
            line += ", " + t(f"validate.report.error_{'one' if errors == 1 else 'other'}",
                             lang, n=errors)
        lines.append(line)
    return "\n".join(lines)


def workbook(rnd: Round, units: Units, lang: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = t("round.tracker.sheet", lang)
    ws["A1"] = t("round.tracker.title", lang, year=rnd.year)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = t("round.tracker.as_of", lang, date=fmt_date(rnd.collected_on, lang),
                 folder=str(rnd.returns_dir))
    ws["A3"] = t("round.tracker.counts", lang, **counts(rnd))
    ws["A4"] = t("round.tracker.areas_note", lang)
    header = 6
    widths = (5, 30, 16, 16, 10, 16, 9, 9, 30, 7, 60, 34)
    for j, (col, width) in enumerate(zip(COLUMNS, widths), start=1):
        cell = ws.cell(row=header, column=j, value=t(f"round.tracker.col.{col}", lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        ws.column_dimensions[cell.column_letter].width = width
    for i, (row, s) in enumerate(zip(rows(rnd, units, lang), rnd.states), start=header + 1):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=i, column=6).fill = PatternFill("solid", fgColor=STATE_COLOURS[s.state])
    fit_rows(ws, header)
    ws.freeze_panes = ws.cell(row=header + 1, column=3)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    files = wb.create_sheet(t("round.tracker.sheet_files", lang))
    for j, col in enumerate(("file", "problem"), start=1):
        files.cell(row=1, column=j, value=t(f"round.tracker.col.{col}", lang)).font = \
            Font(bold=True)
    files.column_dimensions["A"].width, files.column_dimensions["B"].width = 40, 120
    for i, (name, problem) in enumerate(refused_rows(rnd, lang), start=2):
        files.cell(row=i, column=1, value=name)
        files.cell(row=i, column=2, value=problem).alignment = Alignment(wrap_text=True)
    fit_rows(files, 2)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 1.5rem;
       color: #1a1a1a; line-height: 1.4; }}
h1 {{ font-size: 1.4rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
.wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; font-size: .9rem; min-width: 64rem; }}
th, td {{ border: 1px solid #c8c8c8; padding: .3rem .45rem; vertical-align: top;
          text-align: left; }}
th {{ background: #1f4e79; color: #fff; position: sticky; top: 0; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.errors {{ white-space: pre-line; font-size: .82rem; min-width: 20rem; }}
td.c-unit {{ min-width: 9rem; }} td.c-kind, td.c-state {{ min-width: 6.5rem; }}
td.c-file {{ min-width: 12rem; overflow-wrap: anywhere; }}
.s-returned {{ background: #d9ead3; }} .s-returned_with_errors {{ background: #f4cccc; }}
.s-not_returned {{ background: #fce5cd; }}
@media print {{ th {{ position: static; }} body {{ margin: 0; }} }}
</style></head><body>
<h1>{title}</h1>
<p>{as_of}</p><p><strong>{counts}</strong></p><p>{areas_note}</p>
<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></div>
<h2>{refused_heading}</h2>
{refused}
</body></html>
"""


def page(rnd: Round, units: Units, lang: str) -> str:
    """The tracker as a self-contained HTML page (every value escaped)."""
    esc = html.escape
    numeric = {"n", "asked", "filled", "errors"}
    head = "".join(f"<th>{esc(t(f'round.tracker.col.{c}', lang))}</th>" for c in COLUMNS)
    body = []
    for row, s in zip(rows(rnd, units, lang), rnd.states):
        cells = []
        for col, value in zip(COLUMNS, row):
            cls = "num" if col in numeric else ("errors" if col == "first_errors" else "")
            if col == "state":
                cls = f"s-{s.state}"
            klass = f"c-{col} {cls}".strip()
            cells.append(f'<td class="{klass}">{esc(str(value))}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    refused = refused_rows(rnd, lang)
    refused_html = (
        "<ul>" + "".join(f"<li><code>{esc(name)}</code>: {esc(problem)}</li>"
                         for name, problem in refused) + "</ul>"
        if refused else f"<p>{esc(t('round.tracker.refused_none', lang))}</p>")
    title = t("round.tracker.title", lang, year=rnd.year)
    return PAGE.format(
        lang=lang, title=esc(title),
        as_of=esc(t("round.tracker.as_of", lang, date=fmt_date(rnd.collected_on, lang),
                    folder=str(rnd.returns_dir))),
        counts=esc(t("round.tracker.counts", lang, **counts(rnd))),
        areas_note=esc(t("round.tracker.areas_note", lang)), head=head,
        body="\n".join(body), refused_heading=esc(t("round.tracker.refused_heading", lang)),
        refused=refused_html)
