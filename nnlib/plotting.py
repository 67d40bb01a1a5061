"""Plots that more than one notebook uses.  (One-off plots stay in their notebook.)

Every function draws on a Matplotlib ``Axes`` (a new figure if none is given) and returns
what it drew on, so a notebook can add to or arrange the plots.
"""
from __future__ import annotations

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
