"""The analyst's narrative of a year: ``data/<year>/narrative/<lang>.md`` (DESIGN.md section 4).

Level-2 headings carry fixed section ids (``## Công tác chỉ đạo, điều hành {#direction}``);
the prose under them holds **live references** to the results, ``{{ field ARG key=value }}``:

    {{ value CODE }}  {{ value CODE unit=UNIT }}  {{ value CODE year=2023 }}
    {{ target CODE milestone=2025 }}  {{ status CODE milestone=2025 }}
    {{ ratio CODE milestone=2025 }}   {{ count status=achieved milestone=2025 area=2 }}
    {{ task T-I-1 }}

:func:`parse_narrative` reads a file into sections and references (syntax problems);
:func:`check_references` checks every reference against the catalogue, the units and the
year; :func:`compare_figures` warns where the two languages cite different figures. Every
problem names the file, line and column. Pure functions apart from :func:`load_narratives`.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assessment.intake.problems import Problem
from assessment.plan.catalogue import MILESTONES, PLAN_START
from assessment.plan.status import INDICATOR_STATUSES

__all__ = ["SECTIONS", "FIELDS", "Reference", "Section", "Narrative", "narrative_path",
           "parse_narrative", "check_references", "compare_figures", "load_narratives",
           "missing_sections",
           "REFERENCE"]

SECTIONS = ("direction", *(f"area-{k}" for k in range(1, 9)), "strengths", "shortcomings",
            "causes", "next-year", "recommendations")
# field -> (takes a code, the options it accepts)
FIELDS = {"value": (True, ("unit", "year")), "target": (True, ("unit", "milestone")),
          "status": (True, ("unit", "milestone")), "ratio": (True, ("unit", "milestone")),
          "count": (False, ("status", "milestone", "area")), "task": (True, ())}
REFERENCE = re.compile(r"\{\{(.*?)\}\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*(?:\{#(?P<id>[^}\s]*)\})?\s*$")


@dataclass(frozen=True)
class Reference:
    field: str
    code: str
    options: tuple[tuple[str, str], ...]
    line: int
    column: int
    raw: str

    def option(self, key: str) -> str | None:
        return dict(self.options).get(key)

    @property
    def key(self) -> tuple:
        """What the reference cites, whatever its spelling."""
        return (self.field, self.code, self.options)

    def spelled(self) -> str:
        return "{{ " + " ".join([self.field, *([self.code] if self.code else []),
                                 *(f"{k}={v}" for k, v in self.options)]) + " }}"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    line: int
    lines: tuple[tuple[int, str], ...]  # (line number, text) of the body

    @property
    def empty(self) -> bool:
        return not any(text.strip() for _, text in self.lines)


@dataclass(frozen=True)
class Narrative:
    path: str
    lang: str
    sections: dict = field(default_factory=dict)  # id -> Section
    references: tuple[Reference, ...] = ()

    def section(self, ident: str) -> Section | None:
        return self.sections.get(ident)

    def missing(self) -> list[str]:
        """The required sections that are absent or empty."""
        return [s for s in SECTIONS if s not in self.sections or self.sections[s].empty]


def narrative_path(data_dir: Path, year: int, lang: str) -> Path:
    return Path(data_dir) / str(year) / "narrative" / f"{lang}.md"


def _problem(rule: str, path: str, line: int, column: int | None, value: str | None,
             **fields) -> Problem:
    from assessment.intake.problems import RULES
    return Problem(RULES[rule].severity, rule, file=path, row=line,
                   column=None if column is None else str(column), value=value,
                   fields=tuple(sorted(fields.items())))


def _suggest(word: str, choices) -> dict:
    """``suggestion`` fields: "Did you mean X?" for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    if not close:
        return {"suggestion_vi": "", "suggestion_en": ""}
    return {"suggestion_vi": f"Có phải là {close[0]}?", "suggestion_en": f"Did you mean {close[0]}?"}


def _reference(raw: str, inner: str, path: str, line: int, column: int
               ) -> tuple[Reference | None, list[Problem]]:
    words = inner.split()
    if not words:
        return None, [_problem("narrative_syntax", path, line, column, raw)]
    name, rest = words[0], words[1:]
    if name not in FIELDS:
        return None, [_problem("narrative_unknown_field", path, line, column, raw,
                               name=name, known=", ".join(FIELDS), **_suggest(name, FIELDS))]
    takes_code, allowed = FIELDS[name]
    code, options, problems = "", [], []
    for word in rest:
        if "=" in word:
            key, _, val = word.partition("=")
            if key not in allowed or not val:
                problems.append(_problem("narrative_unknown_option", path, line, column, raw,
                                         name=key, field=name,
                                         known=", ".join(allowed) or "–"))
            else:
                options.append((key, val))
        elif takes_code and not code:
            code = word
        else:
            problems.append(_problem("narrative_syntax", path, line, column, raw))
    if takes_code and not code:
        problems.append(_problem("narrative_no_code", path, line, column, raw, field=name))
    if name == "count" and not dict(options).get("status"):
        problems.append(_problem("narrative_no_status", path, line, column, raw))
    if problems:
        return None, problems
    if name == "task":
        code = code.replace("-", "_")  # T-I-1 as the plan's appendix writes it is T_I_1
    return Reference(name, code, tuple(sorted(options)), line, column, raw), []


def parse_narrative(text: str, path: str, lang: str) -> tuple[Narrative, list[Problem]]:
    """Sections and references of a narrative file's text; the syntax problems."""
    problems: list[Problem] = []
    sections: dict[str, Section] = {}
    refs: list[Reference] = []
    current: tuple[str, str, int] | None = None
    body: list[tuple[int, str]] = []

    def close() -> None:
        if current is not None and current[0] not in sections:
            sections[current[0]] = Section(current[0], current[1], current[2], tuple(body))

    # comments (<!-- … -->, the draft's prompts) are blanked out, lines and columns kept
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()),
                        unicodedata.normalize("NFC", text))
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            close()
            body, ident = [], heading.group("id")
            if ident is None:
                problems.append(_problem("narrative_no_section_id", path, number, 1, line,
                                         known=", ".join(SECTIONS)))
                current = None
            elif ident not in SECTIONS:
                problems.append(_problem("narrative_unknown_section", path, number,
                                         line.index("{#") + 1, ident, known=", ".join(SECTIONS),
                                         **_suggest(ident, SECTIONS)))
                current = None
            elif ident in sections or (current and current[0] == ident):
                problems.append(_problem("narrative_duplicate_section", path, number, 1, ident))
                current = None
            else:
                current = (ident, heading.group("title"), number)
            continue
        if line.count("{{") != line.count("}}"):
            problems.append(_problem("narrative_unclosed", path, number,
                                     line.rfind("{{") + 1 if "{{" in line else line.find("}}") + 1,
                                     line.strip()))
        for match in REFERENCE.finditer(line):
            ref, found = _reference(match.group(0), match.group(1), path, number,
                                    match.start() + 1)
            problems.extend(found)
            if ref is not None:
                refs.append(ref)
        if current is None:
            if line.strip() and not line.lstrip().startswith("<!--"):
                problems.append(_problem("narrative_outside", path, number, 1, line.strip()))
            continue
        body.append((number, line))
    close()
    return Narrative(path, lang, sections, tuple(refs)), problems


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def check_references(narrative: Narrative, catalogue, units, year: int) -> list[Problem]:
    """Every reference's code, unit, milestone, year and status checked (located)."""
    out: list[Problem] = []
    codes = {i.code for i in catalogue.indicators}
    tasks = {t.code for t in catalogue.tasks}
    for ref in narrative.references:
        where = (narrative.path, ref.line, ref.column, ref.raw)
        if ref.field == "task":
            if ref.code not in tasks:
                out.append(_problem("narrative_unknown_task", *where, name=ref.code,
                                    **_suggest(ref.code, sorted(tasks))))
            continue
        ind = None
        if ref.field != "count":
            if ref.code not in codes:
                out.append(_problem("narrative_unknown_code", *where, name=ref.code,
                                    **_suggest(ref.code, sorted(codes))))
                continue
            ind = catalogue.indicator(ref.code)
        unit = ref.option("unit")
        cited_year = _year(ref.option("year") or str(year))
        if ref.option("year") is not None and (cited_year is None
                                               or not PLAN_START <= cited_year <= year):
            out.append(_problem("narrative_bad_year", *where, name=ref.option("year"),
                                first=PLAN_START, year=year))
            continue
        if unit is not None and unit not in units:
            out.append(_problem("narrative_unknown_unit", *where, name=unit,
                                **_suggest(unit, units.codes)))
        elif unit is not None and unit != "district" and not units.is_valid(unit, cited_year):
            out.append(_problem("narrative_unit_not_valid", *where, name=unit,
                                year=cited_year))
        milestone = ref.option("milestone")
        if milestone is not None:
            m = _year(milestone)
            if m not in MILESTONES or (ind is not None and ind.target(m) is None):
                known = MILESTONES if ind is None else [t.milestone for t in ind.targets]
                out.append(_problem("narrative_bad_milestone", *where, name=milestone,
                                    known=", ".join(map(str, known))))
        area = ref.option("area")
        if area is not None and not (area.isdigit() and 1 <= int(area) <= 9):
            out.append(_problem("narrative_bad_area", *where, name=area))
        status = ref.option("status")
        if status is not None and status not in INDICATOR_STATUSES:
            out.append(_problem("narrative_bad_status", *where, name=status,
                                known=", ".join(INDICATOR_STATUSES)))
    return out


def compare_figures(vi: Narrative, en: Narrative) -> list[Problem]:
    """A warning, in each file, for every figure the other language does not cite."""
    out = []
    for one, other in ((vi, en), (en, vi)):
        theirs = Counter(r.key for r in other.references)
        for ref in one.references:
            if theirs[ref.key] > 0:
                theirs[ref.key] -= 1
                continue
            out.append(_problem("narrative_figures_differ", one.path, ref.line, ref.column,
                                ref.raw, other=other.path))
    return out


def missing_sections(data_dir: Path, year: int, lang: str) -> list[str]:
    """The required sections that ``lang``'s narrative lacks (all of them without a
    readable file): an edition with any is marked draft. Parsing only, no checks."""
    path = narrative_path(data_dir, year, lang)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return list(SECTIONS)
    return parse_narrative(text, str(path), lang)[0].missing()


def load_narratives(data_dir: Path, year: int, catalogue, units, langs=("vi", "en")
                    ) -> tuple[dict, list[Problem]]:
    """``({lang: Narrative or None}, problems)`` for the year's narrative files: syntax and
    references checked, both languages compared, missing sections warned. A year without
    a narrative file has no problem here (its edition is a draft, which the cover and the
    build say)."""
    found: dict = {}
    problems: list[Problem] = []
    for lang in langs:
        path = narrative_path(data_dir, year, lang)
        shown = str(path)
        if not path.is_file():  # not written yet: the edition is a draft (cover says so)
            found[lang] = None
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            found[lang] = None
            problems.append(_problem("narrative_encoding", shown, None, None, None,
                                     position=exc.start))
            continue
        narrative, syntax = parse_narrative(text, shown, lang)
        problems += syntax + check_references(narrative, catalogue, units, int(year))
        problems += [_problem("narrative_missing_section", shown, None, None, ident,
                              year=year) for ident in narrative.missing()]
        found[lang] = narrative
    if found.get("vi") is not None and found.get("en") is not None:
        problems += compare_figures(found["vi"], found["en"])
    return found, problems
