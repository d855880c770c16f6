"""Charts: PNG output in both languages, deterministic bytes, bundled Noto Sans only,
no missing glyphs for Vietnamese, language-aware numbers, status shown by word too."""
from __future__ import annotations

import datetime as dt
import logging
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
from PIL import Image

from assessment.report import charts
from assessment.report.charts import heatmap, overview, style, timeline, trends
from assessment.i18n import fmt_percent, t
from assessment.paths import package_file
from assessment.plan.status import INDICATOR_STATUSES, SYMBOLS, TASK_STATUSES

LANGS = ("vi", "en")
PNG = b"\x89PNG\r\n\x1a\n"

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
# Figure size in inches and dpi of each input of _render: the PNG is exactly that many
# pixels (no bbox_inches="tight"). Trend grids are 3.6 in per column and 2.35 in per
# row plus 0.45 in for the legend, at TREND_DPI.
SIZES = {"overview": (9.0, 1.5 + 0.5 * 3, style.DPI),
         "trend": (3.6, 2.35 + 0.45, style.TREND_DPI),
         "grid": (2 * 3.6, 2 * 2.35 + 0.45, style.TREND_DPI),
         "heatmap": (2.3 + 0.82 * 2, 1.9 + 0.3 * 3, style.DPI),
         "timeline": (11.0, 1.9 + 0.3 * 5, style.DPI)}


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
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_writes_png_of_the_figure_size(kind, lang, tmp_path):
    path = tmp_path / "sub" / f"{kind}_{lang}.png"
    assert _render(kind, lang, path) == path
    assert path.read_bytes().startswith(PNG)
    width, height, dpi = SIZES[kind]
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (round(width * dpi), round(height * dpi))
        assert "Software" not in image.info  # no matplotlib version in the bytes


@pytest.mark.parametrize("kind", KINDS)
def test_identical_input_identical_bytes(kind, tmp_path):
    first = _render(kind, "vi", tmp_path / "a.png").read_bytes()
    second = _render(kind, "vi", tmp_path / "b.png").read_bytes()
    assert first == second
    assert first != _render(kind, "en", tmp_path / "c.png").read_bytes()


def test_missing_column_is_a_clear_error(tmp_path):
    areas, names = _areas()
    with pytest.raises(ValueError, match="n_regressing"):
        charts.status_overview(areas.drop(columns="n_regressing"), names, "vi",
                               tmp_path / "x.png")


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
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        _render(kind, "vi", tmp_path / "x.png")
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
                               "vi", tmp_path / "o.png")
        charts.trend_grid([_panel(ALL_VI[:60], direction="down"),
                           _panel(ALL_VI[60:], "billion_vnd")], lang="vi",
                          path=tmp_path / "t.png")
        charts.commune_heatmap(matrix, statuses, unit_names={"huong_trach": ALL_VI[:28]},
                               indicator_labels={"SO_HOA": ALL_VI[28:60]}, lang="vi",
                               path=tmp_path / "h.png")
        charts.task_timeline(tasks, task_labels={"T_I_1": ALL_VI[60:]},
                             reference_date=dt.date(2024, 12, 31), lang="vi",
                             path=tmp_path / "l.png")
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
        if symbol in "?!":  # the font's outline, centred on the origin
            box = marker.get_extents()
            assert abs(box.x0 + box.x1) < 1e-6 and abs(box.y0 + box.y1) < 1e-6, status
        markers.setdefault(symbol, []).append(marker)
    assert set(markers) == {"✔", "▲", "►", "▼", "✖", "○", "?", "!", "…", "—"}
    for symbol, same in markers.items():
        assert all(m is same[0] for m in same), symbol  # cached: one marker per symbol
    assert len({id(m[0]) for m in markers.values()}) == len(markers)


# ------------------------------------------------------------------ language
def test_vietnamese_tick_labels_use_a_decimal_comma(tmp_path, drawn):
    _render("trend", "vi", tmp_path / "vi.png")
    _render("trend", "en", tmp_path / "en.png")
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
    _render("trend", "vi", tmp_path / "t.png")
    _render("overview", "en", tmp_path / "o.png")
    texts = [x.get_text() for x in drawn[0].axes[0].texts]
    assert "Mục tiêu 2025: 41%" in texts
    areas, _ = _areas()
    present = [s for s in INDICATOR_STATUSES if areas[f"n_{s}"].sum() > 0]
    assert _legend_texts(drawn[1]) == [t(f"status.{s}", "en") for s in present]


@pytest.mark.parametrize("lang", LANGS)
def test_overview_has_one_bar_per_area_and_status_words(lang, tmp_path, drawn):
    _render("overview", lang, tmp_path / "o.png")
    (ax,) = drawn[0].axes
    areas, names = _areas()
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert [label.replace("\n", " ") for label in labels] == [names[a] for a in (1, 2, 3)]
    assert [label.count("\n") for label in labels] == [0, 1, 1]  # long names on two lines
    present = [s for s in INDICATOR_STATUSES if areas[f"n_{s}"].sum() > 0]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in present]
    assert len(ax.patches) == len(INDICATOR_STATUSES) * 3  # one segment per status and area
    totals = [x.get_text() for x in ax.texts[-3:]]  # written after the segments' counts
    assert totals == [str(n) for n in areas.filter(like="n_").sum(axis=1)]


@pytest.mark.parametrize("lang", LANGS)
def test_trend_grid_draws_one_panel_per_indicator(lang, tmp_path, drawn):
    _render("grid", lang, tmp_path / "g.png")
    _render("trend", lang, tmp_path / "t.png")
    grid, single = drawn
    assert len(grid.axes) == 4  # 2 × 2, the last cell switched off
    assert [ax.axison for ax in grid.axes] == [True, True, True, False]
    assert [ax.get_title(loc="left") for ax in grid.axes[:3]] == [
        style.wrap(f"Chỉ tiêu {i} {ALL_VI[:20]}", 52, 3) for i in range(3)]
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
        charts.trend_grid([], lang="vi", path=tmp_path / "x.png")
    bad = charts.TrendPanel(pd.DataFrame({"year": [2021]}), _trend_inputs()[1], title="x",
                            measure="percent", target=41.0, milestone=2025, direction="up")
    with pytest.raises(ValueError, match="series lacks the column.s. value"):
        charts.trend_grid([bad], lang="vi", path=tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


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
                         lang="vi", path=tmp_path / "x.png")
    main, band = drawn[0].axes[:2]
    names = [x.get_text() for x in main.get_yticklabels()]
    assert names[:3] == ["T-I-1 Đề án văn bản", "T_II_1 Phân cấp", "T_VI_3"]
    band_rows = sorted(int(y) for line in band.lines for y in line.get_ydata()
                       if line.get_linestyle() == "None")
    assert band_rows == [1, 4]
    assert [x.get_text() for x in band.get_xticklabels()] == ["Hằng năm", "Theo lộ\ntrình"]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_has_one_row_per_task(lang, tmp_path, drawn):
    tasks, labels = _tasks_inputs()
    _render("timeline", lang, tmp_path / "x.png")
    assert len(drawn[0].axes) == 2  # the dated rows and the no-date band
    main = drawn[0].axes[0]
    names = [x.get_text() for x in main.get_yticklabels()]
    assert names == [f"{code} {labels[code]}" for code in tasks["task"]]
    assert list(main.get_yticks()) == list(range(len(tasks)))
    assert main.get_ylim() == (len(tasks) - 0.5, -0.5)  # first task on top
    rows = sorted(int(y) for ax in drawn[0].axes[:2] for line in ax.lines
                  for y in line.get_ydata() if line.get_linestyle() == "None")
    assert rows == list(range(len(tasks)))  # one status symbol per task
    used = [s for s in TASK_STATUSES if s in set(tasks["status"])]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in used]


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_rows_are_the_units_and_cells_the_values(lang, tmp_path, drawn):
    matrix, statuses, names, _ = _heatmap_inputs()
    _render("heatmap", lang, tmp_path / "x.png")
    (ax,) = drawn[0].axes
    assert [x.get_text() for x in ax.get_yticklabels()] == [names[u] for u in matrix.index]
    texts = [x.get_text() for x in ax.texts]  # row by row; "–" where no status applies
    assert texts == [fmt_percent(matrix.iat[i, j], lang) if pd.notna(statuses.iat[i, j]) else "–"
                     for i in range(3) for j in range(2)]
    assert texts[:3] == ["82,5%" if lang == "vi" else "82.5%", "100%", "40%"]
    used = [s for s in INDICATOR_STATUSES if (statuses == s).any().any()]
    assert _legend_texts(drawn[0]) == [t(f"status.{s}", lang) for s in used] + [
        t("chart.heatmap.not_applicable", lang)]


def test_unknown_heatmap_status_is_a_clear_error(tmp_path):
    matrix, statuses, names, labels = _heatmap_inputs()
    statuses.iloc[0, 0] = "great"
    with pytest.raises(ValueError, match="great"):
        charts.commune_heatmap(matrix, statuses, unit_names=names, indicator_labels=labels,
                               lang="en", path=tmp_path / "x.png")
