"""The data round (issue 16): one workbook per reporting unit, filled as offices would,
collected back into the year's files with provenance, and the state of the round.

The rows each unit must report are computed here straight from data/plan/*.yaml and
data/units.csv (an oracle apart from :mod:`assessment.intake.assignment`)."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from assessment.cli import main
from assessment.intake.unit_template import unit_workbooks
from round_fill import fill, read_rows

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
YEAR = 2024


# ------------------------------------------------------------------ the oracle
def _exists(row: dict, year: int) -> bool:
    day = f"{year}-12-31"  # a unit reports when it exists on 31 December; ISO dates compare
    return (not row["valid_from"] or row["valid_from"] <= day) and (
        not row["valid_to"] or row["valid_to"] >= day)


def expected_assignment(year: int) -> dict[str, tuple[set, set]]:
    """{unit: ({(indicator, unit)}, {task})} of a year, from the plan's YAML and units.csv:
    an office valid in the year reports the district rows of the indicators it is the
    responsible office of and the tasks it leads first; what no valid office holds goes
    to ``district``; every commune or township valid in the year reports its own row of
    each commune-level indicator; an indicator not applicable by the year is not asked."""
    with open(DATA / "units.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if _exists(r, year)]
    offices = {r["code"] for r in rows if r["kind"] == "office"}
    communes = [r["code"] for r in rows if r["kind"] in ("commune", "town")]
    indicators = yaml.safe_load((DATA / "plan" / "indicators.yaml").read_text("utf-8"))
    tasks = yaml.safe_load((DATA / "plan" / "tasks.yaml").read_text("utf-8"))
    out: dict[str, tuple[set, set]] = {}

    def owner(office):
        return office if office in offices else "district"

    for ind in indicators:
        lapse = ind.get("not_applicable")
        if lapse and str(lapse["since"]) <= f"{year}-12-31":
            continue
        out.setdefault(owner(ind["office"]), (set(), set()))[0].add((ind["code"], "district"))
        if ind["level"] in ("commune", "both"):
            for code in communes:
                out.setdefault(code, (set(), set()))[0].add((ind["code"], code))
    for task in tasks:
        lead = task.get("lead") or []
        out.setdefault(owner(lead[0]) if lead else "district", (set(), set()))[1].add(
            task["code"])
    return out


def sheet_rows(wb, sheet: str) -> list[tuple]:
    if sheet not in wb.sheetnames:
        return []
    return [r for r in wb[sheet].iter_rows(min_row=2, values_only=True) if r[0]]


def meta(wb) -> dict:
    ws = wb["meta"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and r[0] != "locked"}


# ------------------------------------------------------------------ the workbooks
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_each_unit_gets_exactly_its_rows(catalogue, units, year):
    expected = expected_assignment(year)
    books = unit_workbooks(catalogue, units, year, DATA, made_on=dt.date(2026, 12, 1))
    got = {}
    for name, content in books.items():
        wb = openpyxl.load_workbook(io.BytesIO(content))
        info = meta(wb)
        assert name.startswith(f"{year}-{info['unit']}-") and name.endswith(".xlsx")
        assert int(info["year"]) == year and info["format"] == "assessment-round/1"
        ind = {(r[0], r[2]) for r in sheet_rows(wb, "indicators")}
        tasks = {r[0] for r in sheet_rows(wb, "tasks")}
        assert len(ind) == len(sheet_rows(wb, "indicators")), f"{name}: a row twice"
        got[info["unit"]] = (ind, tasks)
    assert got == expected
    valid = {r for r in units.valid_codes(year)}
    assert set(got) <= valid, "a workbook for a unit that does not exist in the year"
    kinds = {units.get(code).kind for code in got}
    if year >= 2025:
        assert "office" not in kinds and len(got) == 8  # the district + 7 new communes
    else:
        assert "office" in kinds and "commune" in kinds


def test_workbook_is_printable_protected_and_in_vietnamese(catalogue, units):
    books = unit_workbooks(catalogue, units, YEAR, DATA)
    name = next(n for n in books if "-tu_phap-" in n)
    wb = openpyxl.load_workbook(io.BytesIO(books[name]))
    assert wb.sheetnames[0] == "huong_dan" and wb.active.title == "huong_dan"
    assert wb["lists"].sheet_state == "hidden" and wb["lists"].protection.sheet
    assert wb["meta"].sheet_state == "veryHidden"
    guide = " ".join(str(c) for r in wb["huong_dan"].iter_rows(values_only=True)
                     for c in r if c)
    assert "Phòng Tư pháp" in guide and str(YEAR) in guide
    for sheet in ("indicators", "tasks"):
        ws = wb[sheet]
        assert ws.protection.sheet and ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows.replace("$", "") == "1:1"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.cell(1, 1).value.split("\n")[0] in ("indicator", "task")
        assert ws.cell(1, 2).value and ws.cell(2, 2).value, "the name beside the code"
    # only the entry cells are unlocked
    ws = wb["indicators"]
    unlocked = {ws.cell(1, c).value.split("\n")[0] for c in range(1, ws.max_column + 1)
                if not ws.cell(2, c).protection.locked}
    assert unlocked == {"value", "numerator", "denominator", "source", "note"}
    # the status drop-down offers the Vietnamese words of the lists sheet
    dv = wb["tasks"].data_validations.dataValidation
    assert dv and dv[0].formula1.startswith("=lists!")
    words = [r[0] for r in wb["lists"].iter_rows(values_only=True)]
    assert "đang thực hiện" in words and "đã hoàn thành" in words
    # last year's value and the target are filled in beside the entry cells
    heads = [ws.cell(1, c).value for c in range(1, ws.max_column + 1)]
    last = next(i for i, h in enumerate(heads, 1) if "2023" in h)
    assert any(ws.cell(r, last).value is not None for r in range(2, ws.max_row + 1))


@pytest.mark.parametrize("args", [["template", "--per-unit"], ["template"], ["collect"]])
@pytest.mark.parametrize("year", ["2020", "2031"])
def test_a_year_outside_the_plan_is_refused(tmp_path, capsys, args, year):
    out = ["--out", str(tmp_path / "out")]
    assert main([*args, "--year", year, *out]) == 2
    err = capsys.readouterr().err
    assert "2021-2030" in err and year in err
    assert not (tmp_path / "out").exists()


def test_templates_are_not_written_into_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA / "plan", data / "plan")
    shutil.copy(DATA / "units.csv", data / "units.csv")
    assert main(["template", "--data", str(data), "--year", "2026", "--per-unit",
                 "--out", str(data / "t")]) == 2
    assert "inside the data folder" in capsys.readouterr().err
    assert not (data / "t").exists()


# ------------------------------------------------------------------ a full round
def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900,
                          stdin=subprocess.DEVNULL)


def tree(path: Path) -> dict[str, str]:
    return {f.relative_to(path).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(path.rglob("*")) if f.is_file()}


class RoundDir:
    """A copy of the data with the 2024 files removed; the 2024 workbooks made; the
    original 2024 values, as the offices would type them."""

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        shutil.copytree(DATA, self.data)
        self.year_dir = self.data / str(YEAR)
        for name in ("indicators.csv", "tasks.csv"):
            (self.year_dir / name).unlink()
        shutil.rmtree(self.year_dir / "par_index")  # the PAR sheets are left empty here
        self.templates = base / "templates"
        proc = cli("template", "--data", str(self.data), "--year", str(YEAR), "--per-unit",
                   "--out", str(self.templates))
        assert proc.returncode == 0, proc.stderr
        self.values = read_rows(DATA / str(YEAR) / "indicators.csv", ("indicator", "unit"))
        self.tasks = read_rows(DATA / str(YEAR) / "tasks.csv", ("task",))
        self.returns = self.year_dir / "returns"
        self.returns.mkdir()

    def book(self, unit: str) -> Path:
        return next(self.templates.glob(f"{YEAR}-{unit}-*.xlsx"))

    def send(self, unit: str, name: str | None = None) -> Path:
        """``unit``'s workbook filled with the original values, into the returns folder
        (under its own name, or ``name``)."""
        src = self.book(unit)
        return fill(src, self.values, self.tasks, self.returns / (name or src.name))

    def collect(self, *extra: str) -> subprocess.CompletedProcess:
        return cli("collect", "--data", str(self.data), "--year", str(YEAR),
                   "--out", str(self.base / "tracker"), "--as-of", "2025-01-20", *extra)


@pytest.fixture(scope="module")
def rnd(tmp_path_factory, units):
    r = RoundDir(tmp_path_factory.mktemp("round"))
    sent = [p.name.split("-")[1] for p in sorted(r.templates.glob("*.xlsx"))]
    offices = [u for u in sent if units.get(u).kind == "office"]
    r.office = "noi_vu" if "noi_vu" in offices else offices[0]
    communes = [u for u in sent if units.get(u).kind in ("commune", "town")]
    r.missing, r.wrong_to, r.faulty = communes[0], communes[1], communes[2]
    r.sender = communes[3]  # returns its own workbook, and a copy under wrong_to's name
    for unit in sent:
        if unit in (r.missing, r.wrong_to):
            continue
        r.send(unit)
    r.wrong = r.send(r.sender, r.book(r.wrong_to).name)  # saved under another's name
    # an identical copy, sorted before the original: the original is the one kept
    r.copy = r.returns / r.book(communes[4]).name.replace(".xlsx", " - Copy.xlsx")
    shutil.copy(r.returns / r.book(communes[4]).name, r.copy)
    # a second, different return from the office: both are refused
    r.second = r.returns / r.book(r.office).name.replace(".xlsx", " (2).xlsx")
    shutil.copy(r.returns / r.book(r.office).name, r.second)
    wb = openpyxl.load_workbook(r.second)
    wb["indicators"].cell(2, 8).value = "số liệu sửa lại"
    wb.save(r.second)
    # errors: text in a number cell, a locked cell changed, a row that was not asked
    path = r.returns / r.book(r.faulty).name
    wb = openpyxl.load_workbook(path)
    ws = wb["indicators"]
    ws.cell(2, 4).value = "năm mươi"
    r.renamed = ws.cell(3, 2).value
    ws.cell(3, 2).value = "Tên chỉ tiêu đã sửa"
    extra = ws.max_row + 1
    ws.cell(extra, 1).value, ws.cell(extra, 3).value, ws.cell(extra, 4).value = (
        "INS_DETAIL_IMPL", r.faulty, 100)
    wb.save(path)
    r.before = tree(r.returns)
    r.first = r.collect()
    return r


def test_round_exit_and_messages(rnd):
    proc = rnd.first
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    for rule_text in (rnd.wrong.name, rnd.second.name, "năm mươi", "INS_DETAIL_IMPL"):
        assert rule_text in out, rule_text
    copy_lines = [line for line in out.splitlines() if "[identical_return]" in line]
    assert len(copy_lines) == 1 and rnd.copy.name in copy_lines[0].split(":")[0]
    # the year's gaps (units not returned) are counted, not listed row by row
    assert "[indicator_missing]" not in out and "[communes_missing]" not in out
    assert "assessment validate --year 2024" in out
    assert tree(rnd.returns) == rnd.before, "the returned workbooks were modified"


def test_round_state_names_missing_and_failing_units(rnd, units):
    with open(rnd.year_dir / "round.csv", encoding="utf-8", newline="") as fh:
        state = {r["unit"]: r for r in csv.DictReader(fh)}
    from assessment.intake.par_checks import rated_units
    from assessment.plan.par_loading import load_frameworks
    rated = rated_units(load_frameworks(DATA), units, YEAR)
    assert set(state) == set(expected_assignment(YEAR)) | set(rated)
    assert state[rnd.missing]["state"] == "not_returned"
    assert state[rnd.wrong_to]["state"] == "not_returned"
    assert state[rnd.office]["state"] == "returned_with_errors"
    assert state[rnd.faulty]["state"] == "returned_with_errors"
    assert int(state[rnd.faulty]["errors"]) >= 3
    assert state[rnd.sender]["state"] == "returned"
    bad = {rnd.missing, rnd.wrong_to, rnd.office, rnd.faulty}
    assert all(s["state"] == "returned" for u, s in state.items() if u not in bad)
    html = (rnd.base / "tracker" / f"round-{YEAR}.html").read_text("utf-8")
    for unit in bad:
        assert units.name(unit, "vi") in html
    assert "<script" not in html
    wb = openpyxl.load_workbook(rnd.base / "tracker" / f"round-{YEAR}.xlsx")
    cells = {str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r if c}
    assert {rnd.missing, rnd.faulty, rnd.office, rnd.wrong.name} <= cells
    assert "Chưa gửi" in " ".join(cells) or "chưa gửi" in " ".join(cells).lower()


def test_locked_and_not_asked_are_located(rnd):
    out = rnd.first.stdout
    assert rnd.renamed in out or "Tên chỉ tiêu đã sửa" in out
    faulty = rnd.book(rnd.faulty).name
    lines = [line for line in out.splitlines() if faulty in line]
    assert len(lines) >= 3 and any("B3" in line or "dòng 3" in line for line in lines)


def test_provenance_traces_every_row_to_its_workbook(rnd):
    taken = {p.name: p for p in rnd.returns.iterdir()}
    for name, key in (("indicators.csv", (0, 2)), ("tasks.csv", (0,))):
        with open(rnd.year_dir / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows
        books = {}
        for row in rows:
            path = taken[row["return_file"]]
            if path not in books:
                books[path] = openpyxl.load_workbook(path, read_only=True)
                assert hashlib.sha256(path.read_bytes()).hexdigest() == row["return_sha256"]
            sheet = books[path]["indicators" if name == "indicators.csv" else "tasks"]
            cells = next(sheet.iter_rows(min_row=int(row["return_row"]),
                                         max_row=int(row["return_row"]), values_only=True))
            if name == "indicators.csv":
                assert (cells[0], cells[2]) == (row["indicator"], row["unit"])
            else:
                assert cells[0] == row["task"]
        files = {r["return_file"] for r in rows}
        assert rnd.wrong.name not in files and rnd.second.name not in files
        assert rnd.copy.name not in files
        if name == "indicators.csv":  # the copy's unit, a commune, has rows, no tasks
            assert rnd.copy.name.replace(" - Copy", "") in files
        assert rnd.book(rnd.faulty).name not in files


def test_round_files_validate_and_build(rnd, tmp_path):
    proc = cli("validate", "--data", str(rnd.data), "--year", str(YEAR))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    proc = cli("build", "--data", str(rnd.data), "--year", str(YEAR), "--lang", "vi",
               "--format", "html", "--engine", "builtin", "--out", str(site),
               "--cache-dir", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = " ".join(p.read_text("utf-8") for p in (site / str(YEAR)).rglob("*.html"))
    from assessment.plan.units import load_units
    names = load_units(rnd.data)
    for unit in (rnd.missing, rnd.wrong_to):
        assert names.name(unit, "vi") in pages, f"{unit} not named in the report"


def test_existing_year_files_are_not_replaced(rnd):
    before = tree(rnd.year_dir)
    proc = rnd.collect()
    assert proc.returncode == 2 and "--replace" in proc.stderr
    assert tree(rnd.year_dir) == before


def test_chasing_the_round_reproduces_the_original_data(rnd, tmp_path):
    """The missing units send theirs, the refused files are replaced: collect --replace
    gives back the values the shipped 2024 files hold, and the same progress."""
    rnd.wrong.unlink()
    rnd.second.unlink()
    rnd.send(rnd.faulty)
    rnd.send(rnd.missing)
    rnd.send(rnd.wrong_to)
    proc = rnd.collect("--replace")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(rnd.year_dir / "round.csv", encoding="utf-8", newline="") as fh:
        assert {r["state"] for r in csv.DictReader(fh)} == {"returned"}
    got = read_rows(rnd.year_dir / "indicators.csv", ("indicator", "unit"))
    assert set(got) == set(rnd.values)
    for key, row in rnd.values.items():
        for col in ("value", "numerator", "denominator"):
            a, b = row.get(col, ""), got[key][col]
            assert (a == b == "") or float(a) == float(b), (key, col, a, b)
    original = cli("progress", "--data", str(DATA), "--year", str(YEAR), "--csv")
    again = cli("progress", "--data", str(rnd.data), "--year", str(YEAR), "--csv")
    assert original.returncode == again.returncode == 0, again.stderr
    assert again.stdout == original.stdout


def test_a_round_that_merges_nothing_changes_nothing(rnd, tmp_path):
    empty = tmp_path / "returns"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    before = tree(rnd.year_dir)
    proc = rnd.collect(str(empty), "--replace")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "[return_not_workbook]" in proc.stdout
    assert "không thay đổi" in proc.stdout
    assert tree(rnd.year_dir) == before, "year files changed by a round that took nothing"


def test_a_renamed_sheet_is_one_error(tmp_path, catalogue, units):
    from assessment.intake.collect import collect_round
    books = unit_workbooks(catalogue, units, 2025, DATA)
    name = next(n for n in books if n.startswith("2025-district-"))
    returns = tmp_path / "returns"
    returns.mkdir()
    path = returns / name
    path.write_bytes(books[name])
    wb = openpyxl.load_workbook(path)
    wb["indicators"].title = "Chi tieu"
    wb.save(path)
    rnd = collect_round(returns, tmp_path / "2025", DATA, 2025, catalogue, units)
    errors = [p.rule for p in rnd.problems if p.is_error]
    assert errors == ["missing_sheet"], errors
    assert {s.unit: s.state for s in rnd.states}["district"] == "returned_with_errors"


# ------------------------------------------------------------------ status words
def test_vietnamese_status_words_are_read_as_codes(year_writer, catalogue, capsys):
    from conftest import complete_indicators
    tasks = [{"task": t.code, "status": w} for t, w in zip(
        catalogue.tasks, ["đang thực hiện", "Đã hoàn thành", "chưa triển khai", "in_progress",
                          "đã huỷ"] * 10)]
    for row in tasks:
        if "hoàn thành" in row["status"].lower():
            row["completed_on"] = "2024-05-02"
    year_writer.csv(2024, complete_indicators(catalogue, 2024), tasks)
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 0
    tasks[1]["status"] = "hoàn thành"  # "đã" left out, as typed by hand
    year_writer.csv(2024, complete_indicators(catalogue, 2024), tasks)
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 0
    tasks[0]["status"] = "xong rồi"
    year_writer.csv(2024, complete_indicators(catalogue, 2024), tasks)
    assert main(["validate", "--data", str(year_writer.data), "--year", "2024"]) == 1
    out = capsys.readouterr().out
    assert "xong rồi" in out and "«đang thực hiện»" in out


# ------------------------------------------------------------------ LibreOffice
def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("ASSESSMENT_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here but not installed")
    if found is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc-nogui); "
                    "set ASSESSMENT_REQUIRE_LIBREOFFICE=1 to make this a failure")
    return found


def test_libreoffice_opens_every_generated_workbook(tmp_path, catalogue, units, rnd):
    soffice = _soffice()
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(rnd.base / "tracker" / f"round-{YEAR}.xlsx", books)  # the tracker too
    for year in (2024, 2025):
        for name, content in unit_workbooks(catalogue, units, year, DATA).items():
            (books / name).write_bytes(content)
    assert main(["template", "--year", "2026", "--out", str(books / "template-2026.xlsx")]) == 0
    out = tmp_path / "csv"
    # every sheet to its own CSV (the -1 of the filter options; LibreOffice 7.2 and later)
    proc = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
         "false,false,-1", "--outdir", str(out), *map(str, sorted(books.iterdir()))],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    for book in books.iterdir():
        made = list(out.glob(f"{book.stem}*.csv"))
        assert made, f"LibreOffice did not open {book.name}: {proc.stdout} {proc.stderr}"
        sheets = {p.stem[len(book.stem) + 1:]: p for p in made}
        wb = openpyxl.load_workbook(book, read_only=True)
        assert set(sheets) == set(wb.sheetnames), book.name
        for name in set(wb.sheetnames) & {"indicators", "tasks"}:
            text = sheets[name].read_text("utf-8")
            first = next(wb[name].iter_rows(min_row=2, max_row=2, values_only=True))
            assert first[0] in text, (book.name, name)
