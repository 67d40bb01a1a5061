"""Every notebook has one parameters cell, of plain values, that papermill can set (issue 12, item 5)."""

import ast
import json
from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def parameters_cells(nb):
    return [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]


def defaults(path):
    """{name: value} of a notebook's parameters cell, which must define its values on its own."""
    cells = parameters_cells(json.loads(path.read_text(encoding="utf-8")))
    assert len(cells) == 1, f"{path.name} has {len(cells)} cells tagged 'parameters'; papermill sets only the first"
    source = "".join(cells[0]["source"])
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign), f"{path.name}: the parameters cell holds more than assignments"
    namespace = {}
    exec(source, namespace)  # plain values: nothing from the notebook's other cells (no imports, no networks)
    return {name: value for name, value in namespace.items() if name != "__builtins__"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_plain_values(path):
    values = defaults(path)
    assert values, f"{path.name}: the parameters cell sets nothing"
    for name, value in values.items():
        assert isinstance(value, (int, float, str, bool, list, tuple, dict, type(None))), (
            f"{path.name}: parameter {name} is a {type(value).__name__}, not a plain value papermill can pass"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_injects_every_parameter_after_the_parameters_cell(path, tmp_path):
    values = defaults(path)
    # papermill's own reading of the cell misses names whose value spans lines or calls dict(): injecting
    # them works all the same, and is what this test checks
    assert set(papermill.inspect_notebook(str(path))) <= set(values), f"papermill reads other names in {path.name}"
    out = tmp_path / path.name
    papermill.execute_notebook(str(path), str(out), parameters=values, prepare_only=True, progress_bar=False)
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    tags = [c.get("metadata", {}).get("tags", []) for c in cells]
    at = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert "injected-parameters" in tags[at + 1], f"{path.name}: papermill did not inject after the parameters cell"
    injected = {n.targets[0].id for n in ast.parse("".join(cells[at + 1]["source"])).body}
    assert injected == set(values)
