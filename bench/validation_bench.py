"""Validation at scale: a year of synthetic communes at about 20,000 and 200,000 rows.

Each size is checked in a fresh process, as ``assessment validate`` does it: read the
files, run every check, name the files relative to the working folder and format the
report in both languages. Printed: rows, seconds, the ratio of the two times (10× the
rows should take at most about 12× the time: linear) and each process's peak memory.
Run alone with ``python bench/validation_bench.py`` or as part of ``make bench``.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2030  # a year after the 2025 reorganisation: communes only, no township
SIZES = (20_000, 200_000)

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from assessment.plan.catalogue import load_catalogue
from assessment.plan.units import load_units
from assessment.intake.validate import format_report, relative_paths, validate_year
data, year = Path(sys.argv[1]), int(sys.argv[2])
t1 = time.perf_counter()
problems = validate_year(data, year, load_catalogue(data), load_units(data))
shown = relative_paths(problems, data.parent)
text = format_report(shown, "vi", year) + format_report(shown, "en", year)
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import_s": t1 - t0, "problems": len(problems),
                  "errors": sum(p.is_error for p in problems), "chars": len(text),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_year(folder: Path, target_rows: int) -> int:
    """A data folder whose ``YEAR`` has about ``target_rows`` indicator rows: the shipped
    plan, units.csv plus synthetic communes, each reporting every commune-level indicator.
    A few rows carry what offices type (a decimal comma, a gap with a note), so that the
    messages are exercised too. Returns the number of rows written."""
    sys.path.insert(0, str(ROOT / "src"))
    from assessment.plan.catalogue import load_catalogue

    shutil.rmtree(folder, ignore_errors=True)
    (folder / str(YEAR)).mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "plan", folder / "plan")
    catalogue = load_catalogue(folder)
    communal = [i for i in catalogue.indicators if i.reported_by_communes]
    n = max(1, (target_rows - len(catalogue.indicators)) // len(communal))
    with (ROOT / "data" / "units.csv").open(encoding="utf-8") as fh:
        units = list(csv.DictReader(fh))
    fields = list(units[0])
    synthetic = [{**dict.fromkeys(fields, ""), "code": f"xa_{k:05d}", "kind": "commune",
                  "name_vi": f"xã Tổng hợp {k}", "name_en": f"Synthetic commune {k}",
                  "valid_from": "2026-01-01"} for k in range(n)]
    with (folder / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(units + synthetic)
    rows = []
    for ind in catalogue.indicators:
        sample = {"percent": "60", "count": "10", "billion_vnd": "5", "rank": "3",
                  "done": "1"}[ind.measure]
        rows.append({"indicator": ind.code, "unit": "district", "value": sample})
    for k, unit in enumerate(u["code"] for u in synthetic):
        for j, ind in enumerate(communal):
            value = str(40 + (k * 7 + j * 3) % 41)
            note = ""
            if (k + j) % 997 == 0:
                value = f"{value},5"
            elif (k + j) % 1999 == 0:
                value, note = "", "Chưa có số liệu khảo sát"
            rows.append({"indicator": ind.code, "unit": unit, "value": value, "note": note})
    header = ["indicator", "unit", "value", "numerator", "denominator", "source", "note"]
    with (folder / str(YEAR) / "indicators.csv").open("w", encoding="utf-8",
                                                       newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tasks = [{"task": t.code, "status": "in_progress"} for t in catalogue.tasks]
    with (folder / str(YEAR) / "tasks.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["task", "status", "completed_on", "note"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(tasks)
    return len(rows)


def measure(folder: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(YEAR)],
                         capture_output=True, text=True, cwd=folder.parent)
    if res.returncode != 0:
        sys.exit(f"validation failed:\n{res.stdout}\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def validation_at_scale(work: Path) -> dict:
    out = {}
    for size in SIZES:
        folder = work / f"validate_{size}" / "data"
        rows = make_year(folder, size)
        out[str(size)] = {"rows": rows, **measure(folder)}
        shutil.rmtree(folder.parent)
    small, large = (out[str(s)] for s in SIZES)
    out["ratio"] = round(large["seconds"] / small["seconds"], 2)
    out["rows_ratio"] = round(large["rows"] / small["rows"], 2)
    return out


def print_validation(r: dict) -> None:
    print(f"{'validation at scale':<30}{'rows':>10}{'seconds':>10}{'problems':>10}"
          f"{'peak MB':>10}")
    for size in SIZES:
        c = r[str(size)]
        print(f"{'  ' + format(size, ',') + ' rows':<30}{c['rows']:>10}{c['seconds']:>10.2f}"
              f"{c['problems']:>10}{c['peak_mb']:>10.1f}")
    print(f"{'  ratio of times (rows ×' + format(r['rows_ratio'], '.1f') + ')':<30}"
          f"{r['ratio']:>20.2f}   (linear: at most 12)")


if __name__ == "__main__":
    work = ROOT / "bench" / "_work"
    work.mkdir(parents=True, exist_ok=True)
    result = validation_at_scale(work)
    print_validation(result)
