"""The PAR Index inputs of a year, read and checked: ``data/<year>/par_index/``.

* ``scores.csv``: ``unit,criterion,self,appraised,evidence,note`` — one row per unit and
  leaf criterion: the points the unit claims (``self``: points, a percentage such as
  ``92%`` or a word of the criterion's rule; ``na`` when the criterion does not apply to
  it), the points the appraisal council grants (``appraised``, empty until it has met),
  the evidence and the council's note.
* ``survey.csv``: ``unit,group,score[,respondents,population]`` — the survey result of
  each respondent group, 0-100; and/or ``survey_answers.csv``:
  ``unit,group,respondent,answer`` — the raw forms, each answer scored by the framework's
  answer weights (a group's score is the mean).

Every problem is located and bilingual (:mod:`assessment.intake.problems`): unknown units
and criteria, units not valid that year or not rated by the framework in force, points a
criterion's rule does not allow (above its maximum, between its tiers), ``na`` where it is
not allowed, points claimed without the evidence the criterion requires, an appraisal
without a self-assessment, duplicates, survey scores outside 0-100, unknown groups and
answers, samples smaller than the framework's rule; rows or units missing are warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assessment.intake.indicator_checks import unit_not_valid
from assessment.intake.parsing import parse_number
from assessment.intake.problems import Problem
from assessment.intake.reading import read_csv_table
from assessment.intake.rowcheck import at, rows, unit_names, unknown
from assessment.plan.par_framework import Framework, Frameworks
from assessment.plan.par_rules import RuleError
from assessment.plan.units import Units

FOLDER = "par_index"
FILES = {"par_scores": "scores.csv", "par_survey": "survey.csv",
         "par_answers": "survey_answers.csv"}
NA = ("na", "n/a", "không áp dụng", "kad")
SCORE_COLUMNS = ["unit", "framework", "block", "criterion", "area", "maximum", "self",
                 "appraised", "na", "evidence", "note", "file", "row"]
SURVEY_COLUMNS = ["unit", "group", "score", "respondents", "population", "source"]


@dataclass
class ParYear:
    """A year's checked PAR Index inputs: typed rows and every problem found."""

    year: int
    scores: pd.DataFrame
    survey: pd.DataFrame
    rated: dict  # unit code → (Framework, Block): every unit the year's frameworks rate
    problems: list[Problem] = field(default_factory=list)
    files: tuple[Path, ...] = ()

    @property
    def present(self) -> bool:
        return bool(self.files)


def par_folder(data_dir: str | Path, year: int) -> Path:
    return Path(data_dir) / str(year) / FOLDER


def rated_units(frameworks: Frameworks, units: Units, year: int) -> dict:
    """``{unit: (framework, block)}`` for each unit valid in ``year`` that a framework in
    force rates, in the order of data/units.csv."""
    out = {}
    for unit in units:
        if unit.valid_in(year):
            found = frameworks.for_unit(unit, year)
            if found:
                out[unit.code] = found
    return out


def _unit_problem(r, code: str, units: Units, year: int, rated: dict, names: dict,
                  cache: dict) -> Problem | None:
    if code in rated:
        return None
    rec = units.get(code)
    if rec is None:
        return unknown(r, "unknown_unit", "unit", code, list(rated), names, cache)
    if not rec.valid_in(year):
        return unit_not_valid(r, rec, year, units)
    return at(r, "error", "par_unit_not_rated", "unit", code,
              fields=(("year", year), ("name_vi", rec.name_vi), ("name_en", rec.name_en)))


def _points(r, column: str, text: str, node, problems: list) -> float | None:
    try:
        return node.rule.read(text)
    except RuleError as exc:
        problems.append(at(r, "error", "par_bad_points", column, text,
                           text=f"par_bad_points.{exc.reason}",
                           fields=(("criterion", node.code), ("max", node.maximum),
                                   ("allowed_vi", node.rule.describe("vi")),
                                   ("allowed_en", node.rule.describe("en")))))
        return None


def _score_row(r, framework: Framework, block, problems: list) -> dict | None:
    node = framework.nodes.get(r.criterion)
    if node is None:
        problems.append(unknown(r, "par_unknown_criterion", "criterion", r.criterion,
                                [n.code for n in framework.leaves])
                        if r.criterion else at(r, "error", "empty_required", "criterion", ""))
        return None
    if not node.is_leaf:
        problems.append(at(r, "error", "par_not_leaf", "criterion", r.criterion,
                           fields=(("children", ", ".join(node.children)),)))
        return None
    na = r.self.lower() in NA
    before = len(problems)
    if na and not node.may_be_na:
        problems.append(at(r, "error", "par_na_not_allowed", "self", r.self,
                           fields=(("criterion", node.code),)))
    own = None if na or not r.self else _points(r, "self", r.self, node, problems)
    if not r.self:
        problems.append(at(r, "error", "empty_required", "self", ""))
    granted = None
    if r.appraised:
        if na and r.appraised.lower() in NA:
            granted = None
        elif na:  # the council gave points where the unit said the criterion does not apply
            problems.append(at(r, "error", "par_appraised_without_self", "appraised",
                               r.appraised, text="par_appraised_without_self.na",
                               hint="par_appraised_without_self.na"))
        elif not r.self:
            problems.append(at(r, "error", "par_appraised_without_self", "appraised",
                               r.appraised))
        else:
            granted = _points(r, "appraised", r.appraised, node, problems)
    if (own or 0) > 0 and node.evidence_required and not r.evidence:
        problems.append(at(r, "error", "par_no_evidence", "evidence", "",
                           fields=(("criterion", node.code), ("evidence_vi", node.evidence_vi),
                                   ("evidence_en", node.evidence_en))))
    if own is not None and granted is not None and abs(own - granted) > 0.005 and not r.note:
        problems.append(at(r, "warning", "par_no_council_note", "note", "",
                           fields=(("self", own), ("appraised", granted))))
    if len([p for p in problems[before:] if p.is_error]):
        return None
    return {"unit": r.unit, "framework": framework.id, "block": block.code,
            "criterion": node.code, "area": node.area,
            "maximum": 0.0 if na else node.maximum, "self": own, "appraised": granted,
            "na": na, "evidence": r.evidence, "note": r.note, "file": r._file, "row": r._row}


def _check_scores(frame: pd.DataFrame, year: int, units: Units, rated: dict,
                  problems: list) -> pd.DataFrame:
    names, cache, seen, out = unit_names(units, year), {}, {}, []
    for r in rows(frame):
        bad = _unit_problem(r, r.unit, units, year, rated, names, cache)
        if bad:
            problems.append(bad)
            continue
        key = (r.unit, r.criterion)
        if key in seen:
            problems.append(at(r, "error", "par_duplicate", "criterion", r.criterion,
                               fields=(("first", seen[key]), ("unit", r.unit))))
            continue
        seen[key] = r._row
        framework, block = rated[r.unit]
        record = _score_row(r, framework, block, problems)
        if record:
            out.append(record)
    return pd.DataFrame(out, columns=SCORE_COLUMNS)


def _number(r, column: str, text: str, low: float, high: float | None, problems: list):
    value, issue = parse_number(text)
    if value is None or (high is not None and not low <= value <= high) or value < low:
        problems.append(at(r, "error", "par_bad_score", column, text,
                           fields=(("low", low), ("high", high if high is not None else "∞"))))
        return None
    return value


def _check_survey(frame: pd.DataFrame | None, answers: pd.DataFrame | None, year: int,
                  units: Units, rated: dict, problems: list) -> pd.DataFrame:
    names, cache, seen, out = unit_names(units, year), {}, {}, []

    def group_of(r):
        bad = _unit_problem(r, r.unit, units, year, rated, names, cache)
        if bad:
            problems.append(bad)
            return None
        survey = rated[r.unit][0].survey
        group = survey.group(r.group)
        if group is None:
            problems.append(unknown(r, "par_unknown_group", "group", r.group,
                                    [g.code for g in survey.groups]))
        return group

    for r in rows(frame) if frame is not None else ():
        group = group_of(r)
        if group is None:
            continue
        if (r.unit, r.group) in seen:
            problems.append(at(r, "error", "par_duplicate", "group", r.group,
                               fields=(("first", seen[(r.unit, r.group)]), ("unit", r.unit))))
            continue
        seen[(r.unit, r.group)] = r._row
        score = _number(r, "score", r.score, 0, 100, problems)
        respondents = _number(r, "respondents", r.respondents, 0, None, problems) \
            if r.respondents else None
        population = _number(r, "population", r.population, 0, None, problems) \
            if r.population else None
        if score is None:
            continue
        survey = rated[r.unit][0].survey
        if respondents is not None and population:
            needed = survey.sample_size(int(population))
            if respondents < needed:
                problems.append(at(r, "warning", "par_small_sample", "respondents",
                                   r.respondents, fields=(("needed", needed),
                                                          ("population", int(population)),
                                                          ("margin", survey.margin * 100))))
        out.append({"unit": r.unit, "group": r.group, "score": score,
                    "respondents": respondents, "population": population,
                    "source": "survey.csv"})
    forms: dict = {}
    for r in rows(answers) if answers is not None else ():
        group = group_of(r)
        if group is None:
            continue
        weights = dict(rated[r.unit][0].survey.answers)
        letter = r.answer.strip().upper()
        if letter not in weights:
            problems.append(at(r, "error", "par_bad_answer", "answer", r.answer,
                               fields=(("answers", ", ".join(weights)),)))
            continue
        if (r.unit, r.group) in seen:
            problems.append(at(r, "error", "par_duplicate", "group", r.group,
                               text="par_duplicate.survey_both",
                               fields=(("first", seen[(r.unit, r.group)]), ("unit", r.unit))))
            seen[(r.unit, r.group, "answers")] = True
            continue
        forms.setdefault((r.unit, r.group), []).append(weights[letter])
    for (unit, group), scored in forms.items():
        if (unit, group, "answers") in seen:
            continue
        out.append({"unit": unit, "group": group, "score": round(sum(scored) / len(scored), 2),
                    "respondents": float(len(scored)), "population": None,
                    "source": "survey_answers.csv"})
    return pd.DataFrame(out, columns=SURVEY_COLUMNS)


def _coverage(scores: pd.DataFrame, survey: pd.DataFrame, rated: dict, folder: Path,
              problems: list) -> None:
    scored = scores.groupby("unit")["criterion"].agg(set).to_dict() if len(scores) else {}
    surveyed = set(survey["unit"]) if len(survey) else set()
    where = {"file": str(folder / FILES["par_scores"])}
    missing_units = [u for u in rated if u not in scored]
    if missing_units:
        problems.append(Problem("warning", "par_unit_missing", **where,
                                fields=(("units", ", ".join(missing_units)),
                                        ("count", len(missing_units)))))
    for unit, have in scored.items():
        framework = rated[unit][0]
        lacking = [n.code for n in framework.leaves if n.code not in have]
        if lacking:
            problems.append(Problem("warning", "par_criteria_missing", **where,
                                    fields=(("unit", unit), ("count", len(lacking)),
                                            ("codes", ", ".join(lacking[:8])
                                             + (" …" if len(lacking) > 8 else "")))))
    for unit in scored:
        if unit not in surveyed:
            problems.append(Problem("warning", "par_survey_missing",
                                    file=str(folder / FILES["par_survey"]),
                                    fields=(("unit", unit),
                                            ("rule", rated[unit][0].survey.missing))))


def check_par_year(data_dir: str | Path, year: int, frameworks: Frameworks,
                   units: Units) -> ParYear:
    """Read and check ``data/<year>/par_index/``; a year without the folder is empty."""
    folder = par_folder(data_dir, year)
    rated = rated_units(frameworks, units, year)
    problems: list[Problem] = []
    frames, files = {}, []
    for table, name in FILES.items():
        path = folder / name
        if path.is_file():
            frames[table], found = read_csv_table(path, table)
            problems += found
            files.append(path)
    empty = ParYear(year, pd.DataFrame(columns=SCORE_COLUMNS),
                    pd.DataFrame(columns=SURVEY_COLUMNS), rated, problems, tuple(files))
    if not files:
        return empty
    if "par_scores" not in frames and folder.is_dir():
        problems.append(Problem("error", "no_data", text="no_data.par_index", hint="no_data.par_index",
                                file=str(folder / FILES["par_scores"]),
                                fields=(("year", year), ("folder", str(folder)))))
    if not rated:
        problems.append(Problem("error", "par_no_framework", file=str(folder),
                                fields=(("year", year),)))
        return empty
    scores = _check_scores(frames["par_scores"], year, units, rated, problems) \
        if frames.get("par_scores") is not None else empty.scores
    survey = _check_survey(frames.get("par_survey"), frames.get("par_answers"), year, units,
                           rated, problems)
    _coverage(scores, survey, rated, folder, problems)
    return ParYear(year, scores, survey, rated, problems, tuple(files))

