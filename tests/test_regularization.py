"""What notebooks 06 and 07 rely on beyond the core: the learning-rate schedules, dropout in float32
and at inference, and the claim that scikit-learn's ``alpha`` is nnlib's ``weight_decay`` times the
batch size.  (The dropout and weight-decay gradients and max-norm are checked in test_gradients.py.)"""
import math
import warnings

import numpy as np
import pytest

from nnlib import SGD, Network, fit
from nnlib.schedules import Constant, Cosine, ExponentialDecay, StepDecay


# ---------------------------------------------------------------- schedules
def test_cosine_runs_from_lr_to_lr_min_through_the_midpoint():
    s = Cosine(0.2, epochs=10, lr_min=0.01)
    assert s(0) == pytest.approx(0.2)
    assert s(5) == pytest.approx((0.2 + 0.01) / 2)
    assert s(10) == pytest.approx(0.01)
    assert s(25) == pytest.approx(0.01)          # stays at lr_min after the last epoch
    values = [s(e) for e in range(11)]
    assert all(a > b for a, b in zip(values, values[1:]))   # strictly decreasing
    # symmetric about the midpoint: lr(e) - mid = mid - lr(10 - e)
    for e in range(11):
        assert s(e) - s(5) == pytest.approx(s(5) - s(10 - e))


def test_cosine_in_fit_never_trains_an_epoch_at_lr_min():
    """fit asks for epochs 0..E-1, so with lr_min = 0 the last epoch still has a positive rate."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 4)), rng.integers(0, 3, 40)
    net = Network([4, 5, 3], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=0)
    history = fit(net, X, y, epochs=4, batch_size=10, optimizer=SGD(lr=1.0), schedule=Cosine(0.1, 4), verbose=False)
    expected = [0.05 * (1 + math.cos(math.pi * e / 4)) for e in range(4)]
    assert history.lr == pytest.approx(expected)
    assert history.lr[-1] > 0


def test_step_exponential_and_constant_schedules():
    step = StepDecay(0.1, factor=0.5, every=3)
    assert [step(e) for e in range(7)] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025])
    expo = ExponentialDecay(0.1, gamma=0.9)
    assert [expo(e) for e in range(3)] == pytest.approx([0.1, 0.09, 0.081])
    assert Constant(0.3)(17) == 0.3


# ---------------------------------------------------------------- dropout
def test_dropout_in_float32_keeps_float32_and_scales_by_one_over_keep():
    net = Network([50, 40, 3], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=1,
                  dtype=np.float32, dropout=0.5, input_dropout=0.2)
    X = np.random.default_rng(1).random((64, 50), dtype=np.float32)
    net.forward(X, train=True)
    assert net.mask[0].dtype == np.float32 and net.mask[1].dtype == np.float32
    assert set(np.unique(net.mask[0])) == {np.float32(0), np.float32(1 / 0.8)}
    assert set(np.unique(net.mask[1])) == {np.float32(0), np.float32(1 / 0.5)}
    assert 0.15 < np.mean(net.mask[0] == 0) < 0.25
    assert 0.45 < np.mean(net.mask[1] == 0) < 0.55
    assert all(a.dtype == np.float32 for a in net.a)


def test_inverted_dropout_keeps_the_expected_input_of_the_next_layer():
    """E[mask] = 1, so the mean of z over many masks equals z without dropout."""
    net = Network([30, 20, 4], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=2,
                  dropout=0.5, input_dropout=0.2)
    x = np.random.default_rng(2).random((1, 30))
    X = np.repeat(x, 20_000, axis=0)                    # one sample, 20,000 independent masks
    net.forward(X, train=True)
    z1_dropout = net.z[1].mean(axis=0)
    net.forward(x)
    np.testing.assert_allclose(z1_dropout, net.z[1][0], rtol=0, atol=0.05 * np.abs(net.z[1]).max())


def test_dropout_is_off_at_inference():
    """predict uses the full network: the same as a network without dropout, and the same every call."""
    kwargs = dict(hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=3, dtype=np.float32)
    with_dropout = Network([20, 16, 16, 5], dropout=0.5, input_dropout=0.2, **kwargs)
    without = Network([20, 16, 16, 5], **kwargs)
    np.testing.assert_array_equal(with_dropout.theta, without.theta)   # dropout does not change the weights
    X = np.random.default_rng(3).random((100, 20), dtype=np.float32)
    p1, p2 = with_dropout.predict_proba(X), with_dropout.predict_proba(X)
    np.testing.assert_array_equal(p1, p2)
    np.testing.assert_array_equal(p1, without.predict_proba(X))
    assert all(mask is None for mask in with_dropout.mask)


# ---------------------------------------------------------------- scikit-learn's alpha
def test_sklearn_alpha_is_weight_decay_times_batch_size():
    """One full-batch plain-SGD step of MLPClassifier from nnlib's weights equals nnlib's SGD step with
    weight_decay = alpha / m: the same objective (mean cross-entropy + alpha/(2m) ||W||^2)."""
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(5)
    m, alpha, lr = 24, 0.3, 0.5
    X = rng.normal(size=(m, 4))
    y = np.arange(m) % 3
    net = Network([4, 6, 3], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=5)
    for l in (1, 2):
        net.b[l][...] = rng.normal(scale=0.1, size=net.b[l].shape)

    clf = MLPClassifier(hidden_layer_sizes=(6,), activation="relu", solver="sgd", alpha=alpha, batch_size=m,
                        learning_rate_init=lr, momentum=0.0, nesterovs_momentum=False, shuffle=False,
                        random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.partial_fit(X, y, classes=np.arange(3))      # initialises the weights (one step we overwrite)
        for l in (1, 2):                                  # scikit-learn stores W^T: (n_{l-1}, n_l)
            clf.coefs_[l - 1][...] = net.W[l].T
            clf.intercepts_[l - 1][...] = net.b[l]
        clf.partial_fit(X, y)                             # one step on the whole batch

    net.loss_and_gradient(X, np.eye(3)[y], train=False)
    SGD(lr=lr, weight_decay=alpha / m).step(net.theta, net.grad, decay=net.weight_slice)
    for l in (1, 2):
        np.testing.assert_allclose(clf.coefs_[l - 1], net.W[l].T, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(clf.intercepts_[l - 1], net.b[l], rtol=1e-10, atol=1e-12)
