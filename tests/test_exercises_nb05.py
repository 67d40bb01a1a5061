"""The checks of notebook 04's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.activations import sigmoid, softmax
from nnlib.exercises import NOT_DONE, nb05


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 4.1
def delta_softmax_ce(Z, Y):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True) - Y


def test_delta_softmax_ce_right_answer_passes():
    for answer in (delta_softmax_ce, lambda Z, Y: softmax(Z) - Y):
        verdict = nb05.check_delta_softmax_ce(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


def naive_softmax(Z, axis=1):
    return np.exp(Z) / np.exp(Z).sum(axis=axis, keepdims=True)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda Z, Y: (softmax(Z) - Y) * softmax(Z) * (1 - softmax(Z)), "you multiplied by a(1 - a)"),
        (lambda Z, Y: (softmax(Z) - Y) / len(Z), "you divided by m = 4"),
        (lambda Z, Y: sigmoid(Z) - Y, "you used the sigmoid of z"),
        (lambda Z, Y: naive_softmax(Z, axis=0) - Y, "normalises over the batch (axis 0)"),
        (lambda Z, Y: Y - softmax(Z), "has the wrong sign"),
        (lambda Z, Y: (softmax(Z) - Y).T, "the transpose of the expected (4, 5)"),
        (lambda Z, Y: np.exp(Z) / np.exp(Z).sum(axis=1) - Y, "your code raised ValueError"),
        (lambda Z, Y: softmax(Z), "relative error"),
        (lambda Z, Y: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_delta_softmax_ce_mistakes_are_named(answer, words):
    verdict = nb05.check_delta_softmax_ce(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 4.2
def log_softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def test_log_softmax_right_answers_pass():
    def with_logaddexp(Z):
        return Z - np.logaddexp.reduce(Z, axis=1, keepdims=True)

    for answer in (log_softmax, with_logaddexp):
        verdict = nb05.check_log_softmax(answer)
        assert verdict, verdict.message
        assert "z = +-1000" in verdict.message


def global_max(Z):
    shifted = Z - Z.max()
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def clipped(Z):
    Z = np.clip(Z, -500, 500)
    return Z - np.log(np.sum(np.exp(Z), axis=1, keepdims=True))


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda Z: np.log(naive_softmax(Z)), "overflows at z = 1000"),
        (lambda Z: np.log(softmax(Z)), "takes log(0)"),
        (global_max, "subtract each row's own maximum"),
        (clipped, "clipping z to [-500, 500] avoids the overflow but changes the answer"),
        (lambda Z: softmax(Z), "you returned softmax(z), not its logarithm"),
        (lambda Z: Z - np.log(np.exp(Z).sum(axis=0, keepdims=True)), "you normalised over the batch (axis 0)"),
        (lambda Z: Z - Z.max(axis=1, keepdims=True), "left out the term -log sum_k e^{z_k - max z}"),
        (lambda Z: Z - np.log(np.exp(Z).sum(axis=1)), "your code raised ValueError"),
        (lambda Z: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_log_softmax_mistakes_are_named(answer, words):
    verdict = nb05.check_log_softmax(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_the_references_agree_with_nnlib():
    from nnlib.losses import CrossEntropy

    Z, Y = nb05._logits_and_targets()
    assert np.allclose(nb05.delta_softmax_ce_reference(Z, Y), CrossEntropy().delta(Z, softmax(Z), Y))
    for Zs in (Z, nb05.Z_BIG, nb05.Z_ROWS):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            logp = nb05.log_softmax_reference(Zs)
        assert np.all(np.isfinite(logp))
        Ys = np.eye(Zs.shape[1])[np.argmin(Zs, axis=1)]
        assert np.isclose(-np.sum(Ys * logp) / len(Zs), CrossEntropy().value(Zs, softmax(Zs), Ys))
