"""Numbers computed from a classifier's predictions: accuracy, confusion counts, calibration, mistakes.

Temperature scaling (``fit_temperature``, ``softmax_with_temperature``) also lives here: it changes no
weight of the network, only how its output pre-activations z^L are turned into probabilities.

Every function takes NumPy arrays (one entry per sample) and returns numbers or arrays; the
plots of them live in ``nnlib.plotting``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Softmax
from .checks import positive_int
from .labels import check_labels, one_hot
from .losses import CrossEntropy


def _same_length_1d(a, b, name_a, name_b):
    """``a`` and ``b`` as arrays, or a ValueError unless both have the same shape (m,) with m >= 1."""
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"{name_a} and {name_b} must be non-empty 1-D arrays of the same length, got shapes {a.shape} and {b.shape}"
        )
    return a, b


def accuracy(y_true, y_pred):
    """The fraction of samples whose predicted label equals the true label; both shape (m,)."""
    y_true, y_pred = _same_length_1d(y_true, y_pred, "y_true", "y_pred")
    return float(np.mean(y_true == y_pred))


def confusion_counts(y_true, y_pred, n_classes=10):
    """C[i, j] = number of samples of true class i predicted as class j; shape (n_classes, n_classes).

    Row i sums to the number of samples of class i, column j to the number predicted as j.
    """
    n_classes = positive_int(n_classes, "n_classes")
    y_true = check_labels(y_true, n_classes, name="y_true")  # (m,) int64 in 0..n_classes-1
    y_pred = check_labels(y_pred, n_classes, name="y_pred")
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred must have the same length, got {len(y_true)} and {len(y_pred)}")
    # sample s counts in cell (y_true[s], y_pred[s]), which is entry n_classes*i + j of the flattened matrix
    cell = n_classes * y_true + y_pred  # (m,)
    return np.bincount(cell, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


@dataclass
class Reliability:
    """Confidence bins of a classifier: bin b holds the confidences in (edges[b], edges[b+1]]
    (bin 0 also holds 0).  ``count`` is the number of predictions in each bin, ``confidence``
    and ``accuracy`` are their mean confidence and the fraction of them that were right (NaN
    where the bin is empty); ``ece`` is the expected calibration error

        ECE = sum_b (count_b / m) |accuracy_b - confidence_b|   (sum over the non-empty bins).
    """

    edges: np.ndarray  # (n_bins + 1,)
    count: np.ndarray  # (n_bins,) int
    confidence: np.ndarray  # (n_bins,)
    accuracy: np.ndarray  # (n_bins,)
    ece: float


def reliability_bins(confidence, correct, n_bins=10):
    """Bin predictions by confidence (``n_bins`` equal-width bins on [0, 1]) and compute the ECE.

    ``confidence`` is the probability the model gave its predicted class (e.g.
    ``proba.max(axis=1)``), ``correct`` whether that prediction was right (bool or 0/1);
    both shape (m,).  Returns a :class:`Reliability`.
    """
    confidence, correct = _same_length_1d(confidence, correct, "confidence", "correct")
    confidence = confidence.astype(np.float64)
    outside = ~((confidence >= 0) & (confidence <= 1))  # also catches NaN
    if outside.any():
        s = int(np.flatnonzero(outside)[0])
        raise ValueError(f"confidence must lie in [0, 1], got confidence[{s}] = {confidence[s]}")
    if not np.all((correct == 0) | (correct == 1)):
        raise ValueError(f"correct must hold booleans or 0/1, got values {np.unique(correct)[:5]}")
    n_bins = positive_int(n_bins, "n_bins")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # bin b holds edges[b] < c <= edges[b+1]; right=True puts an edge in the bin below it, and 0 lands in bin 0
    b = np.digitize(confidence, edges[1:-1], right=True)  # (m,) in 0..n_bins-1
    count = np.bincount(b, minlength=n_bins)
    nonempty = count > 0
    conf_sum = np.bincount(b, weights=confidence, minlength=n_bins)
    right_sum = np.bincount(b, weights=correct.astype(np.float64), minlength=n_bins)
    mean_conf = np.divide(conf_sum, count, out=np.full(n_bins, np.nan), where=nonempty)
    acc = np.divide(right_sum, count, out=np.full(n_bins, np.nan), where=nonempty)
    m = confidence.size
    ece = float(np.sum(count[nonempty] / m * np.abs(acc[nonempty] - mean_conf[nonempty])))
    return Reliability(edges, count, mean_conf, acc, ece)


def most_confident_mistakes(y, proba, n=None):
    """Indices of the misclassified samples, most confident first (at most ``n``).

    ``y`` holds the true labels, shape (m,); ``proba`` the predicted class probabilities, shape
    (m, n_classes).  A sample is misclassified when ``proba``'s argmax differs from its label; its
    confidence is the probability of that wrong prediction.  Ties keep the samples' order.
    """
    proba = np.asarray(proba)
    if proba.ndim != 2:
        raise ValueError(f"proba must have shape (m, n_classes), got {proba.shape}")
    y = check_labels(y, proba.shape[1])
    if len(proba) != len(y):
        raise ValueError(f"proba must have shape (m, n_classes) with m = len(y) = {len(y)}, got {proba.shape}")
    if n is not None:
        n = positive_int(n, "n")
    predicted = proba.argmax(axis=1)  # (m,)
    wrong = np.flatnonzero(predicted != y)
    confidence = proba[wrong, predicted[wrong]]
    order = wrong[np.argsort(-confidence, kind="stable")]
    return order if n is None else order[:n]


def _check_logits(z, y=None):
    """``z`` as a float64 array of shape (m, n_classes) with finite entries (and ``y`` as its labels)."""
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"z must be the output pre-activations z^L, shape (m, n_classes), got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("z holds a non-finite value")
    if y is None:
        return z
    y = check_labels(y, z.shape[1])
    if len(y) != len(z):
        raise ValueError(f"z has {len(z)} rows but y has {len(y)} labels")
    return z, y


def _check_temperature(T):
    if not (np.isscalar(T) and np.isfinite(T) and T > 0):
        raise ValueError(f"the temperature T must be a positive number, got {T!r}")
    return float(T)


def softmax_with_temperature(z, T):
    """softmax(z / T) row by row, for output pre-activations z^L of shape (m, n_classes) and one number T > 0.

    T = 1 gives the network's own probabilities a^L; T > 1 flattens every row towards 1/n_classes, T < 1
    sharpens it.  Dividing a row by T > 0 keeps its largest entry the largest, so the predicted class (and the
    accuracy) never changes: only the confidence does.
    """
    return Softmax().forward(_check_logits(z) / _check_temperature(T))  # (m, n_classes)


def temperature_cost(z, y, T):
    """The mean cross-entropy of softmax(z / T) against the labels y (m,): the cost temperature scaling minimises."""
    z, y = _check_logits(z, y)
    return CrossEntropy().value(z / _check_temperature(T), None, one_hot(y, z.shape[1]))


def fit_temperature(z, y, low=0.05, high=20.0, tol=1e-6):
    """Temperature scaling (Guo et al. 2017): the one number T in [low, high] that minimises the mean
    cross-entropy of softmax(z / T) on held-out data, pre-activations z (m, n_classes) and labels y (m,).

    Fit it on images the network was not trained on (a validation split), never on the test set.  The cost is
    a convex function of beta = 1/T (a log-sum-exp of beta z minus beta z_y), so a golden-section search on
    beta finds its minimum, to within ``tol`` in beta.
    """
    z, y = _check_logits(z, y)
    if not 0 < low < high:
        raise ValueError(f"need 0 < low < high, got low = {low}, high = {high}")
    Y = one_hot(y, z.shape[1])  # (m, n_classes)

    def cost(beta):
        return CrossEntropy().value(beta * z, None, Y)

    ratio = (np.sqrt(5.0) - 1.0) / 2.0  # the golden section, 0.618...
    a, b = 1.0 / high, 1.0 / low  # the bracket of beta = 1/T
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    cost_c, cost_d = cost(c), cost(d)
    while b - a > tol:
        if cost_c < cost_d:  # the minimum lies in [a, d]
            b, d, cost_d = d, c, cost_c
            c = b - ratio * (b - a)
            cost_c = cost(c)
        else:  # the minimum lies in [c, b]
            a, c, cost_c = c, d, cost_d
            d = a + ratio * (b - a)
            cost_d = cost(d)
    return float(2.0 / (a + b))  # T = 1 / beta at the bracket's midpoint


__all__ = [
    "Reliability",
    "accuracy",
    "confusion_counts",
    "fit_temperature",
    "most_confident_mistakes",
    "reliability_bins",
    "softmax_with_temperature",
    "temperature_cost",
]
