"""Safe publishing: where a build stages its work, the lock, the swap into place.

An output folder ``<parent>/<name>`` (``_site``) is published as it is (copied to the
portal), so nothing temporary is ever written inside it. A build works in a sibling
folder ``<parent>/.<name>.work/``:

``lock``        held (``lockf``) for the whole build: one build per output folder; the
                kernel releases it when the process dies, so a killed build never blocks
                the next one; it names its holder for the message a second build gets.
``staging/``    the year being built; swapped into ``<name>/<year>/`` only when
                everything succeeded; whatever a killed build left here is cleared by the
                next build.
``failed/``     notebooks that failed, kept for inspection.

Standard library only: the build's quick path uses it.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from assessment.errors import ConfigError
from assessment.paths import inside, writable_dir  # re-exported: used by build and cli

__all__ = ["Workspace", "check_output_paths", "inside", "swap", "writable_dir",
           "die_with_parent"]


def check_output_paths(out: Path, data: Path, cache: Path | None = None) -> None:
    """Refuse (ConfigError, exit 2) an output or cache folder that overlaps the data
    folder, before anything is written. ``out`` inside ``data`` would write among the
    inputs; ``data`` inside ``out`` would be published with the site and is replaced
    folder by folder; the build's workspace beside ``out`` may not overlap it either.
    Paths are compared resolved (symbolic links followed, ``..`` removed)."""
    out, data = out.resolve(), data.resolve()
    if inside(out, data):
        where = "is the data folder" if out == data else f"is inside the data folder {data}"
        raise ConfigError(f"--out {out} {where}: a build never "
                          "writes among its inputs. Choose a folder outside it (the "
                          "default is _site).")
    if inside(data, out):
        raise ConfigError(f"The data folder {data} is inside --out {out}: the output "
                          "folder is published as a whole and would carry the inputs. "
                          "Choose an output folder that does not contain the data.")
    work = Workspace(out).root
    if inside(work, data) or inside(data, work):
        raise ConfigError(f"The build's workspace {work} (beside --out) and the data folder "
                          f"{data} overlap: choose another --out.")
    if cache is not None:
        cache = cache.resolve()
        if inside(cache, data) or inside(data, cache):
            raise ConfigError(f"--cache-dir {cache} overlaps the data folder {data}: "
                              "choose a folder outside it.")
        if inside(cache, out):
            where = "is --out" if cache == out else f"is inside --out {out}"
            raise ConfigError(f"--cache-dir {cache} {where}, which is published: choose "
                              "a folder outside it.")


# ------------------------------------------------------------------ the swap
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def swap(stage: Path, dest: Path) -> None:
    """Put the finished ``stage`` at ``dest``. An existing ``dest`` is exchanged with the
    stage in one atomic step where the system can (the old tree then sits in the staging
    area and is removed); otherwise with two renames, the old tree moved into the
    staging area first."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not dest.exists():
            os.rename(stage, dest)
            return
        if not _exchange(stage, dest):
            old = stage.with_name(stage.name + ".old")
            os.rename(dest, old)
            os.rename(stage, dest)
            stage = old
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            raise ConfigError(f"{dest.parent} and its staging folder {stage.parent} are on "
                              "different file systems (is the output folder a mount "
                              "point?): give --out a folder inside it.") from None
        raise
    shutil.rmtree(stage, ignore_errors=True)


# ------------------------------------------------------------------ workspace
_LEGACY = re.compile(r"\.\d{4}\.(tmp|old)-\d+|\.index\.html\.tmp|\.write-test-\w+")


class Workspace:
    """The build's own folder beside the output folder ``out``."""

    def __init__(self, out: Path):
        self.out = Path(out).absolute()
        self.root = self.out.parent / f".{self.out.name}.work"
        self.staging = self.root / "staging"
        self.failed = self.root / "failed"
        self.lock_path = self.root / "lock"

    def prepare(self) -> "Workspace":
        """Create the output folder and the workspace; clear messages when it cannot."""
        writable_dir(self.out, "--out")
        if self.out.stat().st_dev != self.out.parent.stat().st_dev:
            raise ConfigError(f"--out {self.out} is a mount point (another file system than "
                              f"{self.out.parent}, where the build stages its work): give "
                              "--out a folder inside it.")
        writable_dir(self.root, "The build's workspace beside --out,")
        writable_dir(self.staging, "The build's staging folder")
        return self

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the output folder's lock; ConfigError naming the holder if it is taken.

        A POSIX record lock (``lockf``): it belongs to this process alone (worker
        processes forked later do not hold it) and the kernel releases it when the
        process dies, however it dies."""
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise ConfigError(f"{self.lock_path}: cannot open the build's lock file "
                              f"({exc.strerror or exc}); move what is there away.") from None
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                raise ConfigError(self._held_message(fd)) from None
            holder = {"pid": os.getpid(), "host": socket.gethostname(),
                      "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])}
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(holder) + "\n").encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _held_message(self, fd: int) -> str:
        try:
            holder = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
        except ValueError:
            holder = {}
        who = (f"process {holder.get('pid', '?')} on {holder.get('host', '?')}, since "
               f"{holder.get('started', '?')}: {holder.get('command', '?')}" if holder
               else "a process that is just starting")
        return (f"Another build is writing to {self.out} ({who}). Wait for it to finish, "
                "or build into another --out.")

    def clear_stale(self) -> list[str]:
        """Remove what killed builds left behind (call with the lock held): the staging
        area, and the temporary folders older versions kept inside the output folder."""
        removed = []
        if self.staging.is_dir():
            for entry in self.staging.iterdir():
                removed.append(entry.name)
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()
        for entry in self.out.glob(".*"):  # .2025.tmp-123, .2025.old-123, .index.html.tmp
            if _LEGACY.fullmatch(entry.name):
                removed.append(entry.name)
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()
        return removed

    def new_stage(self, label: str) -> Path:
        """A new, uniquely named staging folder, readable like any published folder
        (``mkdtemp`` makes it private)."""
        self.staging.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.staging))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(stage, 0o777 & ~umask)
        return stage

    def tmp_dir(self) -> Path:
        self.staging.mkdir(parents=True, exist_ok=True)
        return self.staging


def die_with_parent() -> None:
    """For worker processes (a pool's initializer): end when the build process dies,
    even by SIGKILL, instead of lingering (Linux ``PR_SET_PDEATHSIG``; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
