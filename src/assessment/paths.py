"""Where things are: the repository root, the data folder, the bundled resources."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .errors import ConfigError


def checkout_root() -> Path | None:
    """The repository this package runs from (an editable install), or None."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "notebooks").is_dir() and (parent / "pyproject.toml").is_file():
            return parent
    return None


def repo_relative(path: str | Path) -> str:
    """``path`` relative to the repository (POSIX separators), so that what is published
    (notebooks, manifest) names no folder of the machine that built it. A path outside
    the repository is given relative to it too (``../…``)."""
    root = checkout_root() or Path.cwd()
    rel = os.path.relpath(Path(path).resolve(), root)
    return Path(rel).as_posix()


def find_data_dir(data_dir: str | Path = "data") -> Path:
    """Resolve ``data_dir``; a relative path that does not exist from the current folder
    is looked for in the parent folders too, so a notebook opened from ``notebooks/`` in
    JupyterLab finds the repository's ``data/`` with its default parameters, and then
    from the repository root (the published notebooks record paths relative to it)."""
    path = Path(data_dir)
    if path.is_absolute() or (path / "plan").is_dir():
        if not (path / "plan").is_dir():
            raise ConfigError(f"{path}: no plan/ folder here; pass --data pointing at the "
                              "folder that holds plan/, units.csv and the year folders.")
        return path.resolve()
    for parent in Path.cwd().resolve().parents:
        candidate = parent / path
        if (candidate / "plan").is_dir():
            return candidate
    root = checkout_root()
    if root is not None and (root / path / "plan").is_dir():
        return (root / path).resolve()
    raise ConfigError(f"{path}: data folder not found (looked in {Path.cwd()} and its "
                      "parents); pass --data DIR.")


def project_root(data_dir: Path) -> Path:
    """The folder holding ``_quarto.yml``: the data folder's parent by convention."""
    for candidate in (data_dir.parent, Path.cwd(), *Path.cwd().parents):
        if (candidate / "_quarto.yml").is_file():
            return candidate
    return data_dir.parent


def package_file(*parts: str) -> Path:
    return Path(str(resources.files("assessment").joinpath(*parts)))


def notebooks_dir() -> Path:
    """The source notebooks: ``notebooks/`` at the repository root."""
    root = checkout_root()
    if root is None:
        raise ConfigError("notebooks/ not found: run from a checkout of the repository.")
    return root / "notebooks"
