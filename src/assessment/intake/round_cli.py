"""The data round's commands, ``template --per-unit`` and ``collect``: the I/O edge of
:mod:`assessment.intake.unit_template`, :mod:`assessment.intake.collect` and
:mod:`assessment.intake.round_io`."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from assessment.errors import ConfigError
from assessment.paths import find_data_dir, inside, write_all_atomic, writable_dir


def _outside_data(out: Path, data: Path, what: str) -> None:
    if inside(out.resolve(), data.resolve()):
        raise ConfigError(f"{what} {out} is inside the data folder {data}, which the program "
                          f"writes only the year's collected files to: choose a folder "
                          f"elsewhere.")


def per_unit_templates(args) -> int:
    """``assessment template --year Y --per-unit [--out DIR]``."""
    from assessment.intake.unit_template import unit_workbooks
    from assessment.plan.catalogue import load_catalogue
    from assessment.plan.par_loading import load_frameworks
    from assessment.plan.units import load_units
    data = find_data_dir(args.data)
    out = Path(args.out or f"templates-{args.year}")
    _outside_data(out, data, "--out")
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file: with --per-unit give a folder, e.g. "
                          f"templates-{args.year}.")
    out.mkdir(parents=True, exist_ok=True)
    writable_dir(out, "--out")
    books = unit_workbooks(load_catalogue(data), load_units(data), args.year, data,
                           frameworks=load_frameworks(data))
    try:
        write_all_atomic({out / name: content for name, content in books.items()})
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot write the workbooks "
                          f"({exc.strerror or exc}).") from None
    for name in books:
        print(out / name)
    print(f"{len(books)} workbooks for {args.year}: send each to its unit; put the returned "
          f"ones into {data / str(args.year) / 'returns'} and run "
          f"`assessment collect --year {args.year}`.", file=sys.stderr)
    return 0


def _as_of(text: str) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--as-of {text!r} is not a date: write it as YYYY-MM-DD.") from None


def collect(args) -> int:
    """``assessment collect --year Y [DIR] [--replace] [--out DIR] [--as-of D] [--lang]``."""
    from assessment.i18n import t
    from assessment.intake import tracker
    from assessment.intake.assignment import check_plan_year
    from assessment.intake.collect import collect_round
    from assessment.intake.par_checks import rated_units
    from assessment.intake.round_io import check_target, write_tracker, write_year
    from assessment.intake.problems import RULES, format_report
    from assessment.intake.validate import reference_date, relative_paths
    from assessment.plan.catalogue import load_catalogue
    from assessment.plan.par_loading import load_frameworks
    from assessment.plan.units import load_units
    year = check_plan_year(args.year)
    data = find_data_dir(args.data)
    returns = Path(args.dir) if args.dir else data / str(year) / "returns"
    if not returns.is_dir():
        raise ConfigError(f"{returns}: no such folder. Put the returned workbooks into "
                          f"{data / str(year) / 'returns'}, or give their folder: "
                          f"`assessment collect --year {year} DIR`.")
    out = Path(args.out or f"round-{year}")
    _outside_data(out, data, "--out")
    year_dir = data / str(year)
    catalogue, units, frameworks = load_catalogue(data), load_units(data), load_frameworks(data)
    par = bool(rated_units(frameworks, units, year))  # the round asks for the PAR Index
    check_target(year_dir, year, args.replace, par)  # refuse before reading any return
    rnd = collect_round(returns, year_dir, data, year, catalogue, units,
                        collected_on=_as_of(args.as_of),
                        reference=reference_date(data, year), frameworks=frameworks)
    print(tracker.text(rnd, units, args.lang))
    print()
    problems = relative_paths(rnd.problems, Path.cwd())
    # the rows still missing are the tracker's "missing" column: counted here, listed
    # one by one by `assessment validate`
    gaps = [p for p in problems if not p.is_error and RULES[p.rule].scope == "coverage"]
    shown = [p for p in problems if p not in gaps]
    print(format_report(shown, args.lang, year, closing="round.report"))
    if gaps:
        print(t("round.report.gaps", args.lang, n=len(gaps), year=year))
    print()
    if not rnd.taken:
        write_tracker(rnd, units, out, args.lang)
        print(t("round.report.nothing", args.lang, folder=returns, out=out))
        return 1
    written, removed = write_year(rnd, year_dir, args.replace)
    print(f"{t('round.tracker.written', args.lang)}:")
    for path in write_tracker(rnd, units, out, args.lang) + written:
        print(f"  {path}")
    for path in removed:
        print(t("round.report.removed", args.lang, file=path))
    return 1 if rnd.errors else 0
