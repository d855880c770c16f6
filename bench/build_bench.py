"""Benchmark the report build: where the time goes, against the floor and the plain way.

Run with ``make bench`` (or ``python bench/build_bench.py --repeats 3``). It prints a
table and writes ``bench/results.json``. Everything runs in a scratch folder
(``bench/_work``); the repository's data and ``_site`` are never touched.

Measured, each repeated ``--repeats`` times (median reported):
- cold: a bilingual HTML+PDF build of one year with an empty cache;
- unchanged: the same build again (nothing changed);
- one value: a rebuild after one value of one indicator changed;
- stages: validate+compute, execute, render HTML, render PDF (from the manifest);
- peak memory: the largest resident set of any process of the build;
- floor: starting one kernel and importing the package and its libraries, times the
  number of kernels the build needs, divided by the jobs;
- plain: each notebook run by the ``papermill`` CLI with a fresh kernel, then
  ``jupyter nbconvert --to html`` on each, for both languages;
- scale: every shipped year, and a synthetic district with 10× the communes;
- validation at scale (``bench/validation_bench.py``): a year of about 20,000 and 200,000
  rows of synthetic communes, both times, their ratio (linear: at most 12) and the peak
  memory of each (also with ``--quick``; ``--validation-only`` runs just this case).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from validation_bench import print_validation, validation_at_scale

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "_work"
BIN = Path(sys.executable).parent


def run(cmd: list[str], **kw) -> float:
    """Run a command; return its wall time in seconds (fail loudly)."""
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        sys.exit(f"command failed: {' '.join(map(str, cmd))}\n{res.stdout}\n{res.stderr}")
    return time.perf_counter() - t0


ENGINE = "auto"  # --engine of every build (set from the command line)


def build_cmd(data: Path, out: Path, year: int, jobs: int, *extra: str) -> list[str]:
    return [str(BIN / "assessment"), "build", "--data", str(data), "--out", str(out),
            "--year", str(year), "--jobs", str(jobs), "--cache-dir", str(out.parent / "cache"),
            "--engine", ENGINE, *extra]


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def copy_data(dst: Path) -> Path:
    shutil.copytree(ROOT / "data", dst)
    return dst


def manifest(out: Path, year: int) -> dict:
    return json.loads((out / str(year) / "manifest.json").read_text(encoding="utf-8"))


def cold_build(data: Path, case: Path, year: int, jobs: int) -> tuple[float, dict]:
    fresh(case)
    seconds = run(build_cmd(data, case / "site", year, jobs))
    return seconds, manifest(case / "site", year)


def change_one_value(data: Path, year: int) -> None:
    path = data / str(year) / "indicators.csv"
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    head = rows[0]
    for r in rows[1:]:
        if r[head.index("unit")] == "district" and r[head.index("value")]:
            r[head.index("value")] = f"{float(r[head.index('value')]) - 0.1:.1f}"
            break
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def floor(kernels: int, jobs: int) -> float:
    """One kernel start + imports, times the kernels needed, over the jobs."""
    from jupyter_client.manager import start_new_kernel
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
    kc.execute_interactive("import assessment.notebook, pandas, matplotlib, IPython.display",
                           timeout=120)
    km.shutdown_kernel(now=True)
    one = time.perf_counter() - t0
    return one * kernels / jobs


def plain_way(data: Path, case: Path, year: int) -> float:
    fresh(case)
    total = 0.0
    for lang in ("vi", "en"):
        for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
            out = case / lang / nb.name
            out.parent.mkdir(parents=True, exist_ok=True)
            total += run([str(BIN / "papermill"), str(nb), str(out), "-p", "year", str(year),
                          "-p", "lang", lang, "-p", "data_dir", str(data), "--cwd",
                          str(out.parent)])
            total += run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)])
    return total


def synthetic(data: Path, factor: int) -> Path:
    """A copy of the data where every commune-level unit is cloned ``factor`` times."""
    units = list(csv.DictReader((data / "units.csv").open(encoding="utf-8")))
    clones = {}
    extra = []
    for u in units:
        if u["kind"] in ("commune", "town"):
            clones[u["code"]] = [f"{u['code']}_s{i}" for i in range(1, factor)]
            for c in clones[u["code"]]:
                succ = u["successor"]
                extra.append(u | {"code": c, "successor": f"{succ}_s{c.rsplit('_s', 1)[1]}"
                                  if succ else "",
                                  "name_vi": f"{u['name_vi']} {c.rsplit('_s', 1)[1]}",
                                  "name_en": f"{u['name_en']} {c.rsplit('_s', 1)[1]}"})
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(units[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(units + extra)
    for year_dir in sorted(p for p in data.iterdir() if p.name.isdigit()):
        path = year_dir / "indicators.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
        more = [r | {"unit": c} for r in rows for c in clones.get(r["unit"], [])]
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows + more)
    return data


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3, help="runs per case (median reported)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="--jobs of the build")
    ap.add_argument("--quick", action="store_true", help="skip the five-year and 10× cases")
    ap.add_argument("--engine", default="auto", choices=("auto", "builtin", "quarto"),
                    help="--engine of the builds (default auto, as make report)")
    ap.add_argument("--validation-only", action="store_true",
                    help="run only the validation-at-scale case")
    args = ap.parse_args()
    global ENGINE
    ENGINE = args.engine
    fresh(WORK)
    validation = validation_at_scale(WORK)
    if args.validation_only:
        print_validation(validation)
        return
    data = copy_data(WORK / "data")
    year = max(int(p.name) for p in data.iterdir() if p.name.isdigit())
    kernels = 2 * len(list((ROOT / "notebooks").glob("[0-9]*.ipynb")))

    cold, unchanged, onevalue, stages = [], [], [], []
    for i in range(args.repeats):
        seconds, man = cold_build(data, WORK / "cold", year, args.jobs)
        cold.append(seconds)
        stages.append(man["timings"])
        unchanged.append(run(build_cmd(data, WORK / "cold" / "site", year, args.jobs)))
        edited = copy_data(WORK / f"edited{i}")
        change_one_value(edited, year)
        onevalue.append(run(build_cmd(edited, WORK / "cold" / "site", year, args.jobs)))
        shutil.rmtree(edited)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    floor_s = median([floor(kernels, args.jobs) for _ in range(args.repeats)])
    plain = median([plain_way(data, WORK / "plain", year) for _ in range(max(1, args.repeats - 1))])

    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "year": year, "jobs": args.jobs, "repeats": args.repeats, "kernels": kernels,
        "engine": args.engine,
        "cold_s": median(cold), "unchanged_s": median(unchanged),
        "one_value_s": median(onevalue),
        "stages_s": {k: median([s.get(k, 0.0) for s in stages]) for k in stages[0]},
        "peak_rss_mb": round(peak_mb, 1), "floor_s": floor_s, "plain_s": plain,
    }
    if not args.quick:
        years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
        results["all_years_s"] = round(sum(cold_build(data, WORK / f"y{y}", y, args.jobs)[0]
                                           for y in years), 2)
        big = synthetic(copy_data(WORK / "data10x"), 10)
        results["communes_10x_s"] = median([cold_build(big, WORK / "big", year, args.jobs)[0]
                                            for _ in range(max(1, args.repeats - 1))])
    results["ratios"] = {
        "plain_over_cold": round(results["plain_s"] / results["cold_s"], 2),
        "cold_over_floor": round(results["cold_s"] / results["floor_s"], 2),
        "unchanged_over_cold": round(results["unchanged_s"] / results["cold_s"], 3),
    }
    results["validation"] = validation
    if "communes_10x_s" in results:
        results["ratios"]["communes_10x_over_1x"] = round(results["communes_10x_s"] / results["cold_s"], 2)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def print_table(r: dict) -> None:
    rows = [("cold bilingual HTML+PDF build", r["cold_s"]),
            ("rebuild, nothing changed", r["unchanged_s"]),
            ("rebuild, one value changed", r["one_value_s"]),
            *((f"  stage: {k}", v) for k, v in r["stages_s"].items()),
            (f"floor ({r['kernels']} kernels / {r['jobs']} jobs)", r["floor_s"]),
            ("plain way (papermill CLI + nbconvert)", r["plain_s"])]
    if "all_years_s" in r:
        rows += [("all shipped years, cold", r["all_years_s"]),
                 ("10x communes, cold", r["communes_10x_s"])]
    print(f"{'case':<44}{'seconds':>10}")
    for name, value in rows:
        print(f"{name:<44}{value:>10.2f}")
    print(f"{'peak RSS of one process (MB)':<44}{r['peak_rss_mb']:>10.1f}")
    for name, value in r["ratios"].items():
        print(f"{'ratio ' + name:<44}{value:>10.3f}")
    print_validation(r["validation"])
    print(f"machine: {r['machine']['cpus']} cores, Python {r['machine']['python']}")


if __name__ == "__main__":
    main()
