"""The PAR Index scorecard edition, as a reader gets it: built beside the assessment of the
same year, both languages, HTML and PDF; the same numbers in vi and en; the annex in the
layout such decisions publish; linked from the portal; data escaped."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from assessment.progress.par_index import par_index
from assessment.report import parts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _annex_rows(html: str) -> list[tuple[str, str]]:
    """(index, band) of every row of the annex tables (STT | unit | score | band)."""
    rows = []
    for table in re.findall(r'<table[^>]*id="table-par-annex-[^"]*".*?</table>', html, re.S) \
            or re.findall(r'id="table-par-annex-[^"]*".*?</table>', html, re.S):
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            if len(cells) == 4:
                rows.append((cells[2], cells[3]))
    return rows


def test_scorecards_built_beside_the_assessment(built_site):
    out, year, manifest = built_site
    for lang in ("vi", "en"):
        for fmt in ("html", "pdf"):
            rel = f"par_index/{lang}/report.{fmt}"
            assert (out / str(year) / rel).is_file(), rel
            assert rel in manifest["reports"]
        assert sorted(p.name for p in (out / str(year) / "par_index" / "notebooks" / lang)
                      .glob("*.ipynb")) == sorted(p.name for p in
                                                   (ROOT / "notebooks" / "par_index").glob("*.ipynb"))
    portal = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{year}/par_index/vi/report.html"' in portal
    assert f'href="{year}/par_index/en/report.pdf"' in portal
    assert "Chỉ số CCHC năm 2024 của các cơ quan, đơn vị và xã" in portal


def test_results_csv_is_what_par_index_prints(built_site):
    out, year, _ = built_site
    published = (out / str(year) / "results" / "par_index.csv").read_text(encoding="utf-8")
    printed = subprocess.run([sys.executable, "-m", "assessment", "par-index", "--year",
                              str(year), "--csv", "--data", str(DATA)], capture_output=True,
                             text=True, check=True).stdout
    # the published file has the same leading columns, then the changes
    first = list(csv.reader(io.StringIO(printed)))
    full = list(csv.reader(io.StringIO(published)))
    assert [row[:len(first[0])] for row in full] == first
    assert first[0] == ["unit", "block", "framework", "max_points", "appraised_points",
                        "survey_points", "index", "rank", "band"]


def test_same_numbers_in_vi_and_en(built_site):
    out, year, _ = built_site
    vi = _annex_rows((out / str(year) / "par_index/vi/report.html").read_text(encoding="utf-8"))
    en = _annex_rows((out / str(year) / "par_index/en/report.html").read_text(encoding="utf-8"))
    result = par_index(DATA, year)
    appraised = result.results[result.results["appraised"]]
    assert len(vi) == len(en) == len(appraised) > 0
    assert [v.replace(",", ".") for v, _ in vi] == [e for e, _ in en]
    expected = sorted(f"{x:.2f}" for x in appraised["index"])
    assert sorted(e for e, _ in en) == expected
    # Vietnamese band words in the Vietnamese annex, English in the English one
    assert {b for _, b in vi} <= {"Tốt", "Khá", "Trung bình", "Yếu"}
    assert {b for _, b in en} <= {"Good", "Fairly good", "Average", "Poor"}


def test_pdf_has_a_page_per_unit_and_the_annex(built_site):
    out, year, _ = built_site
    result = par_index(DATA, year)
    text = [page.extract_text() for page in
            PdfReader(out / str(year) / "par_index/vi/report.pdf").pages]
    ranked = result.results[result.results["appraised"]]
    for name in ranked["name_vi"]:
        assert any(line.strip() == name or line.strip().endswith(" " + name)
                   for page in text for line in page.splitlines()), name
    assert any("STT" in page and "Xếp loại" in page for page in text)
    assert "Số liệu minh họa" in " ".join(text)


def test_data_is_escaped_in_the_scorecard_parts(tmp_path):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("returns"))
    units = pd.read_csv(data / "units.csv", dtype=str, keep_default_na=False)
    units.loc[units["code"] == "ha_linh_2025", "name_vi"] = "xã <b>Hà *Linh*</b> [x](y)"
    units.to_csv(data / "units.csv", index=False)
    result = par_index(data, 2025, "vi")
    from assessment.report.figures import Figures
    figs = Figures(tmp_path / "nb")
    for name in ("par_overview", "par_ranking", "par_components", "par_changes",
                 "par_units", "par_annex"):
        md = parts.get(name).markdown(result, figs)
        md = re.sub(r'fig-alt="[^"]*"', "", md)  # an attribute: Pandoc writes it escaped
        assert "Hà" in md or name in ("par_components",), name
        assert "<b>" not in md and "*Linh*" not in md and "[x](y)" not in md, name
