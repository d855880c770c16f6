"""The PAR Index self-assessment in the data round: every unit a framework rates gets a
``par_index`` sheet with its framework's leaf criteria; the returned sheets are checked
with the rules and messages of ``scores.csv`` and collected into
``data/<year>/par_index/scores.csv`` with provenance, in the same write as the year's
other files.

A full 2024 round of the illustrative frameworks, in process (no LibreOffice): the shipped
``data/2024/par_index/scores.csv`` typed into the workbooks as the units would, with two
returns wrong (points above a maximum; points without evidence), then corrected. The
indicator and task rows are left empty (tests/test_round.py fills them): a warning each. The
written file, once the council's appraisal is copied in, gives the shipped PAR Index."""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from assessment.cli import main
from assessment.intake.par_checks import check_par_year, rated_units
from assessment.intake.tables import PROVENANCE_COLUMNS
from assessment.plan.par_loading import load_frameworks
from round_fill import fill, number, read_rows

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
YEAR = 2024
SHIPPED = DATA / str(YEAR) / "par_index" / "scores.csv"
SCORE_COLUMNS = ["unit", "criterion", "self", "appraised", "evidence", "note"]
PAR_ONLY = ("cong_an", "bhxh", "chi_cuc_thue", "tt_hcc")  # rated, nothing else to report
OVER, NO_EVIDENCE = "tu_phap", "dien_my"  # the two returns sent wrong first


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def one_workbook(catalogue, units, unit: str, frameworks=None) -> tuple[str, bytes]:
    """``unit``'s 2024 workbook (with its PAR sheet when ``frameworks`` are given)."""
    from assessment.intake.assignment import assignments
    from assessment.intake.unit_template import build_unit_workbook, file_name
    a = next(a for a in assignments(catalogue, units, YEAR, frameworks) if a.unit == unit)
    framework = frameworks.get(a.framework) if a.framework else None
    buffer = io.BytesIO()
    build_unit_workbook(a, catalogue, units, {}, {}, framework=framework).save(buffer)
    return file_name(a, units), buffer.getvalue()


def par_sheet_rows(ws) -> list[tuple]:
    """The criterion rows of a par_index sheet (the area header rows have no code)."""
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]


def fill_par(path: Path, scores: dict, unit: str, edit=None) -> None:
    """Type the shipped self-assessment of ``unit`` into its par_index sheet; ``edit(ws,
    row, criterion)`` may change a row afterwards."""
    wb = openpyxl.load_workbook(path)
    ws = wb["par_index"]
    heads = [str(c.value or "").split("\n")[0] for c in ws[1]]
    own, evidence = heads.index("self") + 1, heads.index("evidence") + 1
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row, 1).value
        r = scores.get((unit, code))
        if r is None:
            continue
        ws.cell(row, own).value = number(r["self"]) if r["self"] != "na" else "na"
        ws.cell(row, evidence).value = r["evidence"] or None
        if edit:
            edit(ws, row, code, own, evidence)
    wb.save(path)


class ParRound:
    """A copy of the data without the 2024 round's files; the 2024 workbooks made."""

    def __init__(self, base: Path, units):
        self.base, self.units = base, units
        self.data = base / "data"
        shutil.copytree(DATA, self.data)
        self.year_dir = self.data / str(YEAR)
        for name in ("indicators.csv", "tasks.csv", "par_index/scores.csv"):
            (self.year_dir / name).unlink()
        self.templates = base / "templates"
        code, _, err = run("template", "--data", str(self.data), "--year", str(YEAR),
                           "--per-unit", "--out", str(self.templates))
        assert code == 0, err
        self.scores = read_rows(SHIPPED, ("unit", "criterion"))
        self.frameworks = load_frameworks(DATA)
        self.rated = rated_units(self.frameworks, units, YEAR)
        self.returns = self.year_dir / "returns"
        self.returns.mkdir()

    def book(self, unit: str) -> Path:
        return next(self.templates.glob(f"{YEAR}-{unit}-*.xlsx"))

    def send(self, unit: str, edit=None) -> Path:
        """``unit``'s workbook with its self-assessment typed in, into the returns folder.
        Its indicator and task rows are left empty (a warning each, not an error: the
        round takes the return; tests/test_round.py fills them)."""
        src = self.book(unit)
        out = self.returns / src.name
        shutil.copy(src, out)
        if unit in self.rated:
            fill_par(out, self.scores, unit, edit)
        return out

    def collect(self, *extra: str) -> tuple[int, str, str]:
        return run("collect", "--data", str(self.data), "--year", str(YEAR),
                   "--out", str(self.base / "tracker"), "--as-of", "2025-01-20", *extra)


def _over(found: dict):
    """Claim one point more than the maximum on the first criterion with points."""
    def edit(ws, row, code, own, evidence):
        if not found and isinstance(ws.cell(row, own).value, (int, float)) \
                and ws.cell(row, own).value > 0:
            ws.cell(row, own).value = ws.cell(row, 3).value + 1
            found.update(row=row, criterion=code)
    return edit


def _no_evidence(found: dict):
    """Leave out the evidence of the first criterion with points."""
    def edit(ws, row, code, own, evidence):
        if not found and ws.cell(row, evidence).value and ws.cell(row, own).value:
            ws.cell(row, evidence).value = None
            found.update(row=row, criterion=code)
    return edit


@pytest.fixture(scope="module")
def par_round(tmp_path_factory, units):
    r = ParRound(tmp_path_factory.mktemp("par_round"), units)
    r.over, r.no_evidence = {}, {}
    for path in sorted(r.templates.glob("*.xlsx")):
        unit = path.name.split("-")[1]
        edit = {OVER: _over(r.over), NO_EVIDENCE: _no_evidence(r.no_evidence)}.get(unit)
        r.send(unit, edit)
    assert r.over and r.no_evidence
    r.first = r.collect()
    r.first_scores = read_rows(r.year_dir / "par_index" / "scores.csv", ("unit", "criterion"))
    r.first_round = read_rows(r.year_dir / "round.csv", ("unit",))
    r.first_indicators = (r.year_dir / "indicators.csv").read_text("utf-8")
    return r


# ------------------------------------------------------------------ the workbooks
def test_every_rated_unit_gets_exactly_its_criteria(par_round, units):
    r = par_round
    made = {p.name.split("-")[1]: p for p in r.templates.glob("*.xlsx")}
    assert set(r.rated) <= set(made), "a rated unit without a workbook"
    assert set(PAR_ONLY) <= set(r.rated)
    for unit, path in made.items():
        wb = openpyxl.load_workbook(path)
        if unit not in r.rated:
            assert "par_index" not in wb.sheetnames, unit
            continue
        framework, _ = r.rated[unit]
        rows = par_sheet_rows(wb["par_index"])
        assert [row[0] for row in rows] == [n.code for n in framework.leaves], unit
        for row, leaf in zip(rows, framework.leaves):
            assert row[1].endswith(leaf.name_vi) and row[2] == leaf.maximum
            assert row[3].startswith(leaf.rule.describe("vi"))
            assert leaf.evidence_vi in row[5]
        meta = {k: v for k, v in wb["meta"].iter_rows(values_only=True) if k}
        assert meta["par_framework"] == framework.id and meta["par_rows"] == len(rows)
        assert any(str(k).startswith("par_index!A") for k in meta)
        if unit in PAR_ONLY:
            assert wb.sheetnames == ["huong_dan", "par_index", "meta"], unit
            assert units.get(unit).kind == "office"
    assert not any(u in r.rated for u in made if units.get(u).kind == "district")


def test_par_sheet_is_protected_printable_and_in_vietnamese(par_round):
    wb = openpyxl.load_workbook(par_round.book("cong_an"))
    ws = wb["par_index"]
    assert ws.protection.sheet and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    heads = [str(c.value) for c in ws[1]]
    assert [h.split("\n")[0] for h in heads if "\n" in h] == [
        "criterion", "self", "evidence", "note"]
    assert "Điểm tự chấm" in heads[6] and "Tài liệu kiểm chứng" in heads[7]
    leaf = next(i for i in range(2, ws.max_row + 1) if ws.cell(i, 1).value)
    unlocked = {heads[c - 1].split("\n")[0] for c in range(1, ws.max_column + 1)
                if not ws.cell(leaf, c).protection.locked}
    assert unlocked == {"self", "evidence", "note"}
    assert ws.cell(leaf, 7).fill.fgColor.rgb.endswith("FFF2CC")  # the yellow entry cells
    area = leaf - 1  # an area header row above the first criterion: locked, no code
    assert ws.cell(area, 1).value is None and "Lĩnh vực" in ws.cell(area, 2).value
    assert all(ws.cell(area, c).protection.locked for c in range(1, ws.max_column + 1))
    guide = " ".join(str(c) for row in wb["huong_dan"].iter_rows(values_only=True)
                     for c in row if c)
    assert "Chỉ số CCHC" in guide and "Công an huyện" in guide and "par_index" in guide
    assert "indicators" not in guide  # nothing about sheets it does not have


# ------------------------------------------------------------------ the first collect
def _lines(out: str, book: Path, rule: str) -> list[str]:
    return [line for line in out.splitlines() if book.name in line and f"[{rule}]" in line]


def test_errors_in_the_par_sheet_refuse_the_whole_return(par_round):
    r = par_round
    code, out, err = r.first
    assert code == 1, out + err
    assert "Traceback" not in err
    over = _lines(out, r.book(OVER), "par_bad_points")
    assert len(over) == 1, out
    assert (f"trang tính par_index, dòng {r.over['row']}, cột self" in over[0]
            and "vượt điểm tối đa" in over[0] and r.over["criterion"] in over[0])
    missing = _lines(out, r.book(NO_EVIDENCE), "par_no_evidence")
    assert len(missing) == 1, out
    assert f"trang tính par_index, dòng {r.no_evidence['row']}, cột evidence" in missing[0]
    for unit in (OVER, NO_EVIDENCE):
        assert r.first_round[(unit,)]["state"] == "returned_with_errors"
        assert not any(u == unit for u, _ in r.first_scores), f"{unit}: PAR rows taken"
        assert r.book(unit).name not in r.first_indicators, f"{unit}: indicator rows taken"
    others = [u for u in r.rated if u not in (OVER, NO_EVIDENCE)]
    assert {u for u, _ in r.first_scores} == set(others)
    assert all(r.first_round[(u,)]["state"] == "returned" for u in others)


def test_par_rows_count_in_the_round(par_round):
    r = par_round
    for (unit,), row in r.first_round.items():
        a_rows = len(r.rated[unit][0].leaves) if unit in r.rated else 0
        if unit in PAR_ONLY:
            assert int(row["asked"]) == a_rows and int(row["filled"]) == a_rows
            assert row["kind"] == "office" and row["missing"] == ""
        if row["state"] == "returned" and unit in r.rated:
            assert int(row["asked"]) >= a_rows and not any(
                m.startswith("par_index:") for m in row["missing"].split(";") if m)
    html = (r.base / "tracker" / f"round-{YEAR}.html").read_text("utf-8")
    assert r.units.name("cong_an", "vi") in html


def test_provenance_traces_every_par_row(par_round):
    r = par_round
    books = {}
    for (unit, criterion), row in r.first_scores.items():
        assert row["appraised"] == "" and row["note"] == ""
        path = r.returns / row["return_file"]
        if path not in books:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == row["return_sha256"]
            wb = openpyxl.load_workbook(path, read_only=True)
            books[path] = dict(enumerate(wb["par_index"].iter_rows(values_only=True), 1))
            wb.close()
        cells = books[path][int(row["return_row"])]
        assert cells[0] == criterion and path.name.split("-")[1] == unit
    with open(r.year_dir / "par_index" / "scores.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == SCORE_COLUMNS + list(PROVENANCE_COLUMNS)


# ------------------------------------------------------------------ corrected, replaced
@pytest.fixture(scope="module")
def corrected(par_round):
    r = par_round
    before = {p: p.read_bytes() for p in r.year_dir.rglob("*.csv")}
    r.send(OVER)
    r.send(NO_EVIDENCE)
    r.refused = r.collect()
    r.unchanged = before == {p: p.read_bytes() for p in r.year_dir.rglob("*.csv")}
    r.second = r.collect("--replace")
    return r


def test_existing_scores_are_not_replaced_without_replace(corrected):
    code, _, err = corrected.refused
    assert code == 2 and "--replace" in err and "par_index/scores.csv" in err
    assert corrected.unchanged


def test_the_collected_scores_are_the_shipped_self_assessment(corrected):
    code, out, err = corrected.second
    assert code == 0, out + err
    state = read_rows(corrected.year_dir / "round.csv", ("unit",))
    assert all(row["state"] == "returned" for row in state.values())
    got = read_rows(corrected.year_dir / "par_index" / "scores.csv", ("unit", "criterion"))
    shipped = corrected.scores
    assert set(got) == set(shipped)
    for key, row in shipped.items():
        assert (got[key]["self"], got[key]["evidence"]) == (row["self"], row["evidence"]), key
    problems = check_par_year(corrected.data, YEAR, corrected.frameworks, corrected.units)
    assert not [p for p in problems.problems if p.is_error]


def test_the_appraised_copy_gives_the_shipped_par_index(corrected):
    from assessment.progress.par_index import par_index
    path = corrected.year_dir / "par_index" / "scores.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:  # the appraisal council's columns, as it would fill them
        council = corrected.scores[(row["unit"], row["criterion"])]
        row["appraised"], row["note"] = council["appraised"], council["note"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    columns = ["unit", "index", "rank", "band"]
    ours = par_index(corrected.data, YEAR).results[columns].sort_values("unit")
    theirs = par_index(DATA, YEAR).results[columns].sort_values("unit")
    assert len(ours) == len(corrected.rated)
    assert ours.reset_index(drop=True).equals(theirs.reset_index(drop=True))


# ------------------------------------------------------------------ one return, in detail
def test_answers_not_asked_rows_and_locked_cells(tmp_path, catalogue, units):
    """Words and percentages are answers; ``na`` where not allowed, a row added and a
    locked cell changed are located errors."""
    from assessment.intake.collect import collect_round
    frameworks = load_frameworks(DATA)
    name, content = one_workbook(catalogue, units, "cong_an", frameworks)
    returns = tmp_path / "returns"
    returns.mkdir()
    path = returns / name
    path.write_bytes(content)
    scores = read_rows(SHIPPED, ("unit", "criterion"))
    fill_par(path, scores, "cong_an")
    framework = rated_units(frameworks, units, YEAR)["cong_an"][0]
    wb = openpyxl.load_workbook(path)
    ws = wb["par_index"]
    at = {ws.cell(i, 1).value: i for i in range(2, ws.max_row + 1) if ws.cell(i, 1).value}
    timely = next(n for n in framework.leaves if n.rule.kind == "timeliness")
    banded = next(n for n in framework.leaves if n.rule.kind == "bands")
    fixed = next(n for n in framework.leaves if not n.may_be_na
                 and n.code not in (timely.code, banded.code))
    for node, value in ((timely, "đúng hạn"), (banded, 0.95)):
        ws.cell(at[node.code], 7).value = value
        ws.cell(at[node.code], 8).value = "Văn bản số 1/2024"
    ws.cell(at[banded.code], 7).number_format = "0%"  # typed as 95%
    wb.save(path)
    clean = collect_round(returns, tmp_path / "2024", DATA, YEAR, catalogue, units,
                          frameworks=frameworks)
    assert not clean.errors, [p.message("en") for p in clean.errors]
    written = {row[1]: row[2] for row in csv.reader(io.StringIO(clean.par_csv))}
    assert written[timely.code] == "đúng hạn" and written[banded.code] == "95%"
    ws.cell(at[fixed.code], 7).value = "na"
    ws.cell(ws.max_row + 1, 1).value = "9.9"  # a row added below
    ws.cell(ws.max_row, 7).value = 1
    ws.cell(at[fixed.code], 2).value = "Tên đã sửa"
    wb.save(path)
    rnd = collect_round(returns, tmp_path / "2024", DATA, YEAR, catalogue, units,
                        frameworks=frameworks)
    found = {(p.rule, p.sheet, p.row, p.column) for p in rnd.errors}
    assert ("par_na_not_allowed", "par_index", at[fixed.code], "self") in found
    assert ("not_asked", "par_index", ws.max_row, "criterion") in found
    assert ("locked_changed", "par_index", at[fixed.code], "B") in found
    assert not rnd.taken and rnd.par_csv is None
    assert {s.unit: s.state for s in rnd.states}["cong_an"] == "returned_with_errors"


def test_a_return_without_its_par_sheet_is_refused(tmp_path, catalogue, units):
    from assessment.intake.collect import collect_round
    frameworks = load_frameworks(DATA)
    name, plain = one_workbook(catalogue, units, "tu_phap")  # made without the frameworks
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / name).write_bytes(plain)
    rnd = collect_round(returns, tmp_path / "2024", DATA, YEAR, catalogue, units,
                        frameworks=frameworks)
    assert [(p.rule, dict(p.fields)["name"]) for p in rnd.errors] == [
        ("missing_sheet", "par_index")]


def test_the_scores_are_written_with_the_other_files_or_not_at_all(tmp_path, monkeypatch,
                                                                   catalogue, units):
    """A failure writing par_index/scores.csv leaves every file of the year as it was."""
    from assessment import paths
    from assessment.intake.collect import collect_round
    from assessment.intake.round_io import write_year
    frameworks = load_frameworks(DATA)
    name, content = one_workbook(catalogue, units, "tu_phap", frameworks)
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / name).write_bytes(content)
    fill(returns / name, read_rows(DATA / str(YEAR) / "indicators.csv", ("indicator", "unit")),
         read_rows(DATA / str(YEAR) / "tasks.csv", ("task",)))
    fill_par(returns / name, read_rows(SHIPPED, ("unit", "criterion")), "tu_phap")
    year_dir = tmp_path / "2024"
    rnd = collect_round(returns, year_dir, DATA, YEAR, catalogue, units, frameworks=frameworks)
    assert rnd.taken and rnd.par_csv and rnd.indicators_csv
    real = paths._stage

    def failing(path, data, tmp_dir=None):
        if path.name == "scores.csv":
            raise OSError(28, "No space left on device")
        return real(path, data, tmp_dir)

    monkeypatch.setattr(paths, "_stage", failing)
    with pytest.raises(OSError):
        write_year(rnd, year_dir, replace=False)
    assert not [p for p in year_dir.rglob("*") if p.is_file()], "a file half-written"
    monkeypatch.setattr(paths, "_stage", real)
    written, _ = write_year(rnd, year_dir, replace=False)
    assert year_dir / "par_index" / "scores.csv" in written
    assert (year_dir / "indicators.csv").is_file()
