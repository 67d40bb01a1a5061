"""Plots that more than one notebook uses.  (One-off plots stay in their notebook.)

This module only draws: the numbers it shows (confusion counts, calibration bins, the most
confident mistakes) are computed by ``nnlib.metrics``.  Each function returns what it drew on
(an Axes, a pair of Axes, or the Figure of an image grid), so a notebook can add to or arrange
the plots; those that take ``ax``/``axes`` draw there, or on a new figure when it is None.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import numpy as np

from . import metrics

#: Colours that colour-blind readers tell apart (Okabe & Ito's palette), each paired with its own marker and
#: line style, so that every series is also told apart in grey: the i-th line of an Axes gets the i-th of each.
COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), (0, (5, 2, 1, 2)))

#: The course's figure style: one dpi, font size, grid and series style for every notebook (see ``use_course_style``).
COURSE_STYLE = {
    "figure.dpi": 100,  # large enough to read on a projector, small enough for GitHub's notebook viewer
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.framealpha": 0.9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.autolayout": False,
    "lines.markersize": 4,
}


def use_course_style():
    """Set Matplotlib's defaults to the course's style (``COURSE_STYLE``, and each series a colour, a marker and a
    line style: ``COLORS``, ``MARKERS``, ``LINESTYLES``); every notebook calls it first."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(COURSE_STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=COLORS) + cycler(marker=MARKERS) + cycler(linestyle=LINESTYLES)


def series_style(i):
    """The i-th series' colour, marker and line style, as keyword arguments for ``ax.plot`` or ``ax.errorbar``."""
    return dict(
        color=COLORS[i % len(COLORS)], marker=MARKERS[i % len(MARKERS)], linestyle=LINESTYLES[i % len(LINESTYLES)]
    )


def percent_axis(ax, axis="y", limits=None, decimals=None):
    """Show fractions on ``axis`` ('x' or 'y') of ``ax`` as percentages (0.975 -> 97.5%), within ``limits`` (fractions)
    when given.  Returns the Axes."""
    from matplotlib.ticker import PercentFormatter

    which = ax.yaxis if axis == "y" else ax.xaxis
    which.set_major_formatter(PercentFormatter(1.0, decimals=decimals))
    if limits is not None:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(*limits)
    return ax


def decision_limits(*groups, pad=0.15, floor=0.0, ceiling=1.0):
    """Axis limits that frame the values in ``groups`` (numbers, lists, or ``Spread``s), with ``pad`` times their
    range added on each side, kept within [floor, ceiling]: the range in which a comparison is decided."""
    values = []
    for group in groups:
        group = getattr(group, "values", group)
        values.extend(np.ravel(np.asarray(group, dtype=float)).tolist())
    if not values:
        raise ValueError("decision_limits needs at least one value")
    low, high = min(values), max(values)
    margin = pad * (high - low) if high > low else 0.01 * max(abs(high), 1e-12)
    return max(floor, low - margin), min(ceiling, high + margin)


def legend_outside(ax, **kwargs):
    """The legend of ``ax`` to the right of the plot, off the data.  Returns the Legend."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)


def plot_seeds(x, spreads, ax=None, label=None, style=0, jitter=0.0, logx=False):
    """One dot per seed of each ``Spread`` in ``spreads`` at its ``x``, and a line through the means: for results that
    spread widely or split.  ``style`` is the series' index in ``series_style``.  Returns the Axes."""
    ax = _axes(ax)
    look = series_style(style)
    x = np.asarray(x, dtype=float)
    for i, (xi, spread) in enumerate(zip(x, spreads)):
        offsets = jitter * (np.arange(len(spread)) - (len(spread) - 1) / 2)
        xs = xi * (1 + offsets) if logx else xi + offsets
        ax.plot(
            xs,
            spread.values,
            linestyle="none",
            marker=look["marker"],
            color=look["color"],
            alpha=0.6,
            label=None if i else (None if label is None else f"{label} (one dot per seed)"),
        )
    ax.plot(
        x,
        [s.mean for s in spreads],
        color=look["color"],
        linestyle=look["linestyle"],
        marker="none",
        linewidth=1,
        alpha=0.8,
    )
    if logx:
        ax.set_xscale("log")
    return ax


def plot_spread(x, spreads, ax=None, label=None, logx=False, **kwargs):
    """The mean of each ``nnlib.experiments.Spread`` in ``spreads`` against ``x``, with a bar from its
    min to its max (one bar per x: how far apart the seeds landed).  Returns the Axes."""
    ax = _axes(ax)
    mean = np.array([s.mean for s in spreads])
    low = np.maximum(mean - np.array([s.min for s in spreads]), 0.0)  # >= 0 also when rounding makes min > mean
    high = np.maximum(np.array([s.max for s in spreads]) - mean, 0.0)
    style = {"marker": "o", "markersize": 4, "capsize": 3, **kwargs}
    ax.errorbar(x, mean, yerr=[low, high], label=label, **style)
    if logx:
        ax.set_xscale("log")
    return ax


def plot_history_band(histories, metric="val_acc", ax=None, label=None, color=None, style=None):
    """The mean curve of ``metric`` over several Histories (one per seed), in a band from their min to
    their max at each epoch.  The Histories may have different lengths (early stopping): each epoch
    uses the runs that reached it.  ``style``, an index into ``series_style``, sets the curve's colour,
    marker and line style (``color`` alone sets only its colour).  Returns the Axes."""
    from matplotlib.ticker import MaxNLocator

    histories = list(histories)
    for h in histories:
        if metric not in _curves(h):
            raise ValueError(
                f"metric {metric!r} is not a curve of the History; the curves are {', '.join(map(repr, _curves(h)))}"
            )
    ax = _axes(ax)
    longest = max(len(getattr(h, metric)) for h in histories)
    epochs = np.arange(1, longest + 1)
    columns = [[getattr(h, metric)[e] for h in histories if len(getattr(h, metric)) > e] for e in range(longest)]
    mean = np.array([np.mean(c) for c in columns])
    look = dict(marker="o", color=color) if style is None else series_style(style)
    if longest > 20:
        look["marker"] = None  # a marker per epoch would hide a long curve
    (line,) = ax.plot(
        epochs,
        mean,
        markersize=3,
        **look,
        label=None if label is None else f"{label} (mean of {len(histories)} seeds)",
    )
    ax.fill_between(
        epochs, [min(c) for c in columns], [max(c) for c in columns], color=line.get_color(), alpha=0.25, linewidth=0
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("_", " "))
    return ax


def _axes(ax, figsize=(6, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _curves(history):
    """The names of a History's per-epoch lists ('loss', 'train_acc', 'val_acc', ...), 'epoch' excluded."""
    names = [f.name for f in fields(history)] if is_dataclass(history) else list(vars(history))
    return [name for name in names if name != "epoch" and isinstance(getattr(history, name), (list, tuple, np.ndarray))]


def plot_history(histories, metric="val_acc", ax=None, title=None, ylabel=None):
    """Learning curves: ``metric`` against epoch for each History in ``histories``.

    ``histories`` is a History (one unlabelled line, no legend) or a dict {label: History}
    (one line per History, and a legend); ``metric`` names one of the History's lists
    ('loss', 'train_acc', 'val_loss', 'val_acc', 'train_acc_full', ...).  A History whose
    list is empty (no validation data, say) draws no line.  Returns the Axes.
    """
    if not isinstance(histories, dict):
        histories = {None: histories}
    for label, h in histories.items():
        if metric not in _curves(h):
            which = "" if label is None else f" of {label!r}"
            raise ValueError(
                f"metric {metric!r} is not a curve of the History{which}; "
                f"the curves are {', '.join(map(repr, _curves(h)))}"
            )
    from matplotlib.ticker import MaxNLocator

    ax = _axes(ax)
    for label, h in histories.items():
        values = getattr(h, metric)
        if len(values):
            ax.plot(
                h.epoch[: len(values)], values, marker="o" if len(values) <= 20 else None, markersize=3, label=label
            )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel or metric.replace("_", " "))
    if title:
        ax.set_title(title)
    if any(label is not None for label in histories):
        ax.legend()
    ax.grid(True, alpha=0.3)
    return ax


def show_digits(X, y=None, predicted=None, n=20, cols=10, axes_size=1.0, shape=(28, 28), title=None):
    """A grid of the first ``n`` images (rows of X reshaped to ``shape``), ``cols`` to a row.

    With ``y`` alone each image is titled with its label; with ``predicted`` too the title reads
    'label→prediction', green where they agree and red where they do not (with ``predicted``
    alone, just the prediction).  Returns the figure.
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
        _, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    full = bool(history.train_loss_full)
    train_label = "train" if full else "train (running mean over the epoch)"
    curves = [
        ("loss", history.train_loss_full if full else history.loss, history.val_loss),
        ("accuracy", history.train_acc_full if full else history.train_acc, history.val_acc),
    ]
    marker = "o" if len(history.epoch) <= 20 else None
    for ax, (name, train, test) in zip(axes, curves):
        ax.plot(history.epoch[: len(train)], train, marker=marker, markersize=3, label=train_label)
        ax.plot(history.epoch[: len(test)], test, marker=marker, markersize=3, label="test")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.grid(True, alpha=0.3)
        ax.legend()
    if title:
        axes[0].figure.suptitle(title)
    axes[0].figure.tight_layout()
    return axes


def plot_confusion_matrix(y_true, y_pred, n_classes=10, normalize=False, ax=None, title=None):
    """Seaborn heatmap of the confusion matrix: rows are true classes, columns predictions.

    ``normalize=False`` writes the counts in the cells; ``normalize=True`` divides each row
    by its total, so row i reads "of the samples of class i, the percentage predicted as j"
    (the diagonal is each class's recall; the colours show the fraction), and leaves the cells
    of zero count blank.  The counts are ``nnlib.metrics.confusion_counts``.  Returns the Axes.
    """
    import seaborn as sns

    C = metrics.confusion_counts(y_true, y_pred, n_classes)
    ax = _axes(ax, figsize=(6.4, 5.2))
    if normalize:
        totals = C.sum(axis=1, keepdims=True)
        values = np.divide(C, totals, out=np.zeros(C.shape), where=totals > 0)
        annot = np.where(C > 0, np.char.mod("%.1f", 100 * values), "")
        sns.heatmap(
            values,
            annot=annot,
            fmt="",
            cmap="Blues",
            vmin=0,
            vmax=1,
            square=True,
            cbar_kws={"label": "fraction of the true class"},
            annot_kws={"fontsize": 7},
            ax=ax,
        )
    else:
        sns.heatmap(
            C,
            annot=True,
            fmt="d",
            cmap="Blues",
            square=True,
            cbar_kws={"label": "number of samples"},
            annot_kws={"fontsize": 7},
            ax=ax,
        )
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title or ("confusion matrix, row-normalised (%)" if normalize else "confusion matrix (counts)"))
    return ax


def plot_reliability(confidence, correct, n_bins=10, ax=None, title=None):
    """Reliability diagram: one bar per non-empty confidence bin, as high as the accuracy in the bin,
    with the gap between that accuracy and the bin's mean confidence in red and the diagonal of a
    perfectly calibrated model.  The bins are ``nnlib.metrics.reliability_bins``; returns
    (Axes, Reliability)."""
    rel = metrics.reliability_bins(confidence, correct, n_bins)
    ax = _axes(ax, figsize=(5, 5))
    width = np.diff(rel.edges)
    left = rel.edges[:-1]
    full = rel.count > 0
    ax.bar(
        left[full],
        rel.accuracy[full],
        width=width[full],
        align="edge",
        color="tab:blue",
        edgecolor="black",
        linewidth=0.5,
        label="accuracy in the bin",
    )
    gap_low = np.minimum(rel.accuracy[full], rel.confidence[full])
    ax.bar(
        left[full],
        np.abs(rel.accuracy[full] - rel.confidence[full]),
        bottom=gap_low,
        width=width[full],
        align="edge",
        color="tab:red",
        alpha=0.45,
        label="gap to mean confidence",
    )
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


def show_most_confident_mistakes(X, y, proba, n=20, cols=10, axes_size=1.0, shape=(28, 28), title=None):
    """The ``n`` misclassified images the model was surest about (``nnlib.metrics.most_confident_mistakes``),
    titled 'label→prediction' and the probability it gave its prediction.  Returns the figure."""
    y, proba = np.asarray(y), np.asarray(proba)
    idx = metrics.most_confident_mistakes(y, proba, n)
    predicted = proba.argmax(axis=1)
    if len(idx) == 0:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "no mistakes", ha="center", va="center")
        return fig
    fig = show_digits(
        np.asarray(X)[idx],
        y[idx],
        predicted[idx],
        n=len(idx),
        cols=cols,
        axes_size=axes_size * 1.1,
        shape=shape,
        title=title,
    )
    # 1 - p, the probability left for the other classes, summed from them: "p = 1.00" would hide it
    rest = np.sort(proba, axis=1)[:, :-1].sum(axis=1)
    for ax, i in zip(fig.axes, idx):
        ax.set_title(f"{y[i]}→{predicted[i]}\n1−p={rest[i]:.0e}", fontsize=8, color="red")
    fig.tight_layout()
    return fig
