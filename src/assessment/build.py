"""``assessment build``: validate → compute → execute notebooks → render → swap into place.

The year is built in a temporary folder next to its destination and replaces
``<out>/<year>/`` only when every step succeeded; other years and the inputs are never
touched. When nothing changed (same inputs, parameters and code), the previous output is
kept as it is.
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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

# Only light modules here: a build with nothing changed stops before pandas, Pandoc or
# Typst are needed; the heavy ones are imported where they are used.
from . import execute, site
from .errors import ConfigError
from .i18n import check_lang, fmt_date
from .params import Params, file_hashes
from .paths import notebooks_dir, package_file, project_root

log = logging.getLogger("assessment.build")
FORMATS = ("html", "pdf")
ENGINES = ("auto", "builtin", "quarto")


@dataclass(frozen=True)
class BuildOptions:
    params: Params = field(default_factory=Params)
    langs: tuple[str, ...] = ("vi", "en")
    formats: tuple[str, ...] = FORMATS
    out_dir: str = "_site"
    engine: str = "auto"
    jobs: int = 0  # 0: the number of cores
    force: bool = False
    cache_dir: str = ""  # "": <out_dir>/../.cache/assessment

    def checked(self) -> "BuildOptions":
        for lang in self.langs:
            check_lang(lang)
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ConfigError(f"Unknown format {','.join(bad) or '(none)'}: use html, pdf or both.")
        if self.engine not in ENGINES:
            raise ConfigError(f"Unknown engine {self.engine!r}: use auto, builtin or quarto.")
        return replace(self, params=self.params.resolved(),
                       jobs=self.jobs or os.cpu_count() or 1)


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


def _write_results(assessment, results: Path) -> None:
    results.mkdir(parents=True, exist_ok=True)
    for name in ("progress", "tasks", "areas"):
        frame = getattr(assessment, name)
        frame.to_csv(results / f"{name}.csv", index=False, lineterminator="\n",
                     float_format="%.6g")


def _jobs(opts: BuildOptions, work: Path, inputs: dict, code: str) -> list[execute.Job]:
    p = opts.params
    jobs = []
    for lang in opts.langs:
        params = {"year": p.year, "lang": lang, "data_dir": p.data_dir, "method": p.method,
                  "on_track": p.on_track, "needs_acceleration": p.needs_acceleration,
                  "reference_date": p.reference_date, "fig_dir": "figures"}
        for nb in sorted(notebooks_dir().glob("[0-9]*.ipynb")):
            key = execute.job_key(nb, lang, {k: v for k, v in params.items() if k != "data_dir"},
                                  inputs, code)
            jobs.append(execute.Job(nb, lang, tuple(params.items()), work / "notebooks" / lang,
                                    key))
    return jobs


def _previous_manifest(dest: Path) -> dict:
    try:
        return json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _swap(tmp: Path, dest: Path) -> None:
    """Replace ``dest`` by ``tmp`` with two renames (the old tree is removed after)."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        dest.rename(old)
    tmp.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def build(opts: BuildOptions) -> dict:
    """Build one year; returns the manifest. Raises AssessmentError subclasses on failure."""
    started, t0 = dt.datetime.now(dt.timezone.utc), time.perf_counter()
    opts = opts.checked()
    p = opts.params
    data = Path(p.data_dir)
    root = project_root(data)
    out = Path(opts.out_dir).resolve()
    dest = out / str(p.year)
    timings: dict[str, float] = {}

    inputs = file_hashes(data, p.year)
    code = execute.code_fingerprint(_code_paths(root))
    build_key = hashlib.sha256(json.dumps(
        {"inputs": inputs, "code": code, "params": {k: v for k, v in asdict(p).items()
                                                      if k != "data_dir"},
         "langs": opts.langs, "formats": opts.formats, "engine": opts.engine},
        sort_keys=True).encode()).hexdigest()
    previous = _previous_manifest(dest)
    if not opts.force and previous.get("build_key") == build_key and all(
            (dest / f).is_file() for f in previous.get("outputs", {})):
        log.info("nothing changed since the last build of %s: %s kept as it is", p.year, dest)
        site.write_index(out)
        return previous | {"reused": True}

    from .context import assess
    tick = time.perf_counter()
    assessment = assess(replace(p, lang=opts.langs[0]))  # validates; raises DataError
    timings["validate_and_compute"] = time.perf_counter() - tick

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{p.year}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        _write_results(assessment, tmp / "results")
        tick = time.perf_counter()
        cache = Path(opts.cache_dir or out.parent / ".cache" / "assessment")
        ran = execute.run_jobs(_jobs(opts, tmp, inputs, code), cache=cache, jobs_n=opts.jobs,
                               failed_dir=out / ".failed" / str(p.year), reuse=not opts.force)
        timings["execute"] = time.perf_counter() - tick
        engine = _render_all(opts, tmp, root, assessment, timings)
        manifest = _manifest(opts, tmp, inputs, code, build_key, ran, engine, timings,
                             started, root)
        manifest["illustrative"] = assessment.illustrative
        manifest["timings"]["total"] = round(time.perf_counter() - t0, 3)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False)
                                           + "\n", encoding="utf-8")
        _swap(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    site.write_index(out)
    return manifest


def _render_lang(lang: str, opts: BuildOptions, tmp: Path, root: Path, illustrative: bool,
                 today: dt.date) -> dict[str, float]:
    """Render one language's report in each format; returns seconds per format."""
    from . import __version__, render
    config = render.load_quarto_config(root)
    notebooks = sorted((tmp / "notebooks" / lang).glob("[0-9]*.ipynb"))
    meta = render.meta_from_config(
        config, lang, opts.params.year, reference_date=fmt_date(opts.params.reference, lang),
        version=__version__, illustrative=illustrative, generated=fmt_date(today, lang),
        pdf_href="report.pdf" if "pdf" in opts.formats else None)
    spent = {}
    for fmt in opts.formats:
        tick = time.perf_counter()
        render.render_report(notebooks, lang=lang, formats={fmt}, out_dir=tmp / lang,
                             meta=meta, engine=opts.engine, root=root)
        spent[f"render_{fmt}"] = time.perf_counter() - tick
    return spent


def _render_all(opts: BuildOptions, tmp: Path, root: Path, assessment, timings: dict) -> str:
    """Render the languages in parallel (one process each, up to --jobs)."""
    from . import render
    tick = time.perf_counter()
    args = (opts, tmp, root, assessment.illustrative, dt.date.today())
    if opts.jobs > 1 and len(opts.langs) > 1:
        with ProcessPoolExecutor(max_workers=min(opts.jobs, len(opts.langs))) as pool:
            results = list(pool.map(_render_lang, opts.langs, *[[a] * len(opts.langs) for a in args]))
    else:
        results = [_render_lang(lang, *args) for lang in opts.langs]
    for spent in results:  # processor seconds per format, summed over languages
        for key, value in spent.items():
            timings[key] = timings.get(key, 0.0) + value
    timings["render"] = time.perf_counter() - tick
    return render.resolve_engine(opts.engine)


def _manifest(opts, tmp, inputs, code, build_key, ran, engine, timings, started, root) -> dict:
    from .report_method import package_versions
    outputs = {str(f.relative_to(tmp)): {"bytes": f.stat().st_size, "sha256": _sha(f)}
               for f in sorted(tmp.rglob("*")) if f.is_file() and f.name != "manifest.json"}
    return {
        "year": opts.params.year,
        "parameters": {k: v for k, v in asdict(opts.params).items()} | {
            "langs": list(opts.langs), "formats": list(opts.formats), "engine": opts.engine,
            "jobs": opts.jobs, "force": opts.force},
        "inputs": {path: {"sha256": digest} for path, digest in inputs.items()},
        "code_sha256": code,
        "build_key": build_key,
        "versions": package_versions(),
        "git_commit": _git_commit(root),
        "engine": engine,
        "notebooks": ran,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "outputs": outputs,
    }
