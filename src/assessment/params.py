"""The parameters of a report and the input files they select.

Light on purpose (standard library, no pandas): ``assessment build`` decides from these
alone whether anything changed since the last build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .i18n import check_lang
from .layout import available_years
from .paths import find_data_dir

if TYPE_CHECKING:
    from .methods import Thresholds


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
        from .methods import METHODS
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
    def thresholds(self) -> "Thresholds":
        """The method's own thresholds (unsd2022: 0.95 / 0.5 / −0.1) unless the parameters
        move them away from the defaults."""
        from .methods import METHODS
        defaults = METHODS[self.method].thresholds
        if (self.on_track, self.needs_acceleration) == (Params.on_track, Params.needs_acceleration):
            return defaults
        return replace(defaults, on_track=self.on_track, needs_acceleration=self.needs_acceleration)


def latest_year(data_dir: Path) -> int:
    years = available_years(data_dir)
    if not years:
        raise ConfigError(f"{data_dir}: no year folder with data (expected e.g. "
                          f"{data_dir}/2025/indicators.csv).")
    return max(years)


def input_files(data_dir: Path, year: int) -> list[Path]:
    """Every file a report of ``year`` reads: the plan, units, dataset flags and the
    year folders up to ``year``."""
    files = sorted((data_dir / "plan").glob("*.yaml"))
    files += [f for f in (data_dir / "units.csv", data_dir / "dataset.yaml",
                          data_dir / "context.csv") if f.is_file()]
    for y in available_years(data_dir):
        if y <= year:
            files += sorted(f for f in (data_dir / str(y)).iterdir()
                            if f.is_file() and f.suffix.lower() in (".csv", ".xlsx"))
    return files


def file_hashes(data_dir: Path, year: int) -> dict[str, str]:
    """SHA-256 of every input file, keyed by its path relative to the data folder's parent."""
    base = data_dir.parent
    return {str(f.relative_to(base)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in input_files(data_dir, year)}
