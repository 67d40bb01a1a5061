"""Give the solution notebooks beside this file their nbgrader metadata, and let nbgrader write the
student versions from them.

    .venv/bin/python notebooks/make_student_versions.py           # metadata, then notebooks/student/*.ipynb
    .venv/bin/python notebooks/make_student_versions.py --check   # exit 1 if either is out of date
    .venv/bin/python notebooks/make_student_versions.py --course ~/course   # an nbgrader course directory

The solution notebooks mark their exercises in nbgrader's conventions, and this script turns the marks
into nbgrader's cell metadata (``"nbgrader": {...}``), so that nbgrader takes the notebooks as its
source notebooks:

* a code cell with a line ``### BEGIN SOLUTION`` (and later ``### END SOLUTION``) is a solution cell,
  ``"ex-N-M"`` after the heading ``### Exercise N.M`` above it (``"ex-N-M-b"``, ... for a second one);
* a code cell tagged ``check`` calls an exercise's check (``nnlib.exercises``); it becomes an autograded
  test cell worth ``CHECK_POINTS``, locked, ``"ex-N-M-check"``. Under nbgrader a wrong answer makes the
  check raise an AssertionError with the check's message, which costs the points and is shown in the
  feedback; in class the check prints its verdict;
* a markdown cell whose metadata already has ``"nbgrader": {"solution": true, ...}`` holds the model
  answer to a written question (``### Exercise N.M`` or ``### Question N.M``): a manually graded answer
  worth ``WRITTEN_POINTS``, ``"ex-N-M"``;
* no other cell has nbgrader metadata.

The student versions in ``notebooks/student/`` are nbgrader's own release (``nbgrader
generate_assignment``, one assignment per notebook, named after it), made in a temporary course
directory: each solution region becomes ``# YOUR CODE HERE`` and ``raise NotImplementedError()``,
each model answer ``YOUR ANSWER HERE``, every output is cleared, and a first cell (``HEADER``) says
what to do.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STUDENT_DIR = HERE / "student"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "raise NotImplementedError()"  # what nbgrader puts in place of a solution in the student version
ANSWER = "YOUR ANSWER HERE"  # ... and of a model answer
CHECK_POINTS = 1  # points of an exercise's check cell (an autograded test)
WRITTEN_POINTS = 1  # points of a written answer (graded by hand)
HEADING = re.compile(r"^#{1,6}\s*(?:Exercise|Question)\s+(\d+)\.(\d+)\b", re.MULTILINE)
HEADER = (
    "*Student version, written by nbgrader from the solution notebook "
    "(`notebooks/make_student_versions.py`): the exercises are left for you. Write your code where it says "
    "`YOUR CODE HERE` (your answer where it says `YOUR ANSWER HERE`), then run the check cell below it.*"
)
#: the course directory's configuration (the README's too): the course is the folder of this file; the
#: header cell; outputs cleared with their execution times; up to 10 minutes for a cell when nbgrader runs a
#: notebook (cells that train take a while)
CONFIG = """\
import os

c = get_config()  # noqa: F821
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))  # this folder, whatever ~/.jupyter says
c.IncludeHeaderFooter.header = "header.ipynb"
c.ClearOutput.remove_metadata_fields = ["collapsed", "scrolled", "execution"]
c.Execute.timeout = 600
"""


def source_of(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def is_written_answer(cell):
    return cell["cell_type"] == "markdown" and cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)


def is_check(cell):
    return cell["cell_type"] == "code" and "check" in cell.get("metadata", {}).get("tags", [])


def has_solution(cell):
    return cell["cell_type"] == "code" and any(line.strip() == BEGIN for line in source_of(cell).split("\n"))


def check_markers(cell, where):
    """Refuse solution markers that nbgrader would not pair, naming the place."""
    inside = False
    for number, line in enumerate(source_of(cell).split("\n"), start=1):
        marker = line.strip()
        if (BEGIN in line or END in line) and (cell["cell_type"] != "code" or marker not in (BEGIN, END)):
            raise ValueError(f"{where}: solution markers must stand alone on their lines in a code cell")
        if marker == BEGIN:
            if inside:
                raise ValueError(f"{where}, line {number}: {BEGIN} inside another solution")
            inside = True
        elif marker == END:
            if not inside:
                raise ValueError(f"{where}, line {number}: {END} without a {BEGIN}")
            inside = False
    if inside:
        raise ValueError(f"{where}: {BEGIN} without an {END}")


def _metadata(grade_id, *, solution, grade, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def with_nbgrader_metadata(notebook, name):
    """A copy of a solution notebook (a dict in nbformat 4) with every cell's nbgrader metadata set from the
    conventions above; ``name`` names it in messages. Running it again changes nothing."""
    nb = copy.deepcopy(notebook)
    exercise, used = None, set()

    def unique(grade_id, where):
        for suffix in ["", "-b", "-c", "-d", "-e", "-f"]:
            if grade_id + suffix not in used:
                used.add(grade_id + suffix)
                return grade_id + suffix
        raise ValueError(f"{where}: too many cells for exercise {grade_id}")

    for index, cell in enumerate(nb["cells"]):
        where = f"{name}, cell {index}"
        check_markers(cell, where)
        metadata = cell.setdefault("metadata", {})
        if cell["cell_type"] == "markdown":
            headings = HEADING.findall(source_of(cell))
            if headings:
                exercise = "ex-{}-{}".format(*headings[-1])
        kind = "solution" if has_solution(cell) else "check" if is_check(cell) else None
        kind = "written" if is_written_answer(cell) else kind
        if kind is None:
            metadata.pop("nbgrader", None)
            continue
        if exercise is None:
            raise ValueError(f"{where}: an exercise's cell with no '### Exercise N.M' heading above it")
        if kind == "solution":
            meta = _metadata(unique(exercise, where), solution=True, grade=False, locked=False)
        elif kind == "check":
            meta = _metadata(unique(exercise + "-check", where), solution=False, grade=True, locked=True)
            meta["points"] = CHECK_POINTS
        else:
            meta = _metadata(unique(exercise, where), solution=True, grade=True, locked=False)
            meta["points"] = WRITTEN_POINTS
        metadata["nbgrader"] = meta
    return nb


def dumps(notebook):
    """The notebook as Jupyter and nbgrader write it (nbformat's JSON layout)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def solution_notebooks():
    return sorted(HERE.glob("[0-9][0-9]_*.ipynb"))


# ---------------------------------------------------------------- nbgrader
def nbgrader(course, *args):
    """Run ``nbgrader <args>`` in the course directory ``course``; its log is returned (and raised on failure)."""
    # nbgrader runs alembic, installed beside it, to make its database
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def course_directory(course, paths):
    """Make ``course`` an nbgrader course directory with one source assignment per solution notebook
    (``source/01_notation/01_notation.ipynb``, ...), with nbgrader metadata, and the configuration."""
    course = Path(course)
    (course / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    header = {
        "cells": [{"cell_type": "markdown", "id": "student-version", "metadata": {}, "source": HEADER}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (course / "header.ipynb").write_text(dumps(header), encoding="utf-8")
    for path in paths:
        folder = course / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nb = with_nbgrader_metadata(json.loads(path.read_text(encoding="utf-8")), path.name)
        (folder / path.name).write_text(dumps(nb), encoding="utf-8")
    return course


def release(course, paths):
    """nbgrader's student versions of the solution notebooks ``paths``: {file name: text}."""
    course_directory(course, paths)
    nbgrader(course, "generate_assignment", "*", "--force")
    return {p.name: (Path(course) / "release" / p.stem / p.name).read_text(encoding="utf-8") for p in paths}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--check", action="store_true", help="only check that the metadata and student versions are up to date"
    )
    parser.add_argument(
        "--course", metavar="DIR", help="only make DIR an nbgrader course directory with the solution notebooks"
    )
    args = parser.parse_args(argv)
    paths = solution_notebooks()
    if args.course:
        Path(args.course).mkdir(parents=True, exist_ok=True)
        course_directory(args.course, paths)
        print(f"made the nbgrader course directory {args.course}: cd there and run nbgrader generate_assignment '*'")
        return 0
    stale = []
    for path in paths:  # the metadata, in the solution notebooks
        text = path.read_text(encoding="utf-8")
        updated = dumps(with_nbgrader_metadata(json.loads(text), path.name))
        if updated != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(updated, encoding="utf-8")
                print(f"wrote nbgrader metadata into {path.relative_to(HERE.parent)}")
    with tempfile.TemporaryDirectory() as course:
        released = release(course, paths)
    if not args.check:
        STUDENT_DIR.mkdir(exist_ok=True)
    for name, text in released.items():
        target = STUDENT_DIR / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(f"student/{name}")
        if not args.check:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(HERE.parent)}")
    extra = sorted(set(p.name for p in STUDENT_DIR.glob("*.ipynb")) - set(released))
    for name in extra:
        stale.append(f"student/{name} (no solution notebook)")
        if not args.check:
            (STUDENT_DIR / name).unlink()
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run notebooks/make_student_versions.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
