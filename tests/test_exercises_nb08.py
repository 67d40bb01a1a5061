"""The checks of notebook 08's exercises: the right answer passes, each typical mistake gets its message
(a missing λ sign(W), L2's λW in its place, penalised biases, a missing 1/q, a mask not reused in backward), and
an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb08
from nnlib.regularization import Dropout


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 8.1
def l1_gradients(delta, a_prev, W, b, lam, mistake=None):
    m = len(delta)
    data = delta.T @ a_prev / m
    dW = {
        "no lambda": data,
        "l2": data + lam * W,
        "lambda/2": data + lam / 2 * np.sign(W),
        "lambda/m": data + lam * np.sign(W) / m,
        "no 1/m": delta.T @ a_prev + lam * np.sign(W),
        "minus": data - lam * np.sign(W),
        "transposed": (data + lam * np.sign(W)).T,
        "w/|w|": data + lam * W / np.abs(W),
    }.get(mistake, data + lam * np.sign(W))
    db = {
        "biases": delta.mean(axis=0) + lam * np.sign(b),
        "biases l2": delta.mean(axis=0) + lam * b,
        "db sum": delta.sum(axis=0),
    }.get(mistake, delta.mean(axis=0))
    if mistake == "one array":
        return dW
    return dW, db


@pytest.mark.parametrize("answer", [None, "w/|w|"])
def test_l1_right_answer_passes(answer):
    verdict = nb08.check_l1_gradients(lambda *args: l1_gradients(*args, mistake=answer))
    assert verdict, verdict.message
    assert repr(verdict).startswith("✓ correct: each of your dW (BP4 plus λ sign W) and db (BP3, no λ)")


def test_l1_reference_is_backward_plus_the_l1_term():
    """The check's data term is what nnlib's backward computes for BP4 and BP3."""
    from nnlib import Network

    rng = np.random.default_rng(0)
    net = Network([5, 4, 3], hidden="relu", output="softmax", loss="cross_entropy", init="he", dtype="float64", seed=0)
    X, Y = rng.random((7, 5)), np.eye(3)[rng.integers(3, size=7)]
    net.loss_and_gradient(X, Y)
    dW, db = nb08.l1_reference(net.delta[2], net.a[1], net.W[2], net.b[2], 0.1)
    np.testing.assert_allclose(net.dW[2] + 0.1 * np.sign(net.W[2]), dW, rtol=1e-12)
    np.testing.assert_allclose(net.db[2], db, rtol=1e-12)


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("no lambda", "your dW is off: the L1 term is missing"),
        ("l2", "your dW is off: you added λ W, the L2 term"),
        ("lambda/2", "your dW is off: you added (λ/2) sign(W)"),
        ("lambda/m", "your dW is off: you divided λ sign(W) by m"),
        ("no 1/m", "your dW is off: the data term is m times too large"),
        ("minus", "your dW is off: the L1 term has the wrong sign"),
        ("transposed", "your dW has shape (5, 4), the transpose of the expected (4, 5)"),
        ("biases", "your db is off: you penalised the biases"),
        ("biases l2", "your db is off: you added λ b"),
        ("db sum", "your db is m = 6 times too large"),
        ("one array", "your function should return two arrays, (dW, db)"),
    ],
)
def test_l1_mistakes_are_named(mistake, words):
    verdict = nb08.check_l1_gradients(lambda *args: l1_gradients(*args, mistake=mistake))
    assert not verdict
    assert words in verdict.message, verdict.message


def test_l1_stub_is_not_done():
    verdict = nb08.check_l1_gradients(stub)
    assert not verdict and NOT_DONE in verdict.message


# ---------------------------------------------------------------- Exercise 8.2
def make_dropout(mistake=None):
    class InvertedDropout:
        def __init__(self, p, rng):
            self.p, self.rng = p, rng
            self.mask = None

        def forward(self, a):
            p, q = self.p, 1 - self.p
            if mistake == "two draws":
                self.rng.random(a.shape)  # a draw thrown away: the units kept are not those of u < q
                kept = self.rng.random(a.shape) < q
            else:
                u = self.rng.random(a.shape)
                kept = {"keep p": u < p, "keep p no 1/q": u < p, "u >= p": u >= p}.get(mistake, u < q)
            scale = {"no 1/q": 1.0, "keep p no 1/q": 1.0, "divide p": 1 / p, "times q": q}.get(mistake, 1 / q)
            self.mask = kept * scale
            return a * self.mask

        def backward(self, grad):
            if mistake == "no mask":
                return grad
            if mistake == "backward no 1/q":
                return grad * (self.mask > 0)
            if mistake in ("new mask", "new mask no 1/q"):
                q = 1 - self.p
                kept = self.rng.random(grad.shape) < q
                return grad * kept / (1.0 if mistake == "new mask no 1/q" else q)
            if mistake == "backward stub":
                raise NotImplementedError()
            return grad * self.mask

    return InvertedDropout


def test_dropout_right_answer_passes():
    verdict = nb08.check_inverted_dropout(make_dropout())
    assert verdict, verdict.message
    assert repr(verdict).startswith("✓ correct: each of your forward(a)")


def test_dropout_reference_is_nnlib_mask():
    """The check's reference mask is nnlib's: (rng.random(shape) < q) / q, from the same generator."""
    p, shape = nb08.P_DROP, (6, 8)
    nnlib_mask = Dropout(dropout=p, seed=nb08.RNG_SEED).mask(1, shape, np.float64)
    u, _ = nb08._draws(shape)
    np.testing.assert_array_equal(nnlib_mask, (u < 1 - p) / (1 - p))


@pytest.mark.parametrize(
    "mistake, words",
    [
        ("no 1/q", "your forward(a) is off: the 1/q is missing"),
        ("divide p", "your forward(a) is off: you divided by p"),
        ("times q", "your forward(a) is off: you multiplied the kept units by q"),
        (
            "keep p",
            "your forward(a) is off: you kept each unit with probability p, but p is the probability of dropping",
        ),
        ("keep p no 1/q", "and the 1/q is missing"),
        ("u >= p", "you kept the units where u >= p"),
        ("two draws", "scales the kept units right (0 or 1/q) but keeps other units"),
        ("no mask", "your backward(grad) is off: the gradient passed through unchanged"),
        ("backward no 1/q", "your backward(grad) is off: the 1/q is missing in backward"),
        ("new mask", "your backward(grad) is off: you drew a new mask in backward"),
        ("new mask no 1/q", "you drew a new mask in backward, without the 1/q"),
    ],
)
def test_dropout_mistakes_are_named(mistake, words):
    verdict = nb08.check_inverted_dropout(make_dropout(mistake))
    assert not verdict
    assert words in verdict.message, verdict.message


def test_dropout_stubs_are_not_done():
    class Stub:
        def __init__(self, p, rng):
            self.p, self.rng, self.mask = p, rng, None

        def forward(self, a):
            raise NotImplementedError()

        def backward(self, grad):
            raise NotImplementedError()

    verdict = nb08.check_inverted_dropout(Stub)
    assert not verdict and NOT_DONE in verdict.message
    verdict = nb08.check_inverted_dropout(make_dropout("backward stub"))
    assert not verdict and NOT_DONE in verdict.message
