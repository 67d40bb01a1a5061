"""The checks of notebook 08's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb09


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 8.1
def test_alpha_right_answer_passes():
    verdict = nb09.check_weight_decay_from_alpha(lambda alpha, m: alpha / m)
    assert verdict, verdict.message
    assert repr(verdict).startswith("✓ correct: your lambda = alpha / m")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda alpha, m: alpha, "your lambda is off: you returned alpha itself"),
        (lambda alpha, m: alpha * m, "your lambda is off: you multiplied by m"),
        (lambda alpha, m: alpha / (2 * m), "your lambda is off: you divided by 2m"),
        (lambda alpha, m: 2 * alpha / m, "your lambda is off: you doubled it"),
        (lambda alpha, m: m / alpha, "your lambda is off: you divided m by alpha"),
        (lambda alpha, m: None, "weight_decay_from_alpha(0.0001, 200) returned None"),
        (lambda alpha, m: [alpha, m], "should return one number"),
    ],
)
def test_alpha_mistakes_are_named(answer, words):
    verdict = nb09.check_weight_decay_from_alpha(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_alpha_stub_is_not_done():
    verdict = nb09.check_weight_decay_from_alpha(stub)
    assert not verdict and NOT_DONE in verdict.message


def test_alpha_reference_is_what_scikit_learn_does():
    """scikit-learn's gradient of a weight on a batch of m is (X^T delta + alpha W) / m: its L2 part is (alpha/m) W."""
    alpha, m = 1e-4, 200
    W = np.random.default_rng(0).normal(size=(3, 2))
    assert np.allclose(alpha * W / m, (alpha / m) * W)
    assert nb09.check_weight_decay_from_alpha(lambda a, n: a / n)


# ---------------------------------------------------------------- Exercise 8.2
def test_glorot_right_answer_passes():
    verdict = nb09.check_glorot_limit(lambda n_in, n_out: np.sqrt(6 / (n_in + n_out)))
    assert verdict, verdict.message


def test_glorot_limit_has_glorot_variance():
    r = np.sqrt(6 / (784 + 128))
    u = np.random.default_rng(0).uniform(-r, r, size=1_000_000)
    assert abs(u.var() / (2 / (784 + 128)) - 1) < 0.01


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)), "your r is off: you returned sqrt(2 / (n_in + n_out))"),
        (lambda n_in, n_out: 2 / (n_in + n_out), "your r is off: you returned the variance"),
        (lambda n_in, n_out: 6 / (n_in + n_out), "your r is off: the square root is missing"),
        (lambda n_in, n_out: np.sqrt(6 / n_in), "your r is off: you used n_in alone"),
        (lambda n_in, n_out: np.sqrt(6 / n_out), "your r is off: you used n_out alone"),
        (lambda n_in, n_out: np.sqrt(3 / (n_in + n_out)), "your r is off: you returned sqrt(3 / (n_in + n_out))"),
    ],
)
def test_glorot_mistakes_are_named(answer, words):
    verdict = nb09.check_glorot_limit(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_glorot_stub_is_not_done():
    verdict = nb09.check_glorot_limit(stub)
    assert not verdict and NOT_DONE in verdict.message
