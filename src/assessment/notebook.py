"""What the notebooks call: load and compute once, then show each part as Markdown.

Notebooks stay thin: a ``parameters`` cell (the fields of :class:`Params`, nothing
else), ``report = open_report(part, globals())`` and one ``report.show(name, …)`` per part
(the parts are :mod:`assessment.report.parts`). Cells tagged ``review`` display the
underlying tables for reviewers; they are left out of the rendered report.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

import pandas as pd
from IPython.display import Markdown, display

from assessment.params import Params, file_hashes
from assessment.paths import find_data_dir
from assessment.progress.assessment import Assessment, assess
from assessment.progress.results import RESULTS
from assessment.report import parts
from assessment.report.figures import Figures

FIGURES = "figures"  # charts go to this folder of the notebook's working directory

# One kernel may execute several notebooks of a build (see build/execute.py): the
# assessment computed by the first is reused by the next when the parameters (language
# aside) and every input file's SHA-256 are the same; anything else computes afresh.
_MEMO: dict[tuple, Assessment] = {}


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    figures: Figures

    def markdown(self, name: str, *args) -> str:
        """The part ``name`` as Markdown (``args``: the part's own, e.g. an area number)."""
        return parts.get(name).markdown(self.assessment, self.figures, *args)

    def show(self, name: str, *args) -> None:
        display(Markdown(self.markdown(name, *args)))

    # ---- for reviewers: the numbers behind the text, as tables
    def table(self, name: str) -> pd.DataFrame:
        """One of the results (``progress``, ``tasks``, ``areas``, ``rankings``,
        ``coverage``, ``key_figures``) or the ``observations`` and ``communes`` tables."""
        if name not in RESULTS + ("observations", "communes"):
            raise KeyError(f"no table {name!r}")
        return getattr(self.assessment, name)


def parameters(namespace: Mapping[str, object]) -> Params:
    """The :class:`Params` named in ``namespace`` (a notebook's globals, after papermill
    injected its parameters); a relative data folder is the repository's (the build
    records it so)."""
    given = {f.name: namespace[f.name] for f in fields(Params) if f.name in namespace}
    params = Params(**given)
    return replace(params, data_dir=str(find_data_dir(params.data_dir, repo_first=True)))


def open_report(part: str, namespace: Mapping[str, object] | None = None,
                **values) -> Report:
    """Compute the year (or reuse it) for the notebook of ``part``: the parameters come
    from ``namespace`` (pass ``globals()``) and ``values``."""
    params = parameters({**(namespace or {}), **values})
    return Report(_assessment(params), Figures(Path.cwd(), FIGURES, part))


def _assessment(params: Params) -> Assessment:
    resolved = params.resolved()
    key = (replace(resolved, lang=""),
           tuple(sorted(file_hashes(Path(resolved.data_dir), resolved.year).items())))
    if key not in _MEMO:
        _MEMO.clear()
        _MEMO[key] = assess(resolved)
    found = _MEMO[key]
    return found if found.params == resolved else replace(found, params=resolved)


# ------------------------------------------------------------------ the PAR Index scorecards
_PAR_MEMO: dict[tuple, object] = {}


@dataclass(frozen=True)
class Scorecard:
    """What a scorecard notebook calls: ``scorecard.show("par_ranking")``."""

    par: object  # assessment.progress.par_index.ParIndex
    figures: Figures

    def markdown(self, name: str, *args) -> str:
        return parts.get(name).markdown(self.par, self.figures, *args)

    def show(self, name: str, *args) -> None:
        display(Markdown(self.markdown(name, *args)))

    def table(self, name: str) -> pd.DataFrame:
        """``results``, ``components`` or ``losses`` (for reviewers), or the inputs
        ``scores`` and ``survey``."""
        if name in ("results", "components", "losses"):
            return getattr(self.par, name)
        if name in ("scores", "survey"):
            return getattr(self.par.inputs, name)
        raise KeyError(f"no table {name!r}")


def open_scorecard(part: str, namespace: Mapping[str, object] | None = None,
                   **values) -> Scorecard:
    """The year's PAR Index (computed once per kernel) for the scorecard notebook of
    ``part``; ``namespace`` gives ``year`` (0: the latest with PAR Index inputs), ``lang``
    and ``data_dir``."""
    from assessment.progress.par_index import par_index
    from assessment.progress.par_view import latest_par_year
    given = {**(namespace or {}), **values}
    data = find_data_dir(str(given.get("data_dir", "data")), repo_first=True)
    year = int(given.get("year") or 0) or latest_par_year(data)
    lang = str(given.get("lang", "vi"))
    key = (str(data), year, tuple(sorted(
        (str(p), p.stat().st_mtime_ns) for p in sorted(data.glob("par_index/*.yaml"))
        + sorted(data.glob(f"{year}/par_index/*")) + sorted(data.glob(f"{year - 1}/par_index/*")))))
    if key not in _PAR_MEMO:
        _PAR_MEMO.clear()
        _PAR_MEMO[key] = par_index(data, year, "vi")
    found = _PAR_MEMO[key]
    return Scorecard(replace(found, lang=lang), Figures(Path.cwd(), FIGURES, part))
