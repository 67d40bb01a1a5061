"""The checks of notebook 01's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network
from nnlib.activations import sigmoid
from nnlib.exercises import NOT_DONE, nb01


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 1.1
def weight_shapes(sizes):
    return [(sizes[l], sizes[l - 1]) for l in range(1, len(sizes))]


def test_weight_shapes_right_answer_passes():
    verdict = nb01.check_weight_shapes(weight_shapes)
    assert verdict, verdict.message
    assert verdict.message.startswith("correct:")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda sizes: [(sizes[l - 1], sizes[l]) for l in range(1, len(sizes))], "the transpose of (30, 784)"),
        (lambda sizes: [(sizes[0], sizes[0])] + weight_shapes(sizes), "the input layer l = 0 has no weights"),
        (lambda sizes: weight_shapes(sizes)[:1], "there are L = 2 weight matrices"),
        (lambda sizes: [(sizes[l], sizes[l - 1] + 1) for l in range(1, len(sizes))], "where (30, 784) is expected"),
        (lambda sizes: None, "returned None"),
        (lambda sizes: 3, "should return a list of (rows, columns) pairs"),
        (stub, NOT_DONE),
    ],
)
def test_weight_shapes_mistakes_are_named(answer, words):
    verdict = nb01.check_weight_shapes(answer)
    assert not verdict
    assert words in verdict.message


# ---------------------------------------------------------------- Exercise 1.2
def z_neuron(W, b, a_prev, l, j):
    z = 0.0
    for k in range(len(a_prev)):
        z += W[l][j, k] * a_prev[k]
    return z + b[l][j]


def test_z_neuron_right_answer_passes():
    verdict = nb01.check_z_neuron(z_neuron)
    assert verdict, verdict.message
    assert nb01.check_z_neuron(lambda W, b, a_prev, l, j: np.array([W[l][j] @ a_prev + b[l][j]]))  # shape (1,)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda W, b, a, l, j: sum(W[l][k, j] * a[k] for k in range(len(a))) + b[l][j], "W[l][k, j]"),
        (lambda W, b, a, l, j: W[l][j] @ a, "you left out the bias"),
        (lambda W, b, a, l, j: sigmoid(z_neuron(W, b, a, l, j)), "before σ is applied"),
        (lambda W, b, a, l, j: W[l - 1][j] @ a + b[l - 1][j], "indexed like the layers"),
        (lambda W, b, a, l, j: W[l] @ a + b[l], "return one number"),
        (lambda W, b, a, l, j: -z_neuron(W, b, a, l, j), "wrong sign"),
        (lambda W, b, a, l, j: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_z_neuron_mistakes_are_named(answer, words):
    verdict = nb01.check_z_neuron(answer)
    assert not verdict
    assert words in verdict.message


# ---------------------------------------------------------------- Exercise 1.3
def forward_batch(W, b, X):
    A = X
    for l in range(1, len(W)):
        A = sigmoid(A @ W[l].T + b[l])
    return A


def transposed_everywhere(W, b, X):
    A = X.T
    for l in range(1, len(W)):
        A = sigmoid(W[l] @ A + b[l][:, None])
    return A


def no_transpose(W, b, X):
    A = X
    for l in range(1, len(W)):
        A = sigmoid(A @ W[l] + b[l])
    return A


def test_forward_batch_right_answer_passes():
    verdict = nb01.check_forward_batch(forward_batch)
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (no_transpose, "you computed A @ W[l]"),
        (lambda W, b, X: sigmoid(sigmoid(X @ W[1].T) @ W[2].T), "you left out the bias"),
        (lambda W, b, X: sigmoid(X @ W[1].T + b[1]) @ W[2].T + b[2], "you returned Z^L"),
        (lambda W, b, X: forward_batch(W, b, sigmoid(X)), "you applied σ to the input X"),
        (transposed_everywhere, "the transpose of the expected (6, 4)"),
        (stub, NOT_DONE),
    ],
)
def test_forward_batch_mistakes_are_named(answer, words):
    verdict = nb01.check_forward_batch(answer)
    assert not verdict
    assert words in verdict.message


def test_forward_batch_shape_error_gets_a_hint():
    """On the square network A @ W[l] runs and is named; a function that only fails on other shapes gets the hint."""

    def fails_on_non_square(W, b, X):
        if X.shape[1] != W[1].shape[0]:
            return X @ W[1]  # raises: (5, 6) @ (4, 6)
        return forward_batch(W, b, X)

    verdict = nb01.check_forward_batch(fails_on_non_square)
    assert not verdict
    assert verdict.message.startswith("your code raised ValueError")
    assert "A @ W[l].T" in verdict.message


# ---------------------------------------------------------------- what the notebook quotes from nnlib
def test_the_lines_notebook_01_quotes_are_in_network_forward():
    """Section 4 quotes the two lines of ``Network.forward`` that compute Z = A @ W[l].T + b[l]."""
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "01_notation.ipynb"
    cells = ["".join(cell["source"]) for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    (text,) = [cell for cell in cells if "`Network.forward` in `nnlib/network.py`" in cell]
    quoted = re.findall(r"`(self\.[^`]+)`", text)
    assert quoted == ["self.z[l] = self.a[l - 1] @ self.W[l].T", "self.z[l] += self.b[l]"]
    source = inspect.getsource(Network.forward)
    assert all(line in source for line in quoted)
