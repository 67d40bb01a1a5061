"""The checks of notebook 09's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb09


def stub(*args):
    raise NotImplementedError()


def per_batch(alpha, n, batch_size):
    return np.array([alpha / min(batch_size, n - start) for start in range(0, n, batch_size)])


# ---------------------------------------------------------------- Exercise 9.1
def test_per_batch_right_answer_passes():
    verdict = nb09.check_weight_decay_per_batch(per_batch)
    assert verdict, verdict.message
    assert repr(verdict).startswith("✓ correct: one lambda = alpha / m per batch")


def test_per_batch_reference_has_the_short_last_batch():
    assert nb09.reference_weight_decay_per_batch(1.0, 10, 4) == pytest.approx([0.25, 0.25, 0.5])


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda a, n, b: np.full(-(-n // b), a / b), "the last batch holds only"),
        (lambda a, n, b: np.full(n // b, a / b), "entries where 469 batches are expected: the last 96 samples"),
        (lambda a, n, b: a * np.minimum(b, n - np.arange(0, n, b)), "you multiplied alpha by the batch size"),
        (lambda a, n, b: -per_batch(a, n, b), "has the wrong sign"),
        (lambda a, n, b: None, "returned None"),
        (lambda a, n, b: "lambda", "should return numbers"),
    ],
)
def test_per_batch_mistakes_are_named(answer, words):
    verdict = nb09.check_weight_decay_per_batch(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_per_batch_stub_is_not_done():
    verdict = nb09.check_weight_decay_per_batch(stub)
    assert not verdict and verdict.message.startswith(NOT_DONE)


# ---------------------------------------------------------------- Exercise 9.2
def test_he_right_answer_passes():
    verdict = nb09.check_he_uniform_limit(lambda n_in: np.sqrt(6 / n_in))
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda n_in: np.sqrt(2 / n_in), "the standard deviation of He's normal initialisation"),
        (lambda n_in: 2 / n_in, "the variance 2 / n_in itself"),
        (lambda n_in: 6 / n_in, "the square root is missing"),
        (lambda n_in: np.sqrt(3 / n_in), "LeCun's variance"),
        (lambda n_in: np.sqrt(6 / n_in) * np.ones(2), "should return one number r"),
        (lambda n_in: 1 / n_in, "differs from the reference"),
    ],
)
def test_he_mistakes_are_named(answer, words):
    verdict = nb09.check_he_uniform_limit(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_he_stub_is_not_done():
    verdict = nb09.check_he_uniform_limit(stub)
    assert not verdict and verdict.message.startswith(NOT_DONE)
