"""What the notebooks call: load and compute once, then show each part as Markdown.

Notebooks stay thin: a ``parameters`` cell, ``report = open_report(...)`` and one call
per part. Cells tagged ``review`` display the underlying tables for reviewers; they are
left out of the rendered report.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from assessment.report import areas as report_areas
from assessment.report import communes as report_communes
from assessment.report import method as report_method
from assessment.report import quality as report_quality
from assessment.report import summary as report_summary
from assessment.report import tasks as report_tasks
from assessment.progress.assessment import Assessment, Params, assess, file_hashes
from assessment.report.figures import Figures
from assessment.paths import find_data_dir

# One kernel may execute several notebooks of a build (see execute.py): the assessment
# computed by the first is reused by the next when the parameters (language aside) and
# every input file's SHA-256 are the same; anything else computes afresh.
_MEMO: dict[tuple, Assessment] = {}


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    figures: Figures

    def _show(self, markdown: str) -> None:
        display(Markdown(markdown))

    def show_summary(self) -> None:
        self._show(report_summary.summary(self.assessment, self.figures))

    def show_areas_intro(self) -> None:
        self._show(report_areas.areas_intro(self.assessment))

    def show_area(self, area: int) -> None:
        self._show(report_areas.area_part(self.assessment, area, self.figures))

    def show_tasks(self) -> None:
        self._show(report_tasks.tasks(self.assessment, self.figures))

    def show_communes(self) -> None:
        self._show(report_communes.communes(self.assessment, self.figures))

    def show_quality(self) -> None:
        self._show(report_quality.quality(self.assessment))

    def show_methodology(self) -> None:
        self._show(report_method.methodology(self.assessment))

    def show_reproducibility(self) -> None:
        self._show(report_method.reproducibility(self.assessment))

    # ---- for reviewers: the numbers behind the text, as tables
    def table(self, name: str) -> pd.DataFrame:
        """``progress``, ``tasks``, ``areas``, ``communes`` or ``observations``."""
        return getattr(self.assessment, name)


def open_report(*, year: int = 0, lang: str = "vi", data_dir: str = "data",
                method: str = "", on_track: float = 0.0,
                needs_acceleration: float = 0.0, reference_date: str = "",
                fig_dir: str = "figures", part: str = "report") -> Report:
    # A relative data_dir is the repository's (the build records it so): resolve it from there.
    data_dir = str(find_data_dir(data_dir, repo_first=True))
    params = Params(year=year, lang=lang, data_dir=data_dir, method=method, on_track=on_track,
                    needs_acceleration=needs_acceleration, reference_date=reference_date)
    return Report(_assessment(params), Figures(Path.cwd(), fig_dir, part))


def _assessment(params: Params) -> Assessment:
    resolved = params.resolved()
    key = (replace(resolved, lang=""),
           tuple(sorted(file_hashes(Path(resolved.data_dir), resolved.year).items())))
    if key not in _MEMO:
        _MEMO.clear()
        _MEMO[key] = assess(resolved)
    found = _MEMO[key]
    return found if found.params == resolved else replace(found, params=resolved)
