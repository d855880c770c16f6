"""The plan catalogue: areas, indicators with their targets, and the appendix tasks.

Read once from ``data/plan/*.yaml`` and validated on load, so that a broken catalogue is
a clear :class:`CatalogueError` naming the file, the entry and the field, never a
``KeyError`` later. Everything here is immutable.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from assessment import yamlio
from assessment.errors import CatalogueError

LEVELS = ("district", "commune", "both")
MEASURES = ("percent", "count", "billion_vnd", "rank", "done")
DISTRICT_ROWS = ("aggregate", "includes", "separate")
DIRECTIONS = ("up", "down")
KINDS = ("at_least", "at_most", "reduce_by", "cumulative", "schedule", "range",
         "growth", "rank", "milestone")
MILESTONES = (2025, 2030)
GROUPS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
DEADLINE_KINDS = ("quarter", "year_range", "year", "annual", "roadmap")
PLAN_START = 2021
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
SECTION_RE = re.compile(r"^III\.[1-8]\.2\.[ab]$")


@dataclass(frozen=True)
class Area:
    area: int
    group: str | None
    section: str
    office: str
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Target:
    milestone: int
    kind: str
    value: float
    section: str
    high: float | None = None
    due: dt.date | None = None
    schedule: tuple[tuple[int, float], ...] = ()
    aggregate: str | None = None
    reference: tuple[int, int] | None = None

    def scheduled(self, year: int) -> float | None:
        return dict(self.schedule).get(year)


@dataclass(frozen=True)
class Lapse:
    """From when, and why, an indicator's subject no longer exists (e.g. the district's
    own bodies after the district level was abolished on 1/7/2025): its targets are then
    ``not_applicable`` (DESIGN.md section 5)."""

    since: dt.date
    reason_vi: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_vi if lang == "vi" else self.reason_en


@dataclass(frozen=True)
class Indicator:
    code: str
    area: int
    level: str
    measure: str
    direction: str
    office: str
    name_vi: str
    name_en: str
    targets: tuple[Target, ...]
    note_vi: str = ""
    note_en: str = ""
    # how the district row of an indicator communes report relates to the commune rows:
    # aggregate (their pooled total), includes (theirs plus the district's own bodies),
    # separate (a figure of its own, not compared)
    district_row: str = "aggregate"
    not_applicable: Lapse | None = None
    # what a count counts ("người" / "people"), printed after the number
    unit_vi: str = ""
    unit_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def counted(self, lang: str) -> str:
        return self.unit_vi if lang == "vi" else self.unit_en

    def note(self, lang: str) -> str:
        return self.note_vi if lang == "vi" else self.note_en

    def lapsed(self, year: int) -> bool:
        """Whether the indicator's subject no longer exists by the end of ``year``."""
        return self.not_applicable is not None and self.not_applicable.since.year <= year

    def target(self, milestone: int) -> Target | None:
        return next((t for t in self.targets if t.milestone == milestone), None)

    @property
    def reported_by_communes(self) -> bool:
        return self.level in ("commune", "both")

    @property
    def reporting_level(self) -> str:
        """Who reports it: ``district``, or ``both`` when the communes do. Every indicator
        has a district row: for a commune-level indicator it is the aggregate of the
        communes (the whole area's figure), assessed like any other."""
        return "both" if self.reported_by_communes else "district"


@dataclass(frozen=True)
class Deadline:
    """A task deadline as the plan writes it, and what it means."""

    text: str
    kind: str  # quarter | year_range | year | annual | roadmap
    due: dt.date | None  # None for annual and roadmap


@dataclass(frozen=True)
class Task:
    code: str
    group: str
    lead: tuple[str, ...]
    lead_vi: str
    lead_en: str
    partners_vi: str
    partners_en: str
    deadline: Deadline
    name_vi: str
    name_en: str
    remark_vi: str = ""
    remark_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    @property
    def area(self) -> int:
        """The area this task belongs to (group VIII is area 9, leadership and direction)."""
        return 9 if self.group == "VIII" else GROUPS.index(self.group) + 1


@dataclass(frozen=True)
class Catalogue:
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]
    source: Path = field(default=Path("data/plan"), compare=False)

    def indicator(self, code: str) -> Indicator:
        return self._index()[code]

    def area(self, number: int) -> Area:
        return next(a for a in self.areas if a.area == number)

    def task(self, code: str) -> Task:
        return next(t for t in self.tasks if t.code == code)

    def _index(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def targets(self) -> Iterable[tuple[Indicator, Target]]:
        for ind in self.indicators:
            for tgt in ind.targets:
                yield ind, tgt

    def indicators_in(self, area: int) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.area == area)

    def tasks_in(self, group: str) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.group == group)


# ------------------------------------------------------------------ deadline parsing
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_deadline(text: str) -> Deadline:
    """Parse the appendix's "Thời gian hoàn thành" column.

    >>> parse_deadline("Quý IV/2023").due
    datetime.date(2023, 12, 31)
    >>> parse_deadline("2022 - 2025").kind
    'year_range'
    """
    clean = " ".join(unicodedata.normalize("NFC", text).split())
    low = clean.lower()
    m = re.fullmatch(r"quý\s*(I{1,3}|IV)\s*/\s*(\d{4})", clean, flags=re.IGNORECASE)
    if m:
        quarter, year = _ROMAN[m.group(1).upper()], int(m.group(2))
        month = quarter * 3
        end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        return Deadline(clean, "quarter", end)
    m = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", clean)
    if m:
        return Deadline(clean, "year_range", dt.date(int(m.group(2)), 12, 31))
    m = re.fullmatch(r"(?:năm\s*)?(\d{4})", low)
    if m:
        return Deadline(clean, "year", dt.date(int(m.group(1)), 12, 31))
    if low in ("hàng năm", "hằng năm"):
        return Deadline(clean, "annual", None)
    if "lộ trình" in low:
        return Deadline(clean, "roadmap", None)
    raise ValueError(f"unrecognised deadline {text!r}")


# ------------------------------------------------------------------ loading
def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


class _Entry:
    """Reads fields of one YAML entry, raising CatalogueError that names file and entry."""

    def __init__(self, path: Path, index: int, raw: Any):
        self.path, self.index = path, index
        if not isinstance(raw, dict):
            self.fail("entry", raw, "each entry must be a mapping of field: value")
        self.raw = {k: _nfc(v) for k, v in raw.items()}
        self.label = str(self.raw.get("code", self.raw.get("area", f"#{index + 1}")))

    def fail(self, fld: str, value: Any, rule: str):
        raise CatalogueError(
            f"{self.path}: entry {getattr(self, 'label', index_label(self.index))}, "
            f"field '{fld}' = {value!r}: {rule}. Fix the catalogue file.")

    def get(self, fld: str, *, choices: Iterable | None = None, kind: type | tuple = str,
            required: bool = True, default: Any = None) -> Any:
        if fld not in self.raw or self.raw[fld] in (None, ""):
            if required:
                self.fail(fld, None, "this field is required")
            return default
        value = self.raw[fld]
        if not isinstance(value, kind) or isinstance(value, bool):
            self.fail(fld, value, f"expected {getattr(kind, '__name__', kind)}")
        if choices is not None and value not in choices:
            self.fail(fld, value, f"must be one of {', '.join(map(str, choices))}")
        return value


def index_label(index: int) -> str:
    return f"#{index + 1}"


def _read_yaml(path: Path) -> list:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the catalogue file is missing.") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: not valid UTF-8 YAML ({exc}).") from None
    if not isinstance(data, list) or not data:
        raise CatalogueError(f"{path}: expected a non-empty list of entries.")
    return data


def _area(path: Path, i: int, raw: Any) -> Area:
    e = _Entry(path, i, raw)
    return Area(area=e.get("area", kind=int, choices=range(1, 10)),
                group=e.get("group", choices=GROUPS, required=False),
                section=e.get("section"), office=e.get("office"),
                name_vi=e.get("name_vi"), name_en=e.get("name_en"))


def _target(e: _Entry, raw: Any, j: int) -> Target:
    t = _Entry(e.path, e.index, raw)
    t.label = f"{e.label} target {j + 1}"
    kind = t.get("kind", choices=KINDS)
    section = t.get("section")
    if not SECTION_RE.match(section):
        t.fail("section", section, "must look like III.<area>.2.<a|b>")
    milestone = t.get("milestone", kind=int, choices=MILESTONES)
    if section[-1] != {2025: "a", 2030: "b"}[milestone] and kind != "schedule":
        # 2025 targets come from sub-section a), 2030 targets from b); the digitisation
        # schedule's 2030 continuation is stated in a) ("until 100%").
        if not (kind == "at_least" and section.endswith(".a") and milestone == 2030):
            t.fail("section", section, f"a {milestone} target must cite sub-section "
                   f"{'a' if milestone == 2025 else 'b'}")
    value = t.get("value", kind=(int, float))
    due = t.get("due", kind=dt.date, required=kind == "milestone")
    schedule = t.get("schedule", kind=dict, required=kind == "schedule", default={})
    high = t.get("high", kind=(int, float), required=kind == "range")
    aggregate = t.get("aggregate", choices=("sum", "mean"), required=kind == "growth")
    reference = t.get("reference", kind=list, required=kind == "growth")
    if reference is not None and (len(reference) != 2 or reference[0] > reference[1]):
        t.fail("reference", reference, "must be [first_year, last_year]")
    if high is not None and high < value:
        t.fail("high", high, "the upper bound must not be below value")
    return Target(milestone=milestone, kind=kind, value=float(value), section=section,
                  high=None if high is None else float(high), due=due,
                  schedule=tuple(sorted((int(k), float(v)) for k, v in schedule.items())),
                  aggregate=aggregate,
                  reference=None if reference is None else (int(reference[0]), int(reference[1])))


def _lapse(e: _Entry) -> Lapse | None:
    raw = e.get("not_applicable", kind=dict, required=False)
    if raw is None:
        return None
    n = _Entry(e.path, e.index, raw)
    n.label = f"{e.label} not_applicable"
    return Lapse(since=n.get("since", kind=dt.date), reason_vi=_nfc(n.get("reason_vi")),
                 reason_en=_nfc(n.get("reason_en")))


def _indicator(path: Path, i: int, raw: Any, areas: set[int]) -> Indicator:
    e = _Entry(path, i, raw)
    code = e.get("code")
    if not CODE_RE.match(code):
        e.fail("code", code, "codes are upper-case ASCII letters, digits and _")
    area = e.get("area", kind=int)
    if area not in areas:
        e.fail("area", area, "no such area in areas.yaml")
    targets = e.get("targets", kind=list)
    parsed = tuple(_target(e, t, j) for j, t in enumerate(targets))
    years = [t.milestone for t in parsed]
    if len(set(years)) != len(years):
        e.fail("targets", years, "at most one target per milestone year")
    measure = e.get("measure", choices=MEASURES)
    for t in parsed:
        if measure == "percent" and not 0 <= t.value <= 100 and t.kind != "growth":
            e.fail("targets", t.value, "a percent target must lie between 0 and 100")
        if (t.kind == "milestone") != (measure == "done"):
            e.fail("measure", measure, "milestone targets go with measure 'done' and only they do")
    return Indicator(code=code, area=area, level=e.get("level", choices=LEVELS),
                     measure=measure, direction=e.get("direction", choices=DIRECTIONS),
                     office=e.get("office"), name_vi=e.get("name_vi"), name_en=e.get("name_en"),
                     targets=parsed, note_vi=e.get("note_vi", required=False, default=""),
                     note_en=e.get("note_en", required=False, default=""),
                     district_row=e.get("district_row", choices=DISTRICT_ROWS, required=False,
                                        default="aggregate"),
                     not_applicable=_lapse(e),
                     unit_vi=e.get("unit_vi", required=False, default=""),
                     unit_en=e.get("unit_en", required=False, default=""))


def _task(path: Path, i: int, raw: Any) -> Task:
    e = _Entry(path, i, raw)
    code = e.get("code")
    if not CODE_RE.match(code):
        e.fail("code", code, "codes are upper-case ASCII letters, digits and _")
    text = e.get("deadline_vi")
    try:
        deadline = parse_deadline(text)
    except ValueError:
        e.fail("deadline_vi", text, "write it as 'Quý IV/2023', '2022-2025', 'Hàng năm' "
               "or 'Thực hiện theo lộ trình ...'")
    lead = e.get("lead", kind=list)
    return Task(code=code, group=e.get("group", choices=GROUPS), lead=tuple(lead),
                lead_vi=e.get("lead_vi"), lead_en=e.get("lead_en"),
                partners_vi=e.get("partners_vi"), partners_en=e.get("partners_en"),
                deadline=deadline, name_vi=e.get("name_vi"), name_en=e.get("name_en"),
                remark_vi=e.get("remark_vi", required=False, default=""),
                remark_en=e.get("remark_en", required=False, default=""))


def _unique(path: Path, codes: list, what: str) -> None:
    seen: set = set()
    for c in codes:
        if c in seen:
            raise CatalogueError(f"{path}: the {what} {c!r} appears twice; codes must be unique.")
        seen.add(c)


def load_catalogue(data_dir: str | Path = "data") -> Catalogue:
    """Load and validate ``<data_dir>/plan/{areas,indicators,tasks}.yaml``."""
    plan = Path(data_dir) / "plan"
    areas = tuple(_area(plan / "areas.yaml", i, r)
                  for i, r in enumerate(_read_yaml(plan / "areas.yaml")))
    _unique(plan / "areas.yaml", [a.area for a in areas], "area")
    numbers = {a.area for a in areas}
    ind_path = plan / "indicators.yaml"
    indicators = tuple(_indicator(ind_path, i, r, numbers)
                       for i, r in enumerate(_read_yaml(ind_path)))
    _unique(ind_path, [i.code for i in indicators], "indicator code")
    task_path = plan / "tasks.yaml"
    tasks = tuple(_task(task_path, i, r) for i, r in enumerate(_read_yaml(task_path)))
    _unique(task_path, [t.code for t in tasks], "task code")
    return Catalogue(areas=areas, indicators=indicators, tasks=tasks, source=plan)
