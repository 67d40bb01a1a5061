r"""Checks of notebook 08's exercises (scikit-learn side by side).

* Exercise 8.1, ``check_weight_decay_from_alpha(weight_decay_from_alpha)``: the weight decay lambda of nnlib
  that gives the objective of scikit-learn's ``alpha`` on batches of m samples, lambda = alpha / m.
* Exercise 8.2, ``check_glorot_limit(glorot_limit)``: the half-width r of Glorot's uniform initialisation
  U(-r, r), whose variance r^2 / 3 is 2 / (n_{l-1} + n_l), so r = sqrt(6 / (n_{l-1} + n_l)).

Each check calls the student's function on several cases it chooses itself and compares the answers, as
one array, with the reference, naming the typical mistakes.
"""

from __future__ import annotations

import numpy as np

from . import Verdict, attempt, compare, wrong

TOL = 1e-9

ALPHA_CASES = [(1e-4, 200), (1e-3, 32), (0.5, 128), (2.0, 10)]
GLOROT_CASES = [(784, 128), (128, 10), (100, 100), (30, 2)]


def _answers(function, cases, what):
    """The student's answers to ``cases`` as one float array, or (None, Verdict) when one is not a number."""
    answers = []
    for case in cases:
        answer, failed = attempt(function, *case)
        if failed is not None:
            return None, failed
        if answer is None:
            return None, wrong(f"{what}{case} returned None: does your function end with `return ...`?")
        try:
            value = float(np.asarray(answer, dtype=np.float64))
        except (TypeError, ValueError):
            return None, wrong(f"{what}{case} should return one number, got {answer!r}.")
        answers.append(value)
    return np.array(answers), None


def check_weight_decay_from_alpha(weight_decay_from_alpha):
    """Exercise 8.1: ``weight_decay_from_alpha(alpha, m)`` returns nnlib's lambda for scikit-learn's alpha and
    batches of m samples."""
    answers, failed = _answers(weight_decay_from_alpha, ALPHA_CASES, "weight_decay_from_alpha")
    if failed is not None:
        return failed
    alpha = np.array([c[0] for c in ALPHA_CASES])
    m = np.array([c[1] for c in ALPHA_CASES], dtype=np.float64)
    mistakes = {
        "you returned alpha itself: scikit-learn divides its penalty (alpha / 2) ||W||^2 by the batch size m, "
        "nnlib's (lambda / 2) ||W||^2 is not divided, so lambda = alpha / m": alpha,
        "you multiplied by m: scikit-learn's penalty is divided by m, so lambda is alpha / m": alpha * m,
        "you divided by 2m: both penalties carry the same 1/2, (lambda / 2) ||W||^2 against (alpha / 2m) ||W||^2, "
        "so it cancels and lambda = alpha / m": alpha / (2 * m),
        "you doubled it: both penalties carry the same 1/2, which cancels: lambda = alpha / m": 2 * alpha / m,
        "you divided m by alpha: lambda = alpha / m": m / alpha,
    }
    verdict = compare(answers, alpha / m, "your lambda", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    return Verdict(
        True,
        f"correct: your lambda = alpha / m matches the reference on {len(ALPHA_CASES)} cases to "
        f"within {TOL:g} (relative error).",
    )


def check_glorot_limit(glorot_limit):
    """Exercise 8.2: ``glorot_limit(n_in, n_out)`` returns r such that U(-r, r) has Glorot's variance
    2 / (n_in + n_out)."""
    answers, failed = _answers(glorot_limit, GLOROT_CASES, "glorot_limit")
    if failed is not None:
        return failed
    n_in = np.array([c[0] for c in GLOROT_CASES], dtype=np.float64)
    n_out = np.array([c[1] for c in GLOROT_CASES], dtype=np.float64)
    fan = n_in + n_out
    mistakes = {
        "you returned sqrt(2 / (n_in + n_out)), the standard deviation sigma of Glorot's variance: U(-r, r) has "
        "variance r^2 / 3, so r = sqrt(3) sigma = sqrt(6 / (n_in + n_out))": np.sqrt(2 / fan),
        "you returned the variance 2 / (n_in + n_out) itself: r^2 / 3 equals it, so r = sqrt(6 / (n_in + n_out))": (
            2 / fan
        ),
        "the square root is missing: r^2 = 6 / (n_in + n_out)": 6 / fan,
        "you used n_in alone: Glorot's variance averages the fan-in and the fan-out, 2 / (n_in + n_out)": np.sqrt(
            6 / n_in
        ),
        "you used n_out alone: Glorot's variance averages the fan-in and the fan-out, 2 / (n_in + n_out)": np.sqrt(
            6 / n_out
        ),
        "you returned sqrt(3 / (n_in + n_out)), whose U(-r, r) has variance 1 / (n_in + n_out), half of Glorot's: "
        "r^2 / 3 = 2 / (n_in + n_out)": np.sqrt(3 / fan),
    }
    verdict = compare(answers, np.sqrt(6 / fan), "your r", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    return Verdict(
        True,
        f"correct: your r = sqrt(6 / (n_in + n_out)) matches the reference on {len(GLOROT_CASES)} "
        f"cases to within {TOL:g} (relative error).",
    )


__all__ = ["check_weight_decay_from_alpha", "check_glorot_limit"]
