"""The learning-rate schedules, dropout in float32 and at inference, the Regularization settings, and the
claim that scikit-learn's ``alpha`` is nnlib's ``weight_decay`` times the batch size.  (The dropout and
weight-decay gradients and max-norm are checked in test_gradients.py.)"""

import math
import warnings

import numpy as np
import pytest

from nnlib import SGD, Network, Regularization, fit
from nnlib.regularization import Dropout, add_weight_decay
from nnlib.schedules import Constant, Cosine, ExponentialDecay, StepDecay


# ---------------------------------------------------------------- schedules
def test_cosine_runs_from_lr_to_lr_min_through_the_midpoint():
    s = Cosine(0.2, epochs=10, lr_min=0.01)
    assert s(0) == pytest.approx(0.2)
    assert s(5) == pytest.approx((0.2 + 0.01) / 2)
    assert s(10) == pytest.approx(0.01)
    assert s(25) == pytest.approx(0.01)  # stays at lr_min after the last epoch
    values = [s(e) for e in range(11)]
    assert all(a > b for a, b in zip(values, values[1:]))  # strictly decreasing
    # symmetric about the midpoint: lr(e) - mid = mid - lr(10 - e)
    for e in range(11):
        assert s(e) - s(5) == pytest.approx(s(5) - s(10 - e))


def test_cosine_in_fit_never_trains_an_epoch_at_lr_min():
    """fit asks for epochs 0..E-1, so with lr_min = 0 the last epoch still has a positive rate."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 4)), rng.integers(0, 3, 40)
    net = Network([4, 5, 3], seed=0, dtype="float64")
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
    net = Network(
        [50, 40, 3], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=1, dtype=np.float32
    )
    X = np.random.default_rng(1).random((64, 50), dtype=np.float32)
    net.forward(X, Dropout(dropout=0.5, input_dropout=0.2, seed=1))
    assert net.mask[0].dtype == np.float32 and net.mask[1].dtype == np.float32
    assert set(np.unique(net.mask[0])) == {np.float32(0), np.float32(1 / 0.8)}
    assert set(np.unique(net.mask[1])) == {np.float32(0), np.float32(1 / 0.5)}
    assert 0.15 < np.mean(net.mask[0] == 0) < 0.25
    assert 0.45 < np.mean(net.mask[1] == 0) < 0.55
    assert all(a.dtype == np.float32 for a in net.a)


def test_inverted_dropout_keeps_the_expected_input_of_the_next_layer():
    """E[mask] = 1, so the mean of z over many masks equals z without dropout."""
    net = Network([30, 20, 4], seed=2, dtype="float64")
    x = np.random.default_rng(2).random((1, 30))
    X = np.repeat(x, 20_000, axis=0)  # one sample, 20,000 independent masks
    net.forward(X, Dropout(dropout=0.5, input_dropout=0.2, seed=2))
    z1_dropout = net.z[1].mean(axis=0)
    net.forward(x)
    np.testing.assert_allclose(z1_dropout, net.z[1][0], rtol=0, atol=0.05 * np.abs(net.z[1]).max())


def test_dropout_is_off_at_inference():
    """After training with dropout, predict uses the full network: the same every call, and the same as
    a forward pass without masks."""
    rng = np.random.default_rng(3)
    X, y = rng.random((100, 20), dtype=np.float32), rng.integers(0, 5, 100)
    net = Network(
        [20, 16, 16, 5], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=3, dtype=np.float32
    )
    fit(net, X, y, epochs=1, regularization=Regularization(dropout=0.5, input_dropout=0.2), verbose=False)
    p1, p2 = net.predict_proba(X), net.predict_proba(X)
    np.testing.assert_array_equal(p1, p2)
    a = X
    for l in range(1, net.L + 1):  # the forward pass written out, with no mask
        z = a @ net.W[l].T + net.b[l]
        a = net.output(z) if l == net.L else net.hidden(z)
    np.testing.assert_allclose(p1, a, rtol=1e-6)
    assert all(mask is None for mask in net.mask)


def test_dropout_changes_training():
    rng = np.random.default_rng(4)
    X, y = rng.random((64, 20)), rng.integers(0, 5, 64)
    nets = [Network([20, 16, 5], dtype="float64") for _ in range(2)]
    fit(nets[0], X, y, epochs=1, verbose=False)
    fit(nets[1], X, y, epochs=1, regularization=Regularization(dropout=0.5), verbose=False)
    assert not np.allclose(nets[0].theta, nets[1].theta)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(dropout=1.0), r"dropout must be in \[0, 1\), got 1.0"),
        (dict(input_dropout=-0.1), r"input_dropout must be in \[0, 1\), got -0.1"),
        (dict(weight_decay=-1e-4), r"weight_decay must be a number >= 0, got -0.0001"),
        (dict(weight_decay=float("nan")), r"weight_decay must be a number >= 0, got nan"),
        (dict(max_norm=0), r"max_norm must be a positive number, got 0"),
        (dict(dropout=True), r"dropout must be in \[0, 1\), got True"),
    ],
)
def test_regularization_refuses_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Regularization(**kwargs)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Cosine(0.1, 0), r"epochs must be an integer >= 1, got 0"),
        (lambda: Cosine(0.1, 2.5), r"epochs must be an integer >= 1, got 2.5"),
        (lambda: Cosine(-0.1, 3), r"lr must be a positive number, got -0.1"),
        (lambda: Cosine(0.1, 3, lr_min=0.2), r"lr_min \(0.2\) must not exceed lr \(0.1\)"),
        (lambda: StepDecay(0.1, every=0), r"every must be an integer >= 1, got 0"),
        (lambda: ExponentialDecay(0.1, gamma=0), r"gamma must be a positive number, got 0"),
        (lambda: Constant("0.1"), r"lr must be a positive number, got '0.1'"),
    ],
)
def test_schedules_refuse_bad_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# ---------------------------------------------------------------- scikit-learn's alpha
def test_sklearn_alpha_is_weight_decay_times_batch_size():
    """One full-batch plain-SGD step of MLPClassifier from nnlib's weights equals nnlib's SGD step with
    weight_decay = alpha / m: the same objective (mean cross-entropy + alpha/(2m) ||W||^2)."""
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(5)
    m, alpha, lr = 24, 0.3, 0.5
    X = rng.normal(size=(m, 4))
    y = np.arange(m) % 3
    net = Network([4, 6, 3], seed=5, dtype="float64")
    for l in (1, 2):
        net.b[l][...] = rng.normal(scale=0.1, size=net.b[l].shape)

    clf = MLPClassifier(
        hidden_layer_sizes=(6,),
        activation="relu",
        solver="sgd",
        alpha=alpha,
        batch_size=m,
        learning_rate_init=lr,
        momentum=0.0,
        nesterovs_momentum=False,
        shuffle=False,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.partial_fit(X, y, classes=np.arange(3))  # initialises the weights (one step we overwrite)
        for l in (1, 2):  # scikit-learn stores W^T: (n_{l-1}, n_l)
            clf.coefs_[l - 1][...] = net.W[l].T
            clf.intercepts_[l - 1][...] = net.b[l]
        clf.partial_fit(X, y)  # one step on the whole batch

    net.loss_and_gradient(X, np.eye(3)[y])
    add_weight_decay(net, alpha / m)
    SGD(lr=lr).step(net.theta, net.grad)
    for l in (1, 2):
        np.testing.assert_allclose(clf.coefs_[l - 1], net.W[l].T, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(clf.intercepts_[l - 1], net.b[l], rtol=1e-10, atol=1e-12)
