"""The checks of notebook 06's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib import metrics
from nnlib.exercises import NOT_DONE, nb06


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 6.1
def confusion(y_true, y_pred, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def test_confusion_right_answers_pass():
    for answer in (confusion, nb06.confusion_reference, metrics.confusion_counts):
        verdict = nb06.check_confusion(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


def from_present_labels(y_true, y_pred, n_classes):
    n = max(y_true.max(), y_pred.max()) + 1
    return confusion(y_true, y_pred, n)


def row_normalised(y_true, y_pred, n_classes):
    C = confusion(y_true, y_pred, n_classes).astype(float)
    totals = C.sum(axis=1, keepdims=True)
    return np.divide(C, totals, out=np.zeros_like(C), where=totals > 0)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda y_true, y_pred, n: confusion(y_pred, y_true, n), "rows and columns are swapped"),
        (row_normalised, "divided each row by its total"),
        (lambda y_true, y_pred, n: np.diag(np.bincount(y_true[y_true == y_pred], minlength=n)), "only the correct"),
        (from_present_labels, "still has its row and column"),
        (lambda y_true, y_pred, n: confusion(y_true, y_pred, n)[:, :-1], "has shape (3, 2) where (3, 3)"),
        (lambda y_true, y_pred, n: 2 * confusion(y_true, y_pred, n), "2 times the expected value"),
        (lambda y_true, y_pred, n: None, "is None"),
        (lambda y_true, y_pred, n: y_true[n + 100], "your code raised IndexError"),
        (stub, NOT_DONE),
    ],
)
def test_confusion_mistakes_are_named(answer, words):
    verdict = nb06.check_confusion(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 6.2
def precision_recall(C):
    return np.diag(C) / C.sum(axis=0), np.diag(C) / C.sum(axis=1)


def test_precision_recall_right_answer_passes():
    verdict = nb06.check_precision_recall(precision_recall)
    assert verdict, verdict.message
    assert verdict.message.startswith("correct:")


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda C: precision_recall(C)[::-1], "you swapped precision and recall"),
        (lambda C: (np.diag(C) / C.sum(), np.diag(C) / C.sum(axis=1)), "divided the diagonal by the number of samples"),
        (
            lambda C: (np.diag(C) / C.sum(axis=1), np.diag(C) / C.sum(axis=1)),
            "your precision is off: that is the recall",
        ),
        (
            lambda C: (np.diag(C) / C.sum(axis=0), np.diag(C) / C.sum(axis=0)),
            "your recall is off: that is the precision",
        ),
        (lambda C: np.diag(C) / C.sum(axis=0), "return two arrays"),
        (lambda C: (np.diag(C) / C.sum(axis=0), (np.diag(C) / C.sum(axis=1))[:3]), "has shape (3,) where (4,)"),
        (stub, NOT_DONE),
    ],
)
def test_precision_recall_mistakes_are_named(answer, words):
    verdict = nb06.check_precision_recall(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 6.3
def ece(confidence, correct, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return total


def test_ece_right_answers_pass():
    for answer in (ece, nb06.ece_reference, lambda c, r, n: metrics.reliability_bins(c, r, n).ece):
        verdict = nb06.check_ece(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


def per_bin(confidence, correct, n_bins, right=True):
    b = np.digitize(confidence, np.linspace(0, 1, n_bins + 1)[1:-1], right=right)
    rows = []
    for k in range(n_bins):
        in_bin = b == k
        if in_bin.any():
            rows.append((in_bin.mean(), correct[in_bin].mean(), confidence[in_bin].mean(), (k + 0.5) / n_bins))
    return np.array(rows).T  # share, accuracy, confidence, centre


def left_closed(confidence, correct, n_bins):
    share, acc, conf, _ = per_bin(confidence, correct, n_bins, right=False)
    return np.sum(share * np.abs(acc - conf))


def floor_bins(confidence, correct, n_bins):
    b = np.floor(confidence * n_bins).astype(int)
    count = np.zeros(n_bins)
    np.add.at(count, b, 1)  # IndexError for a confidence of 1.0
    return 0.0


def with_empty_bins(confidence, correct, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        total += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return total


def nan_for_empty_bins(confidence, correct, n_bins):
    with np.errstate(invalid="ignore"):
        acc = np.array(
            [
                np.sum(correct[np.digitize(confidence, np.linspace(0, 1, n_bins + 1)[1:-1], right=True) == k])
                / np.sum(np.digitize(confidence, np.linspace(0, 1, n_bins + 1)[1:-1], right=True) == k)
                for k in range(n_bins)
            ]
        )
    return np.sum(acc)


@pytest.mark.parametrize(
    "answer, words",
    [
        (left_closed, "went into the bin above it"),
        (lambda c, r, n: np.mean(np.abs(per_bin(c, r, n)[1] - per_bin(c, r, n)[2])), "plain mean of |acc - conf|"),
        (lambda c, r, n: np.sum(np.abs(per_bin(c, r, n)[1] - per_bin(c, r, n)[2])), "without the weights"),
        (
            lambda c, r, n: abs(np.sum(per_bin(c, r, n)[0] * (per_bin(c, r, n)[1] - per_bin(c, r, n)[2]))),
            "left out the absolute value",
        ),
        (
            lambda c, r, n: np.sum(per_bin(c, r, n)[0] * np.abs(per_bin(c, r, n)[1] - per_bin(c, r, n)[3])),
            "the bin's centre",
        ),
        (lambda c, r, n: np.sum(np.abs(per_bin(c, r, n)[1] - per_bin(c, r, n)[2])) / n, "over all 10 bins"),
        (lambda c, r, n: ece(c, r, 10), "you used 10 bins"),
        (lambda c, r, n: per_bin(c, r, n)[0] * np.abs(per_bin(c, r, n)[1] - per_bin(c, r, n)[2]), "return one number"),
        (floor_bins, "belongs to the last bin"),
        (with_empty_bins, "leave out the bins that hold no predictions"),
        (nan_for_empty_bins, "your ECE is nan"),
        (lambda c, r, n: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_ece_mistakes_are_named(answer, words):
    verdict = nb06.check_ece(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


EMPTY_BIN_HINT = "leave out the bins that hold no predictions"


@pytest.mark.parametrize(
    "answer, error",
    [
        (lambda c, r, n: float(np.exp(1000.0 * c).sum()), "overflow"),
        (lambda c, r, n: float(np.log(c - c).sum()), "divide by zero"),
    ],
)
def test_ece_empty_bin_hint_only_for_invalid_values(answer, error):
    # every floating-point message mentions 0/0 among its causes: the empty-bin hint is for 0/0 itself only
    verdict = nb06.check_ece(answer)
    assert not verdict
    assert error in verdict.message, verdict.message
    assert EMPTY_BIN_HINT not in verdict.message, verdict.message
    assert EMPTY_BIN_HINT in nb06.check_ece(with_empty_bins).message  # an empty bin's 0/0: "invalid value"
