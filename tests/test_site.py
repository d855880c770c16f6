"""assessment.site: the bilingual portal landing page."""
import json
import re

from assessment.site import scan_site, write_index


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
                                    "illustrative": False, "extras": []}]
