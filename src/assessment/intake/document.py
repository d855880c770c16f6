"""The document facts of a year's edition, read from ``data/<year>/edition.yaml``.

An official Vietnamese report (Decree 30/2020/NĐ-CP) carries an issuing body, a number, a
place and date, a signatory and its recipients (nơi nhận); the edition is a draft (Dự
thảo) or final. They are data, per year: the issuer changes with the 2025 reforms (after
1/7/2025 no district body issues it). ``data/dataset.yaml``'s ``edition:`` mapping gives
defaults, key by key; a year's file overrides them. Texts are ``{vi: …, en: …}``
mappings (a place or a name may be one string for both). Standard library and PyYAML only.

    status: final                 # draft | final
    illustrative: true            # the facts below are invented, to show the form
    issuer:
      parent: {vi: …, en: …}      # optional: the body above the issuer
      vi: [Ủy ban nhân dân, huyện Hương Khê]   # one line or a list of lines
      en: Hương Khê District People's Committee
    number: 215/BC-UBND           # optional (left blank in a draft)
    place: Hương Khê
    date: 2025-12-15
    signatory:
      authority: {vi: TM. Ủy ban nhân dân, en: For the People's Committee}
      title: {vi: Chủ tịch, en: Chairman}
      name: Nguyễn Văn A
    recipients:
      vi: [Sở Nội vụ tỉnh Hà Tĩnh, Lưu VT]
      en: [Hà Tĩnh Department of Home Affairs, File]
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from assessment.intake.edition import edition_files, edition_problem, read_edition_file

__all__ = ["EditionDocument", "edition_document", "STATUSES"]

STATUSES = ("draft", "final")
LANGS = ("vi", "en")


@dataclass(frozen=True)
class EditionDocument:
    """What the cover and the close show; texts per language, unescaped NFC."""

    status: str = "final"
    illustrative: bool = False
    issuer: dict = field(default_factory=dict)       # lang -> tuple of lines
    parent: dict = field(default_factory=dict)       # lang -> text
    number: str = ""
    place: dict = field(default_factory=dict)        # lang -> text
    date: str = ""                                   # ISO date
    authority: dict = field(default_factory=dict)    # lang -> text
    title: dict = field(default_factory=dict)        # lang -> text
    name: str = ""
    recipients: dict = field(default_factory=dict)   # lang -> tuple of lines
    source: str = ""

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def issuer_lines(self, lang: str) -> tuple[str, ...]:
        return tuple(self.issuer.get(lang, ()))

    def text(self, name: str, lang: str) -> str:
        return str(getattr(self, name).get(lang, ""))

    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date) if self.date else None


def _nfc(value) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _text(path: Path, key: str, value) -> str:
    if isinstance(value, (dict, list, bool)) or value is None or not str(value).strip():
        raise edition_problem(path, key, value, "must be a line of text",
                              "Write the text after the colon.", "not_text")
    return _nfc(value)


def _bilingual(path: Path, key: str, value, *, lines: bool = False, shared: bool = True) -> dict:
    """``{vi: …, en: …}`` (or one text for both when ``shared``); with ``lines`` each
    language may be a list of lines."""
    if not isinstance(value, dict):
        if not shared:
            raise edition_problem(path, key, value, "must give vi: and en:",
                                  "Write `vi:` and `en:` lines under it.", "not_bilingual")
        value = {lang: value for lang in LANGS}
    missing = [lang for lang in LANGS if lang not in value]
    unknown = sorted(set(value) - set(LANGS) - {"parent"})
    if missing or unknown:
        raise edition_problem(path, f"{key}.{(missing or unknown)[0]}", None,
                              "must give vi: and en:", "Write `vi:` and `en:` lines under it.",
                              "not_bilingual")
    out = {}
    for lang in LANGS:
        item = value[lang]
        if lines:
            items = item if isinstance(item, list) else [item]
            if not items:
                raise edition_problem(path, f"{key}.{lang}", item, "must not be empty",
                                      "Give at least one line.", "not_text")
            out[lang] = tuple(_text(path, f"{key}.{lang}", x) for x in items)
        else:
            out[lang] = _text(path, f"{key}.{lang}", item)
    return out


def _date(path: Path, value, year: int) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise edition_problem(path, "date", value, "not a date", "Write it as YYYY-MM-DD.",
                              "bad_date") from None
    if day.year not in (year, year + 1):
        raise edition_problem(path, "date", value, f"not in {year} or {year + 1}",
                              f"The {year} report is dated in {year} or early {year + 1}.",
                              "document_year")
    return day.isoformat()


def _apply(found: dict, path: Path, data: dict, year: int) -> None:
    if "status" in data:
        if data["status"] not in STATUSES:
            raise edition_problem(path, "status", data["status"], "must be draft or final",
                                  "Write `status: draft` or `status: final`.", "bad_status")
        found["status"] = data["status"]
    if "illustrative" in data:
        if not isinstance(data["illustrative"], bool):
            raise edition_problem(path, "illustrative", data["illustrative"],
                                  "must be true or false", "Write true or false.", "not_bool")
        found["illustrative"] = data["illustrative"]
    if "issuer" in data:
        issuer = data["issuer"]
        found["issuer"] = _bilingual(path, "issuer", issuer, lines=True, shared=False)
        if isinstance(issuer, dict) and issuer.get("parent"):
            found["parent"] = _bilingual(path, "issuer.parent", issuer["parent"])
    if data.get("number") is not None:
        found["number"] = _text(path, "number", data["number"])
    if "place" in data:
        found["place"] = _bilingual(path, "place", data["place"])
    if data.get("date") is not None:
        found["date"] = _date(path, data["date"], year)
    if "signatory" in data:
        sign = data["signatory"]
        if not isinstance(sign, dict):
            raise edition_problem(path, "signatory", sign, "must be a mapping",
                                  "Give authority, title and name as indented lines.",
                                  "not_mapping")
        unknown = sorted(set(sign) - {"authority", "title", "name"})
        if unknown:
            raise edition_problem(path, f"signatory.{unknown[0]}", sign[unknown[0]],
                                  "unknown key", "Known keys: authority, title, name.",
                                  "unknown_key")
        for key in ("authority", "title"):
            if key in sign:
                found[key] = _bilingual(path, f"signatory.{key}", sign[key], shared=False)
        if "name" in sign:
            found["name"] = _text(path, "signatory.name", sign["name"])
    if "recipients" in data:
        found["recipients"] = _bilingual(path, "recipients", data["recipients"], lines=True,
                                         shared=False)


def edition_document(data_dir: Path, year: int) -> EditionDocument:
    """The document facts of ``year``'s edition (dataset defaults, then the year's file).
    Raises :class:`~assessment.intake.edition.EditionError` on a malformed file."""
    found: dict = {}
    files = edition_files(Path(data_dir), int(year))
    for path in files:
        data = read_edition_file(path)
        if path.name == "dataset.yaml":
            data = data.get("edition") or {}
            if not isinstance(data, dict):
                continue  # official_parameters reports it
        _apply(found, path, data, int(year))
    return EditionDocument(**found, source=", ".join(str(f) for f in files))
