"""Write the illustrative PAR Index inputs ``data/<year>/par_index/`` for 2023-2025.

Illustrative, like the rest of data/<year>/: no office's or commune's PAR Index of Hương
Khê is public. Reproducible (a fixed seed per unit and year): run it again and the files
are byte-identical. The frameworks are data/par_index/*.yaml; each unit valid in a year
that a framework rates gets a self-assessment of every leaf criterion (points the rule
allows, evidence where points are claimed, ``na`` for some criteria that may not apply),
the council's appraisal (about one leaf in eight lowered one step, with a note) and survey
results: aggregated scores (survey.csv) and, in 2024, the officials' raw forms of the
communes (survey_answers.csv).

    python tools/make_illustrative_par_data.py [--data data]
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from assessment.intake.par_checks import rated_units  # noqa: E402
from assessment.plan.par_loading import load_frameworks  # noqa: E402
from assessment.plan.units import load_units  # noqa: E402

YEARS = (2023, 2024, 2025)
RAW_FORMS_YEAR = 2024


def _rng(*key) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, key)).encode()))


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def _claim(rule, ability: float, rng: random.Random) -> float:
    allowed = rule.allowed()
    if rule.kind == "bonus":
        return rng.choice([0, 0, rule.maximum / 2, rule.maximum])
    if rule.kind == "penalty":
        return rng.choice([0, 0, 0, -0.5, -1.0])
    if allowed is not None:
        steps = sorted(allowed, reverse=True)
        i = 0
        while i + 1 < len(steps) and rng.random() > ability:
            i += 1
        return steps[i]
    return round(rule.maximum * min(1.0, rng.uniform(ability - 0.15, 1.02)) * 4) / 4


def _lower(rule, points: float) -> float:
    allowed = rule.allowed()
    if allowed is not None:
        lower = [a for a in sorted(allowed, reverse=True) if a < points - 0.005]
        return lower[0] if lower else points
    return max(rule.lowest, round((points - max(0.25, rule.maximum * 0.25)) * 4) / 4)


NOTES = ("Hội đồng thẩm định: tài liệu kiểm chứng chưa đầy đủ.",
         "Hội đồng thẩm định: báo cáo gửi chậm so với quy định.",
         "Hội đồng thẩm định: kết quả chưa đạt chỉ tiêu theo kế hoạch.")


def _scores(year: int, rated: dict, units) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["unit", "criterion", "self", "appraised", "evidence", "note"])
    for code, (framework, block) in rated.items():
        rng = _rng("scores", code, year)
        ability = _rng("ability", code).uniform(0.72, 0.95) + (year - 2023) * 0.02
        for n, node in enumerate(framework.leaves, 1):
            if node.may_be_na and (block.code != "phong" or rng.random() < 0.2):
                w.writerow([code, node.code, "na", "", "", ""])
                continue
            own = _claim(node.rule, ability, rng)
            granted, note = own, ""
            if own > 0 and rng.random() < 0.13:
                granted = _lower(node.rule, own)
                note = rng.choice(NOTES) if granted != own else ""
            evidence = (f"Văn bản số {rng.randint(10, 250)}/{year} ({node.code})"
                        if own != 0 else "")
            w.writerow([code, node.code, _fmt(own), _fmt(granted), evidence, note])
    return out.getvalue()


def _survey(year: int, rated: dict) -> tuple[str, str]:
    agg, raw = io.StringIO(), io.StringIO()
    wa, wr = csv.writer(agg, lineterminator="\n"), csv.writer(raw, lineterminator="\n")
    wa.writerow(["unit", "group", "score", "respondents", "population"])
    wr.writerow(["unit", "group", "respondent", "answer"])
    for code, (framework, _) in rated.items():
        rng = _rng("survey", code, year)
        base = _rng("ability", code).uniform(0.72, 0.95)
        for g, group in enumerate(framework.survey.groups):
            letters = [a for a, _ in framework.survey.answers]
            if (year == RAW_FORMS_YEAR and framework.level == "commune"
                    and g == len(framework.survey.groups) - 1):
                for k in range(1, 21):
                    pick = 0 if rng.random() < base else (1 if rng.random() < 0.8 else 2)
                    wr.writerow([code, group.code, f"{code}-{k:02d}", letters[pick]])
                continue
            population = rng.randint(800, 4000) if g == 0 else rng.randint(30, 80)
            needed = framework.survey.sample_size(population)
            respondents = needed + rng.randint(0, 40)
            score = round(min(99.0, 100 * base + rng.uniform(-6, 6)), 1)
            wa.writerow([code, group.code, f"{score:g}", respondents, population])
    return agg.getvalue(), raw.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data"))
    a = ap.parse_args(argv)
    frameworks, units = load_frameworks(a.data), load_units(a.data)
    for year in YEARS:
        rated = rated_units(frameworks, units, year)
        folder = Path(a.data) / str(year) / "par_index"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scores.csv").write_text(_scores(year, rated, units), encoding="utf-8")
        agg, raw = _survey(year, rated)
        (folder / "survey.csv").write_text(agg, encoding="utf-8")
        if year == RAW_FORMS_YEAR:
            (folder / "survey_answers.csv").write_text(raw, encoding="utf-8")
        print(f"{folder}: {len(rated)} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
