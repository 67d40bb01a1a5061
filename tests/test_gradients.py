"""Backpropagation against central differences, for every activation x loss pair, with dropout,
weight decay and max-norm; and the gradient-checking tools themselves."""

import numpy as np
import pytest

from nnlib import SGD, Network, Regularization, fit
from nnlib.gradcheck import format_report, gradient_check, numerical_gradient, relative_error
from nnlib.regularization import Dropout, add_weight_decay, constrain_max_norm, l2_penalty

TOL = 1e-7
HIDDEN = ["sigmoid", "tanh", "relu"]
OUTPUT_LOSS = [
    ("sigmoid", "mse"),
    ("tanh", "mse"),
    ("relu", "mse"),
    ("identity", "mse"),
    ("softmax", "mse"),
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "cross_entropy"),
]
SIZES = [5, 6, 4, 3]  # two hidden layers


def small_problem(hidden, output, loss, m=7, **kwargs):
    """A 5-6-4-3 network and a batch on which no ReLU pre-activation is within 1e-3 of its kink
    and no layer's gradient vanishes (e.g. every output ReLU off): the first seed that gives
    both is used (deterministic).  Central differences move each z by far less than 1e-3.
    """
    relu_layers = [l for l in range(1, len(SIZES)) if (hidden if l < len(SIZES) - 1 else output) == "relu"]
    for seed in range(100):
        rng = np.random.default_rng(seed)
        net = Network(
            SIZES, hidden=hidden, output=output, loss=loss, init="lecun", seed=seed, **{"dtype": "float64", **kwargs}
        )
        for l in range(1, net.L + 1):
            net.b[l][...] = rng.normal(scale=0.5, size=net.b[l].shape)  # non-zero biases are checked too
        X = rng.normal(size=(m, SIZES[0]))
        Y = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], m)]
        net.loss_and_gradient(X, Y)
        if all(np.min(np.abs(net.z[l])) > 1e-3 for l in relu_layers) and all(
            np.linalg.norm(net.dW[l]) > 1e-4 for l in range(1, net.L + 1)
        ):
            return net, X, Y
    raise AssertionError("no seed keeps the ReLU pre-activations away from 0")


@pytest.mark.parametrize("output, loss", OUTPUT_LOSS, ids=lambda x: x)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_central_differences(hidden, output, loss):
    net, X, Y = small_problem(hidden, output, loss)
    report = gradient_check(net, X, Y)
    assert list(report) == ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"]
    assert max(report.values()) < TOL, format_report(report, TOL)
    assert np.linalg.norm(net.grad) > 1e-3  # a vanishing gradient would pass trivially


@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_with_dropout_uses_the_forward_mask(hidden):
    """With the dropout masks held fixed, the training loss is a smooth function of theta: its
    gradient must match backprop's, which therefore has to reuse the forward pass's masks."""
    net, X, Y = small_problem(hidden, "softmax", "cross_entropy", m=12)
    dropout = Dropout(dropout=0.5, input_dropout=0.2, seed=0)
    state = dropout.rng.bit_generator.state  # replaying this state replays the same masks

    def cost():
        dropout.rng.bit_generator.state = state
        net.forward(X, dropout)
        return net.cost(Y)

    dropout.rng.bit_generator.state = state
    net.loss_and_gradient(X, Y, dropout)
    analytic = net.grad.copy()
    masks = [None if mk is None else mk.copy() for mk in net.mask]
    assert all(mk is not None and np.any(mk == 0) for mk in masks), "dropout should have dropped some units"
    numeric = numerical_gradient(cost, net.theta)
    assert relative_error(analytic, numeric) < TOL
    # and dropout is really on: a fresh mask gives another loss, switching it off another again
    assert net.loss_and_gradient(X, Y, dropout) != pytest.approx(cost())
    assert net.loss_and_gradient(X, Y) != pytest.approx(cost())


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_with_dropout_a_keeps_sigma_of_z_and_each_layer_sees_the_masked_input(hidden):
    """a[l] = sigma(z^l) always; layer l is fed a~^{l-1} = r^{l-1} (.) a^{l-1} (notebook 07's InvertedDropout)."""
    net, X, Y = small_problem(hidden, "softmax", "cross_entropy", m=12)
    net.forward(X, Dropout(dropout=0.5, input_dropout=0.2, seed=0))
    np.testing.assert_array_equal(net.a[0], X)
    for l in range(1, net.L + 1):
        sigma = net.output if l == net.L else net.hidden
        np.testing.assert_array_equal(net.a[l], sigma(net.z[l]))
        np.testing.assert_allclose(net.z[l], (net.a[l - 1] * net.mask[l - 1]) @ net.W[l].T + net.b[l], rtol=1e-12)


@pytest.mark.parametrize("method", ["backward", "cost"])
def test_backward_or_cost_before_forward_says_what_to_call_first(method):
    net, X, Y = small_problem("relu", "softmax", "cross_entropy")
    fresh = Network(SIZES, dtype="float64")
    with pytest.raises(RuntimeError, match=rf"{method} needs .* call net.forward\(X_batch\) first"):
        getattr(fresh, method)(Y)
    net.predict(X)  # inference keeps no batch either
    with pytest.raises(RuntimeError, match=rf"{method} needs"):
        getattr(net, method)(Y)


def test_a_gradient_without_dropout_after_one_with_dropout_uses_no_mask():
    """A forward pass without dropout must clear the masks of the pass before: its gradient is that of
    a network that never saw dropout."""
    net, X, Y = small_problem("relu", "softmax", "cross_entropy", m=12)
    net.loss_and_gradient(X, Y)
    clean = net.grad.copy()
    net.loss_and_gradient(X, Y, Dropout(dropout=0.5, input_dropout=0.2, seed=0))
    assert not np.allclose(net.grad, clean)
    net.loss_and_gradient(X, Y)
    assert all(mk is None for mk in net.mask)
    np.testing.assert_array_equal(net.grad, clean)


def test_dropout_scales_kept_units_by_one_over_keep():
    net = Network([1000, 1], output="identity", loss="mse", dtype="float64", seed=3)
    X = np.ones((4, 1000))
    net.forward(X, Dropout(dropout=0.0, input_dropout=0.25, seed=3))
    mask = net.mask[0]
    assert set(np.unique(mask)) == {0.0, 1 / 0.75}
    assert 0.2 < np.mean(mask == 0) < 0.3
    np.testing.assert_array_equal(net.a[0], X)  # a[0] stays the input; layer 1 sees X * mask
    np.testing.assert_array_equal(net.z[1], (X * mask) @ net.W[1].T + net.b[1])


@pytest.mark.parametrize("weight_decay", [0.0, 0.3])
def test_weight_decay_is_the_gradient_of_the_l2_penalty_on_weights_only(weight_decay):
    """After add_weight_decay, grad is the numerical gradient of C + (lambda/2) sum_l ||W[l]||^2
    (biases not penalised)."""
    net, X, Y = small_problem("tanh", "softmax", "cross_entropy")

    def penalised_cost():
        net.forward(X)
        return net.cost(Y) + l2_penalty(net, weight_decay)

    numeric = numerical_gradient(penalised_cost, net.theta)
    net.loss_and_gradient(X, Y)
    add_weight_decay(net, weight_decay)
    assert relative_error(net.grad, numeric) < TOL


def test_l2_penalty_by_hand():
    net = Network([2, 2, 1], dtype="float64", seed=0)
    net.theta[...] = [1.0, -1.0, 2.0, 0.5, 3.0, -4.0, 10.0, -10.0, 7.0]  # W[1], W[2], then biases
    # (0.1 / 2) (1 + 1 + 4 + 0.25 + 9 + 16): the biases do not count
    assert l2_penalty(net, 0.1) == pytest.approx(0.05 * 31.25, rel=1e-15)


def test_constrain_max_norm():
    net = Network([3, 2, 2], dtype="float64", seed=0)
    net.W[1][...] = [[3.0, 4.0, 0.0], [0.3, 0.4, 0.0]]  # row norms 5 and 0.5
    net.W[2][...] = [[1.0, 0.0], [0.0, -2.0]]  # row norms 1 and 2
    b_before = [net.b[1].copy(), net.b[2].copy()]
    constrain_max_norm(net, 1.5)
    np.testing.assert_allclose(net.W[1], [[0.9, 1.2, 0.0], [0.3, 0.4, 0.0]], rtol=1e-15)  # 5 -> 1.5, same direction
    np.testing.assert_allclose(net.W[2], [[1.0, 0.0], [0.0, -1.5]], rtol=1e-15)
    np.testing.assert_array_equal(net.b[1], b_before[0])  # biases are not constrained
    np.testing.assert_array_equal(net.b[2], b_before[1])


def test_fit_with_max_norm_keeps_every_unit_within_the_norm():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 5)), rng.integers(0, 3, 64)
    net = Network(
        [5, 8, 3], hidden="relu", output="softmax", loss="cross_entropy", init="normal", dtype="float64", seed=0
    )
    assert max(np.linalg.norm(net.W[l], axis=1).max() for l in (1, 2)) > 1.0  # the constraint has work to do
    fit(
        net,
        X,
        y,
        epochs=2,
        batch_size=16,
        optimizer=SGD(lr=0.5),
        regularization=Regularization(max_norm=1.0),
        verbose=False,
    )
    for l in (1, 2):
        assert np.all(np.linalg.norm(net.W[l], axis=1) <= 1.0 + 1e-12)


# ---------------------------------------------------------------- the tools
def test_numerical_gradient_of_a_sum_of_squares():
    theta = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -0.25]])
    original = theta.copy()
    grad = numerical_gradient(lambda: float(np.sum(theta**2)), theta)
    assert grad.shape == theta.shape
    np.testing.assert_allclose(grad, 2 * original, rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(theta, original)  # perturbed in place, then restored


def test_numerical_gradient_of_a_coupled_function():
    theta = np.array([0.3, -1.2])
    f = lambda: float(np.sin(theta[0]) * theta[1] ** 3)  # noqa: E731
    expected = [np.cos(0.3) * (-1.2) ** 3, np.sin(0.3) * 3 * (-1.2) ** 2]
    np.testing.assert_allclose(numerical_gradient(f, theta), expected, rtol=1e-8)


@pytest.mark.parametrize(
    "view",
    [
        lambda W: W.T,  # transposed: not C-contiguous, reshape(-1) would copy it
        lambda W: W[:, 1:3],  # a block of columns
        lambda W: W[::2],  # every other row
        lambda W: W[1],  # one row: contiguous, 1-D
    ],
    ids=["transposed", "columns", "strided rows", "row"],
)
def test_numerical_gradient_perturbs_any_view_of_the_parameters(view):
    """f reads W; the gradient is taken w.r.t. a view of W, which must see (and restore) every perturbation."""
    W = np.array([[1.0, -2.0, 0.5, 4.0], [3.0, 0.0, -0.25, 1.5], [0.75, 2.0, -1.0, -3.0]])
    original = W.copy()
    target = np.array([[0.5, 0.0, 1.0, -1.0], [2.0, -1.0, 0.0, 0.25], [1.0, 1.0, -2.0, 0.5]])
    f = lambda: 0.5 * float(np.sum((W - target) ** 2))  # noqa: E731 (dC/dW = W - target)
    grad = numerical_gradient(f, view(W))
    np.testing.assert_allclose(grad, view(original - target), rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(W, original)


def test_gradient_check_of_a_network_through_transposed_weights():
    """The numerical gradient w.r.t. W[1].T is the transpose of backpropagation's dW[1]."""
    net = Network([3, 4, 2], hidden="tanh", output="sigmoid", loss="mse", init="xavier", dtype="float64")
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(5, 3)), rng.random((5, 2))
    net.loss_and_gradient(X, Y)

    def cost():
        net.forward(X)
        return net.cost(Y)

    assert relative_error(numerical_gradient(cost, net.W[1].T), net.dW[1].T) < 1e-8


def test_numerical_gradient_refuses_what_it_cannot_perturb():
    W = np.ones((2, 3))
    W.flags.writeable = False
    for theta in (W, [1.0, 2.0]):
        with pytest.raises(ValueError, match="writeable NumPy array"):
            numerical_gradient(lambda: 0.0, theta)


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0  # no 0/0
    assert relative_error([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert relative_error([3.0], [1.0]) == pytest.approx(0.5)  # |3 - 1| / (3 + 1)


def test_gradient_check_catches_a_missing_sigma_prime(monkeypatch):
    """A backward that drops sigma'(z) in (BP2) must show up as a large relative error."""
    net, X, Y = small_problem("sigmoid", "sigmoid", "mse")
    monkeypatch.setattr(net.hidden, "backward", lambda z, a, grad_a: grad_a)
    report = gradient_check(net, X, Y)
    assert report["W[3]"] < TOL and report["b[3]"] < TOL  # the output layer does not use the hidden sigma'
    assert report["W[1]"] > 1e-2 and report["W[2]"] > 1e-2


def test_format_report():
    text = format_report({"W[1]": 3.2e-11, "b[1]": 0.25}, tolerance=1e-7)
    lines = text.splitlines()
    assert lines[0].split() == ["parameter", "relative", "error", "<", "1e-07"]
    assert lines[1].split() == ["W[1]", "3.20e-11", "True"]
    assert lines[2].split() == ["b[1]", "2.50e-01", "False"]
    assert len(lines) == 3


@pytest.mark.parametrize("output, loss", [("sigmoid", "mse"), ("softmax", "cross_entropy")])
def test_loss_and_gradient_uses_the_targets_in_the_networks_dtype(output, loss):
    """Targets given in float64 to a float32 network give the same cost, bit for bit, as float32 targets:
    the cost is not computed in another precision than the gradient."""
    rng = np.random.default_rng(3)
    net = Network([20, 8, 4], hidden="sigmoid", output=output, loss=loss, init="lecun", dtype=np.float32)
    X = rng.normal(size=(50, 20)).astype(np.float32)
    Y64 = np.eye(4)[rng.integers(0, 4, 50)] * 0.9 + 0.025  # soft targets: not exact in float32
    cost32 = net.loss_and_gradient(X, Y64.astype(np.float32))
    grad32 = net.grad.copy()
    assert net.loss_and_gradient(X, Y64) == cost32
    np.testing.assert_array_equal(net.grad, grad32)
