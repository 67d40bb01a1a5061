"""Plots that more than one notebook uses.  (One-off plots stay in their notebook.)

Every function draws on a Matplotlib ``Axes`` (a new figure if none is given) and returns
what it drew on, so a notebook can add to or arrange the plots.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _axes(ax, figsize=(6, 4)):
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_history(histories, metric="val_acc", ax=None, title=None, ylabel=None):
    """Learning curves: ``metric`` against epoch for each History in ``histories``.

    ``histories`` is a History or a dict {label: History}; ``metric`` is one of the History
    lists ('loss', 'train_acc', 'val_loss', 'val_acc', 'train_acc_full', ...).
    """
    ax = _axes(ax)
    if not isinstance(histories, dict):
        histories = {None: histories}
    for label, h in histories.items():
        values = getattr(h, metric)
        if len(values):
            ax.plot(h.epoch[:len(values)], values, marker="o" if len(values) <= 20 else None,
                    markersize=3, label=label)
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))   # epochs are whole numbers
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or metric.replace("_", " "))
    if title:
        ax.set_title(title)
    if any(label is not None for label in histories):
        ax.legend()
    ax.grid(True, alpha=0.3)
    return ax


def show_digits(X, y=None, predicted=None, n=20, cols=10, axes_size=1.0, shape=(28, 28), title=None):
    """A grid of images (rows of X reshaped to ``shape``), titled with their labels.

    With ``predicted``, each title reads 'label→prediction', green where they agree and red
    where they do not.  Returns the figure.
    """
    import matplotlib.pyplot as plt
    n = min(n, len(X))
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * axes_size, rows * axes_size * 1.15), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(np.asarray(X[i]).reshape(shape), cmap="gray_r")
        if y is not None and predicted is None:
            ax.set_title(str(y[i]), fontsize=9)
        elif predicted is not None:
            right = y is None or y[i] == predicted[i]
            text = f"{predicted[i]}" if y is None else f"{y[i]}→{predicted[i]}"
            ax.set_title(text, fontsize=9, color="green" if right else "red")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------- evaluation plots

def plot_train_test(history, axes=None, title=None):
    """Loss and accuracy on the training and the test (validation) set, side by side.

    Uses ``train_loss_full`` / ``train_acc_full`` (``fit(..., evaluate_train=True)``) when
    the History has them, else the running means over the epoch's mini-batches.
    Returns the two Axes.
    """
    import matplotlib.pyplot as plt
    if not history.val_loss:
        raise ValueError("the History has no validation curves: train with fit(..., validation_data=(X, y))")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    full = bool(history.train_loss_full)
    train_label = "train" if full else "train (running mean over the epoch)"
    curves = [("loss", history.train_loss_full if full else history.loss, history.val_loss),
              ("accuracy", history.train_acc_full if full else history.train_acc, history.val_acc)]
    marker = "o" if len(history.epoch) <= 20 else None
    for ax, (name, train, test) in zip(axes, curves):
        ax.plot(history.epoch[:len(train)], train, marker=marker, markersize=3, label=train_label)
        ax.plot(history.epoch[:len(test)], test, marker=marker, markersize=3, label="test")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.grid(True, alpha=0.3)
        ax.legend()
    if title:
        axes[0].figure.suptitle(title)
    axes[0].figure.tight_layout()
    return axes


def confusion_counts(y_true, y_pred, n_classes=10):
    """C[i, j] = number of samples of true class i predicted as class j; shape (n_classes, n_classes)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D arrays of the same length, got shapes "
                         f"{y_true.shape} and {y_pred.shape}")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and (y.min() < 0 or y.max() >= n_classes):
            raise ValueError(f"{name} holds labels outside 0..{n_classes - 1} (min {y.min()}, max {y.max()})")
    flat = n_classes * y_true.astype(np.int64) + y_pred.astype(np.int64)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def plot_confusion_matrix(y_true, y_pred, n_classes=10, normalize=False, ax=None, title=None):
    """Seaborn heatmap of the confusion matrix: rows are true classes, columns predictions.

    ``normalize=False`` writes the counts in the cells; ``normalize=True`` divides each row
    by its total, so row i reads "of the samples of class i, the fraction predicted as j"
    (the diagonal is each class's recall); zero cells are left blank.  Returns the Axes.
    """
    import seaborn as sns
    C = confusion_counts(y_true, y_pred, n_classes)
    ax = _axes(ax, figsize=(6.4, 5.2))
    if normalize:
        totals = C.sum(axis=1, keepdims=True)
        values = np.divide(C, totals, out=np.zeros(C.shape), where=totals > 0)
        annot = np.where(C > 0, np.char.mod("%.1f", 100 * values), "")
        sns.heatmap(values, annot=annot, fmt="", cmap="Blues", vmin=0, vmax=1, square=True,
                    cbar_kws={"label": "fraction of the true class"}, annot_kws={"fontsize": 7}, ax=ax)
    else:
        sns.heatmap(C, annot=True, fmt="d", cmap="Blues", square=True,
                    cbar_kws={"label": "number of samples"}, annot_kws={"fontsize": 7}, ax=ax)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title or ("confusion matrix, row-normalised (%)" if normalize else "confusion matrix (counts)"))
    return ax


@dataclass
class Reliability:
    """Confidence bins of a classifier: bin b holds the confidences in (edges[b], edges[b+1]]
    (bin 0 also holds 0).  ``confidence`` and ``accuracy`` are the means in each bin (NaN
    where the bin is empty); ``ece`` is the expected calibration error
    sum_b (count_b / m) |accuracy_b - confidence_b|.
    """
    edges: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    ece: float


def reliability_bins(confidence, correct, n_bins=10):
    """Bin predictions by confidence (equal-width bins on [0, 1]) and compute the ECE.

    ``confidence`` is the probability the model gave its predicted class (e.g.
    ``proba.max(axis=1)``), ``correct`` whether that prediction was right; both shape (m,).
    """
    confidence = np.asarray(confidence, dtype=np.float64)
    correct = np.asarray(correct)
    if confidence.ndim != 1 or confidence.shape != correct.shape or confidence.size == 0:
        raise ValueError(f"confidence and correct must be non-empty 1-D arrays of the same length, got shapes "
                         f"{confidence.shape} and {correct.shape}")
    if not np.all((confidence >= 0) & (confidence <= 1)):
        raise ValueError(f"confidences must lie in [0, 1], got values from {confidence.min()} to {confidence.max()}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    b = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
    count = np.bincount(b, minlength=n_bins)
    conf_sum = np.bincount(b, weights=confidence, minlength=n_bins)
    right_sum = np.bincount(b, weights=correct.astype(np.float64), minlength=n_bins)
    nonempty = count > 0
    mean_conf = np.divide(conf_sum, count, out=np.full(n_bins, np.nan), where=nonempty)
    accuracy = np.divide(right_sum, count, out=np.full(n_bins, np.nan), where=nonempty)
    ece = float(np.sum(np.abs(right_sum - conf_sum)) / confidence.size)   # = sum_b (n_b/m) |acc_b - conf_b|
    return Reliability(edges, count, mean_conf, accuracy, ece)


def plot_reliability(confidence, correct, n_bins=10, ax=None, title=None):
    """Reliability diagram: accuracy against confidence per bin, with the diagonal of a
    perfectly calibrated model and the gap to it.  Returns (Axes, Reliability)."""
    rel = reliability_bins(confidence, correct, n_bins)
    ax = _axes(ax, figsize=(5, 5))
    width = np.diff(rel.edges)
    left = rel.edges[:-1]
    full = rel.count > 0
    ax.bar(left[full], rel.accuracy[full], width=width[full], align="edge", color="tab:blue",
           edgecolor="black", linewidth=0.5, label="accuracy in the bin")
    gap_low = np.minimum(rel.accuracy[full], rel.confidence[full])
    ax.bar(left[full], np.abs(rel.accuracy[full] - rel.confidence[full]), bottom=gap_low, width=width[full],
           align="edge", color="tab:red", alpha=0.45, label="gap to mean confidence")
    ax.plot([0, 1], [0, 1], "--", color="gray", label="perfect calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("confidence (probability of the predicted class)")
    ax.set_ylabel("accuracy")
    ax.set_title(title or f"reliability diagram (ECE = {rel.ece:.4f})")
    ax.legend(loc="upper left")
    return ax, rel


def show_weights(W, n=None, cols=10, shape=(28, 28), axes_size=1.0, title=None):
    """Each row of ``W`` (e.g. ``net.W[1]``, one row per hidden unit) as an image.

    Red is a positive weight, blue a negative one, each image on its own symmetric scale
    (white is 0).  Returns the figure.
    """
    import matplotlib.pyplot as plt
    W = np.asarray(W)
    if W.ndim != 2 or W.shape[1] != int(np.prod(shape)):
        raise ValueError(f"W has shape {W.shape}; expected (units, {int(np.prod(shape))}) to draw {shape} images")
    n = len(W) if n is None else min(n, len(W))
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * axes_size, rows * axes_size), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            scale = float(np.max(np.abs(W[i]))) or 1.0
            ax.imshow(W[i].reshape(shape), cmap="RdBu_r", vmin=-scale, vmax=scale)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def most_confident_mistakes(y, proba, n=None):
    """Indices of the misclassified samples, most confident first (at most ``n``)."""
    y, proba = np.asarray(y), np.asarray(proba)
    if proba.ndim != 2 or len(proba) != len(y):
        raise ValueError(f"proba must have shape (m, n_classes) with m = len(y) = {len(y)}, got {proba.shape}")
    predicted = proba.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    order = wrong[np.argsort(-proba[wrong, predicted[wrong]], kind="stable")]
    return order if n is None else order[:n]


def show_most_confident_mistakes(X, y, proba, n=20, cols=10, axes_size=1.0, shape=(28, 28), title=None):
    """The ``n`` misclassified images the model was surest about, titled
    'label→prediction' and the probability it gave its prediction.  Returns the figure."""
    idx = most_confident_mistakes(y, proba, n)
    predicted = np.asarray(proba).argmax(axis=1)
    if len(idx) == 0:
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "no mistakes", ha="center", va="center")
        return fig
    fig = show_digits(np.asarray(X)[idx], np.asarray(y)[idx], predicted[idx], n=len(idx), cols=cols,
                      axes_size=axes_size * 1.1, shape=shape, title=title)
    for ax, i in zip(fig.axes, idx):
        ax.set_title(f"{y[i]}→{predicted[i]}\np={proba[i, predicted[i]]:.2f}", fontsize=8, color="red")
    fig.tight_layout()
    return fig
