"""The report's charts, in Vietnamese or English, as deterministic vector SVG files.

Four charts, each a pure function apart from writing one SVG
(``fn(..., lang, path) -> path``; :class:`assessment.report.figures.Figures` names the
files ``figures/<part>-<name>.svg``):

* :func:`status_overview` (:mod:`.overview`): indicator statuses per reform area, one
  stacked bar per area — the summary's headline chart.
* :func:`trend_grid` of :class:`TrendPanel` (:mod:`.trends`): small multiples, each
  indicator's values against its target path and milestone target.
* :func:`commune_heatmap` (:mod:`.heatmap`): communes × commune-level indicators,
  coloured by status.
* :func:`task_timeline` (:mod:`.timeline`): one row per task, its status at its due date.

Conventions shared by all charts, in :mod:`.style` and :mod:`.symbols`:

* Vector only: figures are built with :class:`matplotlib.figure.Figure` (no pyplot, no
  global figure state) and saved by :func:`.style.save` as SVG with text as paths (no
  font needed to show them; Typst and browsers draw them exactly), cells and bars as
  vector shapes (no embedded image), a fixed ``svg.hashsalt`` and no date or software
  name, so that identical input gives identical bytes.
* Drawn for print: :data:`TEXT_WIDTH` (6.5 in, the A4 text width) wide and at most
  :data:`.style.MAX_HEIGHT` tall, so a chart prints at its own size, with no text under
  7 pt; legends take as many rows as they need and are never cut off; a percentage axis
  stops at 100%. No chart draws a title of its own: the report's caption names it (the
  small multiples' panels carry their indicator's full name).
* All text uses the bundled Noto Sans (``fonts/NotoSans-*.ttf``), registered by
  :func:`setup_fonts` ahead of any system copy; rcParams are only changed inside a
  ``rc_context`` while a chart is drawn. Mathtext is off, so ``$`` in data is plain text.
* One vocabulary: a status's colour and symbol come from :mod:`assessment.plan.status`
  (``COLOURS``, ``SYMBOLS``) and its word from the locale key ``status.<name>``; the
  symbols are drawn as marker shapes or as outlines of the bundled Noto Sans, Noto Sans
  Symbols 2 and Noto Sans Math (:func:`status_marker`), each status of a family with a
  shape of its own. Status is never shown by colour alone.
* Numbers follow the language through :func:`assessment.i18n.fmt_number` /
  :func:`~assessment.i18n.fmt_percent` (vi ``82,5%``, en ``82.5%``); years are printed
  without a thousands separator. Texts are NFC-normalised.
"""
from __future__ import annotations

from assessment.report.charts.heatmap import commune_heatmap
from assessment.report.charts.overview import status_overview
from assessment.report.charts.style import DPI, FAMILY, TEXT_WIDTH, font_path, setup_fonts
from assessment.report.charts.symbols import status_marker
from assessment.report.charts.timeline import task_timeline
from assessment.report.charts.trends import TrendPanel, trend_grid

__all__ = ["FAMILY", "DPI", "TEXT_WIDTH", "font_path", "setup_fonts", "status_marker", "status_overview",
           "TrendPanel", "trend_grid", "commune_heatmap", "task_timeline"]
