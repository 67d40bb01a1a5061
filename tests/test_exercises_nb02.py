"""The checks of notebook 02's exercises: the right answer passes, each typical mistake gets its message
(naming the equation, BP1 to BP4), and an untouched stub is reported as not done."""

import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network
from nnlib.activations import sigmoid
from nnlib.exercises import NOT_DONE, nb02


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 2.1
def backprop(W, b, x, y, mistake=None):
    """BP1-BP4 for one sample, or with one mistake (the wrong answers the check must name)."""
    L = len(W) - 1
    z, a = [None], [x]
    for l in range(1, L + 1):
        z.append(W[l] @ a[l - 1] + b[l])
        a.append(sigmoid(z[l]))
    delta = [None] * (L + 1)
    prime_L = {"bp1 no prime": 1, "bp1 sigma": a[L], "bp1 prime of a": sigmoid.prime(a[L])}.get(mistake)
    delta[L] = (a[L] - y) * (sigmoid.prime(z[L]) if prime_L is None else prime_L)
    if mistake == "bp1 sign":
        delta[L] = -delta[L]
    if mistake == "bp1 factor 2":
        delta[L] = 2 * delta[L]
    for l in range(L - 1, 0, -1):
        W_next = W[l + 1] if mistake == "bp2 no transpose" else W[l + 1].T
        if mistake == "bp2 wrong weights":
            W_next = W[l].T
        prime = {"bp2 no prime": 1, "bp2 sigma": a[l], "bp2 prime of next": sigmoid.prime(z[l + 1])}.get(mistake)
        delta[l] = (W_next @ delta[l + 1]) * (sigmoid.prime(z[l]) if prime is None else prime)
    dW, db = [None] * (L + 1), [None] * (L + 1)
    for l in range(1, L + 1):
        db[l] = delta[l].sum() if mistake == "db scalar" else delta[l]
        if mistake == "bp4 transposed":
            dW[l] = np.outer(a[l - 1], delta[l])
        elif mistake == "bp4 a^l":
            dW[l] = np.outer(delta[l], a[l])
        elif mistake == "bp4 elementwise":
            dW[l] = delta[l] * a[l - 1]
        else:
            dW[l] = np.outer(delta[l], a[l - 1])
    if mistake == "no delta[0]":
        return delta[1:], dW, db
    if mistake == "two lists":
        return dW, db
    return delta, dW, db


def test_backprop_right_answer_passes():
    verdict = nb02.check_backprop(backprop)
    assert verdict, verdict.message
    assert "central differences" in verdict.message


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("bp1 no prime", "your delta[3] (BP1) (sizes [4, 4, 4, 4]) is off: you left out σ'(z^L)"),
        ("bp1 sigma", "(BP1) (sizes [4, 4, 4, 4]) is off: you multiplied by σ(z^L) = a^L"),
        ("bp1 prime of a", "(BP1) (sizes [4, 4, 4, 4]) is off: you took σ' of a^L"),
        ("bp1 sign", "(BP1) (sizes [4, 4, 4, 4]) is off: it has the wrong sign"),
        ("bp1 factor 2", "the ½ cancels the 2"),
        ("bp2 no prime", "your delta[2] (BP2) (sizes [4, 4, 4, 4]) is off: you left out σ'(z^l)"),
        ("bp2 sigma", "your delta[2] (BP2) (sizes [4, 4, 4, 4]) is off: you multiplied by σ(z^l) = a^l"),
        ("bp2 no transpose", "your delta[2] (BP2) (sizes [4, 4, 4, 4]) is off: you used W^{l+1} where BP2 has its"),
        ("bp2 prime of next", "you multiplied by σ'(z^{l+1})"),
        ("bp2 wrong weights", "you carried δ^{l+1} back through W^l"),
        ("bp4 transposed", "your dW[3] (BP4) (sizes [4, 4, 4, 4]) is off: you wrote the outer product the other way"),
        ("bp4 a^l", "your dW[3] (BP4) (sizes [4, 4, 4, 4]) is off: you paired δ^l with a^l"),
        ("bp4 elementwise", "not an elementwise product"),
        ("db scalar", "your db[3] (BP3) (sizes [4, 4, 4, 4]) has shape () where (4,) is expected"),
        ("no delta[0]", "your delta should be a list indexed like W"),
        ("two lists", "your function should return 3 lists, (delta, dW, db); it returned 2 things"),
    ],
)
def test_backprop_mistakes_are_named(mistake, words):
    verdict = nb02.check_backprop(lambda W, b, x, y: backprop(W, b, x, y, mistake))
    assert not verdict
    assert words in verdict.message, verdict.message


def test_backprop_transposed_outer_product_on_non_square_layers_is_a_shape_message():
    """A function right on the square network but transposed elsewhere is caught by the shape."""

    def transposed_when_not_square(W, b, x, y):
        delta, dW, db = backprop(W, b, x, y)
        return delta, [None] + [g.T if g.shape[0] != g.shape[1] else g for g in dW[1:]], db

    verdict = nb02.check_backprop(transposed_when_not_square)
    assert not verdict
    assert "the transpose of the expected" in verdict.message


def test_backprop_shape_error_gets_a_hint():
    def no_transpose_anywhere(W, b, x, y):
        return backprop(W, b, x, y, "bp2 no transpose")

    def fails_on_non_square(W, b, x, y):
        if W[1].shape[0] != W[1].shape[1]:
            return no_transpose_anywhere(W, b, x, y)  # (4, 3) @ (3,) then (5, 4) @ (4,): runs; W[3] @ delta[3] raises
        return backprop(W, b, x, y)

    verdict = nb02.check_backprop(fails_on_non_square)
    assert not verdict
    assert verdict.message.startswith("your code raised ValueError")
    assert "W[l + 1].T @ delta[l + 1]" in verdict.message


@pytest.mark.parametrize("answer, words", [(stub, NOT_DONE), (lambda W, b, x, y: None, "returned None")])
def test_backprop_not_done_and_none(answer, words):
    verdict = nb02.check_backprop(answer)
    assert not verdict
    assert words in verdict.message


# ---------------------------------------------------------------- Exercise 2.2
def bp2_tanh(W_next, delta_next, z):
    return (W_next.T @ delta_next) * (1 - np.tanh(z) ** 2)


def test_bp2_tanh_right_answer_passes():
    verdict = nb02.check_bp2_tanh(bp2_tanh)
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda W, d, z: (W.T @ d) * sigmoid.prime(z), "you used the sigmoid's slope"),
        (lambda W, d, z: W.T @ d, "you left out tanh'(z^l)"),
        (lambda W, d, z: (W.T @ d) * (1 - z**2), "you used 1 - z²"),
        (lambda W, d, z: (W.T @ d) * np.tanh(z), "you multiplied by tanh(z^l) = a^l"),
        (lambda W, d, z: (W.T @ d) * (1 - np.tanh(z)), "you used 1 - tanh(z)"),
        (lambda W, d, z: (W.T @ d) * (np.tanh(z) ** 2 - 1), "wrong sign"),
        (lambda W, d, z: (W @ d) * (1 - np.tanh(z) ** 2), "you used W^{l+1} where BP2 has its transpose"),
        (lambda W, d, z: np.outer(W.T @ d, 1 - np.tanh(z) ** 2), "has shape (4, 4) where (4,) is expected"),
        (stub, NOT_DONE),
    ],
)
def test_bp2_tanh_mistakes_are_named(answer, words):
    verdict = nb02.check_bp2_tanh(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_bp2_tanh_shape_error_gets_a_hint():
    def fails_on_non_square(W, d, z):
        return (W @ d) * (1 - np.tanh(z) ** 2) if W.shape[0] != W.shape[1] else bp2_tanh(W, d, z)

    verdict = nb02.check_bp2_tanh(fails_on_non_square)
    assert not verdict
    assert "W_next.T @ delta_next" in verdict.message


# ---------------------------------------------------------------- Exercise 2.3
def input_gradient(W, b, x, y, mistake=None):
    """dC_x/dx = (W^1)^T delta^1, or one typical mistake of it."""
    delta = backprop(W, b, x, y)[0]
    z_1 = W[1] @ x + b[1]
    answers = {
        None: lambda: W[1].T @ delta[1],
        "sigma prime of x": lambda: (W[1].T @ delta[1]) * sigmoid.prime(x),
        "rows of dW": lambda: x * delta[1].sum(),
        "delta 1": lambda: delta[1],
        "no transpose": lambda: W[1] @ delta[1],
        "prime twice": lambda: (W[1].T @ delta[1]) * sigmoid.prime(z_1),
        "sign": lambda: -(W[1].T @ delta[1]),
        "factor 2": lambda: 2 * (W[1].T @ delta[1]),
        "none": lambda: None,
    }
    return answers[mistake]()


def test_input_gradient_right_answer_passes():
    verdict = nb02.check_input_gradient(input_gradient)
    assert verdict, verdict.message
    assert verdict.message.startswith("correct:")


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("sigma prime of x", "the input layer has no activation function"),
        ("rows of dW", "you summed the rows of ∂C/∂W^1"),
        ("delta 1", "you returned δ^1 = ∂C/∂z^1"),
        ("no transpose", "needs its transpose"),
        ("prime twice", "σ'(z^1) a second time"),
        ("sign", "wrong sign"),
        ("factor 2", "2 times the expected value"),
        ("none", "is None"),
    ],
)
def test_input_gradient_mistakes_are_named(mistake, words):
    verdict = nb02.check_input_gradient(lambda W, b, x, y: input_gradient(W, b, x, y, mistake))
    assert not verdict
    assert words in verdict.message, verdict.message


def test_input_gradient_of_the_wrong_shape_on_a_non_square_network():
    def answer(W, b, x, y):  # right on the square network, then delta^1 on [6, 5, 3]
        return input_gradient(W, b, x, y, None if len(x) == 4 else "delta 1")

    verdict = nb02.check_input_gradient(answer)
    assert not verdict
    assert "has shape (5,) where (6,) is expected" in verdict.message


def test_input_gradient_not_done():
    verdict = nb02.check_input_gradient(stub)
    assert not verdict
    assert verdict.message == NOT_DONE + "."


# ---------------------------------------------------------------- Exercise 2.4
def backprop_batch(W, b, X, Y, mistake=None):
    L, m = len(W) - 1, len(X)
    Z, A = [None], [X]
    for l in range(1, L + 1):
        Z.append(A[l - 1] @ W[l].T + b[l])
        A.append(sigmoid(Z[l]))
    delta = [None] * (L + 1)
    delta[L] = (A[L] - Y) * (1 if mistake == "bp1 no prime" else sigmoid.prime(Z[L]))
    for l in range(L - 1, 0, -1):
        back = delta[l + 1] @ (W[l + 1].T if mistake == "bp2 transposed" else W[l + 1])
        delta[l] = back * (1 if mistake == "bp2 no prime" else sigmoid.prime(Z[l]))
    scale = 1 if mistake == "no mean" else 1 / m
    dW = [None] + [scale * (delta[l].T @ A[l - 1]) for l in range(1, L + 1)]
    db = [None] + [scale * delta[l].sum(axis=1 if mistake == "db axis" else 0) for l in range(1, L + 1)]
    if mistake == "dW transposed":
        dW = [None] + [g.T for g in dW[1:]]
    if mistake == "dW only mean":
        db = [None] + [delta[l].sum(axis=0) for l in range(1, L + 1)]
    if mistake == "mean twice":
        dW = [None] + [g / m for g in dW[1:]]
    return dW, db


def test_backprop_batch_right_answer_passes():
    verdict = nb02.check_backprop_batch(backprop_batch)
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("no mean", "your dW[2] (sizes [4, 4, 4], m = 6) is off: the mean over the batch needs a factor 1/m"),
        ("dW only mean", "db is the sum over the batch; ∂C/∂b^l is the mean"),
        ("mean twice", "your dW[2] (sizes [4, 4, 4], m = 6) is m = 6 times too small"),
        ("bp1 no prime", "you left out σ'(Z^L) in BP1"),
        ("bp2 no prime", "your dW[1] (sizes [4, 4, 4], m = 6) is off: you left out σ'(Z^l) in BP2"),
        ("bp2 transposed", "your dW[1] (sizes [4, 4, 4], m = 6) is off: with one sample per row BP2 reads"),
        ("dW transposed", "your dW[2] (sizes [4, 4, 4], m = 6) is off: A^{l-1}.T @ Δ^l is the transpose"),
        ("db axis", "has shape (6,), one entry per sample: sum Δ^l over the samples, axis=0"),
    ],
)
def test_backprop_batch_mistakes_are_named(mistake, words):
    verdict = nb02.check_backprop_batch(lambda W, b, X, Y: backprop_batch(W, b, X, Y, mistake))
    assert not verdict
    assert words in verdict.message, verdict.message


def test_backprop_batch_missing_mean_in_dW_alone_is_named():
    def no_mean_in_dW(W, b, X, Y):
        dW, db = backprop_batch(W, b, X, Y)
        return [None] + [len(X) * g for g in dW[1:]], db

    verdict = nb02.check_backprop_batch(no_mean_in_dW)
    assert not verdict
    assert "your dW[2] (sizes [4, 4, 4], m = 6) is off: the mean over the batch needs a factor 1/m" in verdict.message


@pytest.mark.parametrize("answer, words", [(stub, NOT_DONE), (lambda W, b, X, Y: None, "returned None")])
def test_backprop_batch_not_done_and_none(answer, words):
    verdict = nb02.check_backprop_batch(answer)
    assert not verdict
    assert words in verdict.message


# ---------------------------------------------------------------- what the notebook quotes from nnlib
def test_the_lines_notebook_02_quotes_are_in_network_backward():
    """Section 5 names the lines of ``Network.backward`` that compute BP1-BP4 (and dropout's, which it skips)."""
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "02_backpropagation.ipynb"
    cells = ["".join(cell["source"]) for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    (text,) = [cell for cell in cells if cell.startswith("Compare your batch version with `Network.backward`")]
    quoted = re.findall(r"`((?:self\.|np\.|delta_mean |grad_a |if )[^`]+)`", text)
    assert len(quoted) == 7, quoted
    source = inspect.getsource(Network.backward)
    assert [line for line in quoted if line not in source] == []
