"""assessment.build.site: the bilingual portal landing page."""
import json
import re

from assessment.build.site import scan_site, write_index


def touch(path, size=2048):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_index_lists_years_newest_first(tmp_path):
    touch(tmp_path / "2023" / "vi" / "report.html")
    touch(tmp_path / "2023" / "vi" / "report.pdf", 1_500_000)
    touch(tmp_path / "2024" / "vi" / "report.html")
    touch(tmp_path / "2024" / "en" / "report.pdf")
    (tmp_path / "2024" / "manifest.json").write_text(json.dumps({"finished": "2025-01-15T10:20:30",
                                                                 "illustrative": True}))
    touch(tmp_path / "2024" / "results" / "progress.csv")
    (tmp_path / "2023" / "manifest.json").write_text(json.dumps({"generated": "2024-01-10"}))
    (tmp_path / "notes").mkdir()
    touch(tmp_path / "2022" / "notebooks" / "a.ipynb")  # no report: not listed

    out = write_index(tmp_path)
    html = out.read_text(encoding="utf-8")
    assert out == tmp_path / "index.html"
    assert '<html lang="vi">' in html
    assert html.index('id="y2024"') < html.index('id="y2023"') and 'id="y2022"' not in html
    for href in ("2024/vi/report.html", "2024/en/report.pdf", "2023/vi/report.pdf"):
        assert f'href="{href}"' in html
    assert 'href="2024/en/report.html"' not in html
    assert "1.5 MB" in html and "2 kB" in html
    assert "15/01/2025 · 15 Jan 2025" in html and "10/01/2024 · 10 Jan 2024" in html
    assert 'href="2024/results/progress.csv"' in html and 'href="2023/results/' not in html
    assert html.count("Illustrative data, not official figures") == 1  # 2024 only
    assert "Tiếng Việt" in html and "English" in html


def test_index_is_self_contained(tmp_path):
    touch(tmp_path / "2024" / "vi" / "report.html")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(src|href)="https?:', html) and "url(http" not in html


def test_empty_site(tmp_path):
    html = write_index(tmp_path / "new").read_text(encoding="utf-8")
    assert "Chưa có báo cáo nào" in html


def test_manifest_values_are_escaped(tmp_path):
    touch(tmp_path / "2024" / "vi" / "report.html")
    (tmp_path / "2024" / "manifest.json").write_text(json.dumps({"finished": "<script>x"}))
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;x" in html


def test_scan_site(tmp_path):
    touch(tmp_path / "2021" / "en" / "report.html", 10)
    assert scan_site(tmp_path) == [{"year": 2021, "reports": {"en": {"html": 10}}, "built": "",
                                    "scorecards": {},
                                    "illustrative": False, "extras": [], "variants": []}]
    touch(tmp_path / "2021" / "par_index" / "vi" / "report.pdf", 20)
    assert scan_site(tmp_path)[0]["scorecards"] == {"vi": {"pdf": 20}}


def test_scan_site_lists_variants_with_what_they_changed(tmp_path):
    touch(tmp_path / "2025" / "vi" / "report.pdf", 2000)
    variant = tmp_path / "2025" / "variants" / "method-cagr"
    touch(variant / "en" / "report.html", 3000)
    (variant / "manifest.json").write_text(json.dumps(
        {"differences": {"method": ["linear", "cagr"]}, "finished": "2026-12-01T10:00:00"}))
    touch(tmp_path / "2025" / "variants" / "empty" / "notes.txt")  # no report: not listed
    [year] = scan_site(tmp_path)
    [item] = year["variants"]
    assert item["name"] == "method-cagr" and item["reports"] == {"en": {"html": 3000}}
    assert "CAGR" in item["about"]["en"] and "official edition" in item["about"]["en"]
    assert item["built"] == "01/12/2026 · 1 Dec 2026"
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="2025/variants/method-cagr/en/report.html"' in html
    assert 'href="2025/vi/report.pdf"' in html
    assert "2025/variants/empty" not in html


def test_index_with_only_a_variant_has_no_edition_table(tmp_path):
    touch(tmp_path / "2025" / "variants" / "method-cagr" / "vi" / "report.html")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="2025/vi/report.html"' not in html
    assert 'href="2025/variants/method-cagr/vi/report.html"' in html


def test_index_is_written_through_a_unique_temporary_file(tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    write_index(tmp_path / "site", tmp_dir=staging)
    write_index(tmp_path / "site", tmp_dir=staging)
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html"]
    assert list(staging.iterdir()) == []
