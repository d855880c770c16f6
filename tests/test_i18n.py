"""Bilingual text: every key in both languages, same placeholders, NFC; formatting per language."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest

from assessment.i18n import (catalogue_text, fmt_date, fmt_measure, fmt_money, fmt_number,
                             fmt_percent, t)
from assessment.plan.status import INDICATOR_STATUSES, TASK_STATUSES


def test_every_key_has_both_languages_and_the_same_placeholders():
    for key, texts in catalogue_text().items():
        assert set(texts) == {"vi", "en"}, key
        assert texts["vi"].strip() and texts["en"].strip(), key
        assert texts["vi"] == unicodedata.normalize("NFC", texts["vi"]), key
        fields = [set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in ("vi", "en")]
        assert fields[0] == fields[1], key


def test_every_status_has_a_label():
    for status in (*INDICATOR_STATUSES, *TASK_STATUSES):
        assert t(f"status.{status}", "vi") != t(f"status.{status}", "en")


@pytest.mark.parametrize("lang,percent,money,date,number", [
    ("vi", "82,5%", "170 tỷ đồng", "22/11/2021", "1.234,5"),
    ("en", "82.5%", "VND 170 billion", "22 Nov 2021", "1,234.5")])
def test_formats(lang, percent, money, date, number):
    assert fmt_percent(82.5, lang) == percent
    assert fmt_money(170, lang) == money
    assert fmt_date(dt.date(2021, 11, 22), lang) == date
    assert fmt_number(1234.5, lang) == number
    assert fmt_measure(float("nan"), "percent", lang) == "–"


def test_missing_key_is_an_error():
    with pytest.raises(KeyError):
        t("no.such.key", "vi")


def test_one_missing_value_test_for_every_form():
    import numpy as np
    import pandas as pd

    from assessment.values import is_missing
    for gone in (None, float("nan"), np.nan, np.float32("nan"), pd.NaT, pd.NA):
        assert is_missing(gone), repr(gone)
    for there in (0, 0.0, "", "nan", "–", -1.5, np.int64(3), pd.Timestamp("2025-01-01")):
        assert not is_missing(there), repr(there)
