"""Write the student versions of the course's notebooks from the solution notebooks beside this file.

    .venv/bin/python notebooks/make_student_versions.py           # writes notebooks/student/*.ipynb
    .venv/bin/python notebooks/make_student_versions.py --check   # exit 1 if a student version is out of date
    .venv/bin/python notebooks/make_student_versions.py 02_backpropagation.ipynb   # that one only

The solution notebooks mark their exercises in nbgrader's conventions, so an instructor who uses
nbgrader can take them as they are:

* in a code cell, the solution stands between a line ``### BEGIN SOLUTION`` and a line
  ``### END SOLUTION``; the student version has ``# YOUR CODE HERE`` and ``raise NotImplementedError()``
  there instead, at the same indentation;
* a markdown cell whose metadata has ``"nbgrader": {"solution": true, ...}`` is a model answer to a
  written question; the student version has ``YOUR ANSWER HERE`` instead;
* a code cell tagged ``check`` calls an exercise's check (``nnlib.exercises``).

In the student version the outputs of the solution cells and of the check cells are cleared (they
would show the solution); every other cell is kept as it is, outputs included, and a first cell
says which notebook it was made from.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STUDENT_DIR = HERE / "student"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ANSWER = "YOUR ANSWER HERE"
STUB = "raise NotImplementedError()"  # what a solution becomes in the student version


def is_written_answer(cell):
    return cell["cell_type"] == "markdown" and cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)


def is_check(cell):
    return cell["cell_type"] == "code" and "check" in cell.get("metadata", {}).get("tags", [])


def has_solution(cell):
    return cell["cell_type"] == "code" and any(line.strip() == BEGIN for line in _lines(cell))


def _lines(cell):
    source = cell["source"]
    return ("".join(source) if isinstance(source, list) else source).split("\n")


def strip_solutions(source, where):
    """``source`` with every BEGIN/END SOLUTION region replaced by a stub at the marker's indentation."""
    out, inside, indent = [], False, ""
    for number, line in enumerate(source.split("\n"), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"{where}, line {number}: {BEGIN} inside another solution")
            inside, indent = True, re.match(r"\s*", line).group()
            out += [f"{indent}# YOUR CODE HERE", f"{indent}{STUB}"]
        elif marker == END:
            if not inside:
                raise ValueError(f"{where}, line {number}: {END} without a {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: {BEGIN} without an {END}")
    return "\n".join(out)


def _set_source(cell, text):
    lines = text.split("\n")
    cell["source"] = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def student_version(notebook, name):
    """The student version of a solution notebook (a dict in nbformat 4), named ``name`` in messages."""
    nb = copy.deepcopy(notebook)
    for index, cell in enumerate(nb["cells"]):
        where = f"{name}, cell {index}"
        if has_solution(cell):
            _set_source(cell, strip_solutions("".join(cell["source"]), where))
        elif any(BEGIN in line or END in line for line in _lines(cell)):
            raise ValueError(f"{where}: solution markers must stand alone on their lines in a code cell")
        if is_written_answer(cell):
            _set_source(cell, ANSWER)
        if cell["cell_type"] == "code" and (has_solution(notebook["cells"][index]) or is_check(cell)):
            cell["outputs"], cell["execution_count"] = [], None
    banner = {
        "cell_type": "markdown",
        "id": "student-version",
        "metadata": {},
        "source": [
            f"*Student version of [`{name}`](../{name}), written by `notebooks/make_student_versions.py`: "
            "the exercises are left for you. Write your code where it says `YOUR CODE HERE` (your answer where it "
            "says `YOUR ANSWER HERE`), then run the check cell below it.*"
        ],
    }
    nb["cells"].insert(0, banner)
    return nb


def dumps(notebook):
    """The notebook as Jupyter writes it (nbformat's JSON layout)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def solution_notebooks():
    return sorted(HERE.glob("[0-9][0-9]_*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the student versions are up to date")
    parser.add_argument("notebooks", nargs="*", help="solution notebooks' file names (default: all of them)")
    args = parser.parse_args(argv)
    paths = solution_notebooks()
    if args.notebooks:
        unknown = set(args.notebooks) - {p.name for p in paths}
        if unknown:
            parser.error(f"no solution notebook named {', '.join(sorted(unknown))} in {HERE.name}/")
        paths = [p for p in paths if p.name in args.notebooks]
    stale = []
    if not args.check:
        STUDENT_DIR.mkdir(exist_ok=True)
    for path in paths:
        text = dumps(student_version(json.loads(path.read_text(encoding="utf-8")), path.name))
        target = STUDENT_DIR / path.name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(HERE.parent)}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run notebooks/make_student_versions.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
