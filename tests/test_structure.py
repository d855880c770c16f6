"""The package's shape, as the design fixes it: stage subpackages whose imports point one
way, no cycle, small modules, light package imports, and one source for each list
(the notebooks' parameters are the Params fields; their parts are the registry's)."""
from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import MISSING, fields
from pathlib import Path

import papermill
import pytest

from assessment.params import Params
from assessment.report import parts
from conftest import notebook_parts

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "assessment"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
STAGES = ("plan", "intake", "progress", "report", "render", "build")
# top-level modules every stage may use; params is the configuration passed down: it
# knows the methods' names (plan) and reads the edition's official parameters (intake)
SHARED = {"errors", "paths", "yamlio", "i18n", "values"}
TOP_MAY_USE = {"params": {"plan", "intake"}}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts_ = list(rel.parts)
        if parts_[-1] == "__init__":
            parts_ = parts_[:-1]
        out[".".join(parts_)] = path
    return out


def _imports(path: Path) -> set[str]:
    """Modules of the package imported anywhere in ``path`` (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the package imports absolutely")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("assessment"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("assessment"))
    return found


def _resolve(name: str, modules: dict) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for mod, path in modules.items():
        targets = {_resolve(n, modules) for n in _imports(path)}
        graph[mod] = {t for t in targets if t and t != mod and not mod.startswith(t + ".")}
    return graph


def _stage(module: str) -> str:
    parts_ = module.split(".")
    return parts_[1] if len(parts_) > 1 else ""


def test_six_stage_subpackages():
    found = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert found == sorted(STAGES)


def test_dependencies_point_one_way():
    wrong = []
    for mod, targets in _graph().items():
        stage = _stage(mod)
        for target in targets:
            other = _stage(target)
            if target == "assessment" or other in SHARED:
                continue
            if stage in STAGES:
                ok = other in STAGES and STAGES.index(other) <= STAGES.index(stage) \
                    or other == "params"
            elif stage in SHARED:
                ok = other in SHARED
            else:  # cli, params, the notebooks' facade
                ok = other in TOP_MAY_USE.get(stage, set(STAGES) | {"params", "cli"})
            if not ok:
                wrong.append(f"{mod} imports {target}")
    assert wrong == []


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_modules_are_small():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_LINES}
    assert long == {}


def test_package_imports_stay_light():
    """The unchanged-build path (the CLI, the build's planning, the parameters and each
    stage package) never imports pandas: a build with nothing to do stays under a second."""
    code = ("import sys, assessment.cli, assessment.build.pipeline, assessment.params\n"
            + "".join(f"import assessment.{s}\n" for s in STAGES)
            + "print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_parameters_are_the_params_fields(notebook):
    found = papermill.inspect_notebook(str(notebook))
    expected = {f.name: f for f in fields(Params)}
    assert list(found) == list(expected)
    for name, info in found.items():
        field = expected[name]
        assert info["inferred_type_name"] == field.type
        assert field.default is not MISSING
        assert ast.literal_eval(info["default"]) == field.default
        assert info["help"], f"{notebook.name}: parameter {name} has no comment"


def test_notebooks_show_every_part_and_only_parts():
    shown = [name for _, name, _ in notebook_parts()]
    cards = [name for _, name, _ in notebook_parts("notebooks/par_index")]
    assert cards and all(name.startswith("par_") for name in cards)
    assert set(shown) | set(cards) == set(parts.names())
    with pytest.raises(Exception, match="no report part 'nope'.*summary"):
        parts.get("nope")


def test_a_part_draws_or_not_as_declared():
    assert parts.get("results").draws and parts.get("annex_area").draws
    assert not parts.get("summary").draws  # the summary's sentences come before any chart
    assert not parts.get("quality").draws and not parts.get("methodology").draws
    assert not parts.get("area").draws  # the body has no charts per area: the annex has
