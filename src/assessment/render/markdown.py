"""Executed notebook → Pandoc Markdown of its outputs (inputs hidden).

Only ``text/markdown`` display outputs are used, in cell order. Markdown cells, streams,
``text/plain``, ``text/html`` and ``image/png`` outputs are dropped: charts are SVG files
written next to the executed notebook and referenced from Markdown, e.g.
``![Caption](figures/x.svg){#fig-x fig-alt="..."}``; relative image paths are rewritten
to absolute ones so that a document combining several notebooks still resolves them.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import nbformat

from assessment.errors import BuildError

__all__ = ["notebook_to_markdown", "cell_is_hidden", "relocate_images"]

HIDDEN_TAGS = frozenset({"remove-cell", "remove-output", "review"})
_OPTION = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
# ![alt](target "title"){attrs} – alt may contain escaped brackets.
_IMAGE = re.compile(
    r"(?P<head>!\[(?:\\.|[^\]\\])*\]\()"
    r"(?P<target><[^>]*>|[^)\s]+)"
    r"(?P<tail>(?:\s+\"[^\"]*\")?\))"
)
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _options(cell) -> dict[str, str]:
    """Quarto cell options: the leading ``#| key: value`` lines of a code cell."""
    options: dict[str, str] = {}
    for line in _source(cell).splitlines():
        match = _OPTION.match(line)
        if not match:
            if line.strip():
                break
            continue
        options[match.group(1)] = match.group(2).strip().strip("'\"").lower()
    return options


def cell_is_hidden(cell) -> bool:
    """True when the cell contributes nothing to the report."""
    tags = set(cell.get("metadata", {}).get("tags", []) or [])
    if tags & HIDDEN_TAGS:
        return True
    options = _options(cell)
    return options.get("include") == "false" or options.get("output") == "false"


def _map_images(markdown: str, target_for) -> str:
    """Each image's target through ``target_for(bare) -> str | None`` (None: unchanged);
    a new target with spaces or brackets is written in angle brackets."""
    def fix(match: re.Match) -> str:
        target = match.group("target")
        new = target_for(target[1:-1] if target.startswith("<") else target)
        if new is None:
            return match.group(0)
        if re.search(r"[\s()<>]", new):
            new = f"<{new}>"
        return f"{match.group('head')}{new}{match.group('tail')}"

    return _IMAGE.sub(fix, markdown)


def _rewrite_images(markdown: str, base: Path) -> str:
    return _map_images(markdown, lambda bare: None if not bare or _ABSOLUTE.match(bare)
                       else (base / bare).resolve().as_posix())


def relocate_images(markdown: str, project: Path, folder: str = "figures") -> str:
    """Copy the images that ``markdown`` names by absolute path into ``project/folder``
    and name them relative to ``project`` (Quarto lets Typst read only files inside
    its project). Two images of the same name get distinct names."""
    import shutil

    dest = project / folder
    copied: dict[str, str] = {}

    def relocated(bare: str) -> str | None:
        source = Path(bare)
        if not source.is_absolute() or not source.is_file():
            return None
        if bare not in copied:
            dest.mkdir(parents=True, exist_ok=True)
            name, n = source.name, 1
            while (dest / name).exists():
                n += 1
                name = f"{source.stem}-{n}{source.suffix}"
            shutil.copyfile(source, dest / name)
            copied[bare] = f"{folder}/{name}"
        return copied[bare]

    return _map_images(markdown, relocated)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _cell_label(index: int, cell) -> str:
    cell_id = cell.get("id")
    return f"cell {index}" + (f" (id {cell_id})" if cell_id else "")


def notebook_to_markdown(path: Path | str) -> str:
    """The Markdown of an executed notebook's ``text/markdown`` outputs, NFC."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any read failure is a build error
        raise BuildError(f"Cannot read notebook {path}: {exc}. "
                         "Re-run the build to re-execute it.") from exc
    base = path.parent.resolve()
    parts: list[str] = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs", [])
        tolerated = "raises-exception" in (cell.get("metadata", {}).get("tags") or [])
        for output in outputs:
            if output.get("output_type") == "error" and not tolerated:
                raise BuildError(
                    f"Notebook {path.name}, {_cell_label(index, cell)} failed: "
                    f"{output.get('ename', 'Error')}: {output.get('evalue', '')}. "
                    f"Open {path} to see the traceback.")
        if cell_is_hidden(cell):
            continue
        for output in outputs:
            data = output.get("data") or {}
            if output.get("output_type") in ("display_data", "execute_result") \
                    and "text/markdown" in data:
                text = _text(data["text/markdown"]).strip("\n")
                if text.strip():
                    parts.append(_rewrite_images(text, base))
    body = "\n\n".join(parts)
    return unicodedata.normalize("NFC", body + "\n" if body else "")
