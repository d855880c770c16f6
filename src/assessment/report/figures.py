"""Where a notebook writes its charts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figures:
    """Charts go to ``<root>/<folder>/<prefix>-<name>.svg``; Markdown cites them relatively."""

    root: Path
    folder: str = "figures"
    prefix: str = "fig"

    def path(self, name: str) -> tuple[Path, str]:
        rel = f"{self.folder}/{self.prefix}-{name}.svg"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, rel

