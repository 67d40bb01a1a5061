"""Activations and losses: derivatives against finite differences, stability at +-1000, conventions."""

import numpy as np
import pytest

from nnlib.activations import Identity, ReLU, Sigmoid, Softmax, Tanh, get_activation
from nnlib.losses import MSE, BinaryCrossEntropy, CrossEntropy, get_loss, mse_per_output

H = 1e-6
ELEMENTWISE = [Sigmoid(), Tanh(), ReLU(), Identity()]


def batch(shape=(5, 4), seed=0, away_from_zero=True):
    """Pre-activations z; with ``away_from_zero`` every |z| > 0.05, so ReLU's kink is never within H."""
    z = np.random.default_rng(seed).normal(scale=2.0, size=shape)
    if away_from_zero:
        z += np.where(z >= 0, 0.05, -0.05)
    return z


def numerical_jacobian(f, z):
    """(m, n, n): J[i, j, k] = d f(z)[i, j] / d z[i, k], by central differences one column k at a time."""
    m, n = z.shape
    J = np.empty((m, n, n))
    for k in range(n):
        e = np.zeros_like(z)
        e[:, k] = H
        J[:, :, k] = (f(z + e) - f(z - e)) / (2 * H)
    return J


# ---------------------------------------------------------------- derivatives
@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
def test_prime_matches_central_differences(act):
    z = batch()
    numeric = (act.forward(z + H) - act.forward(z - H)) / (2 * H)
    np.testing.assert_allclose(act.prime(z), numeric, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(act.prime(z, act.forward(z)), numeric, rtol=1e-7, atol=1e-9)  # from a = sigma(z)


@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
def test_backward_is_the_chain_rule(act):
    z, g = batch(), batch(seed=1)
    numeric = g * (act.forward(z + H) - act.forward(z - H)) / (2 * H)
    np.testing.assert_allclose(act.backward(z, act.forward(z), g), numeric, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(act.backward(z, None, g), numeric, rtol=1e-7, atol=1e-9)  # a not given


def test_relu_derivative_is_zero_at_zero_and_exact_elsewhere():
    z = np.array([[-2.0, -1e-300, 0.0, 1e-300, 3.0]])
    np.testing.assert_array_equal(ReLU().prime(z), [[0, 0, 0, 1, 1]])
    np.testing.assert_array_equal(ReLU().forward(z), [[0, 0, 0, 1e-300, 3.0]])


@pytest.mark.parametrize(
    "z",
    [
        np.float64(-2.5),
        np.linspace(-3, 3, 7),
        np.arange(-6.0, 6.0).reshape(3, 4),
        np.arange(-6.0, 6.0, dtype=np.float32).reshape(2, 2, 3),
    ],
    ids=lambda z: str(np.shape(z)),
)
def test_relu_of_any_shape_keeps_shape_and_dtype(z):
    a = ReLU().forward(z)
    assert a.shape == np.shape(z) and a.dtype == np.asarray(z).dtype
    np.testing.assert_array_equal(a, np.where(z > 0, z, 0))
    np.testing.assert_array_equal(ReLU().backward(z, a, np.ones_like(z)), (np.asarray(z) > 0).astype(a.dtype))


def test_softmax_jacobian_matches_central_differences():
    sm, z = Softmax(), batch(away_from_zero=False)
    J = sm.jacobian(z)
    np.testing.assert_allclose(J, numerical_jacobian(sm.forward, z), rtol=1e-7, atol=1e-9)
    # its diagonal is prime
    np.testing.assert_allclose(np.einsum("ijj->ij", J), sm.prime(z), rtol=1e-12)


def test_softmax_backward_is_jacobian_transpose_times_gradient():
    sm, z, g = Softmax(), batch(away_from_zero=False), batch(seed=1)
    expected = np.einsum("ijk,ij->ik", numerical_jacobian(sm.forward, z), g)  # dC/dz_k = sum_j g_j da_j/dz_k
    np.testing.assert_allclose(sm.backward(z, sm.forward(z), g), expected, rtol=1e-7, atol=1e-9)


def test_softmax_rows_are_distributions_and_shift_invariant():
    sm, z = Softmax(), batch(away_from_zero=False)
    a = sm.forward(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)
    assert np.all(a > 0)
    np.testing.assert_allclose(sm.forward(z + 123.0), a, rtol=1e-12)


def test_activation_values_at_known_points():
    z = np.array([[0.0, np.log(3.0)]])
    np.testing.assert_allclose(Sigmoid().forward(z), [[0.5, 0.75]], rtol=1e-15)
    np.testing.assert_allclose(Softmax().forward(z), [[0.25, 0.75]], rtol=1e-15)
    np.testing.assert_allclose(Tanh().forward(z), [[0.0, 0.8]], rtol=1e-15)


# ---------------------------------------------------------------- losses: delta^L = dC_x/dz^L
LOSS_OUTPUTS = [
    (MSE(), Sigmoid()),
    (MSE(), Tanh()),
    (MSE(), Identity()),
    (MSE(), Softmax()),
    (MSE(), ReLU()),
    (BinaryCrossEntropy(), Sigmoid()),
    (CrossEntropy(), Softmax()),
]


@pytest.mark.parametrize("loss, act", LOSS_OUTPUTS, ids=lambda x: x.name)
def test_loss_delta_is_the_per_sample_derivative_of_the_mean_cost(loss, act):
    z = batch()
    m, n = z.shape
    Y = np.eye(n)[np.random.default_rng(2).integers(0, n, m)]
    cost = lambda z_: loss.value(z_, act.forward(z_), Y)  # noqa: E731  mean over the batch
    numeric = np.empty_like(z)
    for i in range(m):
        for j in range(n):
            e = np.zeros_like(z)
            e[i, j] = H
            numeric[i, j] = (cost(z + e) - cost(z - e)) / (2 * H)
    # the mean's 1/m is applied in Network.backward, so delta is m times dC/dz
    np.testing.assert_allclose(loss.delta(z, act.forward(z), Y, act), m * numeric, rtol=1e-6, atol=1e-8)


def test_mse_value_has_the_half_factor_and_the_batch_mean():
    a = np.array([[1.0, 0.0], [0.5, 0.5]])
    Y = np.array([[0.0, 0.0], [1.0, 0.0]])
    # sample 1: 1/2 (1^2 + 0^2) = 0.5; sample 2: 1/2 (0.25 + 0.25) = 0.25; mean 0.375
    assert MSE().value(None, a, Y) == pytest.approx(0.375, rel=1e-15)
    # the blog posts' printed loss: mean of (y - a)^2 over all 4 entries = (1 + 0.25 + 0.25) / 4
    assert mse_per_output(a, Y) == pytest.approx(0.375, rel=1e-15)


def test_cross_entropy_values_at_known_points():
    z = np.array([[0.0, np.log(3.0)]])  # softmax [1/4, 3/4]
    assert CrossEntropy().value(z, None, np.array([[0.0, 1.0]])) == pytest.approx(-np.log(0.75), rel=1e-14)
    # sigmoid [1/2, 3/4], targets [1, 0]: -log(1/2) - log(1/4)
    assert BinaryCrossEntropy().value(z, None, np.array([[1.0, 0.0]])) == pytest.approx(np.log(8.0), rel=1e-14)


# ---------------------------------------------------------------- stability at +-1000
BIG = np.array([[-1000.0, 1000.0], [1000.0, 1000.0], [-1000.0, -1000.0], [0.0, 1000.0]])


@pytest.fixture
def fp_errors_raise():
    """Warnings are already errors (pyproject); errstate also turns silent over/underflow into errors."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        yield


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_at_plus_minus_1000(fp_errors_raise, dtype):
    a = Sigmoid().forward(BIG.astype(dtype))
    assert a.dtype == dtype
    np.testing.assert_array_equal(a, [[0, 1], [1, 1], [0, 0], [0.5, 1]])
    assert np.all(np.isfinite(Sigmoid().prime(BIG.astype(dtype))))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_at_plus_minus_1000(fp_errors_raise, dtype):
    a = Softmax().forward(BIG.astype(dtype))
    assert a.dtype == dtype
    np.testing.assert_allclose(a, [[0, 1], [0.5, 0.5], [0.5, 0.5], [0, 1]], atol=1e-30)
    assert np.all(np.isfinite(Softmax().backward(BIG, None, np.ones_like(BIG))))


def test_tanh_and_relu_at_plus_minus_1000(fp_errors_raise):
    np.testing.assert_array_equal(Tanh().forward(BIG[:1]), [[-1, 1]])
    np.testing.assert_array_equal(ReLU().forward(BIG[:1]), [[0, 1000]])


def test_cross_entropy_at_plus_minus_1000(fp_errors_raise):
    Y = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    # per sample: -log softmax(z)_y = logsumexp(z) - z_y: 2000, log 2, log 2, 1000 (+ e^-1000, i.e. nothing)
    expected = (2000.0 + np.log(2.0) + np.log(2.0) + 1000.0) / 4
    loss = CrossEntropy()
    assert loss.value(BIG, Softmax().forward(BIG), Y) == pytest.approx(expected, rel=1e-15)
    assert loss.value(BIG, Softmax().forward(BIG), 1.0 - Y) == pytest.approx((0 + 2 * np.log(2) + 0) / 4, rel=1e-12)
    assert np.all(np.isfinite(loss.delta(BIG, Softmax().forward(BIG), Y)))


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-13), (np.float32, 1e-5)])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 30.0, 1e4])
def test_cross_entropy_equals_logsumexp_minus_z_y(fp_errors_raise, dtype, rtol, scale):
    """The value equals the log-sum-exp formula evaluated in float64, at every scale of z."""
    rng = np.random.default_rng(3)
    z = (scale * rng.standard_normal((64, 10))).astype(dtype)
    Y = np.eye(10)[rng.integers(0, 10, 64)].astype(dtype)
    z64 = z.astype(np.float64)
    z_max = z64.max(axis=1, keepdims=True)
    reference = np.mean(z_max[:, 0] + np.log(np.exp(z64 - z_max).sum(axis=1)) - (Y * z64).sum(axis=1))
    assert CrossEntropy().value(z, Softmax().forward(z), Y) == pytest.approx(reference, rel=rtol, abs=1e-6)
    assert CrossEntropy().value(z, None, Y) == CrossEntropy().value(z, Softmax().forward(z), Y)


def test_binary_cross_entropy_at_plus_minus_1000(fp_errors_raise):
    z = np.array([[-1000.0, 1000.0, -1000.0, 1000.0]])
    loss = BinaryCrossEntropy()
    # right with certainty: cost 0; wrong with certainty: cost |z| = 1000 each, never log(0) = inf
    assert loss.value(z, Sigmoid().forward(z), np.array([[0.0, 1.0, 0.0, 1.0]])) == 0.0
    assert loss.value(z, Sigmoid().forward(z), np.array([[1.0, 0.0, 1.0, 0.0]])) == pytest.approx(4000.0, rel=1e-15)
    assert loss.value(z, Sigmoid().forward(z), np.array([[1.0, 1.0, 0.0, 0.0]])) == pytest.approx(2000.0, rel=1e-15)


# ---------------------------------------------------------------- names
def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(
        ValueError, match=r"unknown activation 'swish'; valid names are: identity, relu, sigmoid, softmax, tanh"
    ):
        get_activation("swish")


def test_unknown_loss_lists_the_valid_names():
    with pytest.raises(
        ValueError, match=r"unknown loss 'hinge'; valid names are: binary_cross_entropy, cross_entropy, mse"
    ):
        get_loss("hinge")


def test_names_are_case_insensitive_and_objects_pass_through():
    assert isinstance(get_activation("ReLU"), ReLU)
    act = Tanh()
    assert get_activation(act) is act
    assert isinstance(get_loss("CE"), CrossEntropy) and isinstance(get_loss("bce"), BinaryCrossEntropy)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_elementwise_activations_accept_scalars(name):
    """A 0-d input (a single z, as a notebook plots or prints it) gives the same as a 1-element array."""
    act = get_activation(name)
    for z0 in (-3.0, 0.0, 2.5):
        assert float(act.forward(np.array(z0))) == float(act.forward(np.array([z0]))[0])
        assert float(act.prime(np.array(z0))) == float(act.prime(np.array([z0]))[0])
