"""Named errors. Every error says what went wrong, where, and how to fix it."""
from __future__ import annotations


class AssessmentError(Exception):
    """Root of every error this package raises on purpose (the CLI prints it, no traceback)."""

    exit_code = 2


class CatalogueError(AssessmentError):
    """The plan catalogue under data/plan/ is malformed."""


class DataError(AssessmentError):
    """A yearly input file cannot be read or fails validation."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class ConfigError(AssessmentError):
    """A parameter or configuration value (_quarto.yml, CLI option) is invalid."""


class BuildError(AssessmentError):
    """A notebook failed or a renderer failed while building the report."""
