"""The PAR Index (Chỉ số CCHC): rules, framework loading, checks and scores.

Every expected number is worked out by hand in the comment beside it. The tiny framework
(:func:`framework`) has appraised maximum 20 + survey maximum 10 = 30:

  area 1 (10): 1.1.1 yes_no 1 | 1.1.2 timeliness 1/0.5/0 | 1.1.3 bands 2 (≥90%: 2, ≥70%: 1)
               1.2 ratio 4 | 1.3 quality 2 (shares 100/75/50/0 → 2, 1.5, 1, 0)
  area 2 (10): 2.1 judgement 6 | 2.2 yes_no 4, may be "na"
  area 3 (adjustment): 3.1 bonus cap 2 | 3.2 penalty floor -2
  survey: citizens 0.75, officials 0.25; answers A/B/C/D = 100/60/20/0
  blocks: xa [c1, c2, c3, c12] bands 80/60/0; phong [o1] bands 90/70/0; o2 in no block
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import yaml

from assessment.errors import CatalogueError, DataError
from assessment.intake.par_checks import check_par_year
from assessment.plan.par_loading import load_framework, load_frameworks
from assessment.plan.par_rules import RuleError
from assessment.plan.units import load_units
from assessment.progress.par_index import par_index

DATA = Path(__file__).resolve().parents[1] / "data"
UNITS = """code,name_vi,name_en,kind,valid_from,valid_to,successor,note
district,huyện Thử,Test district,district,,,,
c1,xã Một,Mot commune,commune,,2025-06-30,c12,merged
c2,xã Hai,Hai commune,commune,,2025-06-30,c12,merged
c3,xã Ba,Ba commune,commune,,,,
c12,xã Một Hai,Mot Hai commune,commune,2025-07-01,,,new
o1,Phòng Một,Office One,office,,,,
o2,Phòng Hai,Office Two,office,,,,
"""


def leaf(code, maximum, rule, extra=""):
    top = f"max: {maximum}, " if maximum is not None else ""
    return (f'{{code: "{code}", name_vi: Tiêu chí {code}, name_en: Criterion {code}, {top}'
            f"rule: {rule}, evidence_vi: Văn bản, evidence_en: The document{extra}}}")


def framework(fid="fa", years=(2023, 2024), replaces=None, history="none",
              missing="rescale", area1_max=10, appraised_max=20):
    def bands(top, mid):
        return (f"[{{code: tot, name_vi: Tốt, name_en: Good, min: {top}}}, {{code: kha, name_vi: "
                f"Khá, name_en: Fairly good, min: {mid}}}, {{code: yeu, name_vi: Yếu, "
                "name_en: Poor, min: 0}]")
    return f"""framework: {fid}
illustrative: true
name_vi: Bộ chỉ số thử
name_en: Test framework
issuer_vi: UBND tỉnh
issuer_en: The provincial committee
legal_basis_vi: Thử nghiệm
legal_basis_en: A test
level: commune
unit_kinds: [commune, office]
years: [{years[0]}, {years[1]}]
replaces: {replaces or "null"}
history: {history}
appraised_max: {appraised_max}
survey: {{max: 10, missing: {missing}, margin: 0.05, answers: {{A: 100, B: 60, C: 20, D: 0}},
  groups: [{{code: citizens, name_vi: Người dân, name_en: Citizens, weight: 0.75}},
           {{code: officials, name_vi: Công chức, name_en: Officials, weight: 0.25}}]}}
blocks:
  - {{code: xa, name_vi: Các xã, name_en: Communes, units: [c1, c2, c3, c12],
     bands: {bands(80, 60)}}}
  - {{code: phong, name_vi: Các phòng, name_en: Offices, units: [o1], bands: {bands(90, 70)}}}
areas:
  - {{code: "1", name_vi: Chỉ đạo, name_en: Leadership, max: {area1_max}, criteria: [
      {{code: "1.1", name_vi: Kế hoạch, name_en: The plan, max: 4, criteria: [
        {leaf("1.1.1", 1, "{kind: yes_no}")},
        {leaf("1.1.2", 1, "{kind: timeliness, on_time: 1, late: 0.5, missing: 0}")},
        {leaf("1.1.3", 2, "{kind: bands, bands: [{min: 90, points: 2}, "
              "{min: 70, points: 1}, {min: 0, points: 0}]}")}]}},
      {leaf("1.2", 4, "{kind: ratio}")},
      {leaf("1.3", 2, "{kind: quality, shares: [100, 75, 50, 0]}")}]}}
  - {{code: "2", name_vi: Thủ tục hành chính, name_en: Procedures, max: 10, criteria: [
      {leaf("2.1", 6, "{kind: judgement}")},
      {leaf("2.2", 4, "{kind: yes_no}", ", not_applicable: true")}]}}
  - {{code: "3", kind: adjustment, name_vi: Điểm thưởng và điểm trừ, name_en: Bonus and penalty,
     criteria: [{leaf("3.1", None, "{kind: bonus, cap: 2}")},
                {leaf("3.2", None, "{kind: penalty, floor: -2}")}]}}
"""


# points with A = 18 (1+1+2+4+2+4+4) and A = 11 (1+0.5+1+3+1.5+4+0); 3.1 and 3.2 are 0
P18 = {"1.1.1": "1", "1.1.2": "1", "1.1.3": "2", "1.2": "4", "1.3": "2", "2.1": "4",
       "2.2": "4", "3.1": "0", "3.2": "0"}
P11 = {"1.1.1": "1", "1.1.2": "0.5", "1.1.3": "1", "1.2": "3", "1.3": "1.5", "2.1": "4",
       "2.2": "0", "3.1": "0", "3.2": "0"}
S75 = [("citizens", "80"), ("officials", "60")]  # S = 10 × (0.75×0.8 + 0.25×0.6) = 7.5


def write_csv(path: Path, header: str, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header.split(","), *rows])


def make_data(root: Path, years: dict, frameworks=None) -> Path:
    """``years``: {year: {"scores": {unit: points}, "survey": {unit: [(group, score)]},
    "answers": {unit: [(group, letters)]}}}; appraised = self, evidence given."""
    (root / "par_index").mkdir(parents=True)
    (root / "units.csv").write_text(UNITS, encoding="utf-8")
    for fid, text in (frameworks or {"fa": framework()}).items():
        (root / "par_index" / f"{fid}.yaml").write_text(text, encoding="utf-8")
    for year, parts in years.items():
        folder = root / str(year) / "par_index"
        write_csv(folder / "scores.csv", "unit,criterion,self,appraised,evidence,note",
                  [(u, c, v, v, "VB 1/2024", "") for u, pts in parts["scores"].items()
                   for c, v in pts.items()])
        if parts.get("survey"):
            write_csv(folder / "survey.csv", "unit,group,score,respondents,population",
                      [(u, g, s, "", "") for u, gs in parts["survey"].items() for g, s in gs])
        if parts.get("answers"):
            write_csv(folder / "survey_answers.csv", "unit,group,respondent,answer",
                      [(u, g, f"{u}-{i}", a) for u, gs in parts["answers"].items()
                       for g, letters in gs for i, a in enumerate(letters)])
    return root


def by_unit(result):
    return {r["unit"]: r for r in result.results.to_dict("records")}


def component(result, unit, area):
    return result.components.set_index(["unit", "area"]).loc[(unit, area)]


# ------------------------------------------------------------------ 1. rule kinds
@pytest.fixture
def nodes(tmp_path):
    (tmp_path / "fa.yaml").write_text(framework(), encoding="utf-8")
    return load_framework(tmp_path / "fa.yaml").nodes


@pytest.mark.parametrize("code, text, points", [
    ("1.1.1", "có", 1), ("1.1.1", "không", 0), ("1.1.1", "1", 1),      # yes_no: max or 0
    ("1.1.2", "đúng hạn", 1), ("1.1.2", "chậm", 0.5), ("1.1.2", "0,5", 0.5),
    ("1.1.3", "92%", 2), ("1.1.3", "75%", 1), ("1.1.3", "1", 1),      # 92 ≥ 90; 70 ≤ 75 < 90
    ("1.2", "92%", 3.68), ("1.2", "2.75", 2.75),                       # 4 × 92 / 100 = 3.68
    ("1.3", "75%", 1.5), ("1.3", "1", 1),                              # 2 × 75 / 100 = 1.5
    ("2.1", "5.25", 5.25), ("3.1", "2", 2), ("3.2", "-1.5", -1.5),
])
def test_rule_kinds_read_points_words_and_percentages(nodes, code, text, points):
    assert nodes[code].rule.read(text) == pytest.approx(points)


@pytest.mark.parametrize("code, text, reason", [
    ("1.1.1", "2", "above_max"), ("1.1.1", "nhiều", "not_number"),
    ("1.1.2", "0.7", "not_allowed"), ("1.1.3", "1.5", "not_allowed"),
    ("1.1.3", "3", "above_max"), ("1.2", "4.5", "above_max"), ("1.2", "120%", "not_percent"),
    ("1.3", "60%", "not_share"), ("1.3", "0.3", "not_allowed"), ("2.1", "7", "above_max"),
    ("2.1", "50%", "not_percent"), ("3.1", "2.5", "above_max"), ("3.2", "-3", "below_min"),
    ("3.2", "1", "above_max"),
])
def test_rule_kinds_reject_with_reason(nodes, code, text, reason):
    with pytest.raises(RuleError) as caught:
        nodes[code].rule.read(text)
    assert caught.value.reason == reason


# ------------------------------------------------------------------ 2-6. scores
def test_not_applicable_leaf_leaves_the_maximum(tmp_path):
    with_na = {**P11, "2.2": "na"}
    without = {k: v for k, v in P11.items() if k != "2.2"}
    data = make_data(tmp_path, {2024: {"scores": {"c1": with_na, "c2": without},
                                       "survey": {"c1": S75, "c2": S75}}})
    res = par_index(data, 2024)
    r = by_unit(res)
    assert r["c1"]["max_points"] == 26.0  # (20 − 4) + 10
    assert r["c1"]["index"] == 71.15      # (11 + 7.5) / 26 × 100 = 71.153…
    assert r["c2"]["max_points"] == 30.0  # 20 + 10: a leaf without a row counts 0 of 4
    assert r["c2"]["index"] == 61.67      # 18.5 / 30 × 100 = 61.666…
    assert component(res, "c1", "2")["index"] == 66.67  # 4 / 6 × 100
    assert component(res, "c2", "2")["index"] == 40.0   # 4 / 10 × 100


def test_survey_aggregated_answers_and_missing_group(tmp_path):
    data = make_data(tmp_path, {2024: {
        "scores": {"c1": P11, "c2": P11, "c3": P11},
        "survey": {"c1": S75, "c3": [("officials", "40")]},
        "answers": {"c2": [("citizens", "ABC"), ("officials", "AD")]}}})
    res = par_index(data, 2024)
    r = by_unit(res)
    assert r["c1"]["survey_points"] == 7.5   # 10 × (0.75×0.80 + 0.25×0.60)
    assert r["c1"]["index"] == 61.67         # (11 + 7.5) / 30 × 100
    # c2: citizens (100+60+20)/3 = 60, officials (100+0)/2 = 50
    assert r["c2"]["survey_points"] == 5.75  # 10 × (0.75×0.60 + 0.25×0.50) = 5.75
    assert r["c2"]["index"] == 55.83         # 16.75 / 30 × 100 = 55.833…
    assert r["c3"]["survey_points"] == 4.0   # 10 × (0.25×0.40) / 0.25: officials alone
    assert r["c3"]["index"] == 50.0          # 15 / 30 × 100
    c2 = res.inputs.survey.set_index(["unit", "group"]).loc[("c2", "citizens")]
    assert (c2["score"], c2["respondents"], c2["source"]) == (60.0, 3, "survey_answers.csv")
    assert component(res, "c2", "survey")["index"] == 57.5  # 5.75 / 10 × 100


@pytest.mark.parametrize("missing, max_points, index", [
    ("rescale", 20.0, 55.0),   # 11 / 20 × 100: the appraised part alone
    ("zero", 30.0, 36.67),     # (11 + 0) / (20 + 10) × 100 = 36.666…
])
def test_no_survey_rescale_or_zero(tmp_path, missing, max_points, index):
    data = make_data(tmp_path, {2024: {"scores": {"c1": P11}}},
                     {"fa": framework(missing=missing)})
    r = by_unit(par_index(data, 2024))["c1"]
    assert (r["max_points"], r["index"], r["surveyed"]) == (max_points, index, False)
    assert pd.isna(r["survey_points"])


def test_bonus_and_penalty_are_outside_the_maximum(tmp_path):
    data = make_data(tmp_path, {2024: {"scores": {"c1": {**P11, "3.1": "1.5", "3.2": "-0.5"}},
                                       "survey": {"c1": S75}}})
    r = by_unit(par_index(data, 2024))["c1"]
    assert r["adjustment_points"] == 1.0    # 1.5 − 0.5
    assert (r["appraised_points"], r["max_points"]) == (11.0, 30.0)  # no maximum added
    assert r["index"] == 65.0               # (11 + 1 + 7.5) / 30 × 100 = 65


def test_every_maximum_and_100_in_every_group_is_100(tmp_path):
    full = {"1.1.1": "có", "1.1.2": "đúng hạn", "1.1.3": "92%", "1.2": "100%", "1.3": "100%",
            "2.1": "6", "2.2": "4"}  # 1 + 1 + 2 + 4 + 2 + 6 + 4 = 20
    data = make_data(tmp_path, {2024: {"scores": {"c1": full},
                                       "survey": {"c1": [("citizens", "100"),
                                                         ("officials", "100")]}}})
    res = par_index(data, 2024)
    r = by_unit(res)["c1"]
    assert (r["appraised_points"], r["survey_points"], r["index"]) == (20.0, 10.0, 100.0)
    assert r["band"] == "tot"
    comps = res.components.set_index("area")["index"]
    assert comps.drop("3").tolist() == [100.0, 100.0, 100.0]  # areas 1, 2 and the survey
    assert comps.isna()["3"]  # the adjustment area has no component index


def test_same_index_falls_in_different_bands_per_block(tmp_path):
    data = make_data(tmp_path, {2024: {"scores": {"c1": P18, "o1": P18},
                                       "survey": {"c1": S75, "o1": S75}}})
    r = by_unit(par_index(data, 2024))
    assert r["c1"]["index"] == r["o1"]["index"] == 85.0  # (18 + 7.5) / 30 × 100
    assert r["c1"]["band"] == "tot"  # xa: 85 ≥ 80
    assert r["o1"]["band"] == "kha"  # phong: 70 ≤ 85 < 90
    assert (r["c1"]["block"], r["o1"]["block"]) == ("xa", "phong")


def test_equal_indices_share_rank_and_the_next_is_skipped(tmp_path):
    data = make_data(tmp_path, {2024: {"scores": {"c1": P18, "c2": P18, "c3": P11},
                                       "survey": {u: S75 for u in ("c1", "c2", "c3")}}})
    res = par_index(data, 2024)
    r = by_unit(res)
    # 85, 85 and (11 + 7.5) / 30 × 100 = 61.67
    assert [r[u]["index"] for u in ("c1", "c2", "c3")] == [85.0, 85.0, 61.67]
    assert [r[u]["rank"] for u in ("c1", "c2", "c3")] == [1, 1, 3]
    assert {r[u]["block_size"] for u in ("c1", "c2", "c3")} == {3}
    assert list(res.block_rows("fa", "xa")["unit"]) == ["c1", "c2", "c3"]


# ------------------------------------------------------------------ 7. framework change
@pytest.mark.parametrize("history", ["predecessors", "none"])
def test_successor_compared_with_mean_of_predecessors(tmp_path, history):
    frameworks = {"fa": framework(),
                  "fb": framework("fb", (2025, 2030), replaces="fa", history=history)}
    data = make_data(tmp_path, {
        2024: {"scores": {"c1": P18, "c2": P11, "c3": P18}, "survey": {"c1": S75, "c3": S75}},
        2025: {"scores": {"c12": P18, "c3": P11}, "survey": {"c12": S75}}}, frameworks)
    res = par_index(data, 2025)
    r = by_unit(res)
    assert set(r) == {"c12", "c3"} and r["c12"]["framework"] == "fb"
    assert r["c12"]["index"] == 85.0  # (18 + 7.5) / 30 × 100
    assert r["c3"]["index"] == 55.0   # 11 / 20 × 100 (no survey: rescale)
    # c3 keeps its own history: 2024 (18 + 7.5)/30 = 85, rank 1 (tied with c1); now rank 2
    assert (r["c3"]["prev_index"], r["c3"]["prev_rank"]) == (85.0, 1)
    assert r["c3"]["delta_index"] == -30.0  # 55 − 85
    assert r["c3"]["delta_rank"] == -1      # 1 − 2: moved down
    if history == "predecessors":
        # c1 in 2024: 85; c2: 11 / 20 × 100 = 55 → mean (85 + 55) / 2 = 70
        assert (r["c12"]["prev_index"], r["c12"]["history"]) == (70.0, "c1,c2")
        assert r["c12"]["delta_index"] == 15.0  # 85 − 70
    else:
        assert r["c12"]["prev_index"] is None and r["c12"]["history"] == ""
        assert pd.isna(r["c12"]["delta_index"])


# ------------------------------------------------------------------ 8. validation
BAD_SCORES = [  # (row in the file) unit, criterion, self, appraised, evidence, note
    ("c3", "1.1.1", "2", "", "VB", ""),     # 2: above 1.1.1's maximum 1
    ("c3", "1.1.2", "1", "", "", ""),       # 3: points without the required evidence
    ("c3", "1.1.33", "1", "", "VB", ""),    # 4: unknown criterion (1.1.3 meant)
    ("c1", "1.1.1", "1", "", "VB", ""),     # 5: c1 was merged into c12 on 1 Jul 2025
    ("o2", "1.1.1", "1", "", "VB", ""),     # 6: o2 is in no block
    ("c3", "1.2", "", "3", "VB", ""),       # 7: appraised, no self-assessment
    ("c3", "2.1", "na", "", "", ""),        # 8: 2.1 may not be na
    ("c3", "1.3", "1", "", "VB", ""),       # 9
    ("c3", "1.3", "1", "", "VB", ""),       # 10: duplicate of row 9
]
EXPECTED = [  # rule, file, row, column
    ("par_bad_points", "scores.csv", 2, "self"),
    ("par_no_evidence", "scores.csv", 3, "evidence"),
    ("par_unknown_criterion", "scores.csv", 4, "criterion"),
    ("unit_not_valid", "scores.csv", 5, "unit"),
    ("par_unit_not_rated", "scores.csv", 6, "unit"),
    ("par_appraised_without_self", "scores.csv", 7, "appraised"),
    ("par_na_not_allowed", "scores.csv", 8, "self"),
    ("par_duplicate", "scores.csv", 10, "criterion"),
    ("par_bad_score", "survey.csv", 2, "score"),
    ("par_unknown_group", "survey.csv", 3, "group"),
    ("par_bad_answer", "survey_answers.csv", 2, "answer"),
]


@pytest.fixture(scope="module")
def bad_year(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    data = make_data(root, {}, {"fa": framework(), "fb": framework("fb", (2025, 2030), "fa")})
    folder = data / "2025" / "par_index"
    write_csv(folder / "scores.csv", "unit,criterion,self,appraised,evidence,note", BAD_SCORES)
    write_csv(folder / "survey.csv", "unit,group,score,respondents,population",
              [("c3", "citizens", "120", "", ""), ("c3", "citizen", "50", "", "")])
    write_csv(folder / "survey_answers.csv", "unit,group,respondent,answer",
              [("c3", "officials", "r1", "E")])
    return data, check_par_year(data, 2025, load_frameworks(data), load_units(data))


@pytest.mark.parametrize("rule, file, row, column", EXPECTED)
def test_validation_problem_is_located_and_bilingual(bad_year, rule, file, row, column):
    found = [p for p in bad_year[1].problems if p.rule == rule and p.row == row
             and Path(p.file).name == file and p.column == column]
    assert len(found) == 1, [(p.rule, p.row, p.column) for p in bad_year[1].problems]
    vi, en = found[0].message("vi"), found[0].message("en")
    assert found[0].is_error
    assert vi.strip() and en.strip() and vi != en
    assert f"[{rule}]" in vi and f"[{rule}]" in en


def test_validation_details(bad_year):
    data, year = bad_year
    get = {(p.rule, p.row): p for p in year.problems}
    assert get[("par_bad_points", 2)].text == "par_bad_points.above_max"
    assert "Did you mean 1.1.3?" in get[("par_unknown_criterion", 4)].message("en")
    assert "Có phải là 1.1.3?" in get[("par_unknown_criterion", 4)].message("vi")
    assert "Did you mean citizens?" in get[("par_unknown_group", 3)].message("en")
    assert get[("unit_not_valid", 5)].text == "unit_not_valid.merged"
    assert "row 9" in get[("par_duplicate", 10)].message("en")
    with pytest.raises(DataError) as caught:
        par_index(data, 2025)
    assert {r for r, *_ in EXPECTED} <= {p.rule for p in caught.value.problems}


def test_overlapping_frameworks_for_a_level_and_year_are_refused(tmp_path):
    data = make_data(tmp_path, {}, {"fa": framework(),
                                    "fc": framework("fc", (2024, 2026))})
    with pytest.raises(CatalogueError, match="one framework per level and year"):
        load_frameworks(data)


@pytest.mark.parametrize("changes, field, where", [
    ({"area1_max": 11, "appraised_max": 21}, "'max'", "area 1"),  # criteria add up to 10
    ({"appraised_max": 21}, "'appraised_max'", "the framework"),  # areas add up to 20
])
def test_maxima_that_do_not_add_up_are_refused(tmp_path, changes, field, where):
    (tmp_path / "fa.yaml").write_text(framework(**changes), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_framework(tmp_path / "fa.yaml")
    assert f"{where}, field {field}" in str(caught.value)


# ------------------------------------------------------------------ 9. the shipped data
def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _leaves(nodes, adjustment=False):
    for n in nodes:
        adj = adjustment or n.get("kind") == "adjustment"
        if "criteria" in n:
            yield from _leaves(n["criteria"], adj)
        else:
            yield str(n["code"]), 0.0 if adj else float(n["max"]), adj


def oracle_indices(year: int) -> dict[str, float]:
    """index = (A + B + S) / (M + survey max) × 100, straight from the files."""
    fws = [yaml.safe_load(p.read_text(encoding="utf-8"))
           for p in sorted((DATA / "par_index").glob("*.yaml"))]
    kinds = {r["code"]: r["kind"] for r in _rows(DATA / "units.csv")}
    folder = DATA / str(year) / "par_index"
    scores, groups, forms = defaultdict(dict), defaultdict(dict), defaultdict(list)
    for r in _rows(folder / "scores.csv"):
        scores[r["unit"]][r["criterion"]] = r
    for r in _rows(folder / "survey.csv"):
        groups[r["unit"]][r["group"]] = float(r["score"])
    for r in _rows(folder / "survey_answers.csv"):
        forms[(r["unit"], r["group"])].append(r["answer"].strip().upper())
    out = {}
    for unit, rows in scores.items():
        fw = next(f for f in fws if kinds[unit] in f["unit_kinds"]
                  and f["years"][0] <= year <= f["years"][1])
        survey = fw["survey"]
        got = dict(groups.get(unit, {}))
        for (u, g), letters in forms.items():
            if u == unit:
                got[g] = sum(survey["answers"][a] for a in letters) / len(letters)
        a = b = m = 0.0
        for code, top, adj in _leaves(fw["areas"]):
            row = rows.get(code)
            if row is not None and row["self"].strip().lower() == "na":
                continue
            points = float(row["appraised"]) if row is not None and row["appraised"] else 0.0
            b, a, m = (b + points, a, m) if adj else (b, a + points, m + top)
        w, smax = {g["code"]: g["weight"] for g in survey["groups"]}, survey["max"]
        s = smax * sum(w[g] * v / 100 for g, v in got.items()) / sum(w[g] for g in got) \
            if got else 0.0
        rescale = not got and survey.get("missing", "rescale") == "rescale"
        out[unit] = min(100.0, max(0.0, (a + b + s) / (m if rescale else m + smax) * 100))
    return out


def test_shipped_2024_agrees_with_an_independent_computation():
    res = par_index(DATA, 2024)
    assert not [p for p in res.problems if p.is_error]
    expected = oracle_indices(2024)
    done = res.results[res.results["appraised"].astype(bool)]
    assert set(res.results["unit"]) == set(expected) and len(done) > 0
    for row in done.to_dict("records"):
        assert 0 <= row["index"] <= 100
        assert row["index"] == pytest.approx(expected[row["unit"]], abs=0.006), row["unit"]
    for _, block in done.groupby(["framework", "block"]):
        values = [round(expected[u], 2) for u in block["unit"]]
        ranks = [int(x) for x in block["rank"]]
        assert ranks == [1 + sum(o > v for o in values) for v in values]  # 1, 1, 3 style
        assert min(ranks) == 1 and max(ranks) <= len(block)
        assert set(block["block_size"]) == {len(block)}
