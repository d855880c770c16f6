"""Writing a collected round: the year's files (``indicators.csv``, ``tasks.csv``,
``round.csv`` and, when the round asks for the PAR Index self-assessments,
``par_index/scores.csv``) all or none, never over existing year data without ``replace``;
and the tracker (``round-<year>.xlsx``, ``round-<year>.html``) into a folder of its own.
"""
from __future__ import annotations

from pathlib import Path

from assessment.errors import ConfigError
from assessment.intake import tracker
from assessment.intake.collect import Round
from assessment.intake.layout import visible_files, year_files
from assessment.intake.round_state import ROUND_FILE, to_csv
from assessment.paths import write_all_atomic
from assessment.plan.units import Units

OWNED = ("indicators.csv", "tasks.csv", ROUND_FILE)  # the files collect writes
PAR_FILE = Path("par_index") / "scores.csv"  # written too when the round asks for it


def owned_files(year_dir: Path, par: bool) -> list[Path]:
    """The paths of the files a round writes into ``year_dir`` (``par``: it asks for
    the PAR Index self-assessments)."""
    return [year_dir / name for name in OWNED] + ([year_dir / PAR_FILE] if par else [])


def year_data(year_dir: Path, par: bool = False) -> tuple[list[Path], list[Path]]:
    """(the round's own files already there, workbooks there)."""
    if not year_dir.is_dir():
        return [], []
    owned = [p for p in visible_files(year_dir) if p.name.lower() in OWNED]
    if par and (year_dir / PAR_FILE).is_file():
        owned.append(year_dir / PAR_FILE)
    return owned, year_files(year_dir)[2]


def check_target(year_dir: Path, year: int, replace: bool, par: bool = False) -> None:
    """Refuse before anything is written: year data there without ``replace``, or a
    workbook collect would not replace (the year's data would be ambiguous). ``par``: the
    round asks for the PAR Index self-assessments (``par_index/scores.csv`` is its)."""
    owned, other = year_data(year_dir, par)
    if other:
        raise ConfigError(
            f"{year_dir} holds {', '.join(p.name for p in other)}: with the collected "
            f"indicators.csv beside it the year's data would be ambiguous. collect never "
            f"deletes a file it did not write: move it out of {year_dir} first.")
    if owned and not replace:
        raise ConfigError(
            f"{year_dir} already holds "
            f"{', '.join(p.relative_to(year_dir).as_posix() for p in owned)}: collect never "
            f"overwrites a year's data. Run `assessment collect --year {year} ... "
            f"--replace` to replace them with this round's files, or move them away.")


def write_year(rnd: Round, year_dir: Path, replace: bool) -> tuple[list[Path], list[Path]]:
    """Write the round's year files (all or none); with ``replace``, a file of an earlier
    round that this one does not produce (no task rows returned) is removed, so that no
    earlier rows are left behind. → (files written, files removed). A round that took no
    return writes nothing (the caller says so)."""
    check_target(year_dir, rnd.year, replace, rnd.par_asked)
    files: dict[Path, str] = {year_dir / ROUND_FILE: to_csv(rnd.states, rnd.collected_on)}
    if rnd.indicators_csv is not None:
        files[year_dir / "indicators.csv"] = rnd.indicators_csv
    if rnd.tasks_csv is not None:
        files[year_dir / "tasks.csv"] = rnd.tasks_csv
    if rnd.par_csv is not None:
        files[year_dir / PAR_FILE] = rnd.par_csv
    if not rnd.taken:
        return [], []
    write_all_atomic(files)
    removed = []
    for stale in owned_files(year_dir, rnd.par_asked):
        if stale not in files and stale.exists():
            stale.unlink()
            removed.append(stale)
    return list(files), removed


def write_tracker(rnd: Round, units: Units, out_dir: Path, lang: str) -> list[Path]:
    """The tracker as a workbook and an HTML page in ``out_dir``."""
    files = {out_dir / f"round-{rnd.year}.xlsx": tracker.workbook(rnd, units, lang),
             out_dir / f"round-{rnd.year}.html": tracker.page(rnd, units, lang)}
    write_all_atomic(files)
    return list(files)
