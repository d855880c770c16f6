"""One year's assessment, loaded and computed once: the object every notebook starts from.

``assess(params)`` is the pipeline's core step (load → validate → compute) with I/O only
at its start; everything after is pure.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import yamlio
from . import areas as areas_mod
from . import intake, progress, tasks, units as units_mod, validate
from .catalogue import Catalogue, load_catalogue
from .errors import ConfigError, DataError
from .i18n import check_lang
from .methods import METHODS, Thresholds
from .paths import find_data_dir


@dataclass(frozen=True)
class Params:
    """The parameters of a report; the notebooks' ``parameters`` cell mirrors them."""

    year: int = 0  # 0: the latest year with data
    lang: str = "vi"
    data_dir: str = "data"
    method: str = "linear"
    on_track: float = 0.95
    needs_acceleration: float = 0.60
    reference_date: str = ""  # ISO date; empty: 31 December of the year

    def resolved(self) -> "Params":
        """Absolute data folder, concrete year, checked values."""
        check_lang(self.lang)
        if self.method not in METHODS:
            raise ConfigError(f"Unknown method {self.method!r}: use one of {', '.join(METHODS)}.")
        data = find_data_dir(self.data_dir)
        year = self.year or latest_year(data)
        if self.reference_date:
            try:
                dt.date.fromisoformat(self.reference_date)
            except ValueError:
                raise ConfigError(f"reference_date {self.reference_date!r} is not an ISO "
                                  "date (YYYY-MM-DD).") from None
        return replace(self, year=int(year), data_dir=str(data))

    @property
    def reference(self) -> dt.date:
        return (dt.date.fromisoformat(self.reference_date) if self.reference_date
                else dt.date(self.year, 12, 31))

    @property
    def thresholds(self) -> Thresholds:
        """The method's own thresholds (unsd2022: 0.95 / 0.5 / −0.1) unless the parameters
        move them away from the defaults."""
        defaults = METHODS[self.method].thresholds
        if (self.on_track, self.needs_acceleration) == (Params.on_track, Params.needs_acceleration):
            return defaults
        return replace(defaults, on_track=self.on_track, needs_acceleration=self.needs_acceleration)


def latest_year(data_dir: Path) -> int:
    years = intake.available_years(data_dir)
    if not years:
        raise ConfigError(f"{data_dir}: no year folder with data (expected e.g. "
                          f"{data_dir}/2025/indicators.csv).")
    return max(years)


@dataclass(frozen=True)
class Assessment:
    """Inputs and results of one report year. Frames are never mutated after creation."""

    params: Params
    catalogue: Catalogue
    units: pd.DataFrame
    observations: pd.DataFrame
    task_updates: pd.DataFrame
    problems: tuple
    progress: pd.DataFrame
    tasks: pd.DataFrame
    areas: pd.DataFrame
    communes: pd.DataFrame
    dataset: dict = field(default_factory=dict)
    context: pd.DataFrame | None = None

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
    units = units_mod.load_units(data)
    problems = tuple(validate.validate_year(data, p.year, catalogue, units))
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        shown = validate.relative_paths(list(problems), Path.cwd())
        raise DataError(validate.format_report(shown, p.lang), list(problems))
    observations, updates = intake.load_history(data, p.year, catalogue, units)
    prog = progress.compute_progress(catalogue, observations, units, p.year,
                                     method=p.method, thresholds=p.thresholds)
    task_frame = tasks.task_status(catalogue, updates, p.year, p.reference)
    return Assessment(
        params=p, catalogue=catalogue, units=units, observations=observations,
        task_updates=updates, problems=problems, progress=prog, tasks=task_frame,
        areas=areas_mod.area_summary(catalogue, prog),
        communes=progress.commune_breakdown(prog),
        dataset=_read_optional_yaml(data / "dataset.yaml"),
        context=_read_context(data / "context.csv"))


def input_files(data_dir: Path, year: int) -> list[Path]:
    """Every file a report of ``year`` reads: the plan, units, dataset flags and the
    year folders up to ``year``."""
    files = sorted((data_dir / "plan").glob("*.yaml"))
    files += [f for f in (data_dir / "units.csv", data_dir / "dataset.yaml",
                          data_dir / "context.csv") if f.is_file()]
    for y in intake.available_years(data_dir):
        if y <= year:
            files += sorted(f for f in (data_dir / str(y)).iterdir()
                            if f.is_file() and f.suffix.lower() in (".csv", ".xlsx"))
    return files


def file_hashes(data_dir: Path, year: int) -> dict[str, str]:
    """SHA-256 of every input file, keyed by its path relative to the data folder's parent."""
    base = data_dir.parent
    return {str(f.relative_to(base)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in input_files(data_dir, year)}
