"""Reading YAML with libyaml's C parser when PyYAML has it (several times faster than the
pure-Python one; the locale files are parsed in every notebook kernel)."""
from __future__ import annotations

from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOADER = LOADER


def load(text: str) -> Any:
    """``yaml.safe_load`` semantics, C-accelerated."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
