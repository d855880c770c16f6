"""The edition on paper and on a phone (DESIGN.md section 6).

* Status badges in the charts' colours (assessment.plan.status), in HTML and Typst.
* The report's filter: the data behind a chart one click away in HTML (<details>) and left
  out of the PDF; every HTML table in a box that scrolls sideways on its own.
* Paper: no table row split across pages, the header row repeated; the illustrative-data
  line on every page; title, author and page labels of the PDF; the accompanying files.
* Phone: no sideways scrolling at 390 px in a real browser (headless Chromium).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from conftest import skip_or_fail
from assessment.i18n import t
from assessment.plan.status import COLOURS, INDICATOR_STATUSES, SYMBOLS, TASK_STATUSES
from assessment.render import engines as render
from assessment.render.document import _accompanying, combine_markdown
from assessment.render.status_style import (badge_colours, contrast, status_css,
                                            typst_badge_colours)

ROOT = Path(__file__).resolve().parents[1]
FILTER = ROOT / "src" / "assessment" / "templates" / "report.lua"
PHONE = 390
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils missing")


def meta_for(lang="vi", **over):
    kwargs = dict(reference_date="31/12/2025", version="1.0.0", illustrative=True,
                  generated="02/12/2026")
    kwargs.update(over)
    return render.meta_from_config(render.load_quarto_config(ROOT), lang, 2025, **kwargs)


def pandoc(markdown: str, to: str) -> str:
    import pypandoc
    return pypandoc.convert_text(markdown, to, format="markdown",
                                 extra_args=[f"--lua-filter={FILTER}", "--wrap=none"])


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``: one printed line, one line)."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def pdf_links(path: Path) -> list[str]:
    import pypdf
    found = []
    for page in pypdf.PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


# ------------------------------------------------------------------ badges
def test_every_status_has_a_badge_in_the_charts_colour():
    statuses = set(INDICATOR_STATUSES) | set(TASK_STATUSES)
    assert statuses <= set(COLOURS)
    css, typst = status_css(), typst_badge_colours()
    for status in statuses:
        border, background, text, symbol = badge_colours(status)
        assert border == COLOURS[status], status
        assert f".status.{status} {{ border-color: {COLOURS[status]}; background: {background};" in css
        assert f".status.{status} .status-symbol {{ color: {symbol}; }}" in css
        assert f'{status}: (rgb("{COLOURS[status]}"), rgb("{background}"), ' in typst
        assert contrast(text, background) >= 4.5, status
        assert contrast(symbol, background) >= 3.0, status
        if background != border:  # a light tint of the colour, not another colour
            assert contrast(background, "#ffffff") < 1.6, status


def test_the_badge_styles_reach_both_templates():
    header = combine_markdown([], meta_for())
    assert ".status.pending { border-color: " + COLOURS["pending"] in header
    assert 'regressing: (rgb("' + COLOURS["regressing"] in header
    for symbol in set(SYMBOLS.values()):
        assert symbol in header


def test_badge_symbol_is_set_apart_in_html_and_typst():
    md = ('---\nstatus-symbols: ["✔", "▲"]\n---\n\n'
          "[✔ Đã đạt]{.status .achieved} [Đúng tiến độ]{.status .on_track} "
          "[✔]{.status .achieved}\n")
    html = pandoc(md, "html5")
    assert ('<span class="status achieved"><span class="status-symbol" aria-hidden="true">'
            '✔</span> Đã đạt</span>') in html
    assert '<span class="status on_track">Đúng tiến độ</span>' in html  # no symbol: as it is
    typst = pandoc(md, "typst")
    assert '#badge("achieved")[#badge-symbol("achieved")[✔] Đã đạt]' in typst
    assert '#badge("on_track")[Đúng tiến độ]' in typst


# ------------------------------------------------------------------ the report's filter
CHART_DATA = """\
![Biểu đồ](chart.svg){#figure-x fig-alt="Cột: 3 đạt, 1 không đạt"}

::: {.chart-data}
[Số liệu của hình]{.chart-data-summary}

| Lĩnh vực | Đã đạt | Không đạt |
|:--|--:|--:|
| Cải cách thể chế \\<b\\> | 3 | 1 |
:::

Đoạn sau.
"""


def test_chart_data_becomes_details_in_html():
    html = pandoc(CHART_DATA, "html5")
    found = re.search(r'<details class="chart-data"><summary>Số liệu của hình</summary>\s*'
                      r'<div class="table-scroll">\s*<table>.*?</table>\s*</div>\s*</details>',
                      html, re.S)
    assert found, html
    assert "chart-data-summary" not in html and 'class="chart-data"' in html
    assert html.count("Số liệu của hình") == 1
    assert "&lt;b&gt;" in found.group(0)  # table text stays text
    assert html.index("<figure") < html.index("<details") < html.index("Đoạn sau")


def test_chart_data_is_left_out_of_typst():
    typst = pandoc(CHART_DATA, "typst")
    assert "Số liệu của hình" not in typst and "Cải cách thể chế" not in typst
    assert "#figure(image(" in typst and "Đoạn sau" in typst


def test_chart_data_summary_is_escaped():
    md = CHART_DATA.replace("[Số liệu của hình]", r"[Số liệu \<i\> & bảng]")
    assert "<summary>Số liệu &lt;i&gt; &amp; bảng</summary>" in pandoc(md, "html5")


def test_every_html_table_scrolls_in_its_own_box():
    md = ("| a | b |\n|--|--|\n| 1 | 2 |\n\n"
          "| c | d |\n|--|--|\n| 3 | 4 |\n\n: Có chú thích {#table-c}\n")
    html = pandoc(md, "html5")
    assert html.count('<div class="table-scroll">') == 2 == html.count("<table")
    assert "table-scroll" not in pandoc(md, "typst")


# ------------------------------------------------------------------ accompanying files
def _links(meta, notebooks=()):
    return {link["href"].replace("\\", ""): group["label"]
            for group in _accompanying(meta, [Path(n) for n in notebooks])
            for link in group["links"]}


def test_accompanying_files_of_an_edition():
    links = _links(meta_for(other_lang_pdf_href="auto",
                            other_years=((2024, "../../2024/vi/report.html"), (2025, "x"))),
                   ["01_summary.ipynb"])
    for href in ("../en/report.html", "../en/report.pdf", "../../index.html",
                 "../../2024/vi/report.html", "../results/progress.csv",
                 "../results/key_figures.csv", "../manifest.json",
                 "../notebooks/vi/01_summary.ipynb"):
        assert href in links, href
    assert "x" not in links  # the edition's own year is not "another year"


def test_accompanying_files_of_a_variant_and_without_the_other_language():
    links = _links(meta_for(variant="phương pháp cagr", other_lang_href=None))
    assert "../../../../index.html" in links and "../../index.html" not in links
    assert not any(href.startswith("../en/") for href in links)


# ------------------------------------------------------------------ paper (a small render)
def _notebook(folder: Path, rows: int = 45) -> Path:
    """A long captioned table whose rows wrap over several lines, then a heading."""
    def words(k: int) -> str:  # rows of 2 to 9 lines: some reach across a page foot
        return " ".join(["chỉ tiêu cải cách hành chính"] * (3 + 4 * (k % 7)))
    body = "\n".join(f"| R{k:02d}A {words(k)} R{k:02d}Z | {k} | {'đạt' if k % 2 else 'chưa'} |"
                     for k in range(1, rows + 1))
    table = ("| Cột đầu HDR | Giá trị | Ghi chú |\n|:----------------------------------|--:|:--|\n"
             f"{body}\n\n: Bảng dài kiểm tra {{#table-long}}\n")
    cells = [new_code_cell("show()", outputs=[new_output(
        "display_data", data={"text/markdown": f"# Phần một\n\nMở đầu.\n\n{table}\n\n"
                              "## Mục sau\n\nĐoạn cuối.", "text/plain": ""})])]
    path = folder / "01_long.ipynb"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells), path)
    return path


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("long")
    out = render.render_report([_notebook(base / "nb")], lang="vi", formats={"pdf"},
                               out_dir=base / "vi", meta=meta_for(), engine="builtin")
    return out["pdf"]


@pytest.mark.slow
@needs_poppler
def test_no_table_row_splits_across_pages_and_the_header_repeats(long_pdf):
    pages = pdf_pages(long_pdf)
    on = {}
    for number, text in enumerate(pages, 1):
        for marker in re.findall(r"R\d\d[AZ]", text):
            on[marker] = number
    assert len(on) == 2 * 45
    table_pages = sorted({on[m] for m in on})
    assert len(table_pages) >= 2, "the test table must span pages"
    for k in range(1, 46):
        assert on[f"R{k:02d}A"] == on[f"R{k:02d}Z"], f"row {k} split across pages"
    for number in table_pages:
        assert "Cột đầu HDR" in pages[number - 1], f"no header row on page {number}"
    first = pages[table_pages[0] - 1]
    assert "Bảng 1." in first and first.index("Bảng 1.") < first.index("R01A")


@pytest.mark.slow
@needs_poppler
def test_pdf_metadata_and_page_labels(long_pdf):
    import pypdf
    reader = pypdf.PdfReader(long_pdf)
    meta = meta_for()
    assert reader.metadata.title == meta.title
    assert reader.metadata.author == meta.author == "Phòng Nội vụ huyện Hương Khê"
    total = len(reader.pages)
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    pages = pdf_pages(long_pdf)
    for number, text in enumerate(pages[1:], 2):  # the cover prints no number
        assert f"{t('render.page', 'vi')} {number} / {total}" in text, number


# ------------------------------------------------------------------ the built 2025 edition
def _html(site: Path, lang: str) -> str:
    return (site / lang / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_illustrative_line_on_every_page(built_2025, lang):
    site, _ = built_2025
    line = f"{t('render.illustrative', lang)}: {t('render.illustrative_short', lang)}"
    pages = pdf_pages(site / lang / "report.pdf")
    assert t("render.illustrative_note", lang) in " ".join(" ".join(pages[0].split()).split())
    for number, text in enumerate(pages[1:], 2):
        found = [row for row in text.splitlines() if " ".join(row.split()).startswith(line)]
        assert found, f"page {number}: no one-line illustrative note"
        assert re.search(rf"{t('render.page', lang)} {number} / {len(pages)}$", found[0].strip())
    html = _html(site, lang)
    bar = html.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]
    assert 'class="topbar-note"' in bar and t("render.illustrative_short", lang) in bar


BOTTOM_MARGIN = 2.4 * 72 / 2.54  # report.typ: page margin bottom 2.4 cm, in points


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_heading_is_left_alone_at_a_page_foot(built_2025, lang):
    """Every heading (the PDF's bookmarks, with their position) has at least a line of what
    follows it below it on its page: Typst's headings are sticky."""
    import pypdf
    site, _ = built_2025
    reader = pypdf.PdfReader(site / lang / "report.pdf")
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif item.get("/Top") is not None:
                found.append((float(item["/Top"]), reader.get_destination_page_number(item) + 1,
                              item.title))
    walk(reader.outline)
    assert len(found) >= 30
    for top, page, title in found:
        # the heading itself (about 16 pt) and at least one line (about 14 pt) of its text
        assert top - BOTTOM_MARGIN >= 36, f"page {page}: {title!r} at the foot of the page"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_relative_link_points_to_a_published_file(built_2025, lang):
    site, _ = built_2025
    folder = site / lang
    html = _html(site, lang)
    hrefs = set(re.findall(r'href="([^"#][^"]*)"', html))
    uris = set(pdf_links(folder / "report.pdf"))
    for wanted in ("../../index.html", "../results/progress.csv", "../manifest.json",
                   f"../notebooks/{lang}/01_summary.ipynb"):
        assert wanted in hrefs and wanted in uris, wanted
    other = "en" if lang == "vi" else "vi"
    assert f"../{other}/report.html" in hrefs and f"../{other}/report.html" in uris
    notebooks = sorted(p.name for p in (site / "notebooks" / lang).glob("*.ipynb"))
    assert {f"../notebooks/{lang}/{name}" for name in notebooks} <= uris
    for href in hrefs | uris:
        if urlparse(href).scheme:
            continue
        assert (folder / unquote(href)).resolve().is_file(), href


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_has_numbers_in_its_alt_text_and_its_data(built_2025, lang):
    site, _ = built_2025
    html = _html(site, lang)
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert len(alts) >= 5
    for alt in alts:
        assert re.search(r"\d", alt), alt
    assert html.count('<details class="chart-data">') == html.count("<figure")
    pdf = "\n".join(pdf_pages(site / lang / "report.pdf")) if shutil.which("pdftotext") else ""
    label = {"vi": "Số liệu của hình", "en": "Data behind the chart"}[lang]
    assert label in html and label not in pdf  # the PDF's annex has the tables


# ------------------------------------------------------------------ phone, in a browser
def _browser() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        message = ("CHROMIUM IS NOT INSTALLED: the 390 px layout check did not run. "
                   "Install Debian's `chromium` (CI does).")
        skip_or_fail(message, "ASSESSMENT_REQUIRE_CHROMIUM")
    return browser


# Headless Chromium has no window narrower than 500 px: the page is loaded in an iframe of
# the width to test; a script added to a copy of the page (the edition has none) measures
# it, without the scroll bar (a phone's overlays the page), and posts the numbers up.
_PROBE = """<style>html{scrollbar-width:none}</style><script>
addEventListener('load', () => {
  const d = document.documentElement, wide = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.getBoundingClientRect().right <= d.clientWidth + 1) continue;
    let p = e.parentElement, boxed = false;
    for (; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') { boxed = true; break; }
    if (!boxed) wide.push(e.tagName + '.' + e.className);
  }
  const main = document.querySelector('main').getBoundingClientRect().width;
  parent.postMessage(`W=${d.scrollWidth};V=${d.clientWidth};M=${Math.round(main)};` +
                     wide.slice(0, 10).join('|'), '*');
});
</script></body>"""


def _measure(browser: str, html: str, width: int, folder: Path) -> tuple[int, int, int, str]:
    page = folder / f"page-{width}.html"
    page.write_text(html.replace("</body>", _PROBE, 1), encoding="utf-8")
    frame = folder / f"frame-{width}.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe src="{page.name}" '
        f'style="width:{width}px;height:900px;border:0"></iframe><script>'
        'addEventListener("message", e => { const p = document.createElement("pre"); '
        'p.id = "probe"; p.textContent = e.data; document.body.append(p); });'
        "</script></body></html>", encoding="utf-8")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", "--hide-scrollbars", "--disable-sync",
                          "--disable-background-networking", "--disable-component-update",
                          f"--user-data-dir={folder / 'profile'}", "--window-size=1400,1000",
                          "--virtual-time-budget=15000", "--dump-dom", frame.as_uri()],
                         capture_output=True, text=True, timeout=180).stdout
    found = re.search(r'id="probe">W=(\d+);V=(\d+);M=(\d+);([^<]*)', dom)
    assert found, f"the page did not report its width: {dom[-1500:]}"
    return int(found[1]), int(found[2]), int(found[3]), found[4]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_sideways_scroll_on_a_phone(built_2025, lang, tmp_path):
    browser = _browser()
    site, _ = built_2025
    width, viewport, _, wide = _measure(browser, _html(site, lang), PHONE, tmp_path)
    assert viewport == PHONE
    assert width <= PHONE, f"the page is {width} px wide at {PHONE} px; too wide: {wide}"


@pytest.mark.slow
def test_the_measure_sees_a_page_too_wide(built_2025, tmp_path):
    """The phone check can fail: an unboxed element wider than the phone is caught."""
    browser = _browser()
    site, _ = built_2025
    html = _html(site, "vi").replace("</article>", '<div style="width:600px">x</div></article>', 1)
    width, _, _, wide = _measure(browser, html, PHONE, tmp_path)
    assert width > PHONE and "DIV" in wide


@pytest.mark.slow
def test_reading_column_on_a_desktop(built_2025, tmp_path):
    browser = _browser()
    site, _ = built_2025
    width, viewport, main, _ = _measure(browser, _html(site, "vi"), 1280, tmp_path)
    assert width <= viewport == 1280
    assert 600 <= main <= 1040  # 60rem at most: lines stay readable
