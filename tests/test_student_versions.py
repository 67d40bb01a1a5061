"""The exercises: the student versions are exactly what the script writes from the solution notebooks, every
notebook has its exercises, and in a student version every check, run on the untouched stub, says the
exercise is not done yet (instead of passing, or crashing somewhere else)."""

import ast
import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from nnlib.exercises import NOT_DONE, Verdict

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
spec = importlib.util.spec_from_file_location("make_student_versions", NOTEBOOKS / "make_student_versions.py")
msv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(msv)

SOLUTIONS = msv.solution_notebooks()
#: the fewest exercises each notebook has (issue 14): three, and two in the last notebook
MINIMUM = {path.name: 3 for path in SOLUTIONS} | {SOLUTIONS[-1].name: 2}


def cell(kind, source, **metadata):
    c = {"cell_type": kind, "id": f"c{abs(hash(source)) % 10**8}", "metadata": metadata, "source": source}
    if kind == "code":
        c.update(execution_count=1, outputs=[{"output_type": "stream", "name": "stdout", "text": ["shown\n"]}])
    return c


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


# ---------------------------------------------------------------- the script
def test_a_solution_becomes_a_stub_at_its_indentation():
    source = "def f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    return x * y\n    ### END SOLUTION\n"
    assert msv.strip_solutions(source, "nb") == (
        "def f(x):\n    y = 2\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    )


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\nx = 1\n", "without an ### END SOLUTION"),
        ("x = 1\n### END SOLUTION\n", "line 2: ### END SOLUTION without a ### BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "line 2: ### BEGIN SOLUTION inside another"),
    ],
)
def test_unbalanced_markers_are_refused_naming_the_place(source, message):
    with pytest.raises(ValueError, match=message):
        msv.strip_solutions(source, "nb, cell 3")


def test_student_version_replaces_solutions_and_clears_only_their_outputs():
    nb = notebook(
        cell("code", "import numpy as np"),
        cell("code", "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
        cell("code", "check(f)", tags=["check"]),
        cell("markdown", "The answer is 42.", nbgrader={"solution": True, "grade": False, "grade_id": "q1"}),
        cell("markdown", "Prose stays."),
    )
    student = msv.student_version(nb, "00_demo.ipynb")
    cells = student["cells"]
    assert cells[0]["id"] == "student-version" and "00_demo.ipynb" in "".join(cells[0]["source"])
    assert cells[1]["outputs"] and cells[1]["execution_count"] == 1  # untouched
    assert "".join(cells[2]["source"]) == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert cells[2]["outputs"] == [] and cells[2]["execution_count"] is None
    assert cells[3]["outputs"] == [] and cells[3]["execution_count"] is None  # the check's output
    assert "".join(cells[4]["source"]) == "YOUR ANSWER HERE"
    assert "".join(cells[5]["source"]) == "Prose stays."
    assert "return 1" in "".join(nb["cells"][1]["source"])  # the solution is not modified


def test_a_marker_outside_a_code_cell_is_refused():
    with pytest.raises(ValueError, match="00_demo.ipynb, cell 0: solution markers must stand alone"):
        msv.student_version(notebook(cell("markdown", "see ### BEGIN SOLUTION")), "00_demo.ipynb")


# ---------------------------------------------------------------- the committed notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_version_is_what_the_script_writes(path):
    expected = msv.dumps(msv.student_version(json.loads(path.read_text(encoding="utf-8")), path.name))
    committed = msv.STUDENT_DIR / path.name
    assert committed.exists(), f"{committed} is missing: run notebooks/make_student_versions.py"
    assert committed.read_text(encoding="utf-8") == expected, (
        f"{committed.name} is out of date: run notebooks/make_student_versions.py"
    )


def exercises(nb):
    """[(solution cell index, its check cell index or None)] and the written answers' indices of a notebook."""
    cells = nb["cells"]
    code = [i for i, c in enumerate(cells) if msv.has_solution(c)]
    pairs = []
    for i in code:
        following = [j for j in range(i + 1, len(cells)) if msv.is_check(cells[j])]
        nxt = [j for j in code if j > i]
        check = following[0] if following and (not nxt or following[0] < nxt[0]) else None
        pairs.append((i, check))
    written = [i for i, c in enumerate(cells) if msv.is_written_answer(c)]
    return pairs, written


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_notebook_has_its_exercises_each_with_a_check_or_model_answer(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    pairs, written = exercises(nb)
    assert len(pairs) + len(written) >= MINIMUM[path.name], (
        f"{path.name} has {len(pairs)} code exercises and {len(written)} written questions, "
        f"fewer than {MINIMUM[path.name]}"
    )
    for i, check in pairs:
        assert check is not None, f"{path.name}: the code exercise in cell {i} has no check cell after it"
    for i in written:
        assert "".join(nb["cells"][i]["source"]).strip(), f"{path.name}: cell {i} has no model answer"


def run_cell(source, namespace):
    """Execute a code cell's source in ``namespace`` and return the value of its last expression."""
    source = "\n".join(line for line in source.split("\n") if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None


def student_checks():
    for path in SOLUTIONS:
        student = msv.STUDENT_DIR / path.name
        if not student.exists():
            continue
        nb = json.loads(student.read_text(encoding="utf-8"))
        pairs, _ = exercises(json.loads(path.read_text(encoding="utf-8")))
        for i, check in pairs:
            if check is not None:  # +1: the student version starts with its banner cell
                yield pytest.param(nb, i + 1, check + 1, id=f"{path.stem}-cell{i}")


@pytest.mark.parametrize("nb, stub, check", list(student_checks()))
def test_every_check_on_an_untouched_stub_says_not_done(nb, stub, check):
    cells = nb["cells"]
    imports = next(c for c in cells if c["cell_type"] == "code")
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        run_cell("".join(imports["source"]), namespace)
        run_cell("".join(cells[stub]["source"]), namespace)
        verdict = run_cell("".join(cells[check]["source"]), namespace)
    assert isinstance(verdict, Verdict), f"the check cell {check} does not end with a check call: {verdict!r}"
    assert not verdict, f"the check cell {check} passes on the stub"
    assert NOT_DONE in verdict.message, f"the check cell {check} says {verdict.message!r} on the stub"
