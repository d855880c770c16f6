"""Packaging: one set of versions for pip (pyproject.toml) and conda (environment.yml);
the Makefile uses an activated conda environment instead of creating .venv."""
from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml

from assessment.render.quarto import SUPPORTED

ROOT = Path(__file__).resolve().parent.parent
_REQ = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*(.*?)\s*$")


def _pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    out = {}
    for req in reqs:
        name, spec = _REQ.match(req.split(";")[0]).groups()
        out[name.lower()] = spec.replace(" ", "")
    return out


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            name, spec = _REQ.match(re.sub(r"^([A-Za-z0-9_.-]+)=(?!=)", r"\1==", item)).groups()
            out[name.lower()] = spec.replace(" ", "")
    return out


def test_environment_yml_has_the_versions_of_pyproject():
    pip, conda = _pip_requirements(), _conda_requirements()
    assert {name: (spec, conda.get(name)) for name, spec in pip.items()
            if conda.get(name) != spec} == {}
    # and nothing else but the interpreter, the tools and Quarto
    assert set(conda) - set(pip) == {"python", "pip", "make", "quarto"}


def test_environment_quarto_is_the_supported_version():
    (lo_major, lo_minor), (hi_major, hi_minor) = SUPPORTED
    assert _conda_requirements()["quarto"] == f">={lo_major}.{lo_minor},<{hi_major}.{hi_minor}"


def test_pyproject_licence_is_spdx_and_backend_bounded():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"
    backend = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    assert backend and "<" in backend[0] and ">=77" in backend[0]
    assert "quarto-cli" not in str(data["project"])


def _make_dry(target: str, year: str | None = None, **env: str) -> str:
    """What ``make -n`` would run (every step, as on a fresh checkout), in ``env``."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("CONDA_PREFIX", "CONDA_DEFAULT_ENV", "VIRTUAL_ENV", "MAKEFLAGS")}
    args = ["make", "-n", "-B", target, *([f"YEAR={year}"] if year else [])]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=clean | env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_uses_an_activated_conda_environment(tmp_path):
    out = _make_dry("report", CONDA_PREFIX=str(tmp_path / "env"), CONDA_DEFAULT_ENV="huongkhe-par")
    assert f"{tmp_path}/env/bin/assessment build" in out
    assert "-m venv" not in out and "--no-deps" in out


def test_make_ignores_the_conda_base_environment(tmp_path):
    out = _make_dry("report", CONDA_PREFIX=str(tmp_path / "base"), CONDA_DEFAULT_ENV="base")
    assert "-m venv .venv" in out and ".venv/bin/assessment build" in out


def test_make_creates_a_venv_otherwise():
    out = _make_dry("test")
    assert "-m venv .venv" in out and ".venv/bin/python -m pytest" in out


def test_make_runs_the_documented_subcommands():
    assert ".venv/bin/assessment validate --year 2026" in _make_dry("validate", "2026")
    assert ".venv/bin/assessment template --year 2026" in _make_dry("template", "2026")
    assert ".venv/bin/assessment plan" in _make_dry("plan")
