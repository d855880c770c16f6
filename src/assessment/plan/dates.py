"""One conversion for the many ways a date arrives (datetime.date, pandas Timestamp, NaT,
an ISO string, None)."""
from __future__ import annotations

import datetime as dt

import pandas as pd


def as_date(value: object) -> dt.date | None:
    """``value`` as a ``datetime.date``; missing values (None, NaT, NaN, "") give None."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    return dt.date.fromisoformat(text[:10]) if text else None
