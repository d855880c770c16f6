"""Where a notebook writes its charts, and which milestone a report leads with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figures:
    """Charts go to ``<root>/<folder>/<prefix>-<name>.png``; Markdown cites them relatively."""

    root: Path
    folder: str = "figures"
    prefix: str = "fig"

    def path(self, name: str) -> tuple[Path, str]:
        rel = f"{self.folder}/{self.prefix}-{name}.png"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, rel


def focus_milestone(year: int) -> int:
    """The milestone a year's report leads with: 2025 up to 2025, then 2030."""
    return 2025 if year <= 2025 else 2030
