"""The edition of a year: its official parameters, read from ``data/<year>/edition.yaml``.

The published report of a year (the *edition*) is made with the parameters its
``edition.yaml`` fixes (method, thresholds, reference date), so a rerun with no options
reproduces it exactly. Defaults for every year come from the ``edition:`` mapping of
``data/dataset.yaml``; a year's file overrides them key by key. A build with other
parameters is a *variant* (:func:`variant_name`), published apart from the edition.

Standard library and PyYAML only: the build's quick path reads it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from assessment import yamlio
from assessment.errors import DataError
from assessment.plan.status import METHOD_THRESHOLDS

__all__ = ["DOCUMENT_KEYS", "read_edition_file", "edition_problem", "OfficialParameters",
           "official_parameters", "edition_files", "variant_name", "PARAMETER_KEYS",
           "EditionError"]

PARAMETER_KEYS = ("method", "on_track", "needs_acceleration", "reference_date")
# the document's facts (assessment.intake.document reads them) and its official parameters
DOCUMENT_KEYS = ("status", "illustrative", "issuer", "number", "place", "date", "signatory",
                 "recipients")
_TOP_KEYS = ("parameters", *DOCUMENT_KEYS)


@dataclass(frozen=True)
class OfficialParameters:
    """What ``edition.yaml`` says; ``None`` where it says nothing (the defaults apply)."""

    method: str | None = None
    on_track: float | None = None
    needs_acceleration: float | None = None
    reference_date: str | None = None  # ISO date
    source: str = ""  # the file(s) it was read from, for messages


def edition_files(data_dir: Path, year: int) -> list[Path]:
    """The files an edition's parameters come from, in the order they apply."""
    return [f for f in (data_dir / "dataset.yaml", data_dir / str(year) / "edition.yaml")
            if f.is_file()]


class EditionError(DataError):
    """A malformed edition file: where (file, line, key), the value and which kind of
    problem (``kind`` selects the bilingual text of the validator's ``edition_invalid``
    rule)."""

    def __init__(self, message: str, path: Path, key: str, value, kind: str,
                 line: int | None = None):
        super().__init__(message)
        self.path, self.key, self.value, self.kind, self.line = path, key, value, kind, line


def _key_line(path: Path, key: str) -> int | None:
    """The line where ``key`` (its last part) is written in ``path``, for messages."""
    import re
    last = re.escape(key.rsplit(".", 1)[-1])
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((i for i, text in enumerate(lines, start=1)
                 if re.match(rf"\s*{last}\s*:", text)), None)


def edition_problem(path: Path, key: str, value, rule: str, hint: str,
                    kind: str = "invalid") -> EditionError:
    line = _key_line(path, key)
    where = f"{path}, line {line}" if line else str(path)
    return EditionError(f"{where}, key {key}: {value!r} — {rule}. {hint}", path, key, value,
                        kind, line)


class _UniqueKeyLoader(yamlio.LOADER):  # type: ignore[misc, valid-type]
    """The YAML loader, refusing a key written twice in one mapping (YAML keeps the last
    silently, so a second `method:` line would win unseen)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _Duplicate(str(key), key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Duplicate(Exception):
    def __init__(self, key: str, line: int):
        super().__init__(key)
        self.key, self.line = key, line


def read_edition_file(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    except UnicodeDecodeError:
        raise EditionError(f"{path}: not UTF-8 text. Save it as UTF-8.", path, "", None,
                           "encoding") from None
    except _Duplicate as dup:
        raise EditionError(f"{path}, line {dup.line}: key {dup.key} is written twice. Keep "
                           "one of the lines.", path, dup.key, None, "duplicate_key",
                           dup.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EditionError(f"{path}{f', line {line}' if line else ''}: not valid YAML "
                           f"({problem}). Fix that line.", path, "", None, "yaml",
                           line) from None
    except ValueError as exc:  # an unquoted date that is no real date: 2024-13-45
        raise EditionError(f"{path}: a value reads as a date that does not exist ({exc}). "
                           "Write dates as YYYY-MM-DD.", path, "", None, "unreal_date") from None
    if not isinstance(data, dict):
        raise EditionError(f"{path}: must be a YAML mapping (key: value lines).", path, "",
                           None, "not_mapping")
    return data


def _section(path: Path, data: dict, nested: bool) -> dict:
    """The edition mapping of a file: the whole ``edition.yaml``, or ``dataset.yaml``'s
    ``edition:`` key."""
    if nested:
        data = data.get("edition") or {}
        if not isinstance(data, dict):
            raise edition_problem(path, "edition", data, "must be a mapping", "Write `edition:` "
                           "followed by indented `parameters:` lines.", "not_mapping")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise edition_problem(path, unknown[0], data[unknown[0]], "unknown key",
                       f"Known keys: {', '.join(_TOP_KEYS)}.", "unknown_key")
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise edition_problem(path, "parameters", params, "must be a mapping",
                       f"Give {', '.join(PARAMETER_KEYS)} as indented lines.", "not_mapping")
    unknown = sorted(set(params) - set(PARAMETER_KEYS))
    if unknown:
        raise edition_problem(path, f"parameters.{unknown[0]}", params[unknown[0]], "unknown "
                       "parameter", f"Known parameters: {', '.join(PARAMETER_KEYS)}.",
                       "unknown_parameter")
    return params


def _checked(path: Path, key: str, value, year: int):
    if key == "method":
        if value not in METHOD_THRESHOLDS:
            raise edition_problem(path, "parameters.method", value, "unknown method",
                           f"Use one of {', '.join(METHOD_THRESHOLDS)}.", "unknown_method")
        return str(value)
    if key in ("on_track", "needs_acceleration"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 2:
            raise edition_problem(path, f"parameters.{key}", value, "must be a number above 0 "
                           "(a pace ratio, e.g. 0.95)", "Write it with a decimal point.",
                           "not_a_ratio")
        return float(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise edition_problem(path, "parameters.reference_date", value, "not a date",
                       "Write it as YYYY-MM-DD.", "bad_date") from None
    if day.year != year:
        raise edition_problem(path, "parameters.reference_date", value, f"not in {year}",
                       f"The reference date of the {year} edition is a day of {year}.",
                       "wrong_year")
    return day.isoformat()


def official_parameters(data_dir: Path, year: int) -> OfficialParameters:
    """The official parameters of ``year``'s edition (dataset defaults, then the year)."""
    found: dict = {}
    where: dict = {}
    files = edition_files(Path(data_dir), year)
    for path in files:
        section = _section(path, read_edition_file(path), nested=path.name == "dataset.yaml")
        for key, value in section.items():
            if key == "reference_date" and path.name == "dataset.yaml":
                raise edition_problem(path, "edition.parameters.reference_date", value,
                               "a reference date belongs to one year",
                               "Put it in data/<year>/edition.yaml.", "dataset_reference")
            if value is not None:
                found[key] = _checked(path, key, value, year)
                where[key] = path
    _check_order(found, where)
    return OfficialParameters(**found, source=", ".join(str(f) for f in files))


def _check_order(found: dict, where: dict) -> None:
    """The thresholds, with the method's own where not given, must satisfy
    0 < needs_acceleration < on_track."""
    if "on_track" not in found and "needs_acceleration" not in found:
        return
    own = METHOD_THRESHOLDS[found.get("method", "linear")]
    on = found.get("on_track", own.on_track)
    needs = found.get("needs_acceleration", own.needs_acceleration)
    if not needs < on:
        key = "needs_acceleration" if "needs_acceleration" in found else "on_track"
        raise edition_problem(where[key], f"parameters.{key}", found[key],
                       f"needs_acceleration ({needs:g}) must be below on_track ({on:g})",
                       "A pace ratio is on track from on_track up, needs acceleration from "
                       "needs_acceleration up to on_track.", "threshold_order")


def variant_name(differences: dict[str, tuple[object, object]]) -> str:
    """A folder name for a variant from ``{parameter: (official, used)}``: ``method-cagr``,
    ``reference-2025-06-30``, ``thresholds-0.9-0.5``, joined by ``_``; "" for the edition."""
    parts = []
    if "method" in differences:
        parts.append(f"method-{differences['method'][1]}")
    if "on_track" in differences or "needs_acceleration" in differences:
        on = differences.get("on_track", (None, None))[1]
        na = differences.get("needs_acceleration", (None, None))[1]
        parts.append("thresholds-" + "-".join(f"{v:g}" for v in (on, na) if v is not None))
    if "reference_date" in differences:
        parts.append(f"reference-{differences['reference_date'][1]}")
    return "_".join(parts)
