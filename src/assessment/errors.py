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


class NotebookError(BuildError):
    """A notebook failed while executing: which notebook (its name in the build, e.g.
    ``vi/02_areas.ipynb``), the index of the failing cell, and the exception it raised
    (its name, value and traceback lines), as papermill's ``PapermillExecutionError``
    reports them. ``kept`` is the executed notebook kept for inspection, once copied."""

    def __init__(self, notebook: str, cell_index: int | None, execution_count: int | None,
                 ename: str, evalue: str, traceback: tuple[str, ...] = (),
                 kept: str | None = None):
        self.notebook, self.cell_index, self.execution_count = notebook, cell_index, \
            execution_count
        self.ename, self.evalue, self.traceback, self.kept = ename, evalue, tuple(traceback), kept
        # counted from 1 in the executed notebook (the kept one: papermill's parameter
        # cell included); the execution count is the shared kernel's, not the notebook's
        cell = "?" if cell_index is None else cell_index + 1
        message = f"Notebook {notebook} failed at cell {cell}: {ename}: {evalue}"
        if kept:
            message += f"\nThe executed notebook is kept for inspection: {kept}"
        super().__init__(message)

    def __reduce__(self):  # raised in a worker process, re-raised in the build's
        return (type(self), (self.notebook, self.cell_index, self.execution_count,
                             self.ename, self.evalue, self.traceback, self.kept))
