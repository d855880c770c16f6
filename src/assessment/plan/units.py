"""Administrative units of Hương Khê with their validity dates and successors.

``data/units.csv`` lists every unit that may appear in the yearly data: the district as
a whole (code ``district``), its township and communes before and after the 2025
reorganisation, and the district offices. A unit is *valid in a year* when it exists on
31 December of that year, so the report for a year is made on the units that exist at its
end: Phú Phong (merged into the township on 1 Jan 2025) is not valid in 2025, nor are the
21 units merged on 1 Jul 2025 into the 7 new communes, which are valid in 2025 and later.

The file is read once into :class:`Units`, the one model of the units and their lineage
(successors forward, predecessors backward) that intake, progress and report all use; its
look-ups are computed on first use and kept, since validation asks them for every row.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterable, Iterator

from assessment.errors import DataError

COLUMNS = ("code", "name_vi", "name_en", "kind", "valid_from", "valid_to", "successor", "note")
KINDS = ("district", "town", "commune", "office")
LEVEL_KINDS = {"district": ("district",), "commune": ("commune", "town"),
               "both": ("district", "commune", "town")}
DISTRICT = "district"


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _date(path: Path, row: int, column: str, text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError(f"{path}, row {row}, column {column}: {text!r} is not a date; "
                        "write it as YYYY-MM-DD or leave it empty.") from None


def load_units(data_dir: str | Path = "data") -> "Units":
    """Read and check ``<data_dir>/units.csv``.

    Returns the :class:`Units` of the file, in its order. Raises :class:`DataError`
    naming the row and column of any duplicate code, unknown kind, bad date or unknown
    successor.
    """
    path = Path(data_dir) / "units.csv"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{path}: the list of administrative units is missing.") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text; save it as CSV UTF-8.") from None
    reader = csv.reader(io.StringIO(text))
    header = [_nfc(h) for h in next(reader, [])]
    rows = [dict(zip(header, r)) for r in reader if any(c.strip() for c in r)]
    missing = [c for c in COLUMNS if c not in header and c != "note"]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; the header must be "
                        f"{','.join(COLUMNS)}.")
    records, seen = [], {}
    for i, raw in enumerate(rows, start=2):
        rec = {c: _nfc(raw.get(c)) for c in COLUMNS}
        code = rec["code"]
        if not code:
            raise DataError(f"{path}, row {i}, column code: the code is empty.")
        if code in seen:
            raise DataError(f"{path}, row {i}, column code: {code!r} already on row "
                            f"{seen[code]}; codes must be unique.")
        seen[code] = i
        if rec["kind"] not in KINDS:
            raise DataError(f"{path}, row {i}, column kind: {rec['kind']!r} is not one of "
                            f"{', '.join(KINDS)}.")
        rec["valid_from"] = _date(path, i, "valid_from", rec["valid_from"])
        rec["valid_to"] = _date(path, i, "valid_to", rec["valid_to"])
        if rec["valid_from"] and rec["valid_to"] and rec["valid_to"] < rec["valid_from"]:
            raise DataError(f"{path}, row {i}, column valid_to: {rec['valid_to']} is before "
                            f"valid_from {rec['valid_from']}.")
        rec["successor"] = rec["successor"] or None
        records.append(rec)
    for i, rec in enumerate(records, start=2):
        if rec["successor"] is not None and rec["successor"] not in seen:
            raise DataError(f"{path}, row {i}, column successor: {rec['successor']!r} is not "
                            "a unit code of this file.")
    if DISTRICT not in seen:
        raise DataError(f"{path}: the unit 'district' (the district as a whole) is missing.")
    return Units(Unit(**rec) for rec in records)


@dataclass(frozen=True)
class Unit:
    """One row of units.csv; dates are :class:`datetime.date` or None."""

    code: str
    name_vi: str
    name_en: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: str | None
    note: str = ""

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def valid_on(self, day: dt.date) -> bool:
        """Does the unit exist on ``day``? (validity bounds are inclusive)"""
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or self.valid_to >= day))

    def valid_in(self, year: int) -> bool:
        """Does the unit exist on 31 December of ``year``?"""
        return self.valid_on(dt.date(int(year), 12, 31))


class Units:
    """The administrative units, in the order of units.csv, with their lineage.

    Immutable after creation; answers are cached per instance.
    """

    def __init__(self, units: Iterable[Unit]):
        self._units = tuple(units)
        self._by_code = {u.code: u for u in self._units}
        self._cache: dict[tuple, object] = {}

    def _cached(self, key: tuple, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units)

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    def name(self, code: str, lang: str) -> str:
        """The unit's name in ``lang`` (``vi`` or ``en``); an unknown code is returned as is."""
        unit = self.get(code)
        return code if unit is None else unit.name(lang)

    def valid_on(self, day: dt.date) -> tuple[Unit, ...]:
        """The units that exist on ``day``."""
        return tuple(u for u in self._units if u.valid_on(day))

    def valid_codes(self, year: int) -> frozenset[str]:
        """Codes of every unit (of any kind) that exists on 31 December of ``year``: the
        units a report for the year uses."""
        return self._cached(("valid", int(year)), lambda: frozenset(
            u.code for u in self._units if u.valid_in(year)))

    def is_valid(self, code: str, year: int) -> bool:
        return code in self.valid_codes(year)

    def reporting(self, year: int, level: str) -> tuple[str, ...]:
        """Codes of the units that report an indicator of ``level`` in ``year``, in file
        order: ``district`` → the district; ``commune`` → the communes and the township
        valid that year; ``both`` → the district first, then those."""
        if level not in LEVEL_KINDS:
            raise ValueError(f"unknown level {level!r}")
        kinds = LEVEL_KINDS[level]
        return self._cached(("reporting", int(year), level), lambda: tuple(
            u.code for u in self._units if u.kind in kinds and u.valid_in(year)))

    def successor_in(self, code: str, year: int) -> str | None:
        """Follow the chain of successors from ``code`` to the unit valid in ``year``.

        ``phu_phong`` in 2025 → ``tt_huong_khe`` (itself merged on 1 Jul 2025) →
        ``huong_khe_2025``. ``None`` when the chain ends without a valid unit.
        """
        return self._cached(("successor", code, int(year)),
                            lambda: self._successor(code, year))

    def _successor(self, code: str, year: int) -> str | None:
        seen: set[str] = set()
        current = self.get(code)
        while current is not None and current.successor and current.code not in seen:
            seen.add(current.code)
            if self.is_valid(current.successor, year):
                return current.successor
            current = self.get(current.successor)
        return None

    def predecessors(self, code: str) -> tuple[str, ...]:
        """Every unit whose successor chain leads to ``code`` (direct or not), file order."""
        return self._cached(("predecessors", code), lambda: tuple(
            u.code for u in self._units if code in self._chain(u.code)))

    def _chain(self, code: str) -> tuple[str, ...]:
        """The successors of ``code``, nearest first (a loop ends the chain)."""
        out, seen, current = [], {code}, self._by_code[code].successor
        while current is not None and current not in seen:
            out.append(current)
            seen.add(current)
            current = self._by_code[current].successor if current in self._by_code else None
        return tuple(out)

    def communes_label(self, year: int) -> tuple[tuple[str, str], ...]:
        """How messages name a year's commune-level units, as message fields ``communes_vi``
        and ``communes_en``: "xã, thị trấn" while a township exists, "xã" once none does."""
        def compute():
            kinds = {self._by_code[u].kind for u in self.reporting(year, "commune")}
            return ((("communes_vi", "xã, thị trấn"),
                     ("communes_en", "commune and the township")) if "town" in kinds
                    else (("communes_vi", "xã"), ("communes_en", "commune")))
        return self._cached(("communes_label", int(year)), compute)

    def district_level_ended(self) -> dt.date | None:
        """The first day without any district office (the day after the last one's
        ``valid_to``): 1 Jul 2025 in Hương Khê. None while an office has no end."""
        ends = [u.valid_to for u in self._units if u.kind == "office"]
        if not ends or None in ends:
            return None
        return max(ends) + dt.timedelta(days=1)

    def records(self) -> list[dict]:
        """The units as dictionaries (one per row of units.csv): for tables and tests."""
        return [{f.name: getattr(u, f.name) for f in fields(Unit)} for u in self._units]
