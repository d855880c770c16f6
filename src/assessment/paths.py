"""Where things are (the repository root, the data folder, the bundled resources), and the
one way a file is written: whole or not at all."""
from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from assessment.errors import ConfigError


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


def find_data_dir(data_dir: str | Path = "data", *, repo_first: bool = False) -> Path:
    """Resolve ``data_dir``.

    A relative path is taken from the current folder; where it does not exist there, from
    the repository root, then from the current folder's parents (so a notebook opened from
    ``notebooks/`` in JupyterLab finds ``data/`` with its default parameters). With
    ``repo_first`` (the notebooks: the build records the data folder relative to the
    repository), the repository root comes first, so that a notebook executing anywhere
    reads exactly the folder the build was given."""
    path = Path(data_dir)
    if path.is_absolute():
        candidates = [path]
    else:
        root = checkout_root()
        here = [Path.cwd() / path]
        repo = [root / path] if root is not None else []
        parents = [parent / path for parent in Path.cwd().resolve().parents]
        candidates = repo + here + parents if repo_first else here + repo + parents
    for candidate in candidates:
        if (candidate / "plan").is_dir():
            return candidate.resolve()
    if path.exists():
        raise ConfigError(f"{path}: no plan/ folder here; pass --data pointing at the "
                          "folder that holds plan/, units.csv and the year folders.")
    if path.is_absolute():
        raise ConfigError(f"{path}: data folder not found; pass --data DIR, the folder "
                          "that holds plan/, units.csv and the year folders.")
    raise ConfigError(f"{path}: data folder not found (looked in {Path.cwd()}, the "
                      "repository and the parent folders); pass --data DIR.")


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


def write_atomic(path: Path, data: bytes | str, tmp_dir: Path | None = None) -> None:
    """Write ``path`` whole or not at all: a uniquely named temporary file (in
    ``tmp_dir``, same file system, or beside ``path``), then a rename."""
    tmp = _stage(path, data, tmp_dir)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _stage(path: Path, data: bytes | str, tmp_dir: Path | None = None) -> str:
    """``data`` in a uniquely named temporary file for ``path`` (removed if writing fails),
    readable as the umask allows (mkstemp makes it private; a published file is not)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                               dir=tmp_dir or path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_all_atomic(files: dict[Path, bytes | str]) -> None:
    """Write several files all or none: every one to a temporary file beside it first,
    then each renamed into place (nothing is renamed unless every file was written)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it (paths as given)."""
    return path == folder or folder in path.parents


def writable_dir(folder: Path, what: str) -> Path:
    """Create ``folder`` if needed and check it takes files (without writing any);
    ConfigError otherwise. ``what`` names it in the message (``--out``)."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{what} {folder} is a file, not a folder: give a folder name "
                          "(or move the file away).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{what} {folder}: cannot create it "
                          f"({exc.strerror or exc}). Choose a folder you can write to.") from None
    try:  # access() is not enough (root, special file systems): try, and remove at once
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(f"{what} {folder}: cannot write there "
                          f"({exc.strerror or exc}). Choose a folder you can write to.") from None
    return folder
