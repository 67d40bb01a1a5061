r"""Checks of notebook 05's exercises (cross-entropy and softmax).

* Exercise 5.1, ``check_stable_softmax(stable_softmax)``: a softmax that cannot overflow, checked on moderate
  logits, at z = +-1000 and against ``nnlib.activations.softmax``.
* Exercise 5.2, ``check_log_softmax(log_softmax)``: a log-softmax that cannot overflow, checked on moderate
  logits and then on logits of +-1000, where e^z overflows float64.

Each check makes its own logits, compares the answer with nnlib (``nnlib.activations.softmax``) and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..activations import softmax
from . import Verdict, attempt, compare, correct


# ---------------------------------------------------------------- Exercise 5.1
def _logits_and_targets(seed=4, m=4, n=5):
    rng = np.random.default_rng(seed)
    Z = 2.0 * rng.standard_normal((m, n))  # logits z^L, one row per sample
    Y = np.eye(n)[rng.integers(0, n, size=m)]  # one-hot targets
    return Z, Y


#: one batch per row: e^1000 overflows float64, and e^{-1000} underflows to 0 (a 0/0 in the textbook form)
Z_EXTREME = (np.array([[1000.0, 0.0, -1000.0]]), np.array([[-1000.0, -1000.0, -999.0]]))
#: two rows 800 apart: the largest logit of the whole batch underflows every e^{z - max} of the second row
Z_MIXED = np.array([[800.0, 799.0, 798.0], [0.0, 1.0, 2.0]])
_PER_ROW = "subtract each row's largest logit first (Z.max(axis=1, keepdims=True)): the value is unchanged"
_PER_ROW_SENTENCE = _PER_ROW[0].upper() + _PER_ROW[1:]


def _softmax_fault(error, Z):
    """What went wrong when the student's softmax raised ``error`` on the logits Z: the typical cause, in the
    notebook's words (``attempt``'s ``on_error``; the stub's NotImplementedError is attempt's own)."""
    text = str(error)
    if isinstance(error, FloatingPointError) and "overflow" in text:
        return (
            f"your softmax overflows on the logits {Z.tolist()} ({text}): e^z is inf in float64 for any z above "
            f"709.78, and inf / inf is nan. {_PER_ROW_SENTENCE}, since the factor e^(-max) cancels, and "
            f"every exponent is then <= 0."
        )
    if isinstance(error, FloatingPointError):
        return (
            f"your softmax divides 0 by 0 on the logits {Z.tolist()} ({text}): every e^z of the row underflows "
            f"to 0. {_PER_ROW_SENTENCE}, and the largest exponent is then e^0 = 1, so the sum is at least 1."
        )
    if "broadcast" in text:
        return (
            f"your code raised {type(error).__name__}: {text}. The sum over axis=1 has shape (m,); keep it a "
            f"column, with keepdims=True, so that each row is divided by its own sum."
        )
    return f"your code raised {type(error).__name__}: {text}, on the logits {Z.tolist()}."


def _mixed_batch_answer(stable_softmax):
    """The student's softmax of Z_MIXED and whether it raised: a softmax that subtracts one maximum for the whole
    batch is correct, and fails only here (the check then says so, without a wrong verdict)."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return stable_softmax(Z_MIXED.copy()), False
    except Exception:  # the student's code failed on this batch only: the message explains it
        return None, True


def check_stable_softmax(stable_softmax):
    """Exercise 5.1: ``stable_softmax(Z)`` returns softmax(z) of each row of Z (m, n), shape (m, n), for any finite
    logits, without overflow."""
    Z, _ = _logits_and_targets(seed=6, m=4, n=5)
    answer, failed = attempt(stable_softmax, Z.copy(), on_error=partial(_softmax_fault, Z=Z))
    if failed is not None:
        return failed
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    mistakes = {
        "you summed over the samples (axis 0): each row is one sample, and its probabilities sum to 1 over its "
        "classes, so sum over axis=1 (keepdims=True)": e / e.sum(axis=0, keepdims=True),
        "your rows do not sum to 1: divide e^(z - max) by its row's sum": e,
        "you returned the log-softmax (exercise 5.2); this one asks for the probabilities": np.log(
            e / e.sum(axis=1, keepdims=True)
        ),
        "that is the sigmoid of each logit; a softmax couples a row's logits: a_j = e^(z_j) / sum_k e^(z_k)": 1
        / (1 + np.exp(-Z)),
    }
    verdict = compare(answer, softmax(Z), "your softmax", mistakes=mistakes)
    if not verdict:
        return verdict
    for Z_hard in Z_EXTREME:
        answer, failed = attempt(stable_softmax, Z_hard.copy(), on_error=partial(_softmax_fault, Z=Z_hard))
        if failed is not None:
            return failed
        clipped = np.clip(Z_hard, -500, 500)
        clip = "clipping z to [-500, 500] avoids the overflow but changes the answer; " + _PER_ROW
        verdict = compare(
            answer, softmax(Z_hard), f"your softmax of {Z_hard.tolist()}", mistakes={clip: softmax(clipped)}
        )
        if not verdict:
            return verdict
    answer, error = _mixed_batch_answer(stable_softmax)
    if error or not np.allclose(np.asarray(answer, dtype=np.float64), softmax(Z_MIXED)):
        return correct(
            "your softmax (you subtracted one number for the whole batch, such as Z.max(): that is correct too, "
            "since any constant cancels; but in a batch whose rows lie far apart, such as "
            f"{Z_MIXED.tolist()}, the lower row underflows to 0/0, which each row's own maximum avoids)"
        )
    return correct("your softmax, on moderate logits and at z = +-1000, where e^z overflows float64,")


# ---------------------------------------------------------------- Exercise 5.2
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
    """Exercise 5.2: ``log_softmax(Z)`` returns log softmax(z) of each row of Z (m, n), shape (m, n), for any
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


__all__ = ["check_stable_softmax", "check_log_softmax", "log_softmax_reference"]
