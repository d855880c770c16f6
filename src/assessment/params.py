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

from assessment.errors import ConfigError
from assessment.i18n import check_lang
from assessment.intake.layout import available_years
from assessment.intake.edition import edition_files, official_parameters, variant_name
from assessment.paths import find_data_dir
from assessment.plan.status import METHOD_THRESHOLDS

if TYPE_CHECKING:
    from assessment.plan.status import Thresholds


@dataclass(frozen=True)
class Params:
    """The parameters of a report; the notebooks' ``parameters`` cell mirrors them.

    Empty or zero values stand for "the edition's": :meth:`resolved` fills them from
    ``data/<year>/edition.yaml`` (the official parameters), so that a build, a notebook
    or the ``progress`` command with no options reproduces the published edition.
    """

    year: int = 0  # 0: the latest year with data
    lang: str = "vi"
    data_dir: str = "data"
    method: str = ""  # "": the edition's method (linear unless edition.yaml says otherwise)
    on_track: float = 0.0  # 0: the edition's threshold (else the method's own)
    needs_acceleration: float = 0.0  # 0: likewise
    reference_date: str = ""  # ISO date; empty: the edition's (default 31 December)

    def resolved(self) -> "Params":
        """Absolute data folder, concrete year and parameters, checked values."""
        check_lang(self.lang)
        data = find_data_dir(self.data_dir)
        year = int(self.year or latest_year(data))
        official = official_parameters(data, year)
        official_method = official.method or "linear"
        method = self.method or official_method
        if method not in METHOD_THRESHOLDS:
            raise ConfigError(f"Unknown method {method!r}: use one of "
                              f"{', '.join(METHOD_THRESHOLDS)}.")
        own = METHOD_THRESHOLDS[method]
        same = method == official_method  # the edition's thresholds go with its method
        on_track = self.on_track or (same and official.on_track) or own.on_track
        needs = (self.needs_acceleration or (same and official.needs_acceleration)
                 or own.needs_acceleration)
        if not 0 < needs < on_track:
            raise ConfigError(f"Thresholds on_track={on_track:g}, needs_acceleration="
                              f"{needs:g}: need 0 < needs_acceleration < on_track.")
        reference = self.reference_date or official.reference_date or f"{year}-12-31"
        parse_reference(reference, year)
        return replace(self, year=year, data_dir=str(data), method=method,
                       on_track=float(on_track), needs_acceleration=float(needs),
                       reference_date=reference)

    def official(self) -> "Params":
        """The edition's own parameters for the same year, data and language."""
        return replace(self, method="", on_track=0.0, needs_acceleration=0.0,
                       reference_date="").resolved()

    def differences(self) -> dict[str, tuple[object, object]]:
        """``{parameter: (official, used)}`` where these parameters leave the edition's.

        Thresholds count as different only when given explicitly and unlike the ones the
        method would take anyway (another method brings its own thresholds); both are
        listed when either differs."""
        used, official = self.resolved(), self.official()
        out: dict[str, tuple[object, object]] = {
            key: (getattr(official, key), getattr(used, key))
            for key in ("method", "reference_date") if getattr(official, key) != getattr(used, key)}
        implied = replace(self, on_track=0.0, needs_acceleration=0.0).resolved()
        if (implied.on_track, implied.needs_acceleration) != (used.on_track,
                                                               used.needs_acceleration):
            for key in ("on_track", "needs_acceleration"):
                out[key] = (getattr(implied, key), getattr(used, key))
        return dict(sorted(out.items(), key=lambda kv: _ORDER.index(kv[0])))

    @property
    def variant(self) -> str:
        """"" for the edition, else the variant's folder name (e.g. ``method-cagr``)."""
        return variant_name(self.differences())

    @property
    def reference(self) -> dt.date:
        return (dt.date.fromisoformat(self.reference_date) if self.reference_date
                else dt.date(self.year, 12, 31))

    @property
    def thresholds(self) -> "Thresholds":
        """The method's own thresholds (unsd2022: 0.95 / 0.5 / −0.1) with the resolved
        on-track and needs-acceleration bounds."""
        own = METHOD_THRESHOLDS[self.method or "linear"]
        return replace(own, on_track=self.on_track or own.on_track,
                       needs_acceleration=self.needs_acceleration or own.needs_acceleration)


def parse_reference(text: str, year: int, name: str = "reference_date") -> dt.date:
    """The reference date ``text`` of the ``year`` report; ConfigError unless it is an ISO
    date within that year."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{name} {text!r} is not an ISO date (YYYY-MM-DD).") from None
    if day.year != year:
        raise ConfigError(f"{name} {text} is not in {year}: the reference date of the "
                          f"{year} report is a day of {year}.")
    return day


_ORDER = ("method", "on_track", "needs_acceleration", "reference_date")


def latest_year(data_dir: Path) -> int:
    years = available_years(data_dir)
    if not years:
        raise ConfigError(f"{data_dir}: no year folder with data (expected e.g. "
                          f"{data_dir}/2025/indicators.csv).")
    return max(years)


def input_files(data_dir: Path, year: int) -> list[Path]:
    """Every file a report of ``year`` reads: the plan, units, dataset flags, the
    year's edition and narrative, the year folders up to ``year``, and the PAR Index
    frameworks with this year's and last year's PAR Index inputs."""
    files = sorted((data_dir / "plan").glob("*.yaml"))
    files += [f for f in (data_dir / "units.csv", data_dir / "context.csv") if f.is_file()]
    files += edition_files(data_dir, year)  # dataset.yaml and the year's edition.yaml
    for y in available_years(data_dir):
        if y <= year:
            files += sorted(f for f in (data_dir / str(y)).iterdir()
                            if f.is_file() and f.suffix.lower() in (".csv", ".xlsx"))
    files += sorted((data_dir / "par_index").glob("*.yaml"))  # the PAR Index frameworks
    for y in (year - 1, year):  # the PAR Index inputs the scorecards read
        files += sorted(f for f in (data_dir / str(y) / "par_index").glob("*.csv") if f.is_file())
    narrative = data_dir / str(year) / "narrative"
    files += [narrative / f"{lang}.md" for lang in ("vi", "en")
              if (narrative / f"{lang}.md").is_file()]
    return files


def file_hashes(data_dir: Path, year: int) -> dict[str, str]:
    """SHA-256 of every input file, keyed by its path relative to the data folder's parent."""
    base = data_dir.parent
    return {str(f.relative_to(base)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in input_files(data_dir, year)}
