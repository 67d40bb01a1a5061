"""The exercises under nbgrader, as an instructor runs it (the README's commands, in a course directory
made by notebooks/make_student_versions.py --course):

* the checks' grading mode: in class a check returns its verdict; while nbgrader runs the notebook a
  wrong verdict raises an AssertionError with the same text, and a correct one is printed;
* ``nbgrader generate_assignment`` accepts every solution notebook, and its release is notebooks/student/;
* ``nbgrader autograde`` gives the solution notebooks full marks on every check (their written answers
  wait for the instructor), the untouched release 0, and a submission with one typical mistake (the
  answer computed but not returned) loses exactly that exercise's points, and ``nbgrader
  generate_feedback`` shows the student the check's message.

Autograding runs the notebooks, so only the fast ones are graded here: the solutions of notebooks 01 and 02
(seconds each), and the release and the mistake of notebook 01.
"""

import ast
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from nnlib import exercises
from nnlib.exercises import GRADING, Verdict, attempt, check_function, compare, correct, wrong
from tests.test_student_versions import SOLUTIONS, msv, run_cell
from tests.test_student_versions import exercises as exercises_of

GRADED = ("01_", "02_")  # the notebooks autograded here: their prefixes


# ---------------------------------------------------------------- grading mode
def test_in_class_a_wrong_answer_is_a_verdict(monkeypatch):
    monkeypatch.delenv(GRADING, raising=False)
    verdict = wrong("your dW is off.")
    assert verdict == Verdict(False, "your dW is off.") and repr(verdict) == "✗ your dW is off."
    assert correct("dW")._ipython_display_ is None  # IPython shows the repr as the cell's result


@pytest.mark.parametrize("mode", ["autograde", "validate"])  # nbgrader autograde and nbgrader validate
def test_under_nbgrader_a_wrong_answer_raises_its_message(monkeypatch, capsys, mode):
    monkeypatch.setenv(GRADING, mode)
    with pytest.raises(AssertionError, match="^✗ your dW is off.$"):
        wrong("your dW is off.")
    with pytest.raises(AssertionError, match="has the wrong sign"):
        compare([-1.0, -2.0], [1.0, 2.0], "your dW")
    with pytest.raises(AssertionError, match=f"^✗ {re.escape(exercises.NOT_DONE)}"):
        attempt(lambda: exec("raise NotImplementedError()"))
    with pytest.raises(AssertionError, match="your code raised ZeroDivisionError"):
        check_function(lambda x: x / 0, (1,), 1.0, "your x")
    verdict = check_function(lambda x: 2 * x, (1.0,), 2.0, "your x")
    assert verdict.ok
    verdict._ipython_display_()  # printed, not the cell's result: nbgrader would read a result as a score
    assert capsys.readouterr().out == repr(verdict) + "\n"


@pytest.mark.parametrize("mode", [None, "autograde"])
def test_a_hint_is_added_to_the_message_in_both_modes(monkeypatch, mode):
    """A check adds to the message of attempt or compare with ``explain``: it cannot replace a failing
    Verdict it was given, since under nbgrader that Verdict has already raised."""
    if mode:
        monkeypatch.setenv(GRADING, mode)
    else:
        monkeypatch.delenv(GRADING, raising=False)

    def hint(message):
        return message + " Compare the shapes."

    for make in (
        lambda: attempt(lambda: [1] @ [2], explain=hint)[1],
        lambda: compare([[1.0, 2.0]], [[1.0], [2.0]], "your A", explain=hint),
    ):
        if mode:
            with pytest.raises(AssertionError, match=r"Compare the shapes\.$"):
                make()
        else:
            assert make().message.endswith(" Compare the shapes.")


def test_checks_make_failing_verdicts_only_with_wrong():
    """A Verdict(False, ...) made directly would not fail the cell under nbgrader."""
    package = Path(exercises.__file__).parent
    direct = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Verdict":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and first.value is True) and path.name != "__init__.py":
                    direct.append(f"{path.name}, line {node.lineno}")
    assert not direct, "Verdict(False, ...) made directly (use wrong(...)): " + ", ".join(direct)


# ---------------------------------------------------------------- generate_assignment
@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory with every solution notebook, released by ``nbgrader generate_assignment "*"``."""
    root = tmp_path_factory.mktemp("course")
    msv.course_directory(root, SOLUTIONS)
    try:
        log = msv.nbgrader(root, "generate_assignment", "*")
    except RuntimeError as err:
        log = str(err)
    return root, log


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_generate_assignment_accepts_the_solution_notebook(course, path):
    root, log = course
    released = root / "release" / path.stem / path.name
    assert released.exists(), f"nbgrader generate_assignment did not release {path.name}:\n{log}"
    committed = msv.STUDENT_DIR / path.name
    assert committed.exists() and committed.read_text(encoding="utf-8") == released.read_text(encoding="utf-8"), (
        f"student/{path.name} is not nbgrader's release: run notebooks/make_student_versions.py"
    )


# ---------------------------------------------------------------- autograde and feedback
def forgotten_return(nb):
    """A copy of solution notebook ``nb`` whose first exercise that returns its answer computes it but does
    not return it (the last ``return x`` of its solution regions becomes ``answer = x``): the indices of
    the exercise's solution cells and of its check, and the copy."""
    nb = dict(nb, cells=[dict(c) for c in nb["cells"]])
    for solutions, check in exercises_of(nb)[0]:
        for i in reversed(solutions):
            lines, inside, last = msv.source_of(nb["cells"][i]).split("\n"), False, None
            for number, line in enumerate(lines):
                inside = (inside or line.strip() == msv.BEGIN) and line.strip() != msv.END
                last = number if inside and line.strip().startswith("return ") else last
            if last is not None and check is not None:
                lines[last] = lines[last].replace("return ", "answer = ", 1)
                nb["cells"][i]["source"] = "\n".join(lines)
                return solutions, check, nb
    raise AssertionError("no exercise of the notebook returns its answer in a solution region")


def in_class(nb, solutions, check):
    """The verdict a student reads in class from the check cell ``check`` of notebook ``nb``, run in this
    process after its first code cell (the imports) and the exercise's ``solutions`` cells."""
    namespace = {}
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    for c in [first] + [nb["cells"][i] for i in solutions]:
        run_cell(msv.source_of(c), namespace)
    return run_cell(msv.source_of(nb["cells"][check]), namespace)


@pytest.fixture(scope="module")
def graded(course):
    """The course after ``nbgrader autograde "*"`` and ``nbgrader generate_feedback "*" --student mistake`` of
    three students' submissions: 'solution' (the solution notebooks 01 and 02), 'release' (notebook 01's
    release untouched) and 'mistake' (notebook 01 with one wrong answer); returns the grades, and the
    mistake's notebook, check cell and verdict in class."""
    root, _ = course
    paths = [p for p in SOLUTIONS if p.name.startswith(GRADED)]
    assert len(paths) == len(GRADED), f"no notebook for each of {GRADED}"
    first = paths[0]
    for student, folder, submitted in (("solution", "source", paths), ("release", "release", [first])):
        for path in submitted:
            target = root / "submitted" / student / path.stem
            target.mkdir(parents=True)
            shutil.copy(root / folder / path.stem / path.name, target / path.name)
    nb = json.loads((root / "source" / first.stem / first.name).read_text(encoding="utf-8"))
    solutions, check, mistaken = forgotten_return(nb)
    (root / "submitted" / "mistake" / first.stem).mkdir(parents=True)
    (root / "submitted" / "mistake" / first.stem / first.name).write_text(msv.dumps(mistaken), encoding="utf-8")
    verdict = in_class(mistaken, solutions, check)
    assert isinstance(verdict, Verdict) and not verdict, f"the mistake passes its check in class: {verdict!r}"
    msv.nbgrader(root, "autograde", "*")
    msv.nbgrader(root, "generate_feedback", "*", "--student", "mistake")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        grades = {
            (student, path.stem): {
                g.name: (g.score, g.max_score, g.needs_manual_grade, g.cell_type)
                for g in gradebook.find_submission_notebook(path.stem, path.stem, student).grades
            }
            for student in ("solution", "release", "mistake")
            for path in paths
            if student == "solution" or path == first
        }
    return root, grades, first, mistaken["cells"][check]["metadata"]["nbgrader"]["grade_id"], verdict


def test_autograde_gives_the_solutions_full_marks(graded):
    _, grades, *_ = graded
    for (student, notebook), cells in grades.items():
        if student != "solution":
            continue
        for name, (score, max_score, manual, kind) in cells.items():
            if kind == "code":
                assert score == max_score, f"{notebook}, {name}: {score} of {max_score} points"
            else:  # a written answer is graded by hand
                assert manual and score == 0, f"{notebook}, {name}: a written answer not left to the instructor"


def test_autograde_gives_the_untouched_release_nothing(graded):
    _, grades, *_ = graded
    for (student, notebook), cells in grades.items():
        if student == "release":
            assert sum(score for score, *_ in cells.values()) == 0, f"{notebook}: {cells}"
            assert not any(manual for _, _, manual, _ in cells.values()), f"{notebook}: an unanswered question to grade"


def test_a_wrong_answer_loses_its_points_and_its_feedback_shows_the_check(graded):
    root, grades, first, grade_id, verdict = graded
    solution, mistake = grades["solution", first.stem], grades["mistake", first.stem]
    lost = {name for name in solution if mistake[name][0] != solution[name][0]}
    assert lost == {grade_id}, f"points lost on {lost}, not just on {grade_id}"
    assert mistake[grade_id][0] == 0
    feedback = (root / "feedback" / "mistake" / first.stem / f"{first.stem}.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", feedback))
    assert repr(verdict) in text, f"the feedback does not show the check's message {verdict!r}"
