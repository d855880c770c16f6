"""The plan catalogue: complete, consistent and traceable to the decision's text."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from assessment.plan.catalogue import (GROUPS, KINDS, MILESTONES, load_catalogue, parse_deadline)
from assessment.errors import CatalogueError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "plan" / "source" / "11671-QD-UBND.md"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(ROOT / "data")


def _seed_sections() -> dict[str, str]:
    """Text of each sub-section III.<n>.2.<a|b> of the decision."""
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    part3 = text[text.index("III. NỘI DUNG"):text.index("IV. ĐỀ ÁN")]
    out = {}
    for n in range(1, 9):
        start = re.search(rf"\b{n}\.2\.\s*(\*\*)?\s*Mục tiêu", part3)
        end = re.search(rf"\b{n}\.3\.?\s*(\*\*)?\s*Nhiệm vụ", part3)
        assert start and end, f"section III.{n}.2 not found in the seed"
        body = part3[start.end():end.start()]
        a = re.search(r"a\)\s*Đến năm 2025", body)
        b = re.search(r"b\)\s*Đến năm 2030", body)
        assert a and b, f"III.{n}.2 lacks its a) and b) sub-sections"
        out[f"III.{n}.2.a"] = body[a.end():b.start()]
        out[f"III.{n}.2.b"] = body[b.end():]
    return out


def test_counts(cat):
    assert len(cat.tasks) == 25
    per_group = [len(cat.tasks_in(g)) for g in GROUPS]
    assert per_group == [2, 4, 2, 2, 1, 8, 4, 2]
    pairs = list(cat.targets())
    assert 60 <= len(pairs) <= 95
    assert {a.area for a in cat.areas} == set(range(1, 10))


def test_every_area_has_targets_for_both_milestones(cat):
    for area in range(1, 9):
        milestones = {t.milestone for i in cat.indicators_in(area) for t in i.targets}
        assert milestones == set(MILESTONES), f"area {area} lacks a milestone"
    assert cat.indicators_in(9) == ()
    assert cat.tasks_in("VIII"), "area 9 is followed through group VIII tasks"


def test_codes_unique_and_ascii(cat):
    codes = [i.code for i in cat.indicators] + [t.code for t in cat.tasks]
    assert len(codes) == len(set(codes))
    assert all(c.isascii() for c in codes)


def test_every_section_exists_and_cites_its_number(cat):
    sections = _seed_sections()
    for ind, tgt in cat.targets():
        assert tgt.section in sections, (ind.code, tgt.section)
        if tgt.kind in ("milestone", "rank", "schedule"):
            continue
        number = f"{abs(tgt.value):g}"
        body = sections[tgt.section]
        assert re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d])", body), (
            f"{ind.code} {tgt.milestone}: value {number} not in {tgt.section}")


def test_both_languages_and_nfc(cat):
    for item in (*cat.areas, *cat.indicators, *cat.tasks):
        for lang in ("vi", "en"):
            name = item.name(lang)
            assert name and name == unicodedata.normalize("NFC", name)
        assert item.name("vi") != item.name("en")
    for ind in cat.indicators:
        assert bool(ind.note_vi) == bool(ind.note_en), ind.code


def test_kinds_and_schedule(cat):
    kinds = {t.kind for _, t in cat.targets()}
    # every kind is used except at_most (no target of the plan caps a level from above
    # other than ranks, which have their own kind)
    assert kinds == set(KINDS) - {"at_most"}
    sched = cat.indicator("AP_DIGITISE_DISTRICT").target(2025)
    assert dict(sched.schedule) == {2021: 20, 2022: 40, 2023: 60, 2024: 80, 2025: 100}
    commune = cat.indicator("AP_DIGITISE_COMMUNE").target(2025)
    assert commune.scheduled(2021) == 15 and commune.scheduled(2025) == 95


@pytest.mark.parametrize("text,kind,due", [
    ("Quý IV/2023", "quarter", "2023-12-31"), ("Quý I/ 2029", "quarter", "2029-03-31"),
    ("Quý II/2023", "quarter", "2023-06-30"), ("2022-2025", "year_range", "2025-12-31"),
    ("2023 - 2025", "year_range", "2025-12-31"), ("Hàng năm", "annual", None),
    ("Thực hiện theo lộ trình Đề án của Trung ương, tỉnh", "roadmap", None)])
def test_parse_deadline(text, kind, due):
    d = parse_deadline(text)
    assert d.kind == kind
    assert (d.due.isoformat() if d.due else None) == due


def test_parse_deadline_rejects_garbage():
    with pytest.raises(ValueError):
        parse_deadline("sớm nhất có thể")


def _broken_copy(tmp_path: Path, mutate) -> Path:
    plan = tmp_path / "plan"
    plan.mkdir()
    for f in ("areas.yaml", "tasks.yaml"):
        (plan / f).write_text((ROOT / "data/plan" / f).read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((ROOT / "data/plan/indicators.yaml").read_text(encoding="utf-8"))
    mutate(data)
    (plan / "indicators.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("mutate,fragment", [
    (lambda d: d[0].pop("measure"), "field 'measure'"),
    (lambda d: d[1].update(code=d[0]["code"]), "appears twice"),
    (lambda d: d[0].update(area=12), "no such area"),
    (lambda d: d[0]["targets"][0].update(kind="someday"), "must be one of"),
    (lambda d: d[0]["targets"][0].update(section="III.9.9.z"), "section"),
    (lambda d: d[0]["targets"][0].update(value=180), "between 0 and 100"),
])
def test_broken_catalogue_is_a_clear_error(tmp_path, mutate, fragment):
    data = _broken_copy(tmp_path, mutate)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(data)
    assert "indicators.yaml" in str(err.value) and fragment in str(err.value)
