"""Quarto's pre-render step (``_quarto.yml``): the last built edition as Quarto source.

``quarto render`` at the repository root runs this first; it writes
``edition/<lang>/report.qmd`` for the active profile's language (vi by default, en with
``--profile en``) from the executed notebooks in ``_site/``. Run it with the project's
Python (``. .venv/bin/activate``, or the conda environment), after ``make report``.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

try:
    import nbformat  # noqa: F401 - the project's dependencies, not only its source
    import yaml  # noqa: F401

    from assessment.errors import AssessmentError
    from assessment.render.edition_source import profile_lang, write_last_edition
except ImportError as exc:
    sys.exit(f"error: {exc.name} is missing from {sys.executable}: run quarto render with "
             "the project's Python on PATH (`. .venv/bin/activate` after `make report`, or "
             "`conda activate huongkhe-par`).")

if __name__ == "__main__":
    lang = profile_lang(os.environ.get("QUARTO_PROFILE"))
    try:
        source = write_last_edition(ROOT, lang)
    except AssessmentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"edition source: {source.relative_to(ROOT)}")
