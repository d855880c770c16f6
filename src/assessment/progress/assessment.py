"""One year's assessment, loaded and computed once: the object every notebook starts from.

``assess(params)`` is the pipeline's core step (load → validate → compute) with I/O only
at its start; everything after is pure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment import yamlio
from assessment.intake import loading
from assessment.params import Params
from assessment.intake.document import EditionDocument, edition_document
from assessment.intake.narrative import load_narratives
from assessment.intake.problems import RULES
from assessment.intake.round_state import read_round
from assessment.plan.catalogue import MILESTONES, Catalogue, load_catalogue
from assessment.plan.units import Units, load_units
from assessment.progress import areas as areas_mod
from assessment.progress import indicators as progress
from assessment.progress import tasks
from assessment.progress.coverage import coverage_by_area
from assessment.progress.overview import Overall, focus_milestone, key_figures, overall
from assessment.progress.rankings import commune_ranking
from assessment.progress.reporting import RoundSummary, round_summary

__all__ = ["Assessment", "assess"]



@dataclass(frozen=True)
class Assessment:
    """Inputs and results of one report year. Frames are never mutated after creation."""

    params: Params
    catalogue: Catalogue
    units: Units
    observations: pd.DataFrame
    task_updates: pd.DataFrame
    problems: tuple  # the data's and the edition file's (the narrative's: `validate`)
    progress: pd.DataFrame
    tasks: pd.DataFrame
    areas: pd.DataFrame
    communes: pd.DataFrame
    overall: Overall  # the district at the report's focus milestone
    rankings: pd.DataFrame  # communes ranked at the focus milestone
    coverage: pd.DataFrame  # rows with data, per area
    key_figures: pd.DataFrame
    dataset: dict = field(default_factory=dict)
    context: pd.DataFrame | None = None
    gaps: pd.DataFrame | None = None  # rows without a figure, with the unit's note
    narratives: dict = field(default_factory=dict)  # lang -> Narrative (or None)
    document: EditionDocument = field(default_factory=EditionDocument)
    round: RoundSummary | None = None  # the data round (data/<year>/round.csv), if any
    scorecards: bool = False  # the year has PAR Index inputs: its scorecards are published too

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def lang(self) -> str:
        return self.params.lang

    @property
    def data_dir(self) -> Path:
        return Path(self.params.data_dir)

    @property
    def milestone(self) -> int:
        """The milestone the report leads with."""
        return self.overall.milestone

    @property
    def after_district(self) -> bool:
        """Whether the district level of government had ended by the end of the year."""
        ended = self.units.district_level_ended()
        return ended is not None and ended.year <= self.year

    @property
    def draft(self) -> bool:
        """Whether the edition is a draft: so marked, or its narrative incomplete."""
        narrative = self.narratives.get(self.lang)
        return self.document.is_draft or narrative is None or bool(narrative.missing())

    @property
    def review(self) -> bool:
        """Whether the report year is a milestone year: the edition reviews the period."""
        return self.year in MILESTONES

    @property
    def illustrative(self) -> bool:
        return bool(self.dataset.get("illustrative", False))

    def district(self) -> pd.DataFrame:
        return self.progress[self.progress["unit"] == "district"]


def _read_optional_yaml(path: Path) -> dict:
    return yamlio.load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def _read_context(path: Path) -> pd.DataFrame | None:
    return pd.read_csv(path, encoding="utf-8-sig") if path.is_file() else None


def assess(params: Params) -> Assessment:
    """Load, validate and compute one report year. Raises DataError on invalid input."""
    p = params.resolved()
    data = Path(p.data_dir)
    catalogue = load_catalogue(data)
    units = load_units(data)
    narratives, narrative_problems = load_narratives(data, p.year, catalogue, units)
    observations, updates, gaps, problems = loading.load_history(
        data, p.year, catalogue, units, p.reference, p.lang, narrative_problems)
    prog = progress.compute_progress(catalogue, observations, units, p.year,
                                     method=p.method, thresholds=p.thresholds)
    task_frame = tasks.task_status(catalogue, updates, p.year, p.reference)
    communes = progress.commune_breakdown(prog)
    milestone = focus_milestone(p.year)
    coverage = coverage_by_area(prog)
    data_problems = tuple(x for x in problems if RULES[x.rule].scope != "narrative")
    return Assessment(
        params=p, catalogue=catalogue, units=units, observations=observations,
        task_updates=updates, problems=data_problems, progress=prog, tasks=task_frame,
        areas=areas_mod.area_summary(catalogue, prog), communes=communes,
        overall=overall(prog, milestone),
        rankings=commune_ranking(communes, catalogue, milestone),
        coverage=coverage,
        key_figures=key_figures(prog, task_frame, milestone, coverage),
        dataset=_read_optional_yaml(data / "dataset.yaml"),
        context=_read_context(data / "context.csv"), gaps=gaps,
        narratives=narratives,
        document=edition_document(data, p.year),
        round=round_summary(read_round(data, p.year)),
        scorecards=(data / str(p.year) / "par_index").is_dir())
