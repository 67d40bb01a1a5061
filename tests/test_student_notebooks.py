"""The student versions run top to bottom as a student gets them, with no exercise done.

A student who skips an exercise must still be able to run the rest of the notebook: no later cell may
need the exercise's solution.  Each student notebook is executed with small parameters (papermill
injects them, as a student could set them; the defaults are run by nbval on the solution notebooks),
and then

* every code cell ran without an error, except a cell that holds a stub at its top level, which
  raises the stub's NotImplementedError;
* every check cell printed that its exercise is not done yet;
* nothing above an exercise's check, sources or what the cells printed, shows the solution's lines or
  the model answer's key numbers (tests/test_student_versions.py checks the sources alone).
"""

import json

import pytest

papermill = pytest.importorskip("papermill")
nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

from nnlib.exercises import NOT_DONE  # noqa: E402
from tests.test_student_versions import leaks, msv  # noqa: E402  (msv: notebooks/make_student_versions.py)

STUDENT = msv.STUDENT_DIR
STUB = msv.STUB

#: parameters that make each notebook run in seconds (the defaults take minutes), by the notebook's name
#: without its number (so that renumbering the notebooks changes nothing here)
SMALL = {
    "notation": {},
    "backpropagation": {},
    "gradient_descent": {},
    "sigmoid_mse_mnist": {"SEEDS": [0, 1], "RECIPE_EPOCHS": 2, "ABLATION_EPOCHS": 1, "PROBE": 200},
    "cross_entropy_softmax": {
        "SEEDS": [0, 1],
        "OVERFIT_EPOCHS": 5,
        "COMPARE_EPOCHS": 1,
        "LIAN_CE_EPOCHS": 1,
        "FOUR_DAY_EPOCHS": 1,
        "README_EPOCHS": 1,
        "IMPROVED_EPOCHS": {"lian_ce": 1, "four_day": 1, "readme": 1},
    },
    "evaluation": {"SEEDS": [0, 1], "EPOCHS": 1},
    "hyperparameters": {
        "SEEDS": [0, 1],
        "N_TRAIN": 1000,
        "N_VAL": 1000,
        "EPOCHS": 1,
        "LEARNING_RATES": [0.01, 0.1, 1.0],
        "BATCH_SIZES": [32, 64],
        "WIDTHS": [16, 64],
        "DEPTHS": [0, 1],
        "NOISE_SEEDS": [0, 1, 2],
        "RATIO_STEPS": 20,
        "N_HIST": 100,
        "DEEP_SIZES": [784, 64, 64, 10],
    },
    "regularisation": {"SEEDS": [0, 1], "N_TRAIN": 500, "N_VAL": 1000, "EPOCHS": 3, "PATIENCE": 2},
    "sklearn_and_best": {"SEEDS": [0, 1], "EPOCHS": 1},
    "augmentation": {"SEEDS": [0, 1], "N_TRAIN": 300, "N_VAL": 1000, "EPOCHS": 2},
}


STUDENT_NOTEBOOKS = sorted(p.name for p in STUDENT.glob("[0-9][0-9]_*.ipynb"))


def topic(name):
    """'sigmoid_mse_mnist' for '04_sigmoid_mse_mnist.ipynb'."""
    return name.split("_", 1)[1].removesuffix(".ipynb")


def test_every_student_notebook_has_small_parameters():
    assert sorted(SMALL) == sorted(topic(name) for name in STUDENT_NOTEBOOKS)


def text_of(outputs):
    parts = []
    for out in outputs:
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def has_top_level_stub(source):
    return any(line.strip() == STUB and not line.startswith((" ", "\t")) for line in source.split("\n"))


@pytest.mark.parametrize("name", STUDENT_NOTEBOOKS)
def test_student_notebook_runs_top_to_bottom_with_no_exercise_done(name, tmp_path):
    prepared = tmp_path / name
    papermill.execute_notebook(
        str(STUDENT / name), str(prepared), parameters=SMALL.get(topic(name), {}), prepare_only=True, progress_bar=False
    )
    nb = nbclient.NotebookClient(
        nbformat.read(prepared, as_version=4),
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(STUDENT)}},  # run where a student runs it
    ).execute()
    faults = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [out for out in cell.outputs if out["output_type"] == "error"]
        if has_top_level_stub(cell.source):
            if [e["ename"] for e in errors] != ["NotImplementedError"]:
                faults.append(f"cell {i} holds a stub but did not raise NotImplementedError: {errors}")
        elif errors:
            e = errors[0]
            faults.append(f"cell {i} raised {e['ename']}: {e['evalue']}\n    {cell.source[:200]!r}")
        if msv.is_check(cell) and NOT_DONE not in text_of(cell.outputs):
            faults.append(f"check cell {i} did not say 'not done yet': {text_of(cell.outputs)[:200]!r}")
    solution = json.loads((msv.HERE / name).read_text(encoding="utf-8"))
    faults += [f"shown above its exercise: {leak}" for leak in leaks(solution, nb, outputs=True)]
    assert not faults, f"{name} (student version):\n" + "\n".join(faults)


def test_top_level_stubs_are_told_from_stubs_inside_a_function():
    assert has_top_level_stub(f"x = 1\n{STUB}\n")
    assert not has_top_level_stub(f"def f():\n    {STUB}\n")
