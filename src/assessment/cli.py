"""Command line: ``assessment plan | validate | template | collect | narrative | progress | par-index |
build``.

Errors raised on purpose (:class:`AssessmentError`) are printed as one clear message and
a non-zero exit; there is never a traceback for bad input.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assessment import __version__
from assessment.errors import AssessmentError, DataError

EPILOG = ("Defaults: data from ./data, output to ./_site, both languages and formats, "
          "the latest year that has data. See README.md.")


def _comma_list(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(",") if x.strip())


def _common_data(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", metavar="DIR",
                   help="folder holding plan/, units.csv and one folder per year (default: data)")


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.95)") from None
    if not 0 < value < 2:
        raise argparse.ArgumentTypeError(f"{text!r}: a pace ratio above 0, e.g. 0.95")
    return value


def _method(p: argparse.ArgumentParser, *, thresholds: bool = False) -> None:
    from assessment.plan.status import METHOD_THRESHOLDS
    p.add_argument("--method", default="", choices=sorted(METHOD_THRESHOLDS),
                   help="progress method: linear pace ratio, cagr (Open SDG / Statistics "
                        "Canada), unsd2022 (CAGR, UNSD thresholds) or escap (anticipated "
                        "progress); default: the edition's (data/YEAR/edition.yaml)")
    if thresholds:
        p.add_argument("--on-track", type=_ratio, default=0.0, metavar="R",
                       help="lowest pace ratio counted as on track (default: the edition's)")
        p.add_argument("--needs-acceleration", type=_ratio, default=0.0, metavar="R",
                       help="lowest pace ratio counted as needing acceleration (default: "
                            "the edition's)")
    p.add_argument("--reference-date", default="", metavar="YYYY-MM-DD",
                   help="date the tasks are judged against (default: the edition's, "
                        "else 31 December of the year)")


def parser() -> argparse.ArgumentParser:
    from assessment.i18n import LANGS
    from assessment.render.meta import ENGINES, FORMATS
    ap = argparse.ArgumentParser(prog="assessment", epilog=EPILOG, description=(
        "Annual assessment of Hương Khê district's public administration reform plan "
        "2021-2030 (Decision 11671/QĐ-UBND): catalogue, data checks, progress, report."))
    ap.add_argument("--version", action="version", version=f"assessment {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("plan", help="print the plan catalogue (targets or tasks)")
    _common_data(p)
    p.add_argument("--csv", action="store_true", help="write CSV to standard output")
    p.add_argument("--tasks", action="store_true", help="list the 25 appendix tasks instead of the targets")
    p.add_argument("--lang", default="vi", choices=LANGS, help="language of the table (default: vi)")

    p = sub.add_parser("validate", help="check a year's input files; list every problem")
    _common_data(p)
    p.add_argument("--year", type=int, default=0, help="year to check (default: the latest with data)")
    p.add_argument("--lang", default="vi", choices=LANGS, help="language of the messages (default: vi)")
    p.add_argument("--reference-date", default="", metavar="YYYY-MM-DD",
                   help="judge task dates as the report of this reference date will "
                        "(default: the edition's, or 31 December)")

    p = sub.add_parser("template", help="write an .xlsx data-entry workbook for a year, "
                       "or one per reporting unit (--per-unit)")
    _common_data(p)
    p.add_argument("--year", type=int, required=True,
                   help="the year the workbook collects (2021-2030)")
    p.add_argument("--per-unit", action="store_true",
                   help="one workbook per office and commune that reports in the year, "
                        "each with only its own rows")
    p.add_argument("--out", metavar="FILE|DIR",
                   help="where to write it (default: template-YEAR.xlsx; with --per-unit "
                        "a folder, default: templates-YEAR)")

    p = sub.add_parser("collect", help="merge the returned per-unit workbooks into the "
                       "year's files, with provenance; show who has not reported")
    _common_data(p)
    p.add_argument("--year", type=int, required=True, help="the year of the round (2021-2030)")
    p.add_argument("dir", nargs="?", default="", metavar="DIR",
                   help="folder of the returned workbooks (default: data/YEAR/returns)")
    p.add_argument("--replace", action="store_true",
                   help="replace the year's indicators.csv, tasks.csv, round.csv and par_index/scores.csv "
                        "(never replaced otherwise)")
    p.add_argument("--out", default="", metavar="DIR",
                   help="folder for the tracker round-YEAR.xlsx and .html (default: round-YEAR)")
    p.add_argument("--as-of", default="", metavar="YYYY-MM-DD",
                   help="the date the round's state is taken on (default: today)")
    p.add_argument("--lang", default="vi", choices=LANGS,
                   help="language of the messages and the tracker (default: vi)")

    p = sub.add_parser("narrative", help="write a first draft of the year's narrative, "
                       "both languages, with live references to the results")
    _common_data(p)
    p.add_argument("--year", type=int, default=0, help="report year (default: the latest with data)")
    p.add_argument("--out", default="", metavar="DIR",
                   help="folder for vi.md and en.md (default: data/YEAR/narrative, only "
                        "when no narrative is there yet: an existing one is never replaced)")

    p = sub.add_parser("progress", help="print indicator progress for a year")
    _common_data(p)
    p.add_argument("--year", type=int, default=0, help="report year (default: the latest with data)")
    _method(p, thresholds=True)
    p.add_argument("--csv", action="store_true", help="write CSV to standard output")
    p.add_argument("--lang", default="vi", choices=LANGS, help="language of messages (default: vi)")

    p = sub.add_parser("par-index", help="the PAR Index (Chỉ số CCHC) of the offices and "
                       "communes for a year: index, band, rank, changes")
    _common_data(p)
    p.add_argument("--year", type=int, default=0,
                   help="the year (default: the latest with data/YEAR/par_index/)")
    p.add_argument("--csv", action="store_true",
                   help="write CSV to standard output (exactly results/par_index.csv)")
    p.add_argument("--criteria", action="store_true",
                   help="list the leaf criteria of the frameworks in force instead")
    p.add_argument("--lang", default="vi", choices=LANGS,
                   help="language of the table and messages (default: vi)")

    p = sub.add_parser("build", help="build the report: notebooks, results, HTML and PDF",
                       description="Build a year's report. With no parameter option "
                       "(--method, --on-track, --needs-acceleration, --reference-date) it "
                       "makes the edition, with the official parameters of "
                       "data/YEAR/edition.yaml, in OUT/YEAR/; other parameters make a "
                       "variant in OUT/YEAR/variants/NAME/, which never replaces the edition.")
    _common_data(p)
    p.add_argument("--year", type=int, default=0, help="report year (default: the latest with data)")
    p.add_argument("--lang", default=",".join(LANGS), type=_comma_list,
                   help=f"languages, comma-separated (default: {','.join(LANGS)})")
    p.add_argument("--format", default=",".join(FORMATS), type=_comma_list, dest="formats",
                   help=f"output formats, comma-separated: {', '.join(FORMATS)} "
                        "(default: both)")
    p.add_argument("--out", default="_site", metavar="DIR",
                   help="output folder, outside the data folder (default: _site)")
    _method(p, thresholds=True)
    p.add_argument("--engine", default="auto", choices=ENGINES,
                   help="renderer: quarto when installed (auto), or the built-in Pandoc + Typst")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="notebooks executed in parallel (default: the number of cores)")
    p.add_argument("--force", action="store_true",
                   help="re-execute every notebook even when nothing changed")
    p.add_argument("--cache-dir", default="", metavar="DIR",
                   help="where executed notebooks are cached (default: .cache/assessment next to --out)")
    return ap


# ------------------------------------------------------------------ commands
def cmd_plan(args) -> int:
    from assessment.plan.catalogue import load_catalogue
    from assessment.paths import find_data_dir
    from assessment.plan import view as planview
    cat = load_catalogue(find_data_dir(args.data))
    frame = planview.tasks_frame(cat) if args.tasks else planview.targets_frame(cat)
    if args.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(planview.as_text(frame, cat, tasks=args.tasks, lang=args.lang))
    return 0


def cmd_validate(args) -> int:
    from assessment.intake import validate
    from assessment.plan.catalogue import load_catalogue
    from assessment.params import latest_year, parse_reference
    from assessment.paths import find_data_dir
    from assessment.plan.units import load_units
    data = find_data_dir(args.data)
    year = args.year or latest_year(data)
    reference = (parse_reference(args.reference_date, year, "--reference-date")
                 if args.reference_date else None)
    units = load_units(data)
    problems = validate.validate_year(data, year, load_catalogue(data), units, reference)
    from assessment.intake.par_checks import check_par_year, par_folder
    if par_folder(data, year).is_dir():  # the PAR Index inputs, when the year has them
        from assessment.plan.par_loading import load_frameworks
        problems = problems + check_par_year(data, year, load_frameworks(data), units).problems
    problems = validate.relative_paths(problems, Path.cwd())
    print(validate.format_report(problems, args.lang, year))
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_template(args) -> int:
    from assessment.intake import template
    from assessment.intake.assignment import check_plan_year
    check_plan_year(args.year)
    if args.per_unit:
        from assessment.intake.round_cli import per_unit_templates
        return per_unit_templates(args)
    from assessment.plan.catalogue import load_catalogue
    from assessment.paths import find_data_dir
    from assessment.plan.units import load_units
    from assessment.errors import ConfigError
    from assessment.build.staging import inside, writable_dir
    data = find_data_dir(args.data)
    out = Path(args.out or f"template-{args.year}.xlsx")
    if inside(out.resolve(), data):
        raise ConfigError(f"--out {out} is inside the data folder {data}, which the program "
                          "never writes to: write the template elsewhere, and put the filled "
                          "workbook into the year folder yourself.")
    if out.is_dir():
        raise ConfigError(f"--out {out} is a folder: give a file name, e.g. "
                          f"{out / f'template-{args.year}.xlsx'}.")
    writable_dir(out.parent, "--out")
    catalogue, units = load_catalogue(data), load_units(data)
    try:
        template.write_template(out, catalogue, units, args.year, data_dir=data)
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot write it ({exc.strerror or exc}).") from None
    print(out)
    return 0


def cmd_narrative(args) -> int:
    from dataclasses import replace

    from assessment.errors import ConfigError
    from assessment.paths import write_atomic
    from assessment.i18n import LANGS
    from assessment.params import Params
    from assessment.progress.assessment import assess
    from assessment.report.draft import draft_narrative
    a = assess(Params(year=args.year, data_dir=args.data))
    out = Path(args.out) if args.out else a.data_dir / str(a.year) / "narrative"
    targets = [out / f"{lang}.md" for lang in LANGS]
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise ConfigError(f"{', '.join(existing)} already exist(s): a narrative is never "
                          f"replaced. Write the draft elsewhere with --out DIR and merge it "
                          f"by hand, or move the old files away first.")
    texts = {lang: draft_narrative(replace(a, params=replace(a.params, lang=lang)))
             for lang in LANGS}
    written: list[Path] = []
    try:  # both files or neither
        for lang, path in zip(LANGS, targets):
            write_atomic(path, texts[lang])
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    for path in targets:
        print(path)
    print(f"Edit both files, then run `assessment validate --year {a.year}`.", file=sys.stderr)
    return 0


def cmd_progress(args) -> int:
    import pandas as pd

    from assessment.params import Params
    from assessment.progress.assessment import assess
    a = assess(Params(year=args.year, lang=args.lang, data_dir=args.data, method=args.method,
                      on_track=args.on_track, needs_acceleration=args.needs_acceleration,
                      reference_date=args.reference_date))
    cols = ["indicator", "area", "unit", "milestone", "target", "baseline_year", "baseline",
            "year", "value", "expected", "ratio", "status"]
    frame = a.progress
    if args.csv:  # exactly results/progress.csv
        from assessment.progress.results import results_csv
        sys.stdout.write(results_csv(frame))
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200,
                               "display.float_format", "{:.3g}".format):
            print(frame[cols].to_string(index=False))
    return 0


def cmd_par_index(args) -> int:
    from assessment.paths import find_data_dir
    from assessment.progress.par_view import criteria_csv, latest_par_year, results_text
    data = find_data_dir(args.data)
    year = args.year or latest_par_year(data)
    if args.criteria:
        sys.stdout.write(criteria_csv(data, year) if args.csv else
                         criteria_csv(data, year).replace(",", " | "))
        return 0
    from assessment.progress.par_index import par_index
    result = par_index(data, year, args.lang)
    sys.stdout.write(result.csv() if args.csv else results_text(result, args.lang))
    return 0


def cmd_build(args) -> int:
    from assessment.build.pipeline import BuildOptions, build
    from assessment.params import Params
    from assessment.render.meta import FORMATS
    params = Params(year=args.year, data_dir=args.data, method=args.method,
                    on_track=args.on_track, needs_acceleration=args.needs_acceleration,
                    reference_date=args.reference_date)
    opts = BuildOptions(params=params, langs=args.lang, formats=args.formats, out_dir=args.out,
                        engine=args.engine, jobs=args.jobs, force=args.force,
                        cache_dir=args.cache_dir)
    manifest = build(opts)
    out = Path(args.out)
    year = manifest["year"]
    folder = out / str(year)
    state = "unchanged, reused" if manifest.get("reused") else f"built in {manifest['timings']['total']:.1f} s"
    if manifest.get("variant"):
        folder = folder / "variants" / manifest["variant"]
        print(f"Variant {manifest['variant']} of {year} (other parameters than the edition's; "
              f"the edition is not touched) {state}:")
    else:
        print(f"Report {year} (the edition) {state}:")
    made = [rel for prefix in ("", "par_index/") for lang in opts.langs
            for rel in (f"{prefix}{lang}/report.{fmt}" for fmt in FORMATS)
            if rel in manifest["outputs"] and rel.split(".")[-1] in opts.formats]
    for rel in made:
        print(f"  {folder / rel}")
    kept = [rel for rel in manifest.get("reports", []) if rel not in made]
    if kept:
        print(f"  kept from the same edition: {', '.join(kept)}")
    print(f"  {out / 'index.html'}")
    from assessment.render.cover import cover_facts
    cover = cover_facts(Path(params.resolved().data_dir), year, "en")
    if cover.draft:
        print(f"marked draft (Dự thảo): {cover.draft_note} When adopted: status: final in "
              f"edition.yaml, with its number and date.")
    warnings = manifest.get("data_warnings") or 0
    print(f"engine {manifest.get('engine')}; " + (
        f"{warnings} data warning(s): see the report's data quality section, or run "
        f"`assessment validate --year {year}`" if warnings else "no data warnings"))
    return 0


def cmd_collect(args) -> int:
    from assessment.intake.round_cli import collect
    return collect(args)


COMMANDS = {"plan": cmd_plan, "validate": cmd_validate, "template": cmd_template,
            "collect": cmd_collect, "par-index": cmd_par_index,
            "narrative": cmd_narrative, "progress": cmd_progress, "build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("papermill", "traitlets", "fontTools", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except AssessmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
