"""Administrative units of Hương Khê with their validity dates and successors.

``data/units.csv`` lists every unit that may appear in the yearly data: the district as
a whole (code ``district``), its township and communes before and after the 2025
reorganisation, and the district offices. A unit is *valid in a year* when it exists on
31 December of that year, so the report for a year is made on the units that exist at its
end: Phú Phong (merged into the township on 1 Jan 2025) is not valid in 2025, nor are the
21 units merged on 1 Jul 2025 into the 7 new communes, which are valid in 2025 and later.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pandas as pd

from .errors import DataError

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


def load_units(data_dir: str | Path = "data") -> pd.DataFrame:
    """Read and check ``<data_dir>/units.csv``.

    Returns one row per unit with columns ``code, name_vi, name_en, kind, valid_from,
    valid_to, successor, note``; the dates are :class:`datetime.date` or ``None``, the
    successor a code or ``None``. Raises :class:`DataError` naming the row and column of
    any duplicate code, unknown kind, bad date or unknown successor.
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
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    for column in ("valid_from", "valid_to", "successor"):
        frame[column] = pd.Series([r[column] for r in records], dtype=object)
    return frame


def valid_on(units: pd.DataFrame, date: dt.date) -> pd.DataFrame:
    """The units that exist on ``date`` (validity bounds are inclusive)."""
    starts = units["valid_from"].map(lambda d: d is None or d <= date)
    ends = units["valid_to"].map(lambda d: d is None or d >= date)
    return units[(starts & ends).astype(bool)]


def valid_in_year(units: pd.DataFrame, year: int) -> pd.DataFrame:
    """The units that exist on 31 December of ``year``: those a report for the year uses."""
    return valid_on(units, dt.date(year, 12, 31))


class _Memo(dict):
    """Look-ups of one units frame. Shared, not copied, when pandas copies ``attrs`` into a
    derived frame (it deep-copies them on every operation): the owner check below tells
    a derived frame to start its own."""

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


def _memo(units: pd.DataFrame) -> dict:
    """Look-ups computed once per units frame (kept in its ``attrs``, data untouched):
    validation asks them for every row of a year's file."""
    # keyed by the frame's identity: pandas copies ``attrs`` into derived frames (subsets),
    # whose answers differ
    memo = units.attrs.get("_assessment_memo")
    if memo is None or memo.get("owner") != id(units):
        memo = _Memo(owner=id(units))
        units.attrs["_assessment_memo"] = memo
    return memo


def is_valid_in_year(units: pd.DataFrame, code: str, year: int) -> bool:
    memo = _memo(units)
    key = ("valid", year)
    if key not in memo:
        memo[key] = frozenset(valid_in_year(units, year)["code"])
    return code in memo[key]


def reporting_units(units: pd.DataFrame, year: int, level: str) -> list[str]:
    """Codes of the units that report an indicator of ``level`` in ``year``.

    ``district`` → ``['district']``; ``commune`` → the communes and the township valid
    that year; ``both`` → the district first, then those.
    """
    if level not in LEVEL_KINDS:
        raise ValueError(f"unknown level {level!r}")
    memo = _memo(units)
    key = ("reporting", year, level)
    if key not in memo:
        valid = valid_in_year(units, year)
        memo[key] = tuple(valid.loc[valid["kind"].isin(LEVEL_KINDS[level]), "code"])
    return list(memo[key])


def unit_name(units: pd.DataFrame, code: str, lang: str) -> str:
    """The unit's name in ``lang`` (``vi`` or ``en``); an unknown code is returned as is."""
    record = unit_record(units, code)
    if record is None:
        return code
    return str(record["name_vi" if lang == "vi" else "name_en"])


def unit_record(units: pd.DataFrame, code: str) -> dict | None:
    memo = _memo(units)
    if "records" not in memo:
        memo["records"] = {r["code"]: r for r in units.to_dict("records")}
    record = memo["records"].get(code)
    return None if record is None else dict(record)


def successor_in_year(units: pd.DataFrame, code: str, year: int) -> str | None:
    """Follow the chain of successors from ``code`` to the unit valid in ``year``.

    ``phu_phong`` in 2025 → ``tt_huong_khe`` (itself merged on 1 Jul 2025) →
    ``huong_khe_2025``. ``None`` when the chain ends without a valid unit.
    """
    memo = _memo(units)
    key = ("successor", code, year)
    if key not in memo:
        memo[key] = _successor(units, code, year)
    return memo[key]


def _successor(units: pd.DataFrame, code: str, year: int) -> str | None:
    seen: set[str] = set()
    current = unit_record(units, code)
    while current is not None and current["successor"] and current["code"] not in seen:
        seen.add(current["code"])
        nxt = current["successor"]
        if is_valid_in_year(units, nxt, year):
            return nxt
        current = unit_record(units, nxt)
    return None


def communes_label(units: pd.DataFrame, year: int) -> tuple[tuple[str, str], ...]:
    """How messages name a year's commune-level units, as message fields ``communes_vi``
    and ``communes_en``: "xã, thị trấn" while a township exists, "xã" once none does."""
    memo = _memo(units)
    key = ("communes_label", year)
    if key not in memo:
        kinds = {unit_record(units, u)["kind"] for u in reporting_units(units, year, "commune")}
        memo[key] = ((("communes_vi", "xã, thị trấn"),
                      ("communes_en", "commune and the township")) if "town" in kinds
                     else (("communes_vi", "xã"), ("communes_en", "commune")))
    return memo[key]
