"""``assessment build``: validate → compute → execute notebooks → render → swap into place.

Publishing is safe (DESIGN.md section 7):

* The *edition* of a year (``<out>/<year>/``) is made with the official parameters of
  ``data/<year>/edition.yaml``; other parameters make a *variant* in
  ``<out>/<year>/variants/<name>/`` that never replaces the edition.
* The year is staged outside the output folder (:mod:`assessment.build.staging`) and swapped
  into place only when every step succeeded; one build per output folder at a time.
* A build of some languages or formats replaces only those outputs; the others are kept
  when they belong to the same edition (same inputs, parameters and code), and a partial
  build that would mix two editions is refused. Links point only to files that exist.
* Nothing is written inside the data folder; other years are never touched.

When nothing changed (same inputs, parameters and code, every output present), the
previous output is kept as it is.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

# Only light modules here: a build with nothing changed stops before pandas, Pandoc or
# Typst are needed; the heavy ones are imported where they are used.
from assessment.build import execute
from assessment.build import site
from assessment.build import staging
from assessment.build.rendering import render_all as _render_all
from assessment.build.site import SCORECARDS
from assessment.errors import ConfigError
from assessment.i18n import LANGS, check_lang
from assessment.intake.edition import variant_name
from assessment.params import Params, file_hashes
from assessment.paths import notebooks_dir, package_file, project_root, repo_relative
from assessment.render.meta import ENGINES, FORMATS
from assessment.render.quarto import find_quarto, pick_engine

log = logging.getLogger("assessment.build.pipeline")


@dataclass(frozen=True)
class BuildOptions:
    params: Params = field(default_factory=Params)
    langs: tuple[str, ...] = LANGS
    formats: tuple[str, ...] = FORMATS
    out_dir: str = "_site"
    engine: str = "auto"
    jobs: int = 0  # 0: the number of cores
    force: bool = False
    cache_dir: str = ""  # "": <out_dir>/../.cache/assessment
    engine_used: str = ""  # what `engine` stands for here (set by checked())
    engine_note: str = ""  # the line that says so

    def checked(self) -> "BuildOptions":
        """Every option checked before any work (ConfigError, exit 2)."""
        if not self.langs:
            raise ConfigError("No language given: use --lang vi, en or vi,en.")
        for lang in self.langs:
            check_lang(lang)
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ConfigError(f"Unknown format {','.join(bad) or '(none)'}: use html, pdf or both.")
        if self.engine not in ENGINES:
            raise ConfigError(f"Unknown engine {self.engine!r}: use auto, builtin or quarto.")
        engine_used, engine_note = pick_engine(self.engine)  # ConfigError: no usable Quarto
        if self.jobs < 0:
            raise ConfigError(f"--jobs {self.jobs}: give a number of parallel notebooks "
                              "(1 or more), or 0 for the number of cores.")
        return replace(self, params=self.params.resolved(),
                       langs=tuple(dict.fromkeys(self.langs)),
                       formats=tuple(f for f in FORMATS if f in self.formats),
                       jobs=self.jobs or os.cpu_count() or 1,
                       engine_used=engine_used, engine_note=engine_note)

    @property
    def engine_name(self) -> str:
        """The engine ``auto`` stands for here: a supported Quarto when installed, else
        builtin (set by :meth:`checked`)."""
        return self.engine_used or pick_engine(self.engine)[0]


def _quarto_version() -> dict | None:
    found = find_quarto()
    return {"version": found.version} if found else None  # no machine path in the manifest


def _git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def _code_paths(root: Path) -> list[Path]:
    pkg = package_file()
    return [pkg, notebooks_dir(), *sorted(root.glob("_quarto*.yml"))]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_scorecards(p: Params) -> bool:
    """Whether the year has PAR Index inputs (then the build makes the scorecards too)."""
    return (Path(p.data_dir) / str(p.year) / SCORECARDS).is_dir()


def _write_results(assessment, results: Path, par=None) -> None:
    results.mkdir(parents=True, exist_ok=True)
    from assessment.progress.results import RESULTS, results_csv
    for name in RESULTS:
        (results / f"{name}.csv").write_text(results_csv(getattr(assessment, name)),
                                             encoding="utf-8", newline="")
    if par is not None:
        for name, text in par.result_files().items():
            (results / name).write_text(text, encoding="utf-8", newline="")


def _notebook_params(p: Params, lang: str) -> dict:
    """What the notebooks' ``parameters`` cells receive: every field of :class:`Params`
    explicit, the data folder relative to the repository (no path of the building
    machine is published)."""
    values = {f.name: getattr(p, f.name) for f in fields(Params)}
    return {**values, "lang": lang, "data_dir": repo_relative(p.data_dir)}


def _jobs(opts: BuildOptions, work: Path, inputs: dict, code: str,
          scorecards: bool = False) -> list[execute.Job]:
    jobs = []
    for lang in opts.langs:
        params = _notebook_params(opts.params, lang)
        for nb in sorted(notebooks_dir().glob("[0-9]*.ipynb")):
            # data_dir is in the key: a cached notebook records the path it was run with
            key = execute.job_key(nb, lang, params, inputs, code)
            jobs.append(execute.Job(nb, lang, tuple(params.items()), work / "notebooks" / lang,
                                    key, published_as=f"notebooks/{lang}/{nb.name}"))
        if not scorecards:
            continue
        # the PAR Index scorecard edition: its notebooks take the year, language and data
        par_params = {"year": opts.params.year, "lang": lang, "data_dir": params["data_dir"]}
        for nb in sorted((notebooks_dir() / SCORECARDS).glob("[0-9]*.ipynb")):
            key = execute.job_key(nb, lang, par_params, inputs, code)
            jobs.append(execute.Job(nb, lang, tuple(par_params.items()),
                                    work / SCORECARDS / "notebooks" / lang, key,
                                    published_as=f"{SCORECARDS}/notebooks/{lang}/{nb.name}"))
    return jobs


def _previous_manifest(dest: Path) -> dict:
    try:
        return json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# ------------------------------------------------------------------ which outputs
def _files(folder: Path) -> list[str]:
    """Files under ``folder`` (relative, POSIX), the variants of an edition excluded."""
    if not folder.is_dir():
        return []
    return sorted(f.relative_to(folder).as_posix() for f in folder.rglob("*")
                  if f.is_file() and not f.relative_to(folder).as_posix().startswith("variants/"))


def _report_of(rel: str) -> tuple[str, str] | None:
    """``("vi", "pdf")`` for ``vi/report.pdf`` (and for the scorecards'
    ``par_index/vi/report.pdf``); None for anything else."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == SCORECARDS:
        parts = parts[1:]
    if len(parts) == 2 and parts[0] in LANGS and parts[1] in ("report.html", "report.pdf"):
        return parts[0], parts[1].rsplit(".", 1)[1]
    return None


def _notebook_of(rel: str) -> str | None:
    """The language of an executed notebook (``notebooks/<lang>/…`` or the scorecards')."""
    parts = rel.split("/")
    if parts[0] == SCORECARDS:
        parts = parts[1:]
    return parts[1] if len(parts) > 2 and parts[0] == "notebooks" else None


def _edition_output(rel: str) -> bool:
    """A file made from one edition's numbers: a report or an executed notebook."""
    return _report_of(rel) is not None or _notebook_of(rel) is not None


def _made_here(rel: str, opts: BuildOptions) -> bool:
    """Whether this build writes ``rel`` (the results and manifest are always rewritten)."""
    if rel == "manifest.json" or rel.startswith("results/"):
        return True
    report = _report_of(rel)
    if report is not None:
        return report[0] in opts.langs and report[1] in opts.formats
    return _notebook_of(rel) in opts.langs


def _kept(dest: Path, opts: BuildOptions) -> list[str]:
    return [rel for rel in _files(dest) if not _made_here(rel, opts)]


def _edition_key(opts: BuildOptions, inputs: dict, code: str) -> str:
    """Inputs, code, parameters and engine: what makes two outputs the same edition."""
    params = {k: v for k, v in asdict(opts.params).items() if k not in ("data_dir", "lang")}
    return hashlib.sha256(json.dumps({"inputs": inputs, "code": code, "params": params,
                                      "engine": opts.engine_name},
                                     sort_keys=True).encode()).hexdigest()


def _check_partial(dest: Path, kept: list[str], previous: dict, key: str, what: str) -> None:
    mixed = [rel for rel in kept if _edition_output(rel)]
    if mixed and previous.get("edition_key") != key:
        shown = ", ".join(sorted({r if _report_of(r) else "/".join(r.split("/")[:2])
                                  for r in mixed}))
        raise ConfigError(
            f"{dest} holds {shown} from another build of {what} (other inputs, parameters "
            "or code): building only some languages or formats would mix two editions. "
            "Build every language and format: the same command without --lang and --format.")


# ------------------------------------------------------------------ build
def build(opts: BuildOptions) -> dict:
    """Build one year's edition or variant; returns the manifest. Raises AssessmentError
    subclasses on failure (ConfigError for options and output paths, before any work)."""
    started, t0 = dt.datetime.now(dt.timezone.utc), time.perf_counter()
    opts = opts.checked()
    p = opts.params
    data = Path(p.data_dir)
    out = Path(opts.out_dir).resolve()  # symbolic links followed: one lock per real folder
    cache = Path(opts.cache_dir or out.parent / ".cache" / "assessment").resolve()
    staging.check_output_paths(out, data, cache)
    differences = p.differences()
    variant = variant_name(differences)
    dest = out / str(p.year) / "variants" / variant if variant else out / str(p.year)
    _check_places(out, dest)
    staging.writable_dir(cache, "--cache-dir")
    workspace = staging.Workspace(out).prepare()
    with workspace.lock():
        cleared = workspace.clear_stale()
        if cleared:
            log.info("cleared what an interrupted build left: %s", ", ".join(cleared))
        return _build_locked(opts, workspace, dest, cache, differences, variant, started, t0)


def _build_locked(opts: BuildOptions, workspace: staging.Workspace, dest: Path, cache: Path,
                  differences: dict, variant: str, started: dt.datetime, t0: float) -> dict:
    p = opts.params
    data = Path(p.data_dir)
    root = project_root(data)
    out = workspace.out
    what = f"the {p.year} variant {variant}" if variant else f"the {p.year} edition"
    timings: dict[str, float] = {}
    log.info("%s", opts.engine_note)  # every check passed: the work begins

    inputs = file_hashes(data, p.year)
    code = execute.code_fingerprint(_code_paths(root))
    key = _edition_key(opts, inputs, code)
    previous = _previous_manifest(dest)
    scorecards = not variant and _has_scorecards(p)
    wanted = {f"{prefix}{lang}/report.{fmt}" for lang in opts.langs for fmt in opts.formats
              for prefix in ("", f"{SCORECARDS}/")[:2 if scorecards else 1]}
    listed = set(previous.get("outputs", {}))
    if (not opts.force and previous.get("edition_key") == key and wanted <= listed
            and all((dest / f).is_file() for f in listed)):
        log.info("nothing changed since the last build of %s: %s kept as it is", what, dest)
        site.write_index(out, tmp_dir=workspace.tmp_dir())
        return previous | {"reused": True}
    kept = _kept(dest, opts)
    _check_partial(dest, kept, previous, key, what)

    from assessment.progress.assessment import assess
    tick = time.perf_counter()
    log.info("validating the data up to %s and computing the results…", p.year)
    assessment = assess(replace(p, lang=opts.langs[0]))  # validates; raises DataError
    par = None
    if scorecards:
        from assessment.progress.par_index import par_index
        par = par_index(p.data_dir, p.year, opts.langs[0])  # validates; raises DataError
    timings["validate_and_compute"] = time.perf_counter() - tick
    warnings = sum(1 for problem in assessment.problems if problem.severity == "warning")
    log.info("validated and computed in %.1f s%s", timings["validate_and_compute"],
             f"; {warnings} data warning(s), listed in the report's data quality section"
             if warnings else "")

    stage = workspace.new_stage(f"{p.year}-{variant}" if variant else str(p.year))
    try:
        _write_results(assessment, stage / "results", par)
        tick = time.perf_counter()
        failed_dir = workspace.failed / str(p.year) / (variant or "edition")
        ran = execute.run_jobs(_jobs(opts, stage, inputs, code, scorecards), cache=cache,
                               jobs_n=opts.jobs, failed_dir=failed_dir, reuse=not opts.force)
        timings["execute"] = time.perf_counter() - tick
        reports = wanted | {rel for rel in kept if _report_of(rel)}
        _render_all(opts, stage, root, assessment, timings, reports, differences)
        _copy_kept(dest, stage, kept, carry_variants=not variant)
        manifest = _manifest(opts, stage, inputs, code, key, ran, timings, started, root,
                             differences, variant, kept)
        manifest["illustrative"] = assessment.illustrative
        manifest["data_warnings"] = warnings
        manifest["timings"]["total"] = round(time.perf_counter() - t0, 3)
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
        staging.swap(stage, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    site.write_index(out, tmp_dir=workspace.tmp_dir())
    return manifest


def _check_places(out: Path, dest: Path) -> None:
    """Folders the build will replace or fill must be folders, and index.html a file."""
    for folder in [dest, *[parent for parent in dest.parents if staging.inside(parent, out)]]:
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"{folder} is a file where the build puts a folder: move it "
                              "away, then build again.")
    index = out / "index.html"
    if index.exists() and not index.is_file():
        raise ConfigError(f"{index} is a folder where the build writes the portal page: "
                          "move it away, then build again.")


def _copy_kept(dest: Path, stage: Path, kept: list[str], carry_variants: bool) -> None:
    """Carry the outputs this build does not make (and the edition's variants) over."""
    for rel in kept:
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(dest / rel, target)
    if carry_variants and (dest / "variants").is_dir():
        shutil.copytree(dest / "variants", stage / "variants", symlinks=True)


def _manifest(opts, stage, inputs, code, key, ran, timings, started, root, differences,
              variant, kept) -> dict:
    from assessment.report.method import package_versions
    p = opts.params
    outputs = {rel: {"bytes": (stage / rel).stat().st_size, "sha256": _sha(stage / rel)}
               for rel in _files(stage) if rel != "manifest.json"}
    return {
        "year": p.year,
        "edition": not differences,
        "variant": variant or None,
        "differences": {k: list(v) for k, v in differences.items()},
        "parameters": asdict(p) | {
            "data_dir": repo_relative(p.data_dir),
            "langs": list(opts.langs), "formats": list(opts.formats), "engine": opts.engine,
            "jobs": opts.jobs, "force": opts.force},
        "reports": sorted(rel for rel in outputs if _report_of(rel)),
        "kept": sorted(kept),
        "inputs": {path: {"sha256": digest} for path, digest in inputs.items()},
        "code_sha256": code,
        "edition_key": key,
        "versions": package_versions(),
        "git_commit": _git_commit(root),
        "engine": opts.engine_name,
        "quarto": _quarto_version() if opts.engine_name == "quarto" else None,
        "notebooks": ran,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "outputs": outputs,
    }
