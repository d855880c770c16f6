"""The one test of a missing value, whatever form it arrives in: None, NaN (float or
numpy), pandas' NaT and NA. Light on purpose: no pandas import."""
from __future__ import annotations

from typing import Any


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA; False for any other value, text included."""
    if value is None:
        return True
    if isinstance(value, (str, bytes)):
        return False
    try:
        return bool(value != value)  # NaN and NaT are the values unequal to themselves
    except (TypeError, ValueError):  # pd.NA has no truth value; an array has no single one
        return type(value).__name__ == "NAType"
