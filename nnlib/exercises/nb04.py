r"""Checks of notebook 04's exercises (cross-entropy and softmax).

* Exercise 4.1, ``check_delta_softmax_ce(delta_softmax_ce)``: the output error delta^L = a^L - y of a softmax
  layer with categorical cross-entropy, one row per sample.
* Exercise 4.2, ``check_log_softmax(log_softmax)``: a log-softmax that cannot overflow, checked on moderate
  logits and then on logits of +-1000, where e^z overflows float64.

Each check makes its own logits, compares the answer with nnlib (``nnlib.activations.softmax``,
``nnlib.losses.CrossEntropy`` and central differences of its cost) and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..activations import sigmoid, softmax
from ..gradcheck import numerical_gradient
from ..losses import CrossEntropy
from . import Verdict, attempt, compare


# ---------------------------------------------------------------- Exercise 4.1
def _logits_and_targets(seed=4, m=4, n=5):
    rng = np.random.default_rng(seed)
    Z = 2.0 * rng.standard_normal((m, n))  # logits z^L, one row per sample
    Y = np.eye(n)[rng.integers(0, n, size=m)]  # one-hot targets
    return Z, Y


def delta_softmax_ce_reference(Z, Y):
    """delta^L = softmax(z^L) - y, row by row."""
    return softmax(Z) - Y


def check_delta_softmax_ce(delta_softmax_ce):
    """Exercise 4.1: ``delta_softmax_ce(Z, Y)`` returns delta^L = dC_x/dz^L for each row (sample), shape (m, n_L)."""
    Z, Y = _logits_and_targets()
    m = len(Z)
    answer, failed = attempt(delta_softmax_ce, Z.copy(), Y.copy())
    if failed is not None:
        return failed
    expected = delta_softmax_ce_reference(Z, Y)
    # the reference agrees with nnlib and with central differences of the cost (the mean over m samples)
    numerical = m * numerical_gradient(lambda: CrossEntropy().value(Z, softmax(Z), Y), Z)
    assert np.allclose(expected, numerical, atol=1e-6)
    a = softmax(Z)
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    mistakes = {
        "you multiplied by a(1 - a), the sigma' of the quadratic cost's (BP1); with cross-entropy that factor "
        "cancels and delta^L = a - y": (a - Y) * a * (1 - a),
        f"you divided by m = {m}: delta^L is the error of each sample, one row per sample; the 1/m of the mean "
        f"is applied once, in (BP3) and (BP4)": (a - Y) / m,
        "you used the sigmoid of z: a softmax layer's output is a_j = e^{z_j} / sum_k e^{z_k}": sigmoid(Z) - Y,
        "your softmax normalises over the batch (axis 0); each sample's outputs sum to 1, so normalise each row "
        "(axis=1, keepdims=True)": e / e.sum(axis=0, keepdims=True) - Y,
    }
    verdict = compare(answer, expected, "your delta^L", mistakes=mistakes, m=m)
    if verdict:
        return Verdict(
            True,
            "correct: delta^L = softmax(z^L) - y for every sample, as nnlib's CrossEntropy "
            "gives and central differences of the cost confirm.",
        )
    return verdict


# ---------------------------------------------------------------- Exercise 4.2
#: logits where e^z overflows float64 (z > 709.78) and e^{z - max} underflows to 0
Z_BIG = np.array([[1000.0, 0.0, -1000.0, 2.0, 1.0]])
#: rows of very different scales: subtracting the maximum of the whole batch underflows the second row
Z_ROWS = np.array([[800.0, 799.0, 798.0], [0.0, 1.0, 2.0]])


def log_softmax_reference(Z):
    """log a_j = z_j - max_k z_k - log sum_k e^{z_k - max z}, row by row: every exponent <= 0, no log(0)."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _floating_point_message(error, Z):
    text = str(error)
    if "overflow" in text:
        return (
            f"your log-softmax overflows at z = {Z.max():g} ({text}): e^z is inf in float64 for any z above "
            f"709.78. Subtract each row's maximum first: every exponent is then <= 0."
        )
    if "divide" in text:
        return (
            f"your log-softmax takes log(0) on the logits {Z.tolist()} ({text}): e^{{z - max}} underflowed to 0. "
            f"If you computed log(softmax(z)), write log a_j = z_j - max z - log sum_k e^{{z_k - max z}} "
            f"instead; if you subtracted the largest logit of the whole batch, subtract each row's own maximum "
            f"(axis=1, keepdims=True)."
        )
    return f"your log-softmax hit a floating-point error on the logits {Z.tolist()}: {text}."


def _error_message(error, Z):
    """What went wrong when the student's log-softmax raised ``error`` on the logits Z."""
    if isinstance(error, FloatingPointError):
        return _floating_point_message(error, Z)
    return f"your code raised {type(error).__name__}: {error}, on the logits {Z.tolist()}."


def check_log_softmax(log_softmax):
    """Exercise 4.2: ``log_softmax(Z)`` returns log softmax(z) of each row of Z (m, n), shape (m, n), for any
    finite logits."""
    Z, _ = _logits_and_targets(seed=5)
    answer, failed = attempt(log_softmax, Z.copy())
    if failed is not None:
        return failed
    e = np.exp(Z)
    no_log_sum = "you subtracted the maximum but left out the term -log sum_k e^{z_k - max z}"
    mistakes = {
        "you returned softmax(z), not its logarithm": softmax(Z),
        no_log_sum: Z - Z.max(axis=1, keepdims=True),
    }
    over_batch = Z - np.log(e.sum(axis=0, keepdims=True))
    mistakes["you normalised over the batch (axis 0); log-softmax normalises each row, over its classes"] = over_batch
    verdict = compare(answer, log_softmax_reference(Z), "your log-softmax", mistakes=mistakes)
    if not verdict:
        return verdict
    for Z_hard in (Z_BIG, Z_ROWS):
        answer, failed = attempt(log_softmax, Z_hard.copy(), on_error=partial(_error_message, Z=Z_hard))
        if failed is not None:
            return failed
        expected = log_softmax_reference(Z_hard)
        clipped = np.clip(Z_hard, -500, 500)
        mistakes = {
            "clipping z to [-500, 500] avoids the overflow but changes the answer; "
            "subtract each row's maximum instead, which changes nothing": log_softmax_reference(clipped),
        }
        verdict = compare(answer, expected, f"your log-softmax of {Z_hard.tolist()}", mistakes=mistakes)
        if not verdict:
            return verdict
    return Verdict(
        True,
        "correct: your log-softmax matches the reference on moderate logits and stays exact at "
        "z = +-1000, where e^z overflows float64 and log(softmax(z)) would take log(0).",
    )


__all__ = ["check_delta_softmax_ce", "check_log_softmax", "delta_softmax_ce_reference", "log_softmax_reference"]
