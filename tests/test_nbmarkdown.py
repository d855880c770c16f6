"""assessment.render.markdown: only the Markdown outputs of an executed notebook, in order."""
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from assessment.errors import BuildError
from assessment.render.markdown import cell_is_hidden, notebook_to_markdown


def md_out(text, kind="display_data"):
    data = {"text/markdown": text, "text/plain": "<Markdown>"}
    if kind == "execute_result":
        return new_output(kind, data=data, execution_count=1)
    return new_output(kind, data=data)


def write(tmp_path: Path, cells, name="nb.ipynb") -> Path:
    path = tmp_path / name
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_outputs_in_order_inputs_and_other_mimetypes_dropped(tmp_path):
    cells = [
        new_markdown_cell("reviewer note"),
        new_code_cell("secret_source()", outputs=[md_out("# One"), md_out("two", "execute_result")]),
        new_code_cell("x", outputs=[
            new_output("stream", name="stdout", text="noise"),
            new_output("display_data", data={"text/plain": "plain", "text/html": "<b>h</b>",
                                             "image/png": "iVBORw0KGgo="}),
            md_out("three")]),
    ]
    out = notebook_to_markdown(write(tmp_path, cells))
    assert out == "# One\n\ntwo\n\nthree\n"
    for dropped in ("reviewer note", "secret_source", "noise", "plain", "<b>", "iVBOR"):
        assert dropped not in out


@pytest.mark.parametrize("cell", [
    new_code_cell("x", metadata={"tags": ["remove-cell"]}),
    new_code_cell("x", metadata={"tags": ["remove-output"]}),
    new_code_cell("x", metadata={"tags": ["review"]}),
    new_code_cell("#| include: false\nx"),
    new_code_cell("#| label: a\n#|output:   false\nx"),
])
def test_hidden_cells_contribute_nothing(tmp_path, cell):
    cell["outputs"] = [md_out("HIDDEN")]
    assert cell_is_hidden(cell)
    assert "HIDDEN" not in notebook_to_markdown(write(tmp_path, [cell, new_code_cell("y", outputs=[md_out("shown")])]))


def test_option_lines_only_at_the_top():
    assert not cell_is_hidden(new_code_cell("x = 1\n#| include: false"))
    assert not cell_is_hidden(new_code_cell("#| include: true\nx"))


def test_relative_images_become_absolute(tmp_path):
    (tmp_path / "figures").mkdir()
    cells = [new_code_cell("x", outputs=[md_out(
        '![Cap \\[1\\]](figures/x.png){#fig-x fig-alt="alt"}\n\n'
        '![Abs](/abs/y.png) ![Web](https://example.org/z.png) ![Space](fig ures/a b.png)')])]
    out = notebook_to_markdown(write(tmp_path, cells))
    assert f"![Cap \\[1\\]]({(tmp_path / 'figures/x.png').resolve().as_posix()}){{#fig-x" in out
    assert "](/abs/y.png)" in out and "](https://example.org/z.png)" in out


def test_error_output_names_notebook_and_cell(tmp_path):
    err = new_output("error", ename="ValueError", evalue="bad value", traceback=[])
    cells = [new_code_cell("ok"), new_code_cell("boom", outputs=[err])]
    with pytest.raises(BuildError) as info:
        notebook_to_markdown(write(tmp_path, cells, "03-areas.ipynb"))
    message = str(info.value)
    assert "03-areas.ipynb" in message and "cell 2" in message and "bad value" in message


def test_unreadable_notebook(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match="bad.ipynb"):
        notebook_to_markdown(bad)


def test_output_is_nfc(tmp_path):
    import unicodedata
    cells = [new_code_cell("x", outputs=[md_out(unicodedata.normalize("NFD", "Hương Khê ỹ"))])]
    out = notebook_to_markdown(write(tmp_path, cells))
    assert out == "Hương Khê ỹ\n"
