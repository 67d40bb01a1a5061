r"""Checks of notebook 06's exercises (hyperparameters and diagnostics).

* Exercise 6.1, ``check_update_ratio(update_ratio)``: the size of one update relative to the weights,
  ||W_after - W_before|| / ||W_before|| (Frobenius norms).
* Exercise 6.3, ``check_init_std(init_std)``: the standard deviation of the initial weights of a layer with
  n_in = n_{l-1} inputs and n_out = n_l units, for each of nnlib's schemes ('normal', 'lecun', 'xavier', 'he').

(Question 6.2 is a written question.)  Each check makes its own inputs, compares the answer with nnlib
(``nnlib.initializers.VARIANCE``) or with the formula, and returns a :class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import numpy as np

from ..initializers import VARIANCE
from . import Verdict, attempt, compare, wrong

# ---------------------------------------------------------------- Exercise 6.3
#: (n_in, n_out) of the layers the check asks about: more inputs than units, and fewer
LAYERS = [(784, 128), (100, 300)]


def init_std_reference(name, n_in, n_out):
    """sqrt(Var(w)) of the scheme: normal 1, lecun 1/n_in, xavier 2/(n_in + n_out), he 2/n_in."""
    return float(np.sqrt(VARIANCE[name](n_in, n_out)))


def init_std_mistakes(name, n_in, n_out):
    """{description: the value that mistake gives} for one scheme and layer."""
    variance = VARIANCE[name](n_in, n_out)
    mistakes = {"you returned the variance; the standard deviation is its square root": variance}
    if name == "xavier":
        lecun = (
            "that is sqrt(1 / n_in), LeCun's scheme; Glorot and Bengio's scheme averages the forward and the "
            "backward condition: Var(w) = 2 / (n_in + n_out)"
        )
        mistakes[lecun] = np.sqrt(1 / n_in)
        no_two = "you left out the 2: Glorot's Var(w) = 2 / (n_in + n_out), the inverse of the mean of n_in and n_out"
        mistakes[no_two] = np.sqrt(1 / (n_in + n_out))
    if name in ("lecun", "he"):
        factor = 1 if name == "lecun" else 2
        mistakes[
            f"you used n_out = n_l; {name}'s variance {factor}/n_in counts the inputs of each unit, n_in = n_(l-1)"
        ] = np.sqrt(factor / n_out)
    if name == "he":
        mistakes[
            "that is sqrt(1 / n_in), LeCun's scheme; He's has a factor 2 for the half of the inputs a ReLU "
            "zeroes: Var(w) = 2 / n_in"
        ] = np.sqrt(1 / n_in)
    if name == "lecun":
        mistakes["that is sqrt(2 / n_in), He's scheme; LeCun's is Var(w) = 1 / n_in"] = np.sqrt(2 / n_in)
    return mistakes


def check_init_std(init_std):
    """Exercise 6.3: ``init_std(name, n_in, n_out)`` returns the standard deviation (a float) of the initial
    weights w^l_jk of a layer with n_in = n_{l-1} inputs and n_out = n_l units under scheme ``name``."""
    for name in VARIANCE:
        for n_in, n_out in LAYERS:
            answer, failed = attempt(init_std, name, n_in, n_out)
            if failed is not None:
                return failed
            what = f"your std for init={name!r} with n_in = {n_in}, n_out = {n_out}"
            if answer is None:
                return wrong(f"{what} is None: does your function end with `return ...`?")
            if np.ndim(answer) != 0:
                return wrong(f"{what} has shape {np.shape(answer)}: return one number, the standard deviation.")
            verdict = compare(
                answer,
                init_std_reference(name, n_in, n_out),
                what,
                tol=1e-9,
                mistakes=init_std_mistakes(name, n_in, n_out),
            )
            if not verdict:
                return verdict
    return Verdict(
        True,
        "correct: your standard deviations are nnlib's for normal, lecun, xavier (Glorot) and he, "
        "for layers with more inputs than units and fewer.",
    )


# ---------------------------------------------------------------- Exercise 6.1
def _weights(seed=6, shape=(30, 50), lr=0.05):
    """W before and after one gradient step with a made-up gradient (W_after = W_before - lr G)."""
    rng = np.random.default_rng(seed)
    W_before = rng.standard_normal(shape) * np.sqrt(2 / shape[1])
    G = rng.standard_normal(shape) * 0.1 + 0.05
    return W_before, W_before - lr * G


def update_ratio_reference(W_before, W_after):
    """||W_after - W_before|| / ||W_before||, both Frobenius norms (the square root of the sum of squares)."""
    return float(np.linalg.norm(W_after - W_before) / np.linalg.norm(W_before))


def update_ratio_mistakes(W_before, W_after):
    norm = np.linalg.norm
    step = W_after - W_before
    return {
        "you divided by the norm of the weights after the step; the ratio is relative to the weights before it, "
        "||W_before||": norm(step) / norm(W_after),
        "you took the difference of the norms, (||W_after|| - ||W_before||) / ||W_before||; the update is the "
        "matrix W_after - W_before, and its norm comes first": (norm(W_after) - norm(W_before)) / norm(W_before),
        "you took the difference of the norms, |(||W_after|| - ||W_before||)| / ||W_before||; the update is the "
        "matrix W_after - W_before, and its norm comes first": abs(norm(W_after) - norm(W_before)) / norm(W_before),
        "that is ||W_after|| / ||W_before||, about 1 for any small step; take the norm of the difference, "
        "||W_after - W_before||, over ||W_before||": norm(W_after) / norm(W_before),
        "you left out the square roots: that is the ratio of the squared norms; np.linalg.norm or "
        "np.sqrt(np.sum(x**2)) gives the norm": np.sum(step**2) / np.sum(W_before**2),
        "you averaged |w_after - w_before| / |w_before| element by element, which a weight near 0 blows up; "
        "divide the norm of the whole update by the norm of the whole matrix": np.mean(np.abs(step) / np.abs(W_before)),
        "that is mean |w_after - w_before| / mean |w_before|, a ratio of mean absolute values; the exercise asks "
        "for norms, the square root of the sum of squares": np.mean(np.abs(step)) / np.mean(np.abs(W_before)),
    }


def check_update_ratio(update_ratio):
    """Exercise 6.1: ``update_ratio(W_before, W_after)`` returns ||W_after - W_before|| / ||W_before|| (a float)
    for two weight matrices of the same shape, before and after one optimizer step."""
    W_before, W_after = _weights()
    answer, failed = attempt(update_ratio, W_before.copy(), W_after.copy())
    if failed is not None:
        return failed
    what = "your update/weight ratio"
    if answer is None:
        return wrong(f"{what} is None: does your function end with `return ...`?")
    if np.ndim(answer) != 0:
        return wrong(
            f"{what} has shape {np.shape(answer)}: return one number for the whole matrix, the norm of "
            f"the update over the norm of the weights."
        )
    verdict = compare(
        answer, update_ratio_reference(W_before, W_after), what, mistakes=update_ratio_mistakes(W_before, W_after)
    )
    if not verdict:
        return verdict
    return Verdict(
        True,
        "correct: your ratio is ||W_after - W_before|| / ||W_before||, the relative size of one "
        "update (about 1e-3 per step is the usual rule of thumb).",
    )


__all__ = [
    "LAYERS",
    "check_init_std",
    "check_update_ratio",
    "init_std_mistakes",
    "init_std_reference",
    "update_ratio_mistakes",
    "update_ratio_reference",
]
