"""Execute the parameterised notebooks with papermill, in parallel, with a cache.

A job is one notebook in one language. Its cache key covers the inputs (file hashes),
the parameters and the code (package, notebooks, configuration); a hit copies the
executed notebook and its figures instead of starting a kernel.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

log = logging.getLogger("assessment.build")


@dataclass(frozen=True)
class Job:
    notebook: Path  # source notebook
    lang: str
    parameters: tuple[tuple[str, object], ...]
    workdir: Path  # executed notebook + figures/ go here
    key: str  # cache key

    @property
    def name(self) -> str:
        return f"{self.lang}/{self.notebook.name}"

    @property
    def output(self) -> Path:
        return self.workdir / self.notebook.name


def code_fingerprint(paths: list[Path]) -> str:
    """SHA-256 over every file under ``paths`` (path names and bytes), order-independent."""
    h = hashlib.sha256()
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.is_file() and "__pycache__" not in f.parts)
    for f in files:
        h.update(f.name.encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def job_key(notebook: Path, lang: str, parameters: dict, inputs: dict, code: str) -> str:
    blob = json.dumps({"nb": notebook.name, "lang": lang, "params": parameters,
                       "inputs": inputs, "code": code}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _run(job: Job) -> str:
    """Execute one job in a worker process (papermill starts the kernel).

    The kernel's own chatter on standard error (transport warnings, shutdown notices) is
    silenced; a failing cell reaches the caller as papermill's exception instead."""
    import os

    import papermill as pm
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    job.workdir.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(str(job.notebook), str(job.output), parameters=dict(job.parameters),
                        cwd=str(job.workdir), kernel_name="python3", progress_bar=False,
                        log_output=False, request_save_on_cell_execute=False)
    return job.name


def _failure(job: Job, exc: BaseException, failed_dir: Path) -> BuildError:
    kept = failed_dir / job.lang / job.notebook.name
    if job.output.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(job.output, kept)
    cell = getattr(exc, "exec_count", None) or getattr(exc, "cell_index", "?")
    what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
    return BuildError(f"Notebook {job.name} failed at cell {cell}: {what}\n"
                      f"The executed notebook is kept for inspection: {kept}")


def _restore(job: Job, cache: Path) -> bool:
    entry = cache / job.key
    if not (entry / job.notebook.name).is_file():
        return False
    shutil.copytree(entry, job.workdir, dirs_exist_ok=True)
    return True


def _store(job: Job, cache: Path) -> None:
    entry = cache / job.key
    tmp = cache / f".{job.key}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    prefix = job.notebook.stem.split("_", 1)[-1]
    tmp.mkdir(parents=True)
    shutil.copy2(job.output, tmp / job.notebook.name)
    figs = job.workdir / "figures"
    if figs.is_dir():
        for f in figs.glob(f"{prefix}-*"):
            (tmp / "figures").mkdir(exist_ok=True)
            shutil.copy2(f, tmp / "figures" / f.name)
    shutil.rmtree(entry, ignore_errors=True)
    tmp.rename(entry)


def run_jobs(jobs: list[Job], *, cache: Path | None, jobs_n: int, failed_dir: Path,
             reuse: bool = True) -> dict:
    """Run every job (cached ones are copied unless ``reuse`` is false); the executed
    notebooks are stored in the cache. Raise BuildError on the first failure."""
    todo, hits = [], []
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
    with ProcessPoolExecutor(max_workers=max(1, min(jobs_n, len(todo)))) as pool:
        futures = {pool.submit(_run, job): job for job in todo}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                fut.result()
            except Exception as exc:  # papermill's error carries the cell and the message
                for other in futures:
                    other.cancel()
                raise _failure(job, exc, failed_dir) from None
            if bar is not None:
                bar.update(1)
            else:
                log.info("executed %s", job.name)
    if bar is not None:
        bar.close()
