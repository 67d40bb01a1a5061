"""Optimizer steps against values worked out by hand (the arithmetic is written out, not re-run through nnlib)."""

import math
import re

import numpy as np
import pytest

from nnlib import SGD, Adam, Network
from nnlib.optimizers import make_optimizer

THETA = [1.0, -2.0, 0.5]
G1 = [0.5, 0.25, -1.0]
G2 = [0.1, -0.2, 0.3]


def test_sgd_plain_step():
    theta = np.array(THETA)
    SGD(lr=0.1).step(theta, np.array(G1))
    # theta - 0.1 g
    np.testing.assert_allclose(theta, [1.0 - 0.05, -2.0 - 0.025, 0.5 + 0.1], rtol=1e-15)


def test_sgd_momentum_two_steps():
    theta = np.array(THETA)
    opt = SGD(lr=0.1, momentum=0.9)
    opt.step(theta, np.array(G1))
    # v = 0.9 * 0 - 0.1 * g1 = [-0.05, -0.025, 0.1];  theta = [0.95, -2.025, 0.6]
    np.testing.assert_allclose(theta, [0.95, -2.025, 0.6], rtol=1e-15)
    opt.step(theta, np.array(G2))
    # v = 0.9 * [-0.05, -0.025, 0.1] - 0.1 * [0.1, -0.2, 0.3] = [-0.055, -0.0025, 0.06]
    # theta = [0.95 - 0.055, -2.025 - 0.0025, 0.6 + 0.06]
    np.testing.assert_allclose(opt.v, [-0.055, -0.0025, 0.06], rtol=1e-13)
    np.testing.assert_allclose(theta, [0.895, -2.0275, 0.66], rtol=1e-15)


def adam_by_hand(theta, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """Adam, one scalar parameter at a time, exactly as in Kingma & Ba (2014), Algorithm 1."""
    out = []
    for i, th in enumerate(theta):
        m = v = 0.0
        for t, g in enumerate(grads, start=1):
            m = b1 * m + (1 - b1) * g[i]
            v = b2 * v + (1 - b2) * g[i] * g[i]
            m_hat = m / (1 - b1**t)
            v_hat = v / (1 - b2**t)
            th = th - lr * m_hat / (math.sqrt(v_hat) + eps)
        out.append(th)
    return out


def test_adam_first_step_moves_each_parameter_by_about_lr():
    theta = np.array(THETA)
    Adam(lr=0.1).step(theta, np.array(G1))
    # step 1: m_hat = g, v_hat = g^2, so the move is lr * g / (|g| + eps), i.e. lr * sign(g)
    expected = [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 - 0.1 * 0.25 / (0.25 + 1e-8), 0.5 + 0.1 * 1.0 / (1.0 + 1e-8)]
    np.testing.assert_allclose(theta, expected, rtol=1e-14)
    np.testing.assert_allclose(theta, adam_by_hand(THETA, [G1], lr=0.1), rtol=1e-14)


def test_adam_two_steps():
    theta = np.array(THETA)
    opt = Adam(lr=0.1)
    opt.step(theta, np.array(G1))
    opt.step(theta, np.array(G2))
    # first parameter by hand: m = 0.9 * 0.05 + 0.1 * 0.1 = 0.055;  v = 0.999 * 0.00025 + 0.001 * 0.01 = 0.00025975
    m_hat, v_hat = 0.055 / (1 - 0.9**2), 0.00025975 / (1 - 0.999**2)
    first = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert theta[0] == pytest.approx(first, rel=1e-14)
    assert opt.t == 2
    # the moments are the paper's m and v (before bias correction)
    np.testing.assert_allclose(opt.m, [0.055, 0.9 * 0.025 + 0.1 * -0.2, 0.9 * -0.1 + 0.1 * 0.3], rtol=1e-13)
    np.testing.assert_allclose(opt.v[0], 0.00025975, rtol=1e-13)
    np.testing.assert_allclose(theta, adam_by_hand(THETA, [G1, G2], lr=0.1), rtol=1e-14)


def test_adam_custom_betas_and_eps():
    theta = np.array(THETA)
    opt = Adam(lr=0.01, beta1=0.5, beta2=0.75, eps=1e-3)
    for g in (G1, G2, G1):
        opt.step(theta, np.array(g))
    np.testing.assert_allclose(theta, adam_by_hand(THETA, [G1, G2, G1], lr=0.01, b1=0.5, b2=0.75, eps=1e-3), rtol=1e-14)


# ---------------------------------------------------------------- the flat parameter vector
def test_theta_holds_each_W_row_by_row_then_the_biases():
    net = Network([2, 2, 1], seed=0)  # 4 + 2 weights, then 2 + 1 biases
    net.theta[...] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, -10.0, 7.0]
    np.testing.assert_array_equal(net.W[1], [[1.0, 2.0], [3.0, 4.0]])  # theta[:4] is W[1].ravel()
    np.testing.assert_array_equal(net.W[2], [[5.0, 6.0]])
    np.testing.assert_array_equal(net.b[1], [10.0, -10.0])
    np.testing.assert_array_equal(net.b[2], [7.0])
    for l in (1, 2):
        assert np.shares_memory(net.W[l], net.theta) and np.shares_memory(net.dW[l], net.grad)
        assert np.shares_memory(net.b[l], net.theta) and np.shares_memory(net.db[l], net.grad)


def test_step_with_a_given_learning_rate_leaves_the_optimizer_unchanged():
    theta = np.array(THETA)
    opt = SGD(lr=0.1)
    opt.step(theta, np.array(G1), lr=0.01)
    np.testing.assert_allclose(theta, [1.0 - 0.005, -2.0 - 0.0025, 0.5 + 0.01], rtol=1e-15)
    assert opt.lr == 0.1


@pytest.mark.parametrize("make", [lambda: SGD(lr=0.1, momentum=0.9), lambda: Adam(lr=0.1)], ids=["momentum", "adam"])
def test_reset_forgets_the_state(make):
    """After reset, the next step is that of a new optimizer; without it, it is not."""
    opt, theta = make(), np.array(THETA)
    opt.step(theta, np.array(G1))
    continued = theta.copy()
    opt.step(continued, np.array(G2))
    opt.reset()
    after_reset, fresh = theta.copy(), theta.copy()
    opt.step(after_reset, np.array(G2))
    make().step(fresh, np.array(G2))
    np.testing.assert_array_equal(after_reset, fresh)
    assert not np.allclose(continued, fresh)


def test_momentum_state_follows_a_new_parameter_vector():
    """A fresh theta of another size gets fresh state instead of a shape error."""
    opt = SGD(lr=0.1, momentum=0.9)
    opt.step(np.zeros(3), np.ones(3))
    theta = np.zeros(2)
    opt.step(theta, np.ones(2))
    np.testing.assert_allclose(theta, [-0.1, -0.1], rtol=1e-15)


# ---------------------------------------------------------------- bad hyperparameters
@pytest.mark.parametrize("lr", [0, -1, 0.0, float("nan"), float("inf"), -float("inf"), "0.1", None, True])
@pytest.mark.parametrize("cls", [SGD, Adam])
def test_learning_rate_must_be_positive(cls, lr):
    with pytest.raises(ValueError, match=r"learning rate must be a positive number, got " + re.escape(repr(lr))):
        cls(lr=lr)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(momentum=1.0), r"momentum must be in \[0, 1\), got 1.0"),
        (dict(momentum=-0.1), r"momentum must be in \[0, 1\)"),
    ],
)
def test_sgd_bad_hyperparameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SGD(lr=0.1, **kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(beta1=1.0), r"beta1 must be in \[0, 1\)"),
        (dict(beta2=-0.5), r"beta2 must be in \[0, 1\)"),
        (dict(eps=0.0), r"eps must be a positive number"),
    ],
)
def test_adam_bad_hyperparameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Adam(**kwargs)


def test_make_optimizer_builds_from_a_name_and_settings():
    opt = make_optimizer("SGD", lr=0.3, momentum=0.5)
    assert isinstance(opt, SGD) and (opt.lr, opt.momentum) == (0.3, 0.5)
    assert isinstance(make_optimizer("adam", lr=0.01), Adam)
    with pytest.raises(ValueError, match=r"unknown optimizer 'rmsprop'; valid names are: sgd, adam"):
        make_optimizer("rmsprop")
    with pytest.raises(ValueError, match=r"adam: .*momentum"):
        make_optimizer("adam", momentum=0.9)
