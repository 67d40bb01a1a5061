"""The exercises: the solution notebooks' nbgrader metadata is what notebooks/make_student_versions.py
writes, every notebook has its exercises, and the student versions (nbgrader's release, compared with a
fresh one in tests/test_nbgrader.py) have no outputs, give no answer away above an exercise's check, and
say "not done yet" in every check run on an untouched stub."""

import ast
import contextlib
import copy
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from nnlib.exercises import NOT_DONE, Verdict

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
spec = importlib.util.spec_from_file_location("make_student_versions", NOTEBOOKS / "make_student_versions.py")
msv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(msv)

SOLUTIONS = msv.solution_notebooks()
MINIMUM = 3  # the fewest exercises a notebook has (issue 21)


def cell(kind, source, **metadata):
    c = {"cell_type": kind, "id": f"c{abs(hash(source)) % 10**8}", "metadata": metadata, "source": source}
    if kind == "code":
        c.update(execution_count=1, outputs=[])
    return c


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the script's metadata
DEMO = notebook(
    cell("code", "import numpy as np"),
    cell("markdown", "### Exercise 4.1 · Softmax\n\nWrite it."),
    cell("code", "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
    cell("code", "def g():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION"),
    cell("code", "check(f, g)", tags=["check"]),
    cell("markdown", "### Question 4.2 · Why?"),
    cell("markdown", "Because 42.", nbgrader={"solution": True, "grade": False, "grade_id": "old"}),
    cell("markdown", "Prose.", nbgrader={"grade": True, "grade_id": "stray"}),
)


def test_metadata_marks_solutions_checks_and_written_answers():
    cells = msv.with_nbgrader_metadata(DEMO, "04_demo.ipynb")["cells"]
    meta = [c["metadata"].get("nbgrader") for c in cells]
    assert meta[0] is None and meta[1] is None and meta[5] is None
    assert meta[2] == {"grade": False, "grade_id": "ex-4-1", "locked": False, "schema_version": 3, "solution": True}
    assert meta[3]["grade_id"] == "ex-4-1-b" and meta[3]["solution"] and not meta[3]["grade"]
    assert meta[4] == {
        "grade": True,
        "grade_id": "ex-4-1-check",
        "locked": True,
        "points": msv.CHECK_POINTS,
        "schema_version": 3,
        "solution": False,
    }
    assert meta[6] == {
        "grade": True,
        "grade_id": "ex-4-2",
        "locked": False,
        "points": msv.WRITTEN_POINTS,
        "schema_version": 3,
        "solution": True,
    }
    assert meta[7] is None  # nbgrader metadata on a cell that is no exercise is removed
    assert cells[4]["metadata"]["tags"] == ["check"]


def test_metadata_is_idempotent_and_leaves_its_input_alone():
    once = msv.with_nbgrader_metadata(DEMO, "04_demo.ipynb")
    assert msv.with_nbgrader_metadata(once, "04_demo.ipynb") == once
    assert "nbgrader" not in DEMO["cells"][2]["metadata"]


def test_an_exercise_cell_needs_a_heading_above_it():
    nb = notebook(cell("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"))
    with pytest.raises(ValueError, match="04_demo.ipynb, cell 0: .* no '### Exercise N.M' heading"):
        msv.with_nbgrader_metadata(nb, "04_demo.ipynb")


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\nx = 1\n", "without an ### END SOLUTION"),
        ("x = 1\n### END SOLUTION\n", "line 2: ### END SOLUTION without a ### BEGIN SOLUTION"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "line 2: ### BEGIN SOLUTION inside another"),
        ("x = 1  ### BEGIN SOLUTION\n", "must stand alone"),
    ],
)
def test_unbalanced_markers_are_refused_naming_the_place(source, message):
    with pytest.raises(ValueError, match=message):
        msv.check_markers(cell("code", source), "nb, cell 3")


def test_a_marker_outside_a_code_cell_is_refused():
    with pytest.raises(ValueError, match="00_demo.ipynb, cell 0: solution markers must stand alone"):
        msv.with_nbgrader_metadata(notebook(cell("markdown", "see ### BEGIN SOLUTION")), "00_demo.ipynb")


# ---------------------------------------------------------------- the committed notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_notebook_has_the_metadata_the_script_writes(path):
    text = path.read_text(encoding="utf-8")
    assert msv.dumps(msv.with_nbgrader_metadata(json.loads(text), path.name)) == text, (
        f"{path.name}: its nbgrader metadata is out of date: run notebooks/make_student_versions.py"
    )


def exercises(nb):
    """The code exercises, [(indices of the solution cells, index of the check cell after them or None)],
    and the indices of the written answers."""
    groups, current = [], []
    for i, c in enumerate(nb["cells"]):
        if msv.has_solution(c):
            current.append(i)
        elif msv.is_check(c) and current:
            groups.append((current, i))
            current = []
    if current:
        groups.append((current, None))
    return groups, [i for i, c in enumerate(nb["cells"]) if msv.is_written_answer(c)]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_notebook_has_its_exercises_each_with_a_check_or_model_answer(path):
    nb = read(path)
    code, written = exercises(nb)
    assert len(code) + len(written) >= MINIMUM, (
        f"{path.name} has {len(code)} code exercises and {len(written)} written questions, fewer than {MINIMUM}"
    )
    for solutions, check in code:
        assert check is not None, f"{path.name}: the code exercise in cells {solutions} has no check cell after it"
    for i in written:
        assert "".join(nb["cells"][i]["source"]).strip(), f"{path.name}: cell {i} has no model answer"


def student_version(path):
    return read(msv.STUDENT_DIR / path.name)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_version_has_no_outputs(path):
    stored = [i for i, c in enumerate(student_version(path)["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert not stored, f"student/{path.name}: cells {stored} keep outputs; run notebooks/make_student_versions.py"


# ---------------------------------------------------------------- nothing above a check gives its answer away
def squeeze(text):
    return re.sub(r"\s+", "", text)


def solution_lines(source):
    """The lines of substance of a cell's solution regions, without blanks and comments, each reduced to
    what it computes (no ``return``, no assignment target) and without white space."""
    lines, inside = [], False
    for line in source.split("\n"):
        text = line.strip()
        if text in (msv.BEGIN, msv.END):
            inside = text == msv.BEGIN
            continue
        if not inside or not text or text.startswith("#"):
            continue
        text = re.sub(r"^return\s+", "", text.split("  #")[0])
        text = squeeze(re.sub(r"^[\w\[\]., ]+\s*[-+*/]?=(?!=)", "", text))
        if len(text) >= 12:  # shorter ones (``a - y``, ``0.0``) are in any notebook
            lines.append(text)
    return lines


#: numbers of a model answer that give it away: a decimal point and three significant digits or more
KEY_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


def key_numbers(text):
    return {n for n in KEY_NUMBER.findall(text) if len(n.replace(".", "").lstrip("0")) >= 3}


def cell_text(c, outputs=False):
    text = "".join(c["source"])
    if outputs:
        for out in c.get("outputs", []):
            text += "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
    return text


def leaks(solution_nb, student_nb, outputs=False):
    """What the student version shows (its sources, and its outputs if ``outputs``) above each exercise's
    check, or above a written question, of the exercise's solution lines or model answer's key numbers."""
    cells = solution_nb["cells"]
    position = {c["id"]: i for i, c in enumerate(student_nb["cells"])}
    found = []
    for solutions, check in exercises(solution_nb)[0]:
        if check is None:
            continue
        # the exercise's own heading, question and stubs may name what the answer builds on (a function to call, the
        # names of the results): what gives the answer away stands above the exercise, or in an output within it
        first = min(solutions)
        heading = max(
            [
                j
                for j in range(first)
                if cells[j]["cell_type"] == "markdown" and msv.HEADING.search(cell_text(cells[j]))
            ],
            default=first,
        )
        start, end = position[cells[heading]["id"]], position[cells[check]["id"]]
        shown = [cell_text(c, outputs) for c in student_nb["cells"][:start]]
        if outputs:
            shown += [cell_text(c, True)[len(cell_text(c)) :] for c in student_nb["cells"][start:end]]
        above = squeeze("\n".join(shown))
        for i in solutions:
            found += [f"cell {i}: {line}" for line in solution_lines(cell_text(cells[i])) if line in above]
    for i in exercises(solution_nb)[1]:
        start = max(
            j for j in range(i) if cells[j]["cell_type"] == "markdown" and msv.HEADING.search(cell_text(cells[j]))
        )
        question = "\n".join(cell_text(c) for c in cells[start:i])
        numbers = key_numbers(cell_text(cells[i])) - key_numbers(question)
        above = "\n".join(cell_text(c, outputs) for c in student_nb["cells"][: position[cells[start]["id"]]])
        found += [f"cell {i}: {n}" for n in sorted(numbers) if n in key_numbers(above)]
    return found


def test_leaks_finds_a_solution_line_or_a_key_number_above_the_exercise():
    solution = msv.with_nbgrader_metadata(
        notebook(
            cell("markdown", "Goals: the initial loss is ln 10 = 2.30, and softmax is np.exp(z - z.max())."),
            cell("markdown", "### Exercise 4.1 · Softmax"),
            cell("code", "def f(z):\n    ### BEGIN SOLUTION\n    e = np.exp(z - z.max())\n    ### END SOLUTION"),
            cell("code", "check(f)", tags=["check"]),
            cell("markdown", "### Question 4.2 · The initial loss (0.1 each)"),
            cell("markdown", "About 2.30, and 0.1.", nbgrader={"solution": True}),
        ),
        "04_demo.ipynb",
    )
    student = copy.deepcopy(solution)
    student["cells"][2]["source"] = f"def f(z):\n    # YOUR CODE HERE\n    {msv.STUB}"
    assert leaks(solution, student) == ["cell 2: np.exp(z-z.max())", "cell 5: 2.30"]
    student["cells"][0]["source"] = "Goals: the initial loss, and a softmax that cannot overflow."
    assert leaks(solution, student) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_nothing_above_an_exercise_gives_its_answer_away(path):
    found = leaks(read(path), student_version(path))
    assert not found, f"student/{path.name} shows above the exercise's check or question:\n" + "\n".join(found)


# ---------------------------------------------------------------- the stubs
def run_cell(source, namespace):
    """Execute a code cell's source in ``namespace`` and return the value of its last expression."""
    source = "\n".join(line for line in source.split("\n") if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None


def student_checks():
    for path in SOLUTIONS:
        if not (msv.STUDENT_DIR / path.name).exists():
            continue
        solution = read(path)
        for solutions, check in exercises(solution)[0]:
            if check is not None:
                stubs = [solution["cells"][i]["id"] for i in solutions]
                yield pytest.param(path, stubs, solution["cells"][check]["id"], id=f"{path.stem}-cell{check}")


@pytest.mark.parametrize("path, stubs, check", list(student_checks()))
def test_every_check_on_an_untouched_stub_says_not_done(path, stubs, check):
    cells = {c["id"]: c for c in student_version(path)["cells"]}
    imports = next(c for c in cells.values() if c["cell_type"] == "code")
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        run_cell("".join(imports["source"]), namespace)
        for stub in stubs:
            run_cell("".join(cells[stub]["source"]), namespace)
        verdict = run_cell("".join(cells[check]["source"]), namespace)
    assert isinstance(verdict, Verdict), f"the check cell {check} does not end with a check call: {verdict!r}"
    assert not verdict, f"the check cell {check} passes on the stub"
    assert NOT_DONE in verdict.message, f"the check cell {check} says {verdict.message!r} on the stub"
