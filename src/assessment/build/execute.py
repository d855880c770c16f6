"""Execute the parameterised notebooks with papermill, in parallel, with a cache.

A job is one notebook in one language. Its cache key covers the inputs (file hashes),
the parameters and the code (package, notebooks, configuration); a hit copies the
executed notebook and its figures instead of starting a kernel.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from assessment.errors import NotebookError

log = logging.getLogger("assessment.build.pipeline")


@dataclass(frozen=True)
class Job:
    notebook: Path  # source notebook
    lang: str
    parameters: tuple[tuple[str, object], ...]
    workdir: Path  # executed notebook + figures/ go here
    key: str  # cache key
    published_as: str = ""  # its path in the year folder, recorded instead of the staging path

    @property
    def name(self) -> str:
        """``vi/01_summary.ipynb``; a scorecard notebook ``par_index/vi/01_overview.ipynb``."""
        if self.published_as:
            return self.published_as.replace("notebooks/", "", 1)
        return f"{self.lang}/{self.notebook.name}"

    @property
    def output(self) -> Path:
        return self.workdir / self.notebook.name


# Seconds a kernel may take to answer before a notebook starts (nbclient's default is 60,
# which a loaded two-core machine has exceeded).
KERNEL_WAIT = 300


def code_fingerprint(paths: list[Path]) -> str:
    """SHA-256 over every file under ``paths`` (path names and bytes), order-independent."""
    h = hashlib.sha256()
    # named by their path inside each root: report/areas.py and progress/areas.py differ
    files = sorted((f.relative_to(p.parent).as_posix(), f) for p in paths
                   for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.is_file() and "__pycache__" not in f.parts)
    for rel, f in files:
        h.update(rel.encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def job_key(notebook: Path, lang: str, parameters: dict, inputs: dict, code: str) -> str:
    blob = json.dumps({"nb": notebook.name, "lang": lang, "params": parameters,
                       "inputs": inputs, "code": code}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _silence_stderr() -> None:
    """The kernel's chatter on standard error (transport warnings, shutdown notices) is
    silenced in the worker; a failing cell reaches the caller as papermill's exception."""
    import os
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _run_chunk(jobs: tuple[Job, ...]) -> list[str]:
    """Execute jobs one after the other in ONE kernel (a worker process owns it).

    Starting a kernel and importing pandas, matplotlib and the package costs more than
    most notebooks; a kernel is therefore reused for several notebooks. Before each one
    the user namespace is cleared (``%reset -f``) and the working folder set, so a
    notebook sees exactly what a fresh kernel would, apart from modules already imported.
    """
    import nbformat
    import papermill as pm
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.utils import run_sync
    _silence_stderr()
    km = AsyncKernelManager(kernel_name="python3")
    done = []
    try:
        for job in jobs:
            job.workdir.mkdir(parents=True, exist_ok=True)
            prep = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                f"%reset -f\nimport os as _os\n_os.chdir({str(job.workdir)!r})\ndel _os")])
            _prepare(km, prep, job)
            try:
                pm.execute_notebook(str(job.notebook), str(job.output),
                                    parameters=dict(job.parameters), km=km,
                                    kernel_name="python3", progress_bar=False,
                                    start_timeout=KERNEL_WAIT,
                                    log_output=False, request_save_on_cell_execute=False)
            except pm.PapermillExecutionError as exc:
                raise NotebookError(job.name, exc.cell_index, exc.exec_count, exc.ename,
                                    exc.evalue, tuple(exc.traceback or ())) from None
            except Exception as exc:  # the kernel died, the notebook could not be read…
                raise NotebookError(job.name, None, None, type(exc).__name__,
                                    str(exc)) from None
            _relative_metadata(job)
            done.append(job.name)
    finally:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    return done


def _prepare(km, prep, job: Job) -> None:
    """Run the cell that resets the kernel and moves it to the job's folder. A kernel that
    dies while starting (seen on a loaded machine) is started once more before the build
    gives up: nothing of the notebook has run yet, so a retry changes no result."""
    from jupyter_client.utils import run_sync
    from nbclient import NotebookClient
    for attempt in range(2):
        try:
            NotebookClient(prep, km=km, kernel_name="python3", startup_timeout=KERNEL_WAIT,
                           resources={"metadata": {"path": str(job.workdir)}}).execute()
            return
        except RuntimeError as exc:
            if attempt or "died" not in str(exc):
                raise
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)


def _relative_metadata(job: Job) -> None:
    """papermill records the notebook's input and output paths: make them the source
    notebook's path in the repository and the executed one's place in the year folder,
    so a published notebook names no folder of the machine that built it."""
    import nbformat

    from assessment.paths import repo_relative
    nb = nbformat.read(job.output, as_version=4)
    meta = nb.metadata.setdefault("papermill", {})
    meta["input_path"] = repo_relative(job.notebook)
    meta["output_path"] = job.published_as or job.output.name
    nbformat.write(nb, job.output)


def _chunks(todo: list[Job], n: int) -> list[tuple[Job, ...]]:
    """Split jobs into ``n`` groups of similar cost (code cells as the proxy), keeping each
    language together where possible (its notebooks share one computed assessment)."""
    import json as _json
    def cost(job: Job) -> int:
        cells = _json.loads(job.notebook.read_text(encoding="utf-8"))["cells"]
        return sum(c["cell_type"] == "code" for c in cells)
    groups: list[list[Job]] = [[] for _ in range(max(1, min(n, len(todo))))]
    loads = [0] * len(groups)
    for job in sorted(todo, key=lambda j: (j.lang, -cost(j), j.notebook.name)):
        lang_group = next((i for i, g in enumerate(groups) if g and g[0].lang == job.lang
                           and loads[i] <= min(loads) + cost(job)), None)
        i = lang_group if lang_group is not None else loads.index(min(loads))
        groups[i].append(job)
        loads[i] += cost(job)
    return [tuple(sorted(g, key=lambda j: j.notebook.name)) for g in groups if g]


def _failure(job: Job, exc: NotebookError, failed_dir: Path) -> NotebookError:
    """``exc`` with the executed notebook copied to ``failed_dir`` for inspection."""
    kept = failed_dir / job.lang / job.notebook.name
    if job.output.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(job.output, kept)
    return NotebookError(exc.notebook, exc.cell_index, exc.execution_count, exc.ename,
                         exc.evalue, exc.traceback, str(kept))


def _restore(job: Job, cache: Path) -> bool:
    entry = cache / job.key
    if not (entry / job.notebook.name).is_file():
        return False
    shutil.copytree(entry, job.workdir, dirs_exist_ok=True)
    return True


def _store(job: Job, cache: Path) -> None:
    """Copy an executed notebook and its figures into the cache. The entry appears whole
    (a uniquely named folder, then a rename); an entry stored meanwhile by another build
    holds the same content and is kept."""
    import tempfile
    entry = cache / job.key
    if (entry / job.notebook.name).is_file():
        return
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{job.key[:16]}-", suffix=".tmp", dir=cache))
    try:
        prefix = job.notebook.stem.split("_", 1)[-1]
        shutil.copy2(job.output, tmp / job.notebook.name)
        figs = job.workdir / "figures"
        if figs.is_dir():
            for f in figs.glob(f"{prefix}-*"):
                (tmp / "figures").mkdir(exist_ok=True)
                shutil.copy2(f, tmp / "figures" / f.name)
        shutil.rmtree(entry, ignore_errors=True)  # an incomplete entry (no notebook)
        os.rename(tmp, entry)
    except OSError:
        if not (entry / job.notebook.name).is_file():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _clear_stale_cache(cache: Path, max_age: float = 86_400.0) -> None:
    """Remove temporary folders a killed build left in the cache (older than a day: a
    build running now, perhaps for another output folder, may own younger ones)."""
    import time
    now = time.time()
    for entry in cache.glob(".*.tmp") if cache.is_dir() else []:
        try:
            if now - entry.stat().st_mtime > max_age:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


def run_jobs(jobs: list[Job], *, cache: Path | None, jobs_n: int, failed_dir: Path,
             reuse: bool = True) -> dict:
    """Run every job (cached ones are copied unless ``reuse`` is false); the executed
    notebooks are stored in the cache. Raise :class:`NotebookError` on the first failure."""
    todo, hits = [], []
    if cache is not None:
        _clear_stale_cache(cache)
    for job in jobs:
        if cache is not None and reuse and _restore(job, cache):
            hits.append(job.name)
        else:
            todo.append(job)
    log.info("notebooks: %d from cache, %d to execute", len(hits), len(todo))
    if todo:
        _execute_all(todo, jobs_n, failed_dir)
        if cache is not None:
            for job in todo:
                _store(job, cache)
    return {"cached": hits, "executed": [j.name for j in todo]}


def _progress(total: int):
    if sys.stderr.isatty():
        from tqdm import tqdm
        return tqdm(total=total, desc="notebooks", unit="nb")
    return None


def _execute_all(todo: list[Job], jobs_n: int, failed_dir: Path) -> None:
    bar = _progress(len(todo))
    done = 0
    by_name = {job.name: job for job in todo}
    chunks = _chunks(todo, jobs_n)
    from assessment.build.staging import die_with_parent
    with ProcessPoolExecutor(max_workers=len(chunks), initializer=die_with_parent) as pool:
        futures = {pool.submit(_run_chunk, chunk): chunk for chunk in chunks}
        for fut in as_completed(futures):
            try:
                names = fut.result()
            except Exception as exc:  # a NotebookError, or the worker itself died
                for other in futures:
                    other.cancel()
                if not isinstance(exc, NotebookError):
                    exc = NotebookError(futures[fut][0].name, None, None,
                                        type(exc).__name__, str(exc))
                raise _failure(by_name[exc.notebook], exc, failed_dir) from None
            for name in names:
                done += 1
                if bar is not None:
                    bar.update(1)
                else:
                    log.info("[%d/%d] executed %s", done, len(todo), name)
    if bar is not None:
        bar.close()
