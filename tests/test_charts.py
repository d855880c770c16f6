"""Charts: vector SVG (text as paths, no raster) in both languages, drawn for the A4 text
width with no text under 7 pt and nothing cut off, deterministic bytes, bundled Noto fonts
only, no missing glyphs for Vietnamese, language-aware numbers, no in-chart title that
repeats the caption, and every status shown by its own symbol, its colour and its word
from assessment.plan.status and the locale."""
from __future__ import annotations

import datetime as dt
import logging
import re
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib import font_manager
from matplotlib.backends import backend_agg
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MarkerPath
from matplotlib import textpath
from matplotlib.colors import to_hex

from assessment.report import charts
from assessment.report.charts import heatmap, overview, style, symbols, timeline, trends
from assessment.i18n import fmt_percent, t
from assessment.paths import package_file
from assessment.plan.status import COLOURS, INDICATOR_STATUSES, SYMBOLS, TASK_STATUSES, UNSCORED

LANGS = ("vi", "en")

# Every Vietnamese vowel with every tone mark, both cases, plus đ/Đ.
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VOWELS = "".join(unicodedata.normalize("NFC", b + m) for b in _BASES for m in _TONES)
ALL_VI = VOWELS + VOWELS.upper() + "đĐ"


# ------------------------------------------------------------------ inputs
def _areas(names: dict[int, str] | None = None):
    rows = []
    for area, counts in ((1, [2, 1, 0, 1, 0, 0, 1]), (2, [0, 3, 2, 0, 1, 0, 0]),
                         (3, [1, 0, 0, 0, 0, 0, 4])):
        counts = counts + [0] * (len(INDICATOR_STATUSES) - len(counts))
        rows.append({"area": area, "milestone": 2025,
                     **{f"n_{s}": n for s, n in zip(INDICATOR_STATUSES, counts)}})
    names = names or {1: "Cải cách thể chế", 2: "Cải cách thủ tục hành chính",
                      3: "Xây dựng và phát triển chính quyền điện tử, chính quyền số"}
    return pd.DataFrame(rows), names


def _trend_inputs():
    series = pd.DataFrame({"year": [2021, 2022, 2024], "value": [40.0, 40.3, 40.6]})
    path = pd.DataFrame({"year": [2021, 2023, 2025], "expected": [40.0, 40.5, 41.0]})
    return series, path


def _heatmap_inputs(names: dict[str, str] | None = None):
    units = ["huong_trach", "phuc_dong", "loc_yen"]
    matrix = pd.DataFrame([[82.5, 100.0], [40.0, np.nan], [12.25, 66.0]], index=units,
                          columns=["HS_ONLINE", "SO_HOA"])
    statuses = pd.DataFrame([["on_track", "achieved"], ["off_track", "insufficient_data"],
                             ["regressing", None]], index=units, columns=matrix.columns)
    names = names or {"huong_trach": "Hương Trạch", "phuc_dong": "Phúc Đồng",
                      "loc_yen": "Lộc Yên"}
    labels = {"HS_ONLINE": "Hồ sơ trực tuyến", "SO_HOA": "Số hóa kết quả"}
    return matrix, statuses, names, labels


def _tasks_inputs(labels: dict[str, str] | None = None):
    tasks = pd.DataFrame({
        "task": ["T_I_1", "T_II_1", "T_VI_3", "T_VI_5", "T_VII_1"],
        "group": ["I", "II", "VI", "VI", "VII"],
        "due": [dt.date(2023, 12, 31), None, dt.date(2025, 12, 31), dt.date(2024, 6, 30),
                None],
        "status": ["done", "roadmap", "on_schedule", "overdue", "not_started"],
        "deadline_kind": ["quarter", "roadmap", "year_range", "quarter", "annual"],
    })
    labels = labels or {"T_I_1": "Đề án hoàn thiện hệ thống văn bản quy phạm pháp luật",
                        "T_II_1": "Phân cấp giải quyết thủ tục hành chính",
                        "T_VI_3": "Phần mềm quản lý văn bản", "T_VI_5": "Số hóa hồ sơ",
                        "T_VII_1": "ISO 9001"}
    return tasks, labels


def _panel(title: str = "Tỷ lệ hồ sơ trực tuyến", measure: str = "percent",
           direction: str = "up") -> charts.TrendPanel:
    series, points = _trend_inputs()
    return charts.TrendPanel(series, points, title=title, measure=measure, target=41.0,
                             milestone=2025, direction=direction)


def _render(kind: str, lang: str, path: Path) -> Path:
    if kind == "overview":
        areas, names = _areas()
        return charts.status_overview(areas, names, lang, path)
    if kind == "trend":  # a grid of one panel
        return charts.trend_grid([_panel()], lang=lang, path=path)
    if kind == "grid":  # three panels on two columns: the fourth cell stays empty
        panels = [_panel(f"Chỉ tiêu {i} {ALL_VI[:20]}", m, d)
                  for i, (m, d) in enumerate((("percent", "up"), ("billion_vnd", "down"),
                                              ("count", "up")))]
        return charts.trend_grid(panels, lang=lang, path=path)
    if kind == "heatmap":
        matrix, statuses, names, labels = _heatmap_inputs()
        return charts.commune_heatmap(matrix, statuses, unit_names=names,
                                      indicator_labels=labels, lang=lang, path=path)
    tasks, labels = _tasks_inputs()
    return charts.task_timeline(tasks, task_labels=labels,
                                reference_date=dt.date(2024, 12, 31), lang=lang, path=path)


KINDS = ("overview", "trend", "grid", "heatmap", "timeline")


@pytest.fixture
def drawn(monkeypatch):
    """Keep each chart's drawn figure (tick labels, legend texts) for inspection."""
    figures = []
    original = style.save

    def keep(fig, path, **kw):
        result = original(fig, path, **kw)
        figures.append(fig)
        return result

    for module in (overview, trends, heatmap, timeline):  # each imported `save` by name
        monkeypatch.setattr(module, "save", keep)
    return figures


def _legend_texts(fig) -> list[str]:
    (legend,) = fig.legends
    return [x.get_text() for x in legend.get_texts()]


# ------------------------------------------------------------------ output
def _svg_size(svg: str) -> tuple[float, float]:
    head = re.search(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return float(head.group(1)), float(head.group(2))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_writes_vector_svg_with_text_as_paths(kind, lang, tmp_path):
    path = tmp_path / "sub" / f"{kind}_{lang}.svg"
    assert _render(kind, lang, path) == path
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "<image" not in svg and "data:image" not in svg  # no raster: sharp in print
    assert "<text" not in svg and "@font-face" not in svg   # text as paths: no font needed
    assert "<dc:date>" not in svg and "atplotlib v" not in svg  # no date, no version
    width, height = _svg_size(svg)
    # drawn for the A4 text width, so it prints at its own size (not scaled down)
    assert 150 < width <= style.TEXT_WIDTH * 72 + 0.5
    assert height <= style.MAX_HEIGHT * 72


def test_figures_are_named_svg(tmp_path):
    from assessment.report.figures import Figures
    target, rel = Figures(tmp_path, prefix="summary").path("status-overview")
    assert rel == "figures/summary-status-overview.svg" and target == tmp_path / rel
    assert target.parent.is_dir()


@pytest.mark.parametrize("kind", KINDS)
def test_identical_input_identical_bytes(kind, tmp_path):
    first = _render(kind, "vi", tmp_path / "a.svg").read_bytes()
    second = _render(kind, "vi", tmp_path / "b.svg").read_bytes()
    assert first == second
    assert first != _render(kind, "en", tmp_path / "c.svg").read_bytes()


def test_identical_bytes_in_a_fresh_process(tmp_path):
    """The SVG ids come from a fixed hash salt, not from the process: a fresh interpreter
    writes the very same bytes."""
    here = {kind: _render(kind, "vi", tmp_path / f"{kind}.svg").read_bytes() for kind in KINDS}
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
              "from pathlib import Path; import test_charts as c; "
              f"[c._render(k, 'vi', Path({str(tmp_path)!r}) / f'fresh-{{k}}.svg') for k in c.KINDS]")
    subprocess.run([sys.executable, "-c", script], check=True)
    for kind in KINDS:
        assert (tmp_path / f"fresh-{kind}.svg").read_bytes() == here[kind], kind


def _texts(fig) -> list:
    """Every text the figure draws: its own, the legends', and each axes' texts, titles,
    axis labels and the tick labels within the view."""
    found = list(fig.texts)
    for legend in fig.legends:
        found += [*legend.get_texts(), legend.get_title()]
    for ax in fig.axes:
        if not ax.axison:
            continue
        found += [*ax.texts, ax.title, ax._left_title, ax._right_title, ax.xaxis.label,
                  ax.yaxis.label]
        for labels, limits, k in ((ax.get_xticklabels(), ax.get_xlim(), 0),
                                  (ax.get_yticklabels(), ax.get_ylim(), 1)):
            low, high = sorted(limits)
            found += [x for x in labels if low - 1e-9 <= x.get_position()[k] <= high + 1e-9]
    return [x for x in found if x.get_visible() and x.get_text().strip()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS + ("single",))
def test_no_text_under_7pt_and_nothing_outside_the_figure(kind, lang, tmp_path, drawn):
    """Printed at the text width (the figure's own width), every text is at least 7 pt;
    legends, tick labels and titles lie inside the figure: none is cut off at either end."""
    if kind == "single":  # a lone panel with both the legend's longest entries
        charts.trend_grid([_panel("Tỷ lệ " * 20, direction="down")], lang=lang,
                          path=tmp_path / "x.svg")
    else:
        _render(kind, lang, tmp_path / "x.svg")
    fig = drawn[0]
    assert fig.get_figwidth() <= style.TEXT_WIDTH
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    inside = fig.bbox.padded(2)  # a pixel or two of rounding
    for text in _texts(fig):
        assert text.get_fontsize() >= style.MIN_FONT, text.get_text()
        box = text.get_window_extent(renderer)
        assert inside.containsx(box.x0) and inside.containsx(box.x1), text.get_text()
        assert inside.containsy(box.y0) and inside.containsy(box.y1), text.get_text()
    (legend,) = fig.legends
    box = legend.get_window_extent(renderer)
    assert inside.x0 <= box.x0 and box.x1 <= inside.x1


def test_a_legend_that_cannot_fit_is_not_cut_off(tmp_path):
    """The legend drops to fewer columns to fit; when even one is too wide, the SVG grows
    to hold it (cropped to what is drawn) rather than cutting it off."""
    handles = [symbols.swatch_handle(s) for s in ("achieved", "on_track")]
    with style.figure((3.0, 1.5)) as fig:
        fig.add_subplot().plot([0, 1], [0, 1])
        legend = symbols.add_legend(fig, handles, ["Đã đạt " * 3, "Đúng tiến độ " * 3], ncols=2)
        assert legend._ncols == 1  # two columns would not fit
        fitted = style.save(fig, tmp_path / "fits.svg")
    assert _svg_size(fitted.read_text(encoding="utf-8"))[0] == pytest.approx(3.0 * 72)
    with style.figure((3.0, 1.5)) as fig:
        fig.add_subplot().plot([0, 1], [0, 1])
        symbols.add_legend(fig, handles, ["Đã đạt " * 12, "x"], ncols=2)
        wide = style.save(fig, tmp_path / "wide.svg")
    assert _svg_size(wide.read_text(encoding="utf-8"))[0] > 3.0 * 72


def test_no_chart_repeats_its_caption_as_a_title(tmp_path, drawn):
    for kind in ("overview", "heatmap", "timeline"):
        _render(kind, "vi", tmp_path / f"{kind}.svg")
    for fig in drawn:
        assert fig._suptitle is None
        main = fig.axes[0]
        assert [main.get_title(loc=loc) for loc in ("left", "center", "right")] == ["", "", ""]
    keys = yaml.safe_load(package_file("locales", "charts.yaml").read_text(encoding="utf-8"))
    assert not [k for k in keys if k.endswith(".title")]


def test_missing_column_is_a_clear_error(tmp_path):
    areas, names = _areas()
    with pytest.raises(ValueError, match="n_regressing"):
        charts.status_overview(areas.drop(columns="n_regressing"), names, "vi",
                               tmp_path / "x.svg")


# ------------------------------------------------------------------ fonts
def test_font_helpers_are_idempotent():
    assert charts.font_path().name == "NotoSans-Regular.ttf" and charts.font_path().is_file()
    charts.setup_fonts()
    count = len(font_manager.fontManager.ttflist)
    assert charts.setup_fonts() == "Noto Sans"
    assert len(font_manager.fontManager.ttflist) == count


def test_noto_sans_resolves_to_the_bundled_file():
    charts.setup_fonts()
    found = font_manager.findfont(FontProperties(family="Noto Sans"),
                                  fallback_to_default=False)
    assert Path(found) == charts.font_path()
    with style.figure((2, 2)):  # the charts' default font is the bundled Noto Sans
        assert Path(font_manager.findfont(FontProperties())) == charts.font_path()


@pytest.mark.parametrize("kind", KINDS)
def test_vietnamese_chart_uses_only_bundled_noto(kind, tmp_path, monkeypatch, caplog):
    used: set[str] = set()
    original = backend_agg.get_font

    def spy(paths, *args, **kwargs):
        used.update([paths] if isinstance(paths, (str, Path)) else paths)
        return original(paths, *args, **kwargs)

    monkeypatch.setattr(backend_agg, "get_font", spy)
    monkeypatch.setattr(textpath, "get_font", spy)  # the SVG writer's text as paths
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        _render(kind, "vi", tmp_path / "x.svg")
    assert used, "no text was drawn"
    assert {Path(p).parent for p in used} == {charts.font_path().parent}
    assert not any("DejaVu" in p for p in map(str, used))
    assert "findfont" not in caplog.text


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught
            if "Glyph" in str(w.message) or "missing from font" in str(w.message)]


def test_every_vietnamese_vowel_renders_without_missing_glyphs(tmp_path, caplog):
    half = len(ALL_VI) // 2
    areas, _ = _areas({1: ALL_VI[:half], 2: ALL_VI[half:], 3: "Đường ổn định ưu tiên"})
    matrix, statuses, _, labels = _heatmap_inputs(
        {"huong_trach": VOWELS[:30], "phuc_dong": VOWELS[30:], "loc_yen": "Lộc Yên"})
    tasks, _ = _tasks_inputs({"T_I_1": ALL_VI[:50], "T_II_1": ALL_VI[50:100],
                              "T_VI_3": ALL_VI[100:]})
    with warnings.catch_warnings(record=True) as caught, \
            caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        warnings.simplefilter("always")
        charts.status_overview(areas, dict(enumerate([ALL_VI[:half], ALL_VI[half:],
                                                      "Ổn định"], start=1)),
                               "vi", tmp_path / "o.svg")
        charts.trend_grid([_panel(ALL_VI[:60], direction="down"),
                           _panel(ALL_VI[60:], "billion_vnd")], lang="vi",
                          path=tmp_path / "t.svg")
        charts.commune_heatmap(matrix, statuses, unit_names={"huong_trach": ALL_VI[:28]},
                               indicator_labels={"SO_HOA": ALL_VI[28:60]}, lang="vi",
                               path=tmp_path / "h.svg")
        charts.task_timeline(tasks, task_labels={"T_I_1": ALL_VI[60:]},
                             reference_date=dt.date(2024, 12, 31), lang="vi",
                             path=tmp_path / "l.svg")
    assert _glyph_warnings(caught) == []
    assert "findfont" not in caplog.text


def test_the_glyph_check_would_catch_a_missing_glyph():
    """Sanity check of the test above: a symbol Noto Sans lacks is reported."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with style.figure((2, 1)) as fig:
            fig.text(0.1, 0.5, "✔ ▲")
            fig.canvas.draw()
    assert _glyph_warnings(caught)


def test_status_symbols_are_drawn_as_shapes():
    """Symbols Noto Sans lacks are marker shapes of the same form; "?" and "!" are the
    font's outlines; none falls back to the plain square, and one symbol, one marker."""
    builtin = {"▲": "^", "►": ">", "▼": "v", "✖": "X", "○": "o"}
    markers = {}
    for status in INDICATOR_STATUSES + TASK_STATUSES:
        marker, symbol = charts.status_marker(status), SYMBOLS[status]
        MarkerStyle(marker)  # a valid matplotlib marker
        if symbol in builtin:
            assert marker == builtin[symbol], status
        else:  # ✔ … — drawn as paths, ? ! from the font
            assert isinstance(marker, MarkerPath), status
        if symbol in "?!⬇☑◷⊘":  # a bundled font's outline, centred on the origin
            box = marker.get_extents()
            assert abs(box.x0 + box.x1) < 1e-6 and abs(box.y0 + box.y1) < 1e-6, status
        markers.setdefault(symbol, []).append(marker)
    assert set(markers) == {"✔", "▲", "►", "▼", "✖", "○", "?", "!", "…", "—", "⬇", "☑", "◷",
                            "⊘"}
    for symbol, same in markers.items():
        assert all(m is same[0] for m in same), symbol  # cached: one marker per symbol
    assert len({id(m[0]) for m in markers.values()}) == len(markers)


def _shape(marker) -> tuple:
    """The outline a marker draws, as comparable numbers."""
    drawn = MarkerStyle(marker)
    path = drawn.get_path().transformed(drawn.get_transform())
    codes = () if path.codes is None else tuple(int(c) for c in path.codes)
    return tuple(np.round(path.vertices, 3).ravel()), codes


@pytest.mark.parametrize("family", (INDICATOR_STATUSES, TASK_STATUSES),
                         ids=("indicators", "tasks"))
def test_every_status_of_a_family_draws_a_shape_of_its_own(family):
    """No two statuses of a family look alike, none is the fallback square, and the
    symbols that are glyphs come from a bundled font that has them."""
    shapes = {status: _shape(charts.status_marker(status)) for status in family}
    assert len(set(shapes.values())) == len(family)
    assert _shape("s") not in shapes.values()
    for status in family:
        if SYMBOLS[status] in "⬇☑◷⊘":
            font = symbols._glyph_font(SYMBOLS[status])
            assert font.parent == charts.font_path().parent
            assert font.name.startswith(("NotoSansSymbols2", "NotoSansMath")), status


# ------------------------------------------------------------------ language
def test_vietnamese_tick_labels_use_a_decimal_comma(tmp_path, drawn):
    _render("trend", "vi", tmp_path / "vi.svg")
    _render("trend", "en", tmp_path / "en.svg")
    vi, en = ([tick.get_text() for tick in fig.axes[0].get_yticklabels()] for fig in drawn)
    assert any("," in label for label in vi) and not any("." in label for label in vi)
    assert all(label.endswith("%") for label in vi if label)
    assert any("." in label for label in en) and not any("," in label for label in en)
    assert [x.get_text() for x in drawn[0].axes[0].get_xticklabels()][0] == "2021"


def test_formatter_follows_the_language():
    fmt = style.LangFormatter("vi", "percent")
    assert fmt.format_ticks([0, 12.5, 25]) == ["0%", "12,5%", "25%"]
    assert style.LangFormatter("en").format_ticks([1000, 1500]) == ["1,000", "1,500"]
    assert style.LangFormatter("vi").format_ticks([1000, 1500]) == ["1.000", "1.500"]
    assert style.LangFormatter("vi", "year").format_ticks([2021, 2025]) == ["2021", "2025"]


def test_target_annotation_and_status_words(tmp_path, drawn):
    _render("trend", "vi", tmp_path / "t.svg")
    _render("overview", "en", tmp_path / "o.svg")
    texts = [x.get_text() for x in drawn[0].axes[0].texts]
    assert "Mục tiêu 2025: 41%" in texts
    areas, _ = _areas()
    present = [s for s in INDICATOR_STATUSES if areas[f"n_{s}"].sum() > 0]
    assert _legend_texts(drawn[1]) == [t(f"status.{s}", "en") for s in present]


@pytest.mark.parametrize("lang", LANGS)
def test_overview_has_one_bar_per_area_and_status_words(lang, tmp_path, drawn):
    _render("overview", lang, tmp_path / "o.svg")
    (ax,) = drawn[0].axes
    areas, names = _areas()
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert [label.replace("\n", " ") for label in labels] == [names[a] for a in (1, 2, 3)]
    assert [label.count("\n") for label in labels] == [0, 0, 1]  # a long name wraps, whole
    present = [s for s in INDICATOR_STATUSES if areas[f"n_{s}"].sum() > 0]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in present]
    assert len(ax.patches) == len(INDICATOR_STATUSES) * 3  # one segment per status and area
    totals = [x.get_text() for x in ax.texts[-3:]]  # written after the segments' counts
    assert totals == [str(n) for n in areas.filter(like="n_").sum(axis=1)]


@pytest.mark.parametrize("lang", LANGS)
def test_trend_grid_draws_one_panel_per_indicator(lang, tmp_path, drawn):
    _render("grid", lang, tmp_path / "g.svg")
    _render("trend", lang, tmp_path / "t.svg")
    grid, single = drawn
    assert len(grid.axes) == 4  # 2 × 2, the last cell switched off
    assert [ax.axison for ax in grid.axes] == [True, True, True, False]
    titles = [ax.get_title(loc="left") for ax in grid.axes[:3]]
    assert [" ".join(x.split()) for x in titles] == [f"Chỉ tiêu {i} {ALL_VI[:20]}"
                                                      for i in range(3)]
    ylabels = [ax.get_ylabel() for ax in grid.axes[:3]]
    assert ylabels == ["", t("chart.unit.billion_vnd", lang), t("chart.unit.count", lang)]
    target = [x.get_text() for x in grid.axes[0].texts]
    assert target == [t("chart.trend.target", lang, year=2025, value="41%")]
    assert _legend_texts(grid) == [t(k, lang) for k in (
        "chart.trend.actual", "chart.trend.path", "chart.trend.target_marker",
        "direction.up", "direction.down")]
    assert len(single.axes) == 1
    assert _legend_texts(single)[-1] == t("direction.up", lang)  # only the direction used
    assert len(_legend_texts(single)) == 4


def test_trend_grid_needs_a_panel_and_its_columns(tmp_path):
    with pytest.raises(ValueError, match="at least one panel"):
        charts.trend_grid([], lang="vi", path=tmp_path / "x.svg")
    bad = charts.TrendPanel(pd.DataFrame({"year": [2021]}), _trend_inputs()[1], title="x",
                            measure="percent", target=41.0, milestone=2025, direction="up")
    with pytest.raises(ValueError, match="series lacks the column.s. value"):
        charts.trend_grid([bad], lang="vi", path=tmp_path / "x.svg")
    assert not (tmp_path / "x.svg").exists()


def test_chart_locale_keys_are_complete():
    path = package_file("locales", "charts.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in data.items():
        assert key.startswith("chart."), key
        assert set(value) == {"vi", "en"}, key
        assert all(isinstance(v, str) and v for v in value.values()), key
        assert all(unicodedata.is_normalized("NFC", v) for v in value.values()), key


def test_task_labels_and_the_no_date_band(tmp_path, drawn):
    tasks, _ = _tasks_inputs()
    tasks.loc[tasks["task"] == "T_VII_1", "due"] = dt.date(2024, 12, 31)  # annual: band
    labels = {"T_I_1": "T-I-1 Đề án văn bản", "T_II_1": "Phân cấp"}
    charts.task_timeline(tasks, task_labels=labels, reference_date=dt.date(2024, 12, 31),
                         lang="vi", path=tmp_path / "x.svg")
    main, band = drawn[0].axes[:2]
    names = [x.get_text() for x in main.get_yticklabels()]
    assert names[:3] == ["T-I-1 Đề án văn bản", "T_II_1 Phân cấp", "T_VI_3"]
    centres = list(main.get_yticks())
    band_rows = sorted(centres.index(y) for line in band.lines for y in line.get_ydata()
                       if line.get_linestyle() == "None")
    assert band_rows == [1, 4]
    slots = [x.get_text() for x in band.get_xticklabels()]
    assert [" ".join(x.split()) for x in slots] == ["Hằng năm", "Theo lộ trình"]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_has_one_row_per_task(lang, tmp_path, drawn):
    tasks, labels = _tasks_inputs()
    _render("timeline", lang, tmp_path / "x.svg")
    assert len(drawn[0].axes) == 2  # the dated rows and the no-date band
    main = drawn[0].axes[0]
    names = [x.get_text() for x in main.get_yticklabels()]
    assert names == [f"{code} {labels[code]}" for code in tasks["task"]]
    centres = list(main.get_yticks())
    assert len(centres) == len(tasks) and centres == sorted(centres)
    low, high = main.get_ylim()
    assert high == 0 < centres[0] and centres[-1] < low  # first task on top
    rows = sorted(centres.index(y) for ax in drawn[0].axes[:2] for line in ax.lines
                  for y in line.get_ydata() if line.get_linestyle() == "None")
    assert rows == list(range(len(tasks)))  # one status symbol per task
    used = [s for s in TASK_STATUSES if s in set(tasks["status"])]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in used]


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_rows_are_the_units_and_cells_the_values(lang, tmp_path, drawn):
    matrix, statuses, names, _ = _heatmap_inputs()
    _render("heatmap", lang, tmp_path / "x.svg")
    (ax,) = drawn[0].axes
    assert [x.get_text() for x in ax.get_yticklabels()] == [names[u] for u in matrix.index]
    texts = [x.get_text() for x in ax.texts]  # row by row; no value where none applies
    assert texts == [fmt_percent(matrix.iat[i, j], lang)
                     for i in range(3) for j in range(2) if pd.notna(statuses.iat[i, j])]
    assert len(texts) == 5
    assert texts[:3] == ["82,5%" if lang == "vi" else "82.5%", "100%", "40%"]
    # a cell without a status does not apply: the status "not applicable", its word
    used = [s for s in INDICATOR_STATUSES if (statuses == s).any().any()] + ["not_applicable"]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in used]


def test_unknown_heatmap_status_is_a_clear_error(tmp_path):
    matrix, statuses, names, labels = _heatmap_inputs()
    statuses.iloc[0, 0] = "great"
    with pytest.raises(ValueError, match="great"):
        charts.commune_heatmap(matrix, statuses, unit_names=names, indicator_labels=labels,
                               lang="en", path=tmp_path / "x.svg")


def test_a_percent_axis_stops_at_100(tmp_path, drawn):
    series = pd.DataFrame({"year": [2021, 2023, 2025], "value": [60.0, 90.0, 100.0]})
    path = pd.DataFrame({"year": [2021, 2025], "expected": [60.0, 100.0]})
    panel = charts.TrendPanel(series, path, title="x", measure="percent", target=100.0,
                              milestone=2025, direction="up")
    charts.trend_grid([panel], lang="vi", path=tmp_path / "p.svg")
    ax = drawn[0].axes[0]
    assert 100 <= ax.get_ylim()[1] <= 105  # room for the marker on 100%, no more
    assert max(ax.get_yticks()) == 100 and min(ax.get_yticks()) >= 0
    assert [x.get_text() for x in ax.get_yticklabels()][-1] == "100%"  # not "00%"


@pytest.mark.parametrize("values", ([5.0, 20.0, 40.0], [96.0, 98.5, 99.5], [0.0, 3.0, 1.0]))
def test_a_percent_axis_has_no_tick_beyond_0_and_100(values, tmp_path, drawn):
    series = pd.DataFrame({"year": [2021, 2023, 2025], "value": values})
    path = pd.DataFrame({"year": [2021, 2025], "expected": [values[0], 100.0]})
    panel = charts.TrendPanel(series, path, title="x", measure="percent", target=100.0,
                              milestone=2025, direction="up")
    charts.trend_grid([panel], lang="en", path=tmp_path / "p.svg")
    ax = drawn[0].axes[0]
    low, high = ax.get_ylim()
    assert high <= 105 and low >= -5
    drawn[0].canvas.draw()
    shown = [v for v in ax.get_yticks() if low <= v <= high]
    assert shown and all(0 <= v <= 100 for v in shown)


def test_a_number_axis_is_not_capped(tmp_path, drawn):
    panel = charts.TrendPanel(pd.DataFrame({"year": [2021, 2025], "value": [90.0, 180.0]}),
                              pd.DataFrame({"year": [2021, 2025], "expected": [90.0, 150.0]}),
                              title="x", measure="count", target=150.0, milestone=2025,
                              direction="up")
    charts.trend_grid([panel], lang="en", path=tmp_path / "p.svg")
    assert drawn[0].axes[0].get_ylim()[1] > 180


@pytest.mark.parametrize("direction", ("up", "down"))
def test_the_target_label_is_clear_of_the_lines(direction, tmp_path, drawn):
    """"Mục tiêu 2025: …" sits where no line or marker passes, whichever way the values go."""
    rising = [20.0, 35.0, 55.0, 70.0, 90.0]
    values = rising if direction == "up" else rising[::-1]
    series = pd.DataFrame({"year": range(2021, 2026), "value": values})
    path = pd.DataFrame({"year": [2021, 2025], "expected": [values[0], values[-1] + 5]})
    panel = charts.TrendPanel(series, path, title="Tỷ lệ hồ sơ", measure="percent",
                              target=values[-1] + 5, milestone=2025, direction=direction)
    charts.trend_grid([panel], lang="vi", path=tmp_path / "p.svg")
    fig = drawn[0]
    ax = fig.axes[0]
    fig.canvas.draw()
    (label,) = [x for x in ax.texts if x.get_text().startswith("Mục tiêu 2025")]
    box = label.get_window_extent(fig.canvas.get_renderer())
    points = trends._ink(ax)
    assert len(points)
    xy = ax.transData.transform(points)
    assert not ((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
                & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)).any()


def test_timeline_labels_are_whole(tmp_path, drawn):
    tasks, _ = _tasks_inputs()
    long = "Đề án " + " ".join(["nâng cao chất lượng đội ngũ cán bộ"] * 4)
    charts.task_timeline(tasks, task_labels={"T_I_1": long},
                         reference_date=dt.date(2024, 12, 31), lang="vi",
                         path=tmp_path / "x.svg")
    label = drawn[0].axes[0].get_yticklabels()[0].get_text()
    assert "…" not in label and " ".join(label.split()) == "T_I_1 " + long
    lines = label.split("\n")
    assert len(lines) > 1 and all(style.text_width(x, 7) <= timeline._LABEL_PT for x in lines)
    # a row is as tall as its label: the long label's row is taller than the others
    centres = list(drawn[0].axes[0].get_yticks())
    steps = np.diff([0.0, *centres])
    assert steps[0] > steps[2]


def test_timeline_fits_a_page_for_the_plan_s_tasks(tmp_path, drawn):
    """25 tasks of up to 170 characters: full labels, 7 pt, and the chart still fits the
    A4 text height (it is not shrunk to fit the page)."""
    n = 25
    tasks = pd.DataFrame({"task": [f"T_I_{i}" for i in range(n)], "group": ["I"] * n,
                          "due": [dt.date(2021 + i % 9, 6, 30) for i in range(n)],
                          "status": [TASK_STATUSES[i % len(TASK_STATUSES)] for i in range(n)],
                          "deadline_kind": ["quarter"] * n})
    labels = {f"T_I_{i}": ("Triển khai Đề án nâng cao chất lượng dịch vụ công trực tuyến "
                           * 3)[: 60 + 4 * i] for i in range(n)}
    path = charts.task_timeline(tasks, task_labels=labels, reference_date=dt.date(2025, 12, 31),
                                lang="vi", path=tmp_path / "x.svg")
    assert _svg_size(path.read_text(encoding="utf-8"))[1] <= style.MAX_HEIGHT * 72
    shown = [x.get_text() for x in drawn[0].axes[0].get_yticklabels()]
    assert [" ".join(x.split()) for x in shown] == [
        f"T_I_{i} {' '.join(labels[f'T_I_{i}'].split())}" for i in range(n)]
    assert all(x.get_fontsize() >= style.MIN_FONT for x in drawn[0].axes[0].get_yticklabels())


# ------------------------------------------------------------------ one vocabulary
def _all_status_areas() -> pd.DataFrame:
    return pd.DataFrame([{"area": a, "milestone": 2030,
                          **{f"n_{s}": 1 + (i + a) % 2 for i, s in enumerate(INDICATOR_STATUSES)}}
                         for a in (1, 2)])


@pytest.mark.parametrize("lang", LANGS)
def test_overview_shows_every_status_with_its_colour_symbol_and_word(lang, tmp_path, drawn):
    areas = _all_status_areas()
    charts.status_overview(areas, {1: "Cải cách thể chế", 2: "Cải cách tài chính công"}, lang,
                           tmp_path / "o.svg")
    fig = drawn[0]
    assert _legend_texts(fig) == [t(f"status.{s}", lang) for s in INDICATOR_STATUSES]
    (ax,) = fig.axes
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [COLOURS[s].lower() for s in INDICATOR_STATUSES for _ in (1, 2)]
    shapes = {_shape(line.get_marker()) for line in ax.lines}  # the segments' symbols
    assert shapes == {_shape(charts.status_marker(s)) for s in INDICATOR_STATUSES}
    for status in INDICATOR_STATUSES:  # a legend entry: the status colour, its symbol on it
        swatch, symbol = symbols.swatch_handle(status)
        assert to_hex(swatch.get_facecolor()) == COLOURS[status].lower()
        assert _shape(symbol.get_marker()) == _shape(charts.status_marker(status))


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_unscored_cells_are_light_and_carry_their_symbol(lang, tmp_path, drawn):
    units = ["a", "b"]
    matrix = pd.DataFrame([[70.0, 55.0, np.nan], [np.nan, 80.0, 10.0]], index=units,
                          columns=["X", "Y", "Z"])
    statuses = pd.DataFrame([["pending", "achieved", "not_applicable"],
                             ["pending", "not_achieved", None]], index=units,
                            columns=matrix.columns)
    charts.commune_heatmap(matrix, statuses, unit_names={"a": "Hương Trạch", "b": "Lộc Yên"},
                           indicator_labels={}, lang=lang, path=tmp_path / "h.svg")
    (ax,) = drawn[0].axes
    faces = [to_hex(p.get_facecolor()) for p in ax.patches]
    states = statuses.fillna("not_applicable")
    assert faces == [COLOURS[states.iat[i, j]].lower() for i in range(2) for j in range(3)]
    for status in UNSCORED:  # light cells, whatever the palette of the scored ones
        assert heatmap.ink_for(COLOURS[status]) == "#1A1A1A"
    texts = [x.get_text() for x in ax.texts]  # not yet due: its value if any; n/a: none
    assert texts == [fmt_percent(70.0, lang), fmt_percent(55.0, lang), fmt_percent(80.0, lang)]
    drawn_shapes: dict = {}
    for line in ax.lines:  # each cell's symbol: beside its value, or alone
        shape = _shape(line.get_marker())
        drawn_shapes[shape] = drawn_shapes.get(shape, 0) + len(line.get_xdata())
    assert drawn_shapes == {_shape(charts.status_marker(s)): n for s, n in (
        ("pending", 2), ("achieved", 1), ("not_achieved", 1), ("not_applicable", 2))}
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in
                                       ("achieved", "not_achieved", "pending", "not_applicable")]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_shows_every_task_status_with_its_own_symbol(lang, tmp_path, drawn):
    n = len(TASK_STATUSES)
    tasks = pd.DataFrame({"task": [f"T_I_{i}" for i in range(n)], "group": ["I"] * n,
                          "due": [dt.date(2022, 6, 30)] * n, "status": list(TASK_STATUSES),
                          "deadline_kind": ["quarter"] * n})
    charts.task_timeline(tasks, task_labels={}, reference_date=dt.date(2025, 12, 31),
                         lang=lang, path=tmp_path / "t.svg")
    fig = drawn[0]
    assert _legend_texts(fig) == [t(f"status.{s}", lang) for s in TASK_STATUSES]
    (legend,) = fig.legends
    handles = legend.legend_handles
    assert [_shape(h.get_marker()) for h in handles] == [
        _shape(charts.status_marker(s)) for s in TASK_STATUSES]
    assert len({_shape(h.get_marker()) for h in handles}) == n
    faces = [to_hex(h.get_markerfacecolor()) if h.get_markerfacecolor() != "none"
             else to_hex(h.get_markeredgecolor()) for h in handles]
    assert faces == [COLOURS[s].lower() for s in TASK_STATUSES]


def test_charts_name_statuses_only_with_the_status_words():
    """No chart has a word of its own for a status: the words are ``status.<name>``. (The
    no-date band's slots name deadline kinds, annual and roadmap, not statuses.)"""
    keys = yaml.safe_load(package_file("locales", "charts.yaml").read_text(encoding="utf-8"))
    words = {t(f"status.{s}", lang) for s in INDICATOR_STATUSES + TASK_STATUSES
             for lang in LANGS}
    slots = {"chart.timeline.annual", "chart.timeline.roadmap", "chart.unit.done"}  # kinds, a unit
    assert not [k for k, v in keys.items() if k not in slots and {v["vi"], v["en"]} & words]
    assert not [k for k in keys if k.rsplit(".", 1)[-1] in INDICATOR_STATUSES + TASK_STATUSES
                and k not in slots]
