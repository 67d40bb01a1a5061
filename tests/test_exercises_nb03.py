"""The checks of notebook 03's exercises: the right update rules pass, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb03

# A two-parameter quadratic bowl standing in for the notebook's cost surface: C = 1/2 (theta - best)^T H (theta - best)
H = np.array([[1.35, 1.0], [1.0, 1.0]])
BEST = np.array([2.0, -1.0])


def gradient(theta):
    return H @ (theta - BEST)


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 3.1
def momentum_step(theta, g, v, eta, mu, mistake=None):
    if mistake == "uphill":
        v = mu * v + eta * g
        return theta + v, v
    if mistake == "other convention":
        v = mu * v + eta * g
        return theta - v, v
    if mistake == "no carry":
        v = -eta * g
        return theta + v, v
    if mistake == "old v":
        return theta + v, mu * v - eta * g
    if mistake == "dampened":
        v = mu * v - (1 - mu) * eta * g
        return theta + v, v
    if mistake == "swapped":
        v = eta * v - mu * g
        return theta + v, v
    if mistake == "eta outside":
        v = mu * v - g
        return theta + eta * v, v
    if mistake == "returns old v":
        return theta + mu * v - eta * g, v
    if mistake == "no return":
        return None
    if mistake == "in place":  # right, written in place on the arrays it was given
        v *= mu
        v -= eta * g
        theta += v
        return theta, v
    v = mu * v - eta * g
    return theta + v, v


def test_momentum_right_answer_passes():
    verdict = nb03.check_momentum_step(momentum_step, gradient)
    assert verdict, verdict.message
    assert "momentum" in verdict.message


def test_momentum_in_place_answer_passes():
    verdict = nb03.check_momentum_step(lambda *a: momentum_step(*a, mistake="in place"), gradient)
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("uphill", "uphill"),
        ("other convention", "opposite convention"),
        ("no carry", "previous value"),
        ("old v", "old velocity"),
        ("dampened", "(1 - mu)"),
        ("swapped", "swapped eta and mu"),
        ("eta outside", "eta outside"),
        ("returns old v", "you returned the velocity you were given"),
        ("no return", "returned None"),
    ],
)
def test_momentum_mistakes_are_named(mistake, words):
    verdict = nb03.check_momentum_step(lambda *a: momentum_step(*a, mistake=mistake), gradient)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_momentum_stub_is_not_done():
    verdict = nb03.check_momentum_step(stub, gradient)
    assert not verdict
    assert NOT_DONE in verdict.message


# ---------------------------------------------------------------- Exercise 3.2
def adam_step(theta, g, m, v, t, eta, beta1, beta2, eps, mistake=None):
    g2 = g if mistake == "g not g^2" else g**2
    if mistake == "swapped betas":
        m, v = (1 - beta1) * m + beta1 * g, (1 - beta2) * v + beta2 * g2
    elif mistake == "no carry":
        m, v = (1 - beta1) * g, (1 - beta2) * g2
    else:
        m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g2
    tc = t + 1 if mistake == "t + 1" else t
    m_hat = m if mistake in ("no bias correction", "v only") else m / (1 - beta1**tc)
    v_hat = v if mistake in ("no bias correction", "m only") else v / (1 - beta2**tc)
    root = v_hat if mistake == "no sqrt" else np.sqrt(v_hat)
    step = eta * m_hat / (root + eps)
    theta = theta + step if mistake == "sign" else theta - step
    if mistake == "stores m_hat":
        return theta, m_hat, v
    if mistake == "stores v_hat":
        return theta, m, v_hat
    if mistake == "two values":
        return theta, m
    return theta, m, v


def test_adam_right_answer_passes():
    verdict = nb03.check_adam_step(adam_step, gradient)
    assert verdict, verdict.message
    assert "Adam" in verdict.message


def test_adam_with_eps_inside_the_root_passes():
    """sqrt(v_hat + eps) instead of sqrt(v_hat) + eps changes the step by far less than the tolerance."""

    def eps_inside(theta, g, m, v, t, eta, beta1, beta2, eps):
        m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g**2
        return theta - eta * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v

    assert nb03.check_adam_step(eps_inside, gradient)


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("no bias correction", "no bias correction"),
        ("m only", "only m is bias-corrected"),
        ("v only", "only v is bias-corrected"),
        ("g not g^2", "g instead of g^2"),
        ("sign", "wrong sign"),
        ("no sqrt", "square root"),
        ("no carry", "ignore their previous values"),
        ("swapped betas", "swapped"),
        ("t + 1", "t + 1"),
        ("stores m_hat", "bias-corrected m_hat"),
        ("stores v_hat", "bias-corrected v_hat"),
        ("two values", "(theta, m, v)"),
    ],
)
def test_adam_mistakes_are_named(mistake, words):
    verdict = nb03.check_adam_step(lambda *a: adam_step(*a, mistake=mistake), gradient)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_adam_stub_is_not_done():
    verdict = nb03.check_adam_step(stub, gradient)
    assert not verdict
    assert NOT_DONE in verdict.message


def test_a_state_that_is_not_carried_along_the_path_is_caught():
    """A step that is right once but keeps its own state in a global that it resets fails on the surface."""
    calls = []

    def forgetful(theta, g, v, eta, mu):
        calls.append(1)
        if len(calls) > 1:  # after the made-up step: always starts from v = 0
            v = np.zeros_like(v)
        v = mu * v - eta * g
        return theta + v, v

    verdict = nb03.check_momentum_step(forgetful, gradient)
    assert not verdict
    assert "path" in verdict.message, verdict.message
