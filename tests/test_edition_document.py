"""The edition a People's Committee can adopt: the narrative with live figures, the
official form of cover and close, the draft mark, the mid-term review and the outlook."""
from __future__ import annotations

import csv
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from assessment.cli import main
from assessment.intake.document import edition_document
from assessment.intake.edition import EditionError
from assessment.intake.narrative import SECTIONS, load_narratives, parse_narrative
from assessment.params import Params
from assessment.progress.assessment import assess
from assessment.progress.methods import Track, meets
from assessment.progress.outlook import anticipated, classify_outlook
from assessment.render.cover import cover_facts
from assessment.report.narrative import section_markdown
from conftest import DATA

pdftotext = shutil.which("pdftotext")


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def _write(data: Path, year: int, lang: str, text: str) -> Path:
    path = data / str(year) / "narrative" / f"{lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _complete(body: dict[str, str]) -> str:
    """A narrative with every required section, ``body`` giving some of their texts."""
    return "\n".join(f"## Section {{#{ident}}}\n\n{body.get(ident, 'Text.')}\n"
                     for ident in SECTIONS)


# ------------------------------------------------------------------ live references
def _decimal_indicator(a) -> tuple[str, float]:
    """A district indicator whose 2025 value has a decimal part (read from the results)."""
    d = a.district()
    d = d[(d["milestone"] == 2025) & (d["measure"] == "percent") & d["value"].notna()]
    d = d[(d["value"] % 1) != 0]
    row = d.iloc[0]
    return row["indicator"], float(row["value"])


@pytest.mark.parametrize("lang, mark", [("vi", ","), ("en", ".")])
def test_live_references_render_the_results_formatted_per_language(tmp_path, lang, mark):
    data = _copy_data(tmp_path)
    probe = assess(Params(year=2025, data_dir=str(data)))
    code, value = _decimal_indicator(probe)
    row = probe.progress[(probe.progress["indicator"] == code)
                         & (probe.progress["unit"] == "district")
                         & (probe.progress["milestone"] == 2025)].iloc[0]
    text = _complete({"area-2": f"Đạt {{{{ value {code} }}}}, mục tiêu "
                                f"{{{{ target {code} milestone=2025 }}}}; "
                                f"{{{{ count status=achieved milestone=2025 }}}} đạt; "
                                f"{{{{ status {code} milestone=2025 }}}}."})
    for other in ("vi", "en"):
        _write(data, 2025, other, text)
    a = assess(Params(year=2025, data_dir=str(data), lang=lang))
    md = section_markdown(a, "area-2")
    whole, frac = f"{value:.1f}".split(".")
    assert f"{whole}{mark}{frac}%" in md.replace("\\", "")
    achieved = int(((a.district()["milestone"] == 2025)
                    & (a.district()["status"] == "achieved")).sum())
    assert f"; {achieved} " in md.replace("\\", "")
    from assessment.i18n import t
    assert t(f"status.{row['status']}", lang).lower() in md
    assert "{{" not in md


def test_narrative_prose_is_escaped_but_keeps_emphasis_and_lists(tmp_path):
    data = _copy_data(tmp_path)
    text = _complete({"causes": "**Chủ quan**: <script>alert(1)</script> #set page(width: 1cm)"
                                " [link](http://example.com) $x$\n\n- một\n- hai"})
    for lang in ("vi", "en"):
        _write(data, 2025, lang, text)
    md = section_markdown(assess(Params(year=2025, data_dir=str(data))), "causes")
    assert md.startswith("**Chủ quan**")
    assert "\\<script\\>" in md and "<script>" not in md
    assert "\\#set" in md and "\\[link\\]" in md and "\\$x\\$" in md
    assert "\n\n- một\n- hai" in md


# ------------------------------------------------------------------ validation
BAD = """\
## Chỉ đạo {#direction}

Giá trị {{ value NO_SUCH_CODE }} và {{ valeu AP_ONLINE_FILES }}.
Đơn vị {{ value AP_ONLINE_FILES unit=atlantis }}, mốc {{ target AP_ONLINE_FILES milestone=2027 }}.
Năm {{ value AP_ONLINE_FILES year=2031 }}; {{ task T-IX-9 }}; {{ count milestone=2025 }}.
Xã cũ {{ value AP_ONLINE_FILES unit=phu_phong }}; {{ status AP_ONLINE_FILES colour=red }}

## Không có {#no-such-section}
"""


def test_every_reference_error_is_located(catalogue, units):
    narrative, problems = parse_narrative(BAD, "data/2025/narrative/vi.md", "vi")
    from assessment.intake.narrative import check_references
    problems += check_references(narrative, catalogue, units, 2025)
    found = {(p.rule, p.row, int(p.column)) for p in problems}
    line = BAD.splitlines()
    def col(n, needle):
        return line[n - 1].index(needle) + 1
    expected = {
        ("narrative_unknown_code", 3, col(3, "{{ value NO")),
        ("narrative_unknown_field", 3, col(3, "{{ valeu")),
        ("narrative_unknown_unit", 4, col(4, "{{ value AP")),
        ("narrative_bad_milestone", 4, col(4, "{{ target")),
        ("narrative_bad_year", 5, col(5, "{{ value")),
        ("narrative_unknown_task", 5, col(5, "{{ task")),
        ("narrative_no_status", 5, col(5, "{{ count")),
        ("narrative_unit_not_valid", 6, col(6, "{{ value")),
        ("narrative_unknown_option", 6, col(6, "{{ status")),
        ("narrative_unknown_section", 8, col(8, "{#")),
    }
    assert expected <= found, expected - found
    unit = next(p for p in problems if p.rule == "narrative_unknown_field")
    assert unit.message("en").startswith("data/2025/narrative/vi.md, line 3, column ")
    assert "Did you mean value?" in unit.message("en")
    assert unit.message("vi").startswith("data/2025/narrative/vi.md, dòng 3, cột ")


def test_validate_lists_narrative_errors_and_exits_non_zero(tmp_path, capsys):
    data = _copy_data(tmp_path)
    _write(data, 2024, "vi", BAD)
    assert main(["validate", "--year", "2024", "--data", str(data), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "narrative/vi.md, line 3, column" in out and "[narrative_unknown_code]" in out


def test_vi_and_en_citing_different_figures_warns(tmp_path, catalogue, units):
    data = _copy_data(tmp_path)
    _write(data, 2025, "vi", _complete({"area-2": "{{ value AP_ONLINE_FILES }} và "
                                                  "{{ value EG_5G }}"}))
    _write(data, 2025, "en", _complete({"area-2": "{{ value AP_ONLINE_FILES }}"}))
    _, problems = load_narratives(data, 2025, catalogue, units)
    differ = [p for p in problems if p.rule == "narrative_figures_differ"]
    assert [(Path(p.file).name, p.row, p.value) for p in differ] == [
        ("vi.md", _line_of(data, "vi", "EG_5G"), "{{ value EG_5G }}")]
    assert differ[0].severity == "warning"


def _line_of(data: Path, lang: str, needle: str) -> int:
    lines = (data / "2025" / "narrative" / f"{lang}.md").read_text().splitlines()
    return next(i for i, text in enumerate(lines, start=1) if needle in text)


def test_the_shipped_narratives_validate_without_warnings(catalogue, units):
    for year in range(2021, 2026):
        found, problems = load_narratives(DATA, year, catalogue, units)
        assert problems == [], (year, [p.message("en") for p in problems])
        assert all(n is not None and not n.missing() for n in found.values())


# ------------------------------------------------------------------ edition file
def test_edition_file_errors_name_the_key_and_line(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "2025" / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: final", "status: finished"), encoding="utf-8")
    with pytest.raises(EditionError) as info:
        edition_document(data, 2025)
    assert info.value.kind == "bad_status" and info.value.line == 5
    path.write_text(text.replace("date: 2026-01-15", "date: 2019-01-15"), encoding="utf-8")
    with pytest.raises(EditionError) as info:
        edition_document(data, 2025)
    assert info.value.kind == "document_year"


def test_each_shipped_year_has_an_issuer_that_existed_then(units):
    ended = units.district_level_ended()
    for year in range(2021, 2026):
        doc = edition_document(DATA, year)
        assert doc.illustrative and doc.number and doc.name and doc.recipients["vi"]
        issued = doc.day()
        district_body = "huyện" in " ".join(doc.issuer_lines("vi")).lower()
        assert district_body == (issued < ended), (year, doc.issuer_lines("vi"))


def test_draft_status_or_missing_section_marks_the_cover(tmp_path):
    data = _copy_data(tmp_path)
    assert not cover_facts(data, 2025, "vi").draft
    path = data / "2025" / "edition.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: final", "status: draft"),
                    encoding="utf-8")
    cover = cover_facts(data, 2025, "en")
    assert cover.draft and "edition.yaml" in cover.draft_note
    assert "06/BC-UBND" not in cover.number and "/BC-UBND" in cover.number


# ------------------------------------------------------------------ outlook
def _track(values, target, direction="up", milestone=2030):
    history = tuple(zip(range(2021, 2021 + len(values)), values))
    return Track(direction=direction, base_year=2021, base=values[0],
                 year=history[-1][0], value=values[-1], milestone=milestone,
                 target=target, history=history)


@pytest.mark.parametrize("values, target, direction, expected", [
    ([50, 60, 70], 100, "up", "maintain"),       # +10 a year reaches 100 by 2026
    ([50, 52, 54], 100, "up", "accelerate"),     # +2 a year: 68 by 2030
    ([50, 50, 50], 100, "up", "accelerate"),     # standing still
    ([70, 65, 60], 100, "up", "reverse"),        # falling away from it
    ([40, 35, 30], 10, "down", "maintain"),      # falling fast enough
    ([40, 42, 44], 10, "down", "reverse"),       # rising while it should fall
])
def test_outlook_from_the_weighted_trend(values, target, direction, expected):
    track = _track(values, target, direction)
    projected = anticipated(track)
    assert classify_outlook(track, "on_track", False, projected) == expected


def test_outlook_weights_recent_years_more():
    # weights 1, 2, 3: the fitted slope is that of the weighted least squares
    track = _track([10, 10, 40], 100)
    x, y, w = [2021, 2022, 2023], [10, 10, 40], [1, 2, 3]
    xm = sum(a * b for a, b in zip(w, x)) / 6
    ym = sum(a * b for a, b in zip(w, y)) / 6
    slope = sum(c * (a - xm) * (b - ym) for a, b, c in zip(x, y, w)) / \
        sum(c * (a - xm) ** 2 for a, c in zip(x, w))
    assert math.isclose(anticipated(track), ym + slope * (2030 - xm))


def test_no_outlook_for_final_pending_or_unassessed_targets():
    track = _track([50, 60], 100)
    for status, final in (("not_achieved", True), ("pending", False),
                          ("not_applicable", False), ("insufficient_data", False)):
        assert classify_outlook(track, status, final, 120.0) == ""


def test_outlook_column_is_consistent_with_projection_and_target(built_2025):
    site, _ = built_2025
    with open(site / "results" / "progress.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and "outlook" in rows[0] and "anticipated" in rows[0]
    seen = set()
    for r in rows:
        outlook = r["outlook"]
        seen.add(outlook)
        if r["final"] == "True" or r["status"] in ("pending", "not_applicable",
                                                   "insufficient_data"):
            assert outlook == "", r
            continue
        if outlook in ("accelerate", "reverse"):
            projected, value, target = (float(r[k]) for k in ("anticipated", "value", "target"))
            assert not meets(projected, target, r["direction"]), r
            away = (projected - value) * (target - value) < 0
            assert away == (outlook == "reverse"), r
        elif outlook == "maintain" and r["status"] != "achieved":
            assert meets(float(r["anticipated"]), float(r["target"]), r["direction"]), r
    assert {"maintain", "accelerate", "reverse"} <= seen


# ------------------------------------------------------------------ the 2025 edition
COVER = {"vi": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                "Sơ kết 05 năm"],
         "en": ["SOCIALIST REPUBLIC OF VIET NAM", "REPORT", "Mid-Term Review 2021–2025"]}
REVIEW = {"vi": ["Kết quả thực hiện giai đoạn 2021–2025", "Bảng tổng hợp theo lĩnh vực",
                 "Triển vọng đến năm 2030", "Nơi nhận:"],
          "en": ["Results over 2021–2025", "Dashboard by reform area", "Outlook to 2030",
                 "Distribution:"]}
FIRST = {"vi": ["Kết quả đạt được.", "Mục tiêu không đạt.", "Triển vọng đến năm 2030."],
         "en": ["What was achieved.", "What was not achieved.", "Outlook to 2030."]}


@pytest.mark.skipif(pdftotext is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_edition_file_texts_are_on_the_cover_and_at_the_close(built_2025, lang):
    site, _ = built_2025
    pages = [" ".join(p.split()) for p in _pdf_pages(site / lang / "report.pdf")]
    doc = edition_document(DATA, 2025)
    cover = pages[0]
    for line in doc.issuer_lines(lang):  # side by side with the national heading
        shown = (line.upper() if lang == "vi" else line).replace("'", "\u2019")
        assert all(word in cover for word in shown.split()), line
    assert doc.number in cover
    assert (["ngày 15 tháng 01 năm 2026"] if lang == "vi" else ["15 January 2026"])[0] in cover
    for text in COVER[lang]:
        assert text in cover, text
    closing = next(p for p in pages if doc.name in p)
    for recipient in doc.recipients[lang]:  # lines wrap beside the signature block
        assert " ".join(recipient.replace("'", "\u2019").split()[:3]) in closing, recipient
    assert "DỰ THẢO" not in cover and "DRAFT" not in cover


@pytest.mark.skipif(pdftotext is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_2025_edition_reviews_the_period_with_the_outlook_dashboard(built_2025, lang):
    site, _ = built_2025
    pages = [" ".join(p.split()) for p in _pdf_pages(site / lang / "report.pdf")]
    text = " ".join(pages)
    for needle in REVIEW[lang]:
        assert needle in text, needle
    # the summary's sentences come within the first two pages, before any chart
    for needle in FIRST[lang]:
        assert needle in pages[1], needle
    html = (site / lang / "report.html").read_text(encoding="utf-8")
    first_chart = html.index("<figure")
    for needle in FIRST[lang]:
        assert html.index(needle.rstrip(".")) < first_chart, needle
    assert 'id="table-dashboard"' in html or "table-dashboard" in html


# ------------------------------------------------------------------ draft and narrative command
def test_narrative_command_writes_drafts_that_validate_and_build_as_a_draft(tmp_path, capsys):
    data = _copy_data(tmp_path)
    shutil.rmtree(data / "2024" / "narrative")
    assert main(["narrative", "--year", "2024", "--data", str(data)]) == 0
    written = sorted(p.name for p in (data / "2024" / "narrative").iterdir())
    assert written == ["en.md", "vi.md"]
    # an existing narrative is never replaced
    before = (data / "2024" / "narrative" / "vi.md").read_bytes()
    assert main(["narrative", "--year", "2024", "--data", str(data)]) != 0
    assert (data / "2024" / "narrative" / "vi.md").read_bytes() == before
    capsys.readouterr()
    assert main(["validate", "--year", "2024", "--data", str(data), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "[narrative_missing_section]" in out and "[narrative_figures_differ]" not in out
    site = tmp_path / "site"
    assert main(["build", "--year", "2024", "--data", str(data), "--out", str(site),
                 "--lang", "vi", "--format", "html,pdf", "--engine", "builtin"]) == 0
    html = (site / "2024" / "vi" / "report.html").read_text(encoding="utf-8")
    assert 'class="draft-mark">DỰ THẢO<' in html
    assert "{{" not in html
    if pdftotext:
        pages = _pdf_pages(site / "2024" / "vi" / "report.pdf")
        assert "DỰ THẢO" in pages[0]
        assert all("Dự thảo" in "\n".join(p.strip().splitlines()[:2])
                   for p in pages[1:] if p.strip())
