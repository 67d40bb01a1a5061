r"""Checks of notebook 09's exercises (scikit-learn side by side, and the best network).

* Exercise 9.1, ``check_weight_decay_per_batch(weight_decay_per_batch)``: scikit-learn divides its penalty by the
  size of each mini-batch, so on n samples in batches of B its weight decay, in nnlib's terms lambda = alpha / m,
  changes with the last, smaller batch: one lambda per batch of an epoch.
* Exercise 9.2, ``check_he_uniform_limit(he_uniform_limit)``: the half-width r of the uniform distribution
  U(-r, r) with He's variance 2 / n_{l-1}, from var U(-r, r) = r^2 / 3: r = sqrt(6 / n_{l-1}).

Each check calls the student's function on several cases it chooses itself and compares the answers with the
reference, naming the typical mistakes.
"""

from __future__ import annotations

import numpy as np

from . import Verdict, attempt, compare, wrong

TOL = 1e-9

#: (alpha, n, B): one exact division, two with a smaller last batch, one with a single short batch
BATCH_CASES = [(1e-4, 60_000, 200), (1e-4, 60_000, 128), (0.5, 1_000, 300), (2.0, 7, 10)]
HE_CASES = [784, 1024, 100, 3]


def reference_weight_decay_per_batch(alpha, n, batch_size):
    """lambda = alpha / m for each mini-batch of an epoch: m = batch_size, except for the last batch."""
    sizes = np.minimum(batch_size, n - np.arange(0, n, batch_size))  # (number of batches,)
    return alpha / sizes


def _numbers(function, cases, what):
    """The student's answers to ``cases`` as float arrays, or (None, Verdict) when one is not numeric."""
    answers = []
    for case in cases:
        case = case if isinstance(case, tuple) else (case,)
        answer, failed = attempt(function, *case)
        if failed is not None:
            return None, failed
        if answer is None:
            return None, wrong(f"{what}{case} returned None: does your function end with `return ...`?")
        try:
            answers.append(np.asarray(answer, dtype=np.float64))
        except (TypeError, ValueError):
            return None, wrong(f"{what}{case} should return numbers, got {answer!r}.")
    return answers, None


def check_weight_decay_per_batch(weight_decay_per_batch):
    """Exercise 9.1: ``weight_decay_per_batch(alpha, n, batch_size)`` returns, as an array with one entry per
    mini-batch of an epoch, the lambda that scikit-learn's alpha amounts to on that batch."""
    answers, failed = _numbers(weight_decay_per_batch, BATCH_CASES, "weight_decay_per_batch")
    if failed is not None:
        return failed
    for (alpha, n, b), answer in zip(BATCH_CASES, answers):
        expected = reference_weight_decay_per_batch(alpha, n, b)
        batches = len(expected)
        what = f"your lambdas for alpha = {alpha:g}, n = {n:,}, B = {b}"
        if answer.shape == (n // b,) and n % b:
            return wrong(
                f"{what} has {n // b} entries where {batches} batches are expected: the last {n % b} samples "
                f"form a batch of their own (n = {n:,} = {n // b} x {b} + {n % b})."
            )
        same_size = np.full(batches, alpha / b)
        mistakes = {
            f"every batch has lambda = alpha / B here, but the last batch holds only {n - (batches - 1) * b} "
            f"samples, and scikit-learn divides by the size of the batch it has": same_size,
            "you multiplied alpha by the batch size: scikit-learn divides its penalty by it": alpha
            * np.minimum(b, n - np.arange(0, n, b)),
        }
        verdict = compare(answer, expected, what, tol=TOL, mistakes=mistakes)
        if not verdict:
            return verdict
    return Verdict(
        True,
        f"correct: one lambda = alpha / m per batch, the last batch's m its own size, on {len(BATCH_CASES)} "
        f"cases to within {TOL:g} (relative error).",
    )


def check_he_uniform_limit(he_uniform_limit):
    """Exercise 9.2: ``he_uniform_limit(n_in)`` returns r such that U(-r, r) has He's variance 2 / n_in."""
    answers, failed = _numbers(he_uniform_limit, HE_CASES, "he_uniform_limit")
    if failed is not None:
        return failed
    if any(a.ndim != 0 for a in answers):
        return wrong("he_uniform_limit(n_in) should return one number r, not an array.")
    answer = np.array([float(a) for a in answers])
    n_in = np.array(HE_CASES, dtype=np.float64)
    mistakes = {
        "you returned sqrt(2 / n_in), the standard deviation of He's normal initialisation: U(-r, r) has "
        "variance r^2 / 3, so r must be sqrt(3) times larger": np.sqrt(2 / n_in),
        "you returned the variance 2 / n_in itself: set r^2 / 3 equal to it and solve for r": 2 / n_in,
        "the square root is missing: you found r^2": 6 / n_in,
        "you returned sqrt(3 / n_in), the range of LeCun's variance 1 / n_in: He's is twice as large": np.sqrt(
            3 / n_in
        ),
    }
    verdict = compare(answer, np.sqrt(6 / n_in), "your r", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    return Verdict(
        True,
        f"correct: your r matches the reference sqrt(6 / n_in) on {len(HE_CASES)} cases to within {TOL:g} "
        f"(relative error).",
    )


__all__ = ["check_weight_decay_per_batch", "check_he_uniform_limit", "reference_weight_decay_per_batch"]
