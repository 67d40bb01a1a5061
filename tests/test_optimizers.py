"""Optimizer steps against values worked out by hand (the arithmetic is written out, not re-run through nnlib)."""
import math
import re

import numpy as np
import pytest

from nnlib import SGD, Adam, Network
from nnlib.optimizers import get_optimizer

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
            m_hat = m / (1 - b1 ** t)
            v_hat = v / (1 - b2 ** t)
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
    m_hat, v_hat = 0.055 / (1 - 0.9 ** 2), 0.00025975 / (1 - 0.999 ** 2)
    first = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert theta[0] == pytest.approx(first, rel=1e-14)
    assert opt.t == 2
    # Adam stores the paper's moments divided by (1 - beta1) and (1 - beta2)
    np.testing.assert_allclose(opt.m * (1 - 0.9), [0.055, 0.9 * 0.025 + 0.1 * -0.2, 0.9 * -0.1 + 0.1 * 0.3], rtol=1e-13)
    np.testing.assert_allclose(opt.v[0] * (1 - 0.999), 0.00025975, rtol=1e-13)
    np.testing.assert_allclose(theta, adam_by_hand(THETA, [G1, G2], lr=0.1), rtol=1e-14)


def test_adam_custom_betas_and_eps():
    theta = np.array(THETA)
    opt = Adam(lr=0.01, beta1=0.5, beta2=0.75, eps=1e-3)
    for g in (G1, G2, G1):
        opt.step(theta, np.array(g))
    np.testing.assert_allclose(theta, adam_by_hand(THETA, [G1, G2, G1], lr=0.01, b1=0.5, b2=0.75, eps=1e-3),
                               rtol=1e-14)


# ---------------------------------------------------------------- weight decay: weights, not biases
@pytest.fixture
def tiny_net():
    net = Network([2, 2, 1], seed=0)          # 4 + 2 weights, then 2 + 1 biases
    net.theta[...] = [1.0, -1.0, 2.0, 0.5, 3.0, -4.0, 10.0, -10.0, 7.0]
    net.grad[...] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    return net


def test_weight_slice_covers_exactly_the_weights(tiny_net):
    net = tiny_net
    assert net.weight_slice == slice(0, 6)
    np.testing.assert_array_equal(net.W[1], [[1.0, 2.0], [-1.0, 0.5]])   # stored column by column
    np.testing.assert_array_equal(net.W[2], [[3.0, -4.0]])
    np.testing.assert_array_equal(net.b[1], [10.0, -10.0])
    np.testing.assert_array_equal(net.b[2], [7.0])


def test_sgd_weight_decay_applies_to_weights_not_biases(tiny_net):
    net = tiny_net
    SGD(lr=0.1, weight_decay=0.01).step(net.theta, net.grad, decay=net.weight_slice)
    # weights: w - 0.1 * (g + 0.01 w);  biases: b - 0.1 g
    expected_W = [1.0 - 0.1 * (0.1 + 0.01), -1.0 - 0.1 * (0.2 - 0.01), 2.0 - 0.1 * (0.3 + 0.02),
                  0.5 - 0.1 * (0.4 + 0.005), 3.0 - 0.1 * (0.5 + 0.03), -4.0 - 0.1 * (0.6 - 0.04)]
    expected_b = [10.0 - 0.07, -10.0 - 0.08, 7.0 - 0.09]
    np.testing.assert_allclose(net.theta, expected_W + expected_b, rtol=1e-15)
    np.testing.assert_array_equal(net.grad, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])   # grad untouched


def test_adam_weight_decay_applies_to_weights_not_biases(tiny_net):
    net = tiny_net
    theta0, grad0 = list(net.theta), list(net.grad)
    Adam(lr=0.1, weight_decay=0.5).step(net.theta, net.grad, decay=net.weight_slice)
    decayed = [g + 0.5 * w for g, w in zip(grad0[:6], theta0[:6])] + grad0[6:]
    np.testing.assert_allclose(net.theta, adam_by_hand(theta0, [decayed], lr=0.1), rtol=1e-14)


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


@pytest.mark.parametrize("kwargs, message", [
    (dict(momentum=1.0), r"momentum must be in \[0, 1\), got 1.0"),
    (dict(momentum=-0.1), r"momentum must be in \[0, 1\)"),
    (dict(weight_decay=-1e-4), r"weight_decay must be a number >= 0, got -0.0001"),
    (dict(weight_decay=float("nan")), r"weight_decay must be a number >= 0, got nan"),
])
def test_sgd_bad_hyperparameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SGD(lr=0.1, **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(beta1=1.0), r"beta1 must be in \[0, 1\)"),
    (dict(beta2=-0.5), r"beta2 must be in \[0, 1\)"),
    (dict(eps=0.0), r"eps must be a positive number"),
])
def test_adam_bad_hyperparameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Adam(**kwargs)


def test_unknown_optimizer_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"unknown optimizer 'rmsprop'; valid names are: sgd, adam"):
        get_optimizer("rmsprop")
    assert isinstance(get_optimizer("Adam", lr=0.01), Adam)
