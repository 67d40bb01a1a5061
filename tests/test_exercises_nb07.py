"""The checks of notebook 07's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb07


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 7.1
def momentum_rates(lr, mu):
    return lr / (1 - mu), lr / (1 + mu)


def test_momentum_rates_right_answers_pass():
    for answer in (momentum_rates, nb07.momentum_rates_reference, lambda lr, mu: [lr / (1 - mu), lr / (1 + mu)]):
        verdict = nb07.check_momentum_rates(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


def test_the_reference_is_nnlibs_sgd_run_step_by_step():
    for lr, mu in nb07.MOMENTUM_CASES:
        steady, flipping = nb07.momentum_rates_reference(lr, mu)
        assert np.isclose(nb07.settled_step(lr, mu, flipping=False), steady, rtol=1e-9)
        assert np.isclose(nb07.settled_step(lr, mu, flipping=True), flipping, rtol=1e-9)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda lr, mu: (lr / (1 - mu), lr / (1 - mu)), "that is the steady rate"),
        (lambda lr, mu: (lr / (1 - mu), lr), "that is eta, plain SGD's step: the velocity keeps part"),
        (lambda lr, mu: (lr / (1 - mu), 0.0), "the steps' mean is 0"),
        (lambda lr, mu: (lr / (1 - mu), lr * (1 - mu)), "solve c = mu (-c) - eta"),
        (lambda lr, mu: (lr, lr / (1 + mu)), "plain SGD's step: along a steady gradient"),
        (lambda lr, mu: (lr * mu / (1 - mu), lr / (1 + mu)), "starts with the current step"),
        (lambda lr, mu: (lr / (1 + mu), lr / (1 + mu)), "that is the flipping rate"),
        (lambda lr, mu: (-lr / (1 - mu), -lr / (1 + mu)), "asks for its size, a positive number"),
        (lambda lr, mu: lr / (1 - mu), "return two numbers"),
        (lambda lr, mu: (np.array([lr, lr]), lr), "return one number"),
        (lambda lr, mu: (lr / (1 - mu), 2 * lr / (1 + mu)), "2 times the expected value"),
        (lambda lr, mu: 1 / 0, "your code raised ZeroDivisionError"),
        (stub, NOT_DONE),
    ],
)
def test_momentum_rates_mistakes_are_named(answer, words):
    verdict = nb07.check_momentum_rates(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 7.3
def leaky_relu_std(n_in, alpha):
    return np.sqrt(2 / ((1 + alpha**2) * n_in))


def test_leaky_relu_std_right_answers_pass():
    for answer in (leaky_relu_std, nb07.leaky_relu_std_reference):
        verdict = nb07.check_leaky_relu_std(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda n, a: 2 / ((1 + a**2) * n), "you returned the variance"),
        (lambda n, a: np.sqrt(2 / ((1 + a) * n)), "alpha enters squared"),
        (lambda n, a: np.sqrt((1 + a**2) / (2 * n)), "must be divided out"),
        (lambda n, a: np.sqrt(2 / n), "He's sqrt(2 / n_in), right for alpha = 0 only"),
        (lambda n, a: np.sqrt(1 / n), "LeCun's sqrt(1 / n_in), right for alpha = 1 only"),
        (lambda n, a: np.full(3, np.sqrt(2 / n)), "return one number"),
        (lambda n, a: None, "is None"),
        (lambda n, a: 10 * np.sqrt(2 / ((1 + a**2) * n)), "10 times the expected value"),
        (stub, NOT_DONE),
    ],
)
def test_leaky_relu_std_mistakes_are_named(answer, words):
    verdict = nb07.check_leaky_relu_std(answer)
    assert not verdict
    assert words in verdict.message, verdict.message
