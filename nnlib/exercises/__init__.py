r"""Checks for the exercises of the notebooks: they compare a student's answer with nnlib's and say
what is wrong in the student's terms.

Each notebook's checks live in a module of their own (``nnlib.exercises.nb02`` for notebook 02, ...).
A check takes the student's function, calls it on inputs it makes itself, compares the result with
the reference, and returns a :class:`Verdict`, which a notebook cell displays as one line:

    ✓ correct: dW[l] matches the reference to within 1e-7 (relative error).
    ✗ your dW[2] has shape (3, 4), the transpose of the expected (4, 3): did you multiply in the wrong order?
    ✗ not done yet: replace `raise NotImplementedError()` with your code.

The diagnosis (:func:`compare`) tries, in order: an exception raised by the student's code, a missing
``return``, a wrong shape (and a transposed one), NaN or inf, the typical mistakes an exercise names
(a missing sigma', say), a wrong sign, a constant factor (a missing 1/m), and else the relative error.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..gradcheck import relative_error
from ..network import BLOG_POST, Network

NOT_DONE = "not done yet: replace `raise NotImplementedError()` with your code"


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: ``ok`` (True when the answer is right) and the message a student reads.

    It is truthy when the answer is right, and a notebook displays it as its message.
    """

    ok: bool
    message: str

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return ("✓ " if self.ok else "✗ ") + self.message


def correct(what, tol=1e-7):
    return Verdict(True, f"correct: {what} matches the reference to within {tol:g} (relative error).")


def wrong(message):
    return Verdict(False, message)


def attempt(function, *args, on_error=None, **kwargs):
    """Call the student's ``function``: returns (result, None), or (None, Verdict) when it raised.

    NumPy floating-point errors (overflow, invalid, division by zero) are raised, not warned, so that
    an unstable formula is caught and named.  ``on_error(err)``, when given, writes the message for an
    error other than the stub's ``NotImplementedError``, for an exercise that can say more than the
    general message (which input, which formula).
    """
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return function(*args, **kwargs), None
    except NotImplementedError:
        return None, wrong(NOT_DONE + ".")
    except Exception as err:  # any error of the student's code, reported in a line, not a traceback
        if on_error is not None:
            return None, wrong(on_error(err))
        if isinstance(err, FloatingPointError):
            return None, wrong(
                f"your code hit a floating-point error, {err}{_where(err)}: an overflow (exp of a large "
                f"number?) or a log(0) or 0/0; rewrite it in a form that cannot overflow."
            )
        return None, wrong(f"your code raised {type(err).__name__}: {err}{_where(err)}.")


_NNLIB = Path(__file__).resolve().parent.parent  # the nnlib package


def _in_nnlib(filename):
    """Whether ``filename`` is one of nnlib's own files (not the student's, wherever they are)."""
    return _NNLIB in Path(filename).resolve().parents


def _where(err):
    """' (line N: source)' for the last frame of the traceback outside nnlib, when there is one."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if not _in_nnlib(f.filename)]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (line {frame.lineno}: {frame.line.strip()})" if frame.line else f" (line {frame.lineno})"


def compare(answer, expected, what, tol=1e-7, mistakes=None, m=None):
    """A Verdict on ``answer`` (the student's array) against ``expected`` (the reference's).

    ``what`` names it in the student's terms ('your delta^L', 'your dW[2]').  ``mistakes`` maps a
    description of a typical mistake ('you left out sigma\'(z^L)') to the array that mistake gives.
    ``m`` is the batch size, when the answer is a mean over a batch (to recognise a missing 1/m).
    """
    expected = np.asarray(expected, dtype=np.float64)
    if answer is None:
        return wrong(f"{what} is None: does your function end with `return ...`?")
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(f"{what} should be a NumPy array of shape {expected.shape}, got {type(answer).__name__}.")
    if answer.shape != expected.shape:
        if answer.ndim == 2 and answer.shape == expected.shape[::-1]:
            return wrong(
                f"{what} has shape {answer.shape}, the transpose of the expected {expected.shape}: "
                f"check the order of the matrix product, or a missing or extra .T."
            )
        return wrong(f"{what} has shape {answer.shape} where {expected.shape} is expected.")
    if not np.all(np.isfinite(answer)):
        return wrong(f"{what} contains NaN or inf: an overflow (exp of a large number?) or a division by 0.")
    error = relative_error(answer, expected)
    if error < tol:
        return correct(what, tol)
    for description, array in (mistakes or {}).items():
        if relative_error(answer, array) < tol:
            return wrong(f"{what} is off: {description}.")
    if relative_error(answer, -expected) < tol:
        return wrong(f"{what} has the wrong sign.")
    if answer.ndim == 2 and answer.shape[0] == answer.shape[1] and relative_error(answer, expected.T) < tol:
        return wrong(f"{what} is the transpose of the expected matrix: check the order of the product.")
    scale = float(np.sum(answer * expected) / max(np.sum(expected * expected), 1e-300))
    if scale != 0 and relative_error(answer, scale * expected) < tol:
        if m is not None and np.isclose(scale, m, rtol=1e-6):
            return wrong(f"{what} is m = {m} times too large: the mean over the batch needs a factor 1/m.")
        if m is not None and np.isclose(scale, 1 / m, rtol=1e-6):
            return wrong(f"{what} is m = {m} times too small: is the 1/m applied twice?")
        return wrong(f"{what} is {scale:.4g} times the expected value: a constant factor is missing or extra.")
    return wrong(f"{what} differs from the reference: relative error {error:.1e} where below {tol:g} is expected.")


def check_function(function, args, expected, what, tol=1e-7, mistakes=None, m=None):
    """``attempt`` the student's function on ``args`` and ``compare`` its result with ``expected``."""
    answer, failed = attempt(function, *args)
    if failed is not None:
        return failed
    return compare(answer, expected, what, tol=tol, mistakes=mistakes, m=m)


# ---------------------------------------------------------------- shared by the checks of several notebooks
SHAPE_WORDS = ("matmul", "shape", "broadcast", "aligned", "dimension")


def example_network(sizes, seed):
    """A network of the blog posts' kind (sigmoid units, N(0, 1) weights and biases, float64) of ``sizes``, and
    copies of its W and b lists: what the forward and backpropagation exercises compute by hand."""
    net = Network(sizes, **BLOG_POST, seed=seed)
    W = [None] + [net.W[l].copy() for l in range(1, net.L + 1)]
    b = [None] + [net.b[l].copy() for l in range(1, net.L + 1)]
    return net, W, b


def copies(arrays):
    """A fresh copy of a list like W (index 0 None), so that an answer cannot change the check's arrays."""
    return [None if a is None else a.copy() for a in arrays]


def with_shape_hint(verdict, hint):
    """``verdict`` with ``hint`` appended when the student's code failed on the shapes of a product."""
    if verdict.message.startswith("your code raised") and any(w in verdict.message for w in SHAPE_WORDS):
        return wrong(f"{verdict.message} {hint}")
    return verdict


__all__ = [
    "Verdict",
    "NOT_DONE",
    "attempt",
    "compare",
    "check_function",
    "correct",
    "wrong",
    "example_network",
    "copies",
    "with_shape_hint",
]
