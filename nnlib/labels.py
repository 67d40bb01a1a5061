"""Class labels: checking them and one-hot encoding them.

Labels are integers 0 .. n_classes - 1, one per sample, in an array of shape (m,).  ``network``,
``training`` and ``metrics`` check labels here; the file loader ``nnlib.data`` is not involved.
"""

from __future__ import annotations

import numpy as np

from .checks import positive_int


def check_labels(y, n_classes, name="y"):
    """Integer labels of shape (m,) in 0..n_classes-1, as int64, or a ValueError naming the fault.

    Floats that are whole numbers (3.0) are accepted and converted.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer class labels, got shape {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        if not (np.issubdtype(y.dtype, np.floating) and np.all(np.isfinite(y)) and np.all(y == np.round(y))):
            raise ValueError(f"{name} must hold integer class labels, got dtype {y.dtype}")
        y = y.astype(np.int64)
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise ValueError(f"{name} holds label {bad}, outside 0..{n_classes - 1}")
    return y.astype(np.int64, copy=False)


def one_hot(y, n_classes=10, dtype=np.float64):
    """(m,) integer labels -> (m, n_classes) rows with a single 1, in column y[i] of row i."""
    n_classes = positive_int(n_classes, "n_classes")
    y = check_labels(y, n_classes)
    Y = np.zeros((len(y), n_classes), dtype=dtype)
    Y[np.arange(len(y)), y] = 1.0
    return Y
