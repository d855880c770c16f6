"""The report's parts, by name: a registry that the notebooks call through the facade
(``report.show("summary")``, ``report.show("area", 3)``).

A part is a function of the year's :class:`~assessment.progress.assessment.Assessment`
(then, for a part that draws charts, the :class:`~assessment.report.figures.Figures`
folder, then its own arguments) that returns Pandoc Markdown. A module of this package
declares its parts with :func:`part`; the registry imports the package's modules on first
use, so a new part is one module (or one function) and one notebook cell.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

from assessment.errors import ConfigError


@dataclass(frozen=True)
class Part:
    name: str
    render: Callable[..., str]
    draws: bool  # takes the Figures folder after the assessment

    def markdown(self, assessment, figures, *args) -> str:
        if self.draws:
            return self.render(assessment, figures, *args)
        return self.render(assessment, *args)


_PARTS: dict[str, Part] = {}
_LOADED = False


def part(name: str, *, draws: bool = False):
    """Register the decorated function as the report part ``name``."""
    def register(fn: Callable[..., str]) -> Callable[..., str]:
        if name in _PARTS and _PARTS[name].render is not fn:
            raise ConfigError(f"two report parts are named {name!r}")
        _PARTS[name] = Part(name, fn, draws)
        return fn
    return register


def _load() -> None:
    global _LOADED
    if not _LOADED:
        package = importlib.import_module("assessment.report")
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"assessment.report.{info.name}")
        _LOADED = True


def get(name: str) -> Part:
    """The part ``name``; ConfigError listing the parts for an unknown name."""
    _load()
    if name not in _PARTS:
        raise ConfigError(f"no report part {name!r}: the parts are {', '.join(names())}")
    return _PARTS[name]


def names() -> list[str]:
    _load()
    return sorted(_PARTS)
