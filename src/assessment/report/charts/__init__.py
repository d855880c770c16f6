"""The report's charts, in Vietnamese or English, as deterministic PNG files.

Four charts, each a pure function apart from writing one PNG
(``fn(..., lang, path) -> path``):

* :func:`status_overview` (:mod:`.overview`): indicator statuses per reform area, one
  stacked bar per area — the summary's headline chart.
* :func:`trend_grid` of :class:`TrendPanel` (:mod:`.trends`): small multiples, each
  indicator's values against its target path and milestone target.
* :func:`commune_heatmap` (:mod:`.heatmap`): communes × commune-level indicators,
  coloured by status.
* :func:`task_timeline` (:mod:`.timeline`): one row per task, its status at its due date.

Conventions shared by all charts, in :mod:`.style` and :mod:`.symbols`:

* Figures are built with :class:`matplotlib.figure.Figure` on the Agg canvas (no pyplot,
  no global figure state), at 150 dpi, and saved with ``metadata={"Software": None}`` so
  that identical input gives identical bytes.
* All text uses the bundled Noto Sans (``fonts/NotoSans-*.ttf``), registered by
  :func:`setup_fonts` ahead of any system copy; rcParams are only changed inside a
  ``rc_context`` while a chart is drawn. Mathtext is off, so ``$`` in data is plain text.
* Status is never shown by colour alone: the status symbols are drawn as marker shapes
  (:func:`status_marker`), and legends pair colour, symbol and the status word.
* Numbers follow the language through :func:`assessment.i18n.fmt_number` /
  :func:`~assessment.i18n.fmt_percent` (vi ``82,5%``, en ``82.5%``); years are printed
  without a thousands separator. Texts are NFC-normalised.
"""
from __future__ import annotations

from assessment.report.charts.heatmap import commune_heatmap
from assessment.report.charts.overview import status_overview
from assessment.report.charts.style import DPI, FAMILY, font_path, setup_fonts
from assessment.report.charts.symbols import status_marker
from assessment.report.charts.timeline import task_timeline
from assessment.report.charts.trends import TrendPanel, trend_grid

__all__ = ["FAMILY", "DPI", "font_path", "setup_fonts", "status_marker", "status_overview",
           "TrendPanel", "trend_grid", "commune_heatmap", "task_timeline"]
