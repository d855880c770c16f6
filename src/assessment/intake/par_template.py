"""The PAR Index sheet ``par_index`` of a per-unit workbook (``assessment template
--per-unit``): the unit's self-assessment (tự chấm điểm Chỉ số CCHC).

A unit that a framework in force rates (:func:`assessment.intake.par_checks.rated_units`)
finds one row per leaf criterion of its framework (:attr:`Framework.leaves`, in order),
under a grey header row per area: the criterion's code, its name (after its parent
criterion's, when it is a sub-criterion), its maximum, how it is scored (the points its
rule allows, :meth:`~assessment.plan.par_rules.Rule.describe`), whether it may be "không
áp dụng", the evidence it needs; then three yellow entry cells: ``self`` (the points
claimed: points, ``92%``, a word of the rule such as ``đúng hạn``, or ``na``),
``evidence`` (the documents that prove them) and ``note`` (the unit's own note, for the
appraisal council; it stays in the returned workbook and is not written to
``scores.csv``, whose ``note`` is the council's). The area rows have no code and are
locked; ``collect`` reads the rows that have one (:mod:`assessment.intake.par_returns`).

The sheet itself is written by :mod:`assessment.intake.unit_template` with the same
header, protection, print and styling conventions as the other data sheets; this module
gives its columns and rows.
"""
from __future__ import annotations

from openpyxl.styles import Font, PatternFill, Protection

from assessment.i18n import t
from assessment.plan.par_framework import Framework, Node

SHEET = "par_index"
ENTRY_COLUMNS = ("self", "evidence", "note")
# (contract column name or "" for a reference column, label key, width, entry)
COLUMNS = (
    ("criterion", "round.col.criterion", 10, False),
    ("", "round.ref.par_name", 46, False),
    ("", "round.ref.par_max", 9, False),
    ("", "round.ref.par_rule", 20, False),
    ("", "round.ref.par_na", 13, False),
    ("", "round.ref.par_evidence", 30, False),
    ("self", "round.col.self", 12, True),
    ("evidence", "round.col.evidence", 30, True),
    ("note", "round.col.par_note", 24, True),
)
REFERENCE_KEYS = tuple(key for name, key, _, _ in COLUMNS if not name)
AREA_FILL = PatternFill("solid", fgColor="DDEBF7")
AREA_FONT = Font(bold=True, color="1F4E79")
TEXT = "@"  # entry cells hold text as typed: "1,5", "92%", "đúng hạn", "na"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _how(rule) -> str:
    """How a criterion is scored: the points its rule allows (``Rule.describe``), and what
    else may be typed instead of points (its words, a percentage)."""
    allowed = rule.describe("vi")
    if rule.kind == "yes_no":
        return t("round.par.how.yes_no", "vi", allowed=allowed, max=_number(rule.maximum))
    if rule.kind == "timeliness":
        return t("round.par.how.timeliness", "vi", allowed=allowed,
                 on_time=_number(rule.on_time), late=_number(rule.late),
                 missing=_number(rule.missing))
    if rule.kind == "bands":
        bands = "; ".join(f"≥ {_number(low)}%: {_number(points)}" for low, points in rule.bands)
        return t("round.par.how.bands", "vi", allowed=allowed, bands=bands)
    if rule.kind == "ratio":
        return t("round.par.how.ratio", "vi", allowed=allowed, max=_number(rule.maximum))
    if rule.kind == "quality":
        shares = "; ".join(f"{_number(s)}%" for s in rule.shares)
        return t("round.par.how.quality", "vi", allowed=allowed, shares=shares)
    return allowed


def _name(leaf: Node, framework: Framework) -> str:
    parent = framework.nodes.get(leaf.parent)
    if parent is not None and parent.parent:  # a sub-criterion: its criterion's name first
        return f"{parent.name_vi} – {leaf.name_vi}"
    return leaf.name_vi


def _leaf_row(leaf: Node, framework: Framework) -> tuple:
    rule = leaf.rule
    evidence = leaf.evidence_vi
    if not leaf.evidence_required:
        evidence = f"{evidence} {t('round.par.optional', 'vi')}".strip()
    return (leaf.code, _name(leaf, framework),
            leaf.maximum if rule is None or rule.counts_in_maximum else "–",
            _how(rule) if rule is not None else "",
            t("round.par.na_yes" if leaf.may_be_na else "round.par.na_no", "vi"),
            evidence, None, None, None)


def sheet_rows(framework: Framework,
               criteria: tuple[str, ...]) -> tuple[list[tuple], list[dict], list[int]]:
    """The rows of the sheet (values in the order of :data:`COLUMNS`), their number
    formats, and the sheet rows (from 2) that are area headers. ``criteria`` are the leaf
    codes asked (the framework's leaves, in its order)."""
    asked = set(criteria)
    rows, formats, areas = [], [], []
    for code in framework.areas:
        leaves = [n for n in framework.leaves_of(code) if n.code in asked]
        if not leaves:
            continue
        area = framework.nodes[code]
        label = t("round.par.area", "vi", code=area.code, name=area.name_vi,
                  max=_number(area.maximum))
        areas.append(len(rows) + 2)
        rows.append((None, label) + (None,) * (len(COLUMNS) - 2))
        formats.append({})
        for leaf in leaves:
            rows.append(_leaf_row(leaf, framework))
            formats.append({"self": TEXT, "evidence": TEXT, "note": TEXT})
    return rows, formats, areas


def style_area_rows(ws, area_rows: list[int]) -> None:
    """The area header rows: tinted, bold, every cell locked (nothing to enter there)."""
    for row in area_rows:
        for j in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=row, column=j)
            cell.fill, cell.font = AREA_FILL, AREA_FONT
            cell.protection = Protection(locked=True)
            cell.number_format = "General"


def reference_labels() -> frozenset[str]:
    """The reference columns' header texts (not read, and not an unknown column)."""
    return frozenset(t(key, "vi") for key in REFERENCE_KEYS)
