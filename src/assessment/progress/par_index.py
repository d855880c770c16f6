"""The PAR Index of a year, loaded and computed once: what ``assessment par-index``, the
scorecard notebooks and ``_site/<year>/results/par_index*.csv`` show.

:func:`par_index` reads the frameworks and the year's checked inputs (and the previous
year's, for the changes), then everything is pure (:mod:`assessment.progress.par_scores`):
the index, component indices, bands and ranks; the change in index and rank from last
year — for a unit that began this year, when its framework says ``history: predecessors``,
against the mean index of its predecessors last year (their names are kept); the criteria
on which each unit lost most points; and the gap between the points claimed and granted.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assessment.errors import DataError
from assessment.intake.par_checks import ParYear, check_par_year
from assessment.intake.problems import format_report, has_errors
from assessment.plan.par_framework import Frameworks
from assessment.plan.par_loading import load_frameworks
from assessment.plan.units import Units, load_units
from assessment.progress.par_scores import score_year

LOSS_COLUMNS = ["unit", "criterion", "area", "max_points", "self", "appraised", "lost",
                "note"]
TOP_LOSSES = 3
RESULT_FILES = ("par_index.csv", "par_index_components.csv", "par_index_losses.csv")
CSV_COLUMNS = ["unit", "block", "framework", "max_points", "appraised_points",
               "survey_points", "index", "rank", "band"]


@dataclass(frozen=True)
class ParIndex:
    year: int
    lang: str
    frameworks: Frameworks
    units: Units
    inputs: ParYear
    results: pd.DataFrame  # one row per unit with a self-assessment (par_scores.RESULT_COLUMNS
    #                        + name, prev_index, prev_rank, delta_index, delta_rank, history)
    components: pd.DataFrame  # unit, area, max_points, points, index
    losses: pd.DataFrame  # the criteria each unit lost most on (LOSS_COLUMNS)
    problems: tuple
    context: dict | None = None  # the province's PAR Index (data/context.csv), latest ≤ year

    @property
    def in_force(self):
        return [f for f in self.frameworks.in_force(self.year)
                if any(fw.id == f.id for fw, _ in self.inputs.rated.values())]

    @property
    def illustrative(self) -> bool:
        return any(f.illustrative for f in self.in_force)

    def block_rows(self, framework_id: str, block: str) -> pd.DataFrame:
        """Appraised units of one block, by rank."""
        r = self.results
        rows = r[(r["framework"] == framework_id) & (r["block"] == block) & r["appraised"]]
        return rows.sort_values(["rank", "order"], kind="stable")

    def not_appraised(self) -> pd.DataFrame:
        return self.results[~self.results["appraised"].astype(bool)]

    def missing(self) -> list[str]:
        """Rated units without a self-assessment."""
        return [u for u in self.inputs.rated if u not in set(self.results["unit"])]

    def csv(self) -> str:
        """``results/par_index.csv``: one row per unit with a self-assessment."""
        out = self.results[CSV_COLUMNS].copy()
        out["rank"] = pd.array(out["rank"], dtype="Int64")
        return out.to_csv(index=False, lineterminator="\n", float_format="%.2f")

    def result_files(self) -> dict[str, str]:
        """The results published with the scorecards: ``{file name: CSV text}``."""
        extra = self.results[["unit", "self_points", "self_index", "adjustment_points",
                              "prev_index", "prev_rank", "delta_index", "delta_rank",
                              "history"]]
        main = self.results[CSV_COLUMNS].merge(extra, on="unit")
        main["rank"] = pd.array(main["rank"], dtype="Int64")
        main["prev_rank"] = pd.array(pd.to_numeric(main["prev_rank"]), dtype="Int64")
        main["delta_rank"] = pd.array(pd.to_numeric(main["delta_rank"]), dtype="Int64")
        write = {"lineterminator": "\n", "index": False, "float_format": "%.2f"}
        return {RESULT_FILES[0]: main.to_csv(**write),
                RESULT_FILES[1]: self.components.to_csv(**write),
                RESULT_FILES[2]: self.losses.to_csv(**write)}


def _losses(par: ParYear, frameworks: Frameworks) -> pd.DataFrame:
    s = par.scores
    if s.empty:
        return pd.DataFrame(columns=LOSS_COLUMNS)
    s = s[~s["na"].astype(bool) & s["appraised"].notna() & (s["maximum"] > 0)].copy()
    s["lost"] = (s["maximum"] - s["appraised"].astype(float)).round(2)
    s = s[s["lost"] > 0].rename(columns={"maximum": "max_points"})
    s = s.sort_values(["unit", "lost", "row"], ascending=[True, False, True], kind="stable")
    return s.groupby("unit", sort=False).head(TOP_LOSSES)[LOSS_COLUMNS].reset_index(drop=True)


def _history(results: pd.DataFrame, previous: pd.DataFrame | None, frameworks: Frameworks,
             units: Units) -> pd.DataFrame:
    r = results.copy()
    r["prev_index"], r["prev_rank"], r["history"] = None, None, ""
    if previous is None or previous.empty:
        r["delta_index"], r["delta_rank"] = None, None
        return r
    last = previous[previous["appraised"].astype(bool)].set_index("unit")
    for i, row in r.iterrows():
        if row["unit"] in last.index:
            r.at[i, "prev_index"] = last.at[row["unit"], "index"]
            r.at[i, "prev_rank"] = last.at[row["unit"], "rank"]
        elif frameworks.get(row["framework"]).history == "predecessors":
            before = [u for u in units.predecessors(row["unit"]) if u in last.index]
            if before:
                r.at[i, "prev_index"] = round(float(last.loc[before, "index"].mean()), 2)
                r.at[i, "history"] = ",".join(before)
    index = pd.to_numeric(r["index"], errors="coerce")
    r["delta_index"] = (index - pd.to_numeric(r["prev_index"], errors="coerce")).round(2)
    r["delta_rank"] = pd.to_numeric(r["prev_rank"], errors="coerce") - pd.to_numeric(
        r["rank"], errors="coerce")  # positive: moved up
    return r


def province_context(data_dir: str | Path, year: int) -> dict | None:
    """The latest published provincial PAR Index up to ``year`` (data/context.csv)."""
    path = Path(data_dir) / "context.csv"
    if not path.is_file():
        return None
    ctx = pd.read_csv(path, dtype={"indicator": str})
    rows = ctx[(ctx["indicator"] == "PAR_INDEX") & (ctx["year"] <= year)].sort_values("year")
    if rows.empty:
        return None
    last = rows.iloc[-1]
    return {"year": int(last["year"]), "value": float(last["value"]),
            "rank": int(last["rank"]), "of": int(last["of"])}


def compute(current: ParYear, previous: ParYear | None, frameworks: Frameworks,
            units: Units, lang: str = "vi", context: dict | None = None) -> ParIndex:
    """Pure: the year's PAR Index from checked inputs."""
    results, comps = score_year(current, units)
    last = score_year(previous, units)[0] if previous is not None and previous.present else None
    results = _history(results, last, frameworks, units)
    order = {code: i for i, code in enumerate(units.codes)}
    results["order"] = results["unit"].map(order)
    results["name_vi"] = [units.name(u, "vi") for u in results["unit"]]
    results["name_en"] = [units.name(u, "en") for u in results["unit"]]
    return ParIndex(current.year, lang, frameworks, units, current, results, comps,
                    _losses(current, frameworks), tuple(current.problems), context)


def par_index(data_dir: str | Path, year: int, lang: str = "vi") -> ParIndex:
    """Read, check and compute ``year``. DataError (every problem listed) on an error in
    the year's inputs; the previous year is used only when it has no error."""
    frameworks = load_frameworks(data_dir)
    units = load_units(data_dir)
    current = check_par_year(data_dir, year, frameworks, units)
    if not current.present:
        raise DataError(f"{Path(data_dir) / str(year) / 'par_index'}: no PAR Index inputs "
                        f"for {year} (scores.csv, survey.csv).")
    if has_errors(current.problems):
        raise DataError(format_report(current.problems, lang, year), current.problems)
    previous = check_par_year(data_dir, year - 1, frameworks, units)
    if has_errors(previous.problems):
        previous = None
    return compute(current, previous, frameworks, units, lang,
                   province_context(data_dir, year))
