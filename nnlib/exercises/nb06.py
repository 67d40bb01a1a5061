r"""Checks of notebook 06's exercises (evaluating a classifier).

* Exercise 6.1, ``check_confusion(confusion)``: the confusion matrix C[i, j], the number of samples of true
  class i predicted as class j, from the true and the predicted labels.
* Exercise 6.2, ``check_precision_recall(precision_recall)``: each class's precision (the diagonal over the
  column sums of C) and recall (the diagonal over the row sums).
* Exercise 6.3, ``check_ece(ece)``: the expected calibration error from each prediction's confidence and
  whether it was right, with equal-width bins [0, 1/K], (1/K, 2/K], ..., (1 - 1/K, 1].

Each check makes its own predictions, compares the answer with ``nnlib.metrics`` and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import numpy as np

from ..metrics import confusion_counts, reliability_bins
from . import Verdict, attempt, compare, wrong


# ---------------------------------------------------------------- Exercise 6.1
def _labels(seed=5, m=300, n_classes=10):
    """True and predicted labels of m samples, most predictions right: the true classes are 0..7, the
    predictions 0..8 (class 8 is predicted but never true), and class 9 occurs nowhere."""
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes - 2, size=m)  # classes 0..7
    y_pred = y_true.copy()
    wrong_ones = rng.random(m) < 0.3
    y_pred[wrong_ones] = rng.integers(0, n_classes - 1, size=wrong_ones.sum())  # mistakes land on 0..8
    return y_true, y_pred


#: a small case to read by hand: 3 classes, 6 samples
SMALL = (np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)


def check_confusion(confusion):
    """Exercise 6.1: ``confusion(y_true, y_pred, n_classes)`` returns C of shape (n_classes, n_classes) with
    C[i, j] = the number of samples of true class i predicted as j."""
    cases = [SMALL, (*_labels(), 10)]
    for y_true, y_pred, n_classes in cases:
        answer, failed = attempt(confusion, y_true.copy(), y_pred.copy(), n_classes)
        if failed is not None:
            return failed
        expected = confusion_counts(y_true, y_pred, n_classes)
        what = f"your confusion matrix for y_true = {y_true.tolist()}, y_pred = {y_pred.tolist()}"
        if n_classes == 10:
            what = "your confusion matrix of 300 samples of 10 classes (8 is never true, 9 occurs nowhere)"
        shape = np.shape(answer)
        if answer is not None and len(shape) == 2 and shape != expected.shape and shape[0] == shape[1]:
            return wrong(
                f"{what} has shape {shape} where ({n_classes}, {n_classes}) is expected: a class that never occurs, "
                f"or is never predicted, still has its row and column (of zeros). Size C from n_classes, not from "
                f"the labels that happen to appear."
            )
        totals = expected.sum(axis=1, keepdims=True)
        mistakes = {
            "rows and columns are swapped: row i is the true class i and column j the prediction j, so a "
            "sample adds 1 to C[y_true, y_pred]": expected.T,
            "you divided each row by its total: the exercise asks for the counts": np.divide(
                expected, totals, out=np.zeros(expected.shape), where=totals > 0
            ),
            "you counted only the correct predictions (the diagonal): every sample adds 1 to C[y_true, y_pred], "
            "right or wrong": np.diag(np.diag(expected)),
        }
        verdict = compare(answer, expected, what, mistakes=mistakes)
        if not verdict:
            return verdict
    return Verdict(
        True,
        "correct: your confusion matrix equals nnlib.metrics.confusion_counts, with a row and a column for "
        "every class, also for classes that never occur or are never predicted.",
    )


def confusion_reference(y_true, y_pred, n_classes):
    """C[i, j] = number of samples with y_true = i and y_pred = j, one sample at a time."""
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    for i, j in zip(y_true, y_pred):
        C[i, j] += 1
    return C


# ---------------------------------------------------------------- Exercise 6.2
#: a confusion matrix of 4 classes in which every class is predicted at least once (no column sum is 0)
C_PR = np.array([[50, 2, 3, 0], [4, 40, 1, 5], [0, 6, 30, 2], [1, 0, 7, 20]])


def precision_recall_reference(C):
    """precision_j = C_jj / sum_i C_ij (column j), recall_j = C_jj / sum_k C_jk (row j)."""
    correct = np.diag(C).astype(np.float64)
    return correct / C.sum(axis=0), correct / C.sum(axis=1)


def check_precision_recall(precision_recall):
    """Exercise 6.2: ``precision_recall(C)`` returns ``(precision, recall)``, two arrays of shape (n,) for a
    confusion matrix C of shape (n, n) whose rows are the true classes."""
    answer, failed = attempt(precision_recall, C_PR.copy())
    if failed is not None:
        return failed
    n = len(C_PR)
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        return wrong(
            f"return two arrays, `return precision, recall`, each of shape ({n},); got {type(answer).__name__}."
        )
    precision, recall = (np.asarray(part, dtype=np.float64) for part in answer)
    expected_p, expected_r = precision_recall_reference(C_PR)
    if (
        precision.shape == recall.shape == (n,)
        and np.allclose(precision, expected_r)
        and np.allclose(recall, expected_p)
    ):
        return wrong(
            "you swapped precision and recall: precision_j divides C_jj by its column sum (everything predicted "
            "as j), recall_j by its row sum (everything that truly is j)."
        )
    m = C_PR.sum()
    shared = {
        f"you divided the diagonal by the number of samples m = {m}; each class has its own total": np.diag(C_PR) / m,
    }
    verdict = compare(
        precision,
        expected_p,
        "your precision",
        mistakes={
            **shared,
            "that is the recall: precision_j divides C_jj by its column sum (everything predicted as j)": expected_r,
        },
    )
    if not verdict:
        return verdict
    verdict = compare(
        recall,
        expected_r,
        "your recall",
        mistakes={
            **shared,
            "that is the precision: recall_j divides C_jj by its row sum (everything that truly is j)": expected_p,
        },
    )
    if not verdict:
        return verdict
    return Verdict(
        True,
        "correct: precision is the diagonal over the column sums, recall the diagonal over the row "
        "sums, as scikit-learn's precision_recall_fscore_support computes them.",
    )


# ---------------------------------------------------------------- Exercise 6.3
def _confidences(seed=6, m=400, n_bins=10):
    """Confidences in [0.3, 1] with values on bin edges (0.5 and 1.0 for 10 bins; 0.25, 0.5, 0.75, 1.0 for 4),
    and whether each prediction was right: under-confident at low confidence, over-confident at high
    confidence (the bins' gaps have both signs, so no mistake in the binning can go unnoticed)."""
    rng = np.random.default_rng(seed)
    confidence = rng.uniform(0.3, 1.0, size=m)
    edges = [0.5, 1.0] if n_bins == 10 else [0.25, 0.5, 0.75, 1.0]  # exactly representable, so no rounding
    confidence[: 10 * len(edges)] = np.repeat(edges, 10)
    correct = rng.random(m) < 0.45 + 0.45 * confidence  # right with probability 0.59 .. 0.9
    return confidence, correct


def _bin_index(confidence, n_bins, right=True):
    """Bin of each confidence: (lo, hi] bins with right=True (the reference), [lo, hi) with right=False."""
    inner = np.linspace(0.0, 1.0, n_bins + 1)[1:-1]
    return np.digitize(confidence, inner, right=right)


def _per_bin(confidence, correct, b, n_bins):
    count = np.bincount(b, minlength=n_bins)
    full = count > 0
    conf = np.bincount(b, weights=confidence, minlength=n_bins)[full] / count[full]
    acc = np.bincount(b, weights=correct.astype(np.float64), minlength=n_bins)[full] / count[full]
    return count[full], conf, acc


def ece_mistakes(confidence, correct, n_bins):
    """{description: the value that mistake gives} for the typical wrong ECEs."""
    m = len(confidence)
    count, conf, acc = _per_bin(confidence, correct, _bin_index(confidence, n_bins), n_bins)
    left_count, left_conf, left_acc = _per_bin(confidence, correct, _bin_index(confidence, n_bins, right=False), n_bins)
    centres = (np.linspace(0, 1, n_bins + 1)[:-1] + 0.5 / n_bins)[
        np.bincount(_bin_index(confidence, n_bins), minlength=n_bins) > 0
    ]
    return {
        "a confidence on an edge went into the bin above it; the bins are (lo, hi], so 0.5 belongs to the bin "
        "that ends at 0.5 (np.digitize(..., right=True) does that)": np.sum(
            left_count / m * np.abs(left_acc - left_conf)
        ),
        "you took the plain mean of |acc - conf| over the bins; the ECE weighs each bin by its share of the "
        "predictions, |B_b| / m": np.mean(np.abs(acc - conf)),
        "you summed |acc - conf| over the bins without the weights |B_b| / m": np.sum(np.abs(acc - conf)),
        "you left out the absolute value: over- and under-confident bins must not cancel": abs(
            np.sum(count / m * (acc - conf))
        ),
        "you compared each bin's accuracy with the bin's centre; use the mean confidence of the predictions "
        "in the bin": np.sum(count / m * np.abs(acc - centres)),
        f"you averaged |acc - conf| over all {n_bins} bins (an empty one counting 0); the ECE weighs each bin "
        f"by its share of the predictions, |B_b| / m": np.sum(np.abs(acc - conf)) / n_bins,
    }


def check_ece(ece):
    """Exercise 6.3: ``ece(confidence, correct, n_bins)`` returns the expected calibration error (a float) of
    predictions with the given confidences (m,) and right/wrong flags (m,), over ``n_bins`` equal bins (lo, hi]."""
    for n_bins in (10, 4):
        confidence, correct = _confidences(n_bins=n_bins)
        answer, failed = attempt(ece, confidence.copy(), correct.copy(), n_bins)
        if failed is not None:
            # an empty bin's mean is 0/0: NumPy's "invalid value" (every floating-point message mentions 0/0)
            if "invalid value" in failed.message or "Mean of empty slice" in failed.message:
                return wrong(
                    failed.message + " An empty bin has no mean: leave out the bins that hold no "
                    "predictions (their weight |B_b| / m is 0 anyway)."
                )
            if "IndexError" in failed.message:
                return wrong(
                    failed.message + " A confidence of exactly 1.0 belongs to the last bin, (0.9, 1.0] "
                    "for 10 bins: floor(10 c) puts it in an 11th."
                )
            return failed
        if answer is None:
            return wrong("your ECE is None: does your function end with `return ...`?")
        if np.ndim(answer) != 0:
            return wrong(
                f"your ECE has shape {np.shape(answer)}: return one number, the sum over the bins of "
                f"|B_b| / m |acc(B_b) - conf(B_b)|, not one value per bin."
            )
        if not np.isfinite(float(answer)):
            return wrong(
                f"your ECE is {float(answer)}: an empty bin gives 0/0; leave out the bins that hold no "
                f"predictions (their weight |B_b| / m is 0 anyway)."
            )
        expected = reliability_bins(confidence, correct, n_bins).ece
        mistakes = ece_mistakes(confidence, correct, n_bins)
        if n_bins != 10:
            mistakes[f"you used 10 bins; use the n_bins passed in (here {n_bins})"] = reliability_bins(
                confidence, correct, 10
            ).ece
        edges = "0.5 and 1.0" if n_bins == 10 else "0.25, 0.5, 0.75 and 1.0"
        verdict = compare(
            answer,
            expected,
            f"your ECE with n_bins = {n_bins} (some confidences are exactly {edges})",
            mistakes=mistakes,
        )
        if not verdict:
            return verdict
    return Verdict(
        True,
        "correct: your ECE equals nnlib.metrics.reliability_bins(...).ece, with 10 and with 4 "
        "bins, and with confidences that fall exactly on a bin edge.",
    )


def ece_reference(confidence, correct, n_bins):
    """sum over the non-empty bins b of |B_b| / m * |acc(B_b) - conf(B_b)|, bins (lo, hi] on [0, 1]."""
    count, conf, acc = _per_bin(confidence, np.asarray(correct), _bin_index(confidence, n_bins), n_bins)
    return float(np.sum(count / len(confidence) * np.abs(acc - conf)))


__all__ = [
    "check_confusion",
    "check_ece",
    "check_precision_recall",
    "confusion_reference",
    "ece_mistakes",
    "ece_reference",
    "precision_recall_reference",
]
