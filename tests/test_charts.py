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

from assessment.report import charts
from assessment.i18n import t
from assessment.paths import package_file
from assessment.plan.status import INDICATOR_STATUSES

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


def _render(kind: str, lang: str, path: Path) -> Path:
    if kind == "overview":
        areas, names = _areas()
        return charts.status_overview(areas, names, lang, path)
    if kind == "trend":
        series, points = _trend_inputs()
        return charts.trend(series, points, title="Tỷ lệ hồ sơ trực tuyến", measure="percent",
                            target=41.0, milestone=2025, direction="up", lang=lang,
                            path=path)
    if kind == "grid":
        series, points = _trend_inputs()
        panels = [charts.TrendPanel(series, points, title=f"Chỉ tiêu {i} {ALL_VI[:20]}",
                                    measure=m, target=41.0, milestone=2025, direction=d)
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
    original = charts._save

    def keep(fig, path, **kw):
        result = original(fig, path, **kw)
        figures.append(fig)
        return result

    monkeypatch.setattr(charts, "_save", keep)
    return figures


# ------------------------------------------------------------------ output
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_writes_png(kind, lang, tmp_path):
    path = tmp_path / "sub" / f"{kind}_{lang}.png"
    assert _render(kind, lang, path) == path
    data = path.read_bytes()
    assert data.startswith(PNG) and len(data) > 2000


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
    with charts._figure((2, 2)):  # the charts' default font is the bundled Noto Sans
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
    series, points = _trend_inputs()
    with warnings.catch_warnings(record=True) as caught, \
            caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        warnings.simplefilter("always")
        charts.status_overview(areas, dict(enumerate([ALL_VI[:half], ALL_VI[half:],
                                                      "Ổn định"], start=1)),
                               "vi", tmp_path / "o.png")
        charts.trend(series, points, title=ALL_VI, measure="percent", target=41.0,
                     milestone=2025, direction="down", lang="vi", path=tmp_path / "t.png")
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
        with charts._figure((2, 1)) as fig:
            fig.text(0.1, 0.5, "✔ ▲")
            fig.canvas.draw()
    assert _glyph_warnings(caught)


def test_status_symbols_are_drawn_as_shapes():
    for status in INDICATOR_STATUSES + ("done", "overdue", "roadmap", "cancelled"):
        assert charts.status_marker(status) is not None


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
    fmt = charts._LangFormatter("vi", "percent")
    assert fmt.format_ticks([0, 12.5, 25]) == ["0%", "12,5%", "25%"]
    assert charts._LangFormatter("en").format_ticks([1000, 1500]) == ["1,000", "1,500"]
    assert charts._LangFormatter("vi").format_ticks([1000, 1500]) == ["1.000", "1.500"]


def test_target_annotation_and_status_words(tmp_path, drawn):
    _render("trend", "vi", tmp_path / "t.png")
    _render("overview", "en", tmp_path / "o.png")
    texts = [x.get_text() for x in drawn[0].axes[0].texts]
    assert "Mục tiêu 2025: 41%" in texts
    legend = [x.get_text() for x in drawn[1].legends[0].get_texts()]
    areas, _ = _areas()
    present = [s for s in INDICATOR_STATUSES if areas[f"n_{s}"].sum() > 0]
    assert legend == [t(f"status.{s}", "en") for s in present]


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


def test_unknown_heatmap_status_is_a_clear_error(tmp_path):
    matrix, statuses, names, labels = _heatmap_inputs()
    statuses.iloc[0, 0] = "great"
    with pytest.raises(ValueError, match="great"):
        charts.commune_heatmap(matrix, statuses, unit_names=names, indicator_labels=labels,
                               lang="en", path=tmp_path / "x.png")
