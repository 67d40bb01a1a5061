"""The checks of notebook 05's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.activations import sigmoid, softmax
from nnlib.exercises import NOT_DONE, nb05


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 5.1
def stable_softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def batch_max_softmax(Z):
    e = np.exp(Z - Z.max())  # one number for the whole batch: correct, but not for rows far apart
    return e / e.sum(axis=1, keepdims=True)


def naive_softmax(Z, axis=1, keepdims=True):
    return np.exp(Z) / np.exp(Z).sum(axis=axis, keepdims=keepdims)


def shifted(Z):
    return np.exp(Z - Z.max(axis=1, keepdims=True))


def test_stable_softmax_right_answers_pass():
    for answer in (stable_softmax, softmax, lambda Z: np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))):
        verdict = nb05.check_stable_softmax(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")
        assert "whole batch" not in verdict.message


def test_stable_softmax_batch_maximum_is_correct_and_said_so():
    verdict = nb05.check_stable_softmax(batch_max_softmax)
    assert verdict, verdict.message
    assert "that is correct too" in verdict.message
    assert "underflows to 0/0" in verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (naive_softmax, "your softmax overflows on the logits [[1000.0, 0.0, -1000.0]]"),
        (lambda Z: naive_softmax(Z - Z.min(axis=1, keepdims=True)), "overflows"),  # the minimum, not the maximum
        (lambda Z: shifted(Z) / shifted(Z).sum(axis=0, keepdims=True), "you summed over the samples (axis 0)"),
        (lambda Z: shifted(Z) / shifted(Z).sum(axis=1), "keepdims=True"),
        (shifted, "your rows do not sum to 1"),
        (lambda Z: np.log(stable_softmax(Z)), "you returned the log-softmax"),
        (sigmoid, "that is the sigmoid of each logit"),
        (lambda Z: stable_softmax(np.clip(Z, -500, 500)), "clipping z to [-500, 500]"),
        (lambda Z: stable_softmax(Z).T, "the transpose of the expected (4, 5)"),
        (lambda Z: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_stable_softmax_mistakes_are_named(answer, words):
    verdict = nb05.check_stable_softmax(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_the_textbook_softmax_divides_0_by_0_at_minus_1000():
    def overflow_free_but_unshifted(Z):
        with np.errstate(over="ignore"):
            e = np.exp(np.minimum(Z, 700.0))  # no overflow, but e^-1000 still underflows to 0
        return e / e.sum(axis=1, keepdims=True)

    verdict = nb05.check_stable_softmax(overflow_free_but_unshifted)
    assert not verdict
    assert "your softmax divides 0 by 0 on the logits [[-1000.0, -1000.0, -999.0]]" in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 5.2
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
    for Zs in (Z, nb05.Z_BIG, nb05.Z_ROWS):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            logp = nb05.log_softmax_reference(Zs)
        assert np.all(np.isfinite(logp))
        Ys = np.eye(Zs.shape[1])[np.argmin(Zs, axis=1)]
        assert np.isclose(-np.sum(Ys * logp) / len(Zs), CrossEntropy().value(Zs, softmax(Zs), Ys))
