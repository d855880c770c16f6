"""What ``assessment par-index`` prints: the year's results as a table, the criteria in force."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from assessment.errors import ConfigError
from assessment.i18n import fmt_fixed, is_missing, t
from assessment.plan.par_loading import load_frameworks


def par_years(data_dir: str | Path) -> list[int]:
    """Years with a ``data/<year>/par_index/`` folder, oldest first."""
    data = Path(data_dir)
    return sorted(int(p.parent.name) for p in data.glob("[0-9][0-9][0-9][0-9]/par_index")
                  if p.is_dir())


def latest_par_year(data_dir: str | Path) -> int:
    years = par_years(data_dir)
    if not years:
        raise ConfigError(f"No year in {data_dir} has PAR Index inputs (data/YEAR/par_index/): "
                          "give --year, or add the year's scores.csv.")
    return years[-1]


def criteria_csv(data_dir: str | Path, year: int) -> str:
    """``framework,level,criterion,area,name_vi,name_en,max_points,rule,not_applicable`` of
    every leaf criterion of the frameworks in force in ``year``."""
    found = load_frameworks(data_dir).in_force(year)
    if not found:
        raise ConfigError(f"No PAR Index framework in {Path(data_dir) / 'par_index'} applies "
                          f"to {year}.")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["framework", "level", "criterion", "area", "name_vi", "name_en", "max_points",
                "rule", "not_applicable"])
    for f in found:
        for n in f.leaves:
            w.writerow([f.id, f.level, n.code, n.area, n.name_vi, n.name_en,
                        f"{n.rule.maximum if n.rule.kind == 'bonus' else n.maximum:g}",
                        n.rule.kind, "yes" if n.may_be_na else "no"])
    return out.getvalue()


def results_text(result, lang: str) -> str:
    """One line per unit, by block and rank; the units not yet appraised at the end."""
    lines = []
    for framework in result.in_force:
        for block in framework.blocks:
            rows = result.block_rows(framework.id, block.code)
            if rows.empty:
                continue
            lines.append(f"{block.name(lang)} ({framework.text('name', lang)})")
            for _, r in rows.iterrows():
                band = block.band(r["index"]).name(lang)
                change = "" if is_missing(r["delta_index"]) else \
                    "  " + fmt_fixed(r["delta_index"], lang, sign=True)
                lines.append(f"  {int(r['rank']):>3}  {r['name_' + lang]:<45} "
                             f"{fmt_fixed(r['index'], lang):>6}  {band}{change}")
    pending = result.not_appraised()
    if len(pending):
        lines.append(t("par.cli.not_appraised", lang, count=len(pending),
                       units=", ".join(pending["unit"])))
    missing = result.missing()
    if missing:
        lines.append(t("par.cli.missing", lang, count=len(missing), units=", ".join(missing)))
    return "\n".join(lines) + "\n"
