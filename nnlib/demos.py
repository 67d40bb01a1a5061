"""Demos you can steer: move a slider, and the figure is drawn again for the new value; and the pieces that the
gradient-descent notebook (03) and its demos share.

Two demos of notebook 03, each in three layers:

* a pure function that computes one state and draws it on an Axes (``draw_descent``, ``draw_moons``),
  unit-tested like the rest of nnlib;
* a static fallback: a small grid of fixed settings in one figure (``descent_grid``, ``moons_grid``),
  which is what GitHub shows and what nbval and papermill store;
* ``descent_demo`` and ``moons_demo``: a ``Demo`` object for the last line of a cell.  In a notebook that
  a person watches (``nnlib.live.live_enabled()``: the same rule and the same ``NNLIB_LIVE`` variable as
  the live learning curves) it shows sliders (ipywidgets) above the figure; anywhere else, or without
  ipywidgets, it shows the static fallback and creates no widget at all.

The notebook's two problems are built here, once, and the notebook imports them (and prints the source of
``descend`` and ``train_moons``, which it teaches): the cost C(w, b) of a straight-line fit by one linear
neuron (``line_data``, ``best_line``, ``descend``, ``CostSurface``, ``draw_surface``, ``draw_path``), and
the two-moons classification problem (``moons_data``, ``moons_network``, ``train_moons``, ``draw_points``,
``draw_boundary``).  Every setting (the data's size and seed, the starting point, the learning rate of the
moons network) is an argument: the notebook's parameters cell owns the values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .live import _ipython_kernel_shell, live_enabled
from .network import Network
from .optimizers import SGD
from .plotting import series_style
from .training import fit

# ---------------------------------------------------------------------------- the cost surface C(w, b)

W_RANGE, B_RANGE = (-2.0, 4.5), (-3.0, 2.5)  # the part of the (w, b) plane that the figures show


def line_data(n, seed):
    """n points (x, y) as two (n, 1) arrays: x evenly spread over [0, 2], y = 2x - 1 plus N(0, 0.5^2) noise."""
    x = np.linspace(0, 2, n)[:, None]  # (n, 1): one sample per row, one feature
    noise = np.random.default_rng(seed).normal(scale=0.5, size=(n, 1))
    return x, 2 * x - 1 + noise


def best_line(data):
    """The (w, b) of least cost, solved directly (least squares): the bottom of the bowl."""
    x, y = data
    return np.linalg.lstsq(np.hstack([x, np.ones_like(x)]), y[:, 0], rcond=None)[0]


def line_cost(w, b, data):
    """C(w, b) = (1/N) sum_i 1/2 (w x_i + b - y_i)^2 for arrays w, b of one shape (the grid of a figure)."""
    x, y = data
    residuals = np.asarray(w)[..., None] * x[:, 0] + np.asarray(b)[..., None] - y[:, 0]  # (..., N)
    return 0.5 * np.mean(residuals**2, axis=-1)


def descend(optimizer, epochs, data, *, start, batch_size=None, schedule=None, seed=0, grad_scale=1.0):
    """The path of ``optimizer`` on the cost C(w, b) of ``data``: one row (w, b) per step, the first is ``start``.

    Each epoch visits the data once, in a new random order (drawn from ``seed``), in mini-batches of
    ``batch_size`` (None: all of it, full-batch gradient descent); with a ``schedule``, epoch e uses the
    learning rate schedule(e).  ``grad_scale`` multiplies every gradient.
    """
    X, Y = data
    batch_size = len(X) if batch_size is None else batch_size
    neuron = Network([1, 1], output="identity", loss="mse", dtype="float64")  # a = w x + b; theta is (w, b)
    neuron.theta[...] = start
    optimizer.reset()
    order_rng = np.random.default_rng(seed)
    path = [neuron.theta.copy()]
    for epoch in range(epochs):  # the loop of nnlib.fit, written out
        lr = None if schedule is None else schedule(epoch)
        order = order_rng.permutation(len(X))
        for first in range(0, len(X), batch_size):
            batch = order[first : first + batch_size]
            neuron.loss_and_gradient(X[batch], Y[batch])  # forward, cost, backward on the batch
            optimizer.step(neuron.theta, grad_scale * neuron.grad, lr)
            path.append(neuron.theta.copy())
    return np.array(path)  # (steps + 1, 2)


@dataclass(frozen=True)
class CostSurface:
    """C(w, b) of ``data`` on a grid over W_RANGE x B_RANGE, and the contour levels the figures draw."""

    w: np.ndarray  # (111, 131) grid of w values
    b: np.ndarray  # (111, 131) grid of b values
    cost: np.ndarray  # (111, 131): C at each grid point
    levels: np.ndarray  # 14 levels spaced geometrically: they crowd where the bowl is steep
    best: np.ndarray  # (2,): the minimum (w, b)

    @classmethod
    def of(cls, data):
        w, b = np.meshgrid(np.linspace(*W_RANGE, 131), np.linspace(*B_RANGE, 111))
        cost = line_cost(w, b, data)
        levels = np.geomspace(cost.min() * 1.02, cost.max(), 14)
        return cls(w, b, cost, levels, best_line(data))


def draw_surface(ax, surface, start, title=""):
    """The contour lines of C(w, b), every third labelled with its cost, the start and the minimum.

    Returns the contours (for a colour bar: their colour is the cost, on a log scale)."""
    from matplotlib.colors import LogNorm

    levels = surface.levels
    contours = ax.contour(
        surface.w, surface.b, surface.cost, levels=levels, cmap="viridis", norm=LogNorm(levels[0], levels[-1]),
        linewidths=0.8,
    )  # fmt: skip
    ax.clabel(contours, levels[1::3], fmt="%.2g", fontsize=7)
    ax.plot(*start, "o", color="black", markersize=6, linestyle="none", label="start")
    ax.plot(*surface.best, "*", color="black", markersize=13, linestyle="none", label="minimum")
    ax.set(xlim=W_RANGE, ylim=B_RANGE, xlabel="w", ylabel="b", title=title)
    ax.set_aspect("equal")
    return contours


def draw_path(ax, path, label, style):
    """The path in the course's ``style`` (an index: colour, marker, line style) as far as it stays inside the
    plot; a path that leaves it is marked where it leaves."""
    inside = (
        (path[:, 0] > W_RANGE[0]) & (path[:, 0] < W_RANGE[1]) & (path[:, 1] > B_RANGE[0]) & (path[:, 1] < B_RANGE[1])
    )
    shown = len(path) if inside.all() else int(np.argmin(inside)) + 1
    look = series_style(style)
    ax.plot(path[:shown, 0], path[:shown, 1], markersize=3, linewidth=1.2, label=label, **look)
    if shown < len(path):
        ax.text(
            0.03,
            0.04,
            "diverges: the path leaves the plot",
            transform=ax.transAxes,
            color=look["color"],
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        )


def draw_descent(ax, surface, data, start, steps, lr, momentum):
    """One state of the momentum demo: ``steps`` full-batch steps of ``SGD(lr, momentum)`` on the surface.

    With momentum > 0, plain gradient descent at the same rate is drawn too, for comparison.
    Returns the path, (steps + 1, 2).
    """
    path = descend(SGD(lr=lr, momentum=momentum), steps, data, start=start)
    distance = np.linalg.norm(path[-1] - surface.best)
    draw_surface(ax, surface, start, f"η = {lr:.3g}, μ = {momentum:.2f}: {steps} steps end {distance:.2g} away")
    if momentum > 0:
        plain = descend(SGD(lr=lr), steps, data, start=start)
        draw_path(ax, plain, "gradient descent (μ = 0)", style=0)
    draw_path(ax, path, f"momentum, μ = {momentum:.2f}" if momentum > 0 else "gradient descent", style=1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8)  # below the plot, off the data
    return path


def descent_grid(data, start, steps, lrs, momenta):
    """The static fallback: one panel per (momentum, lr), a row per momentum.  Returns the Figure."""
    surface = CostSurface.of(data)
    fig = _figure((4.6 * len(lrs), 4.9 * len(momenta)))
    axes = fig.subplots(len(momenta), len(lrs), squeeze=False)
    for row, momentum in zip(axes, momenta):
        for ax, lr in zip(row, lrs):
            draw_descent(ax, surface, data, start, steps, lr, momentum)
            ax.title.set_fontsize(9)
    fig.tight_layout()
    return fig


def descent_demo(data, start, steps, lr, momentum, lrs, momenta):
    """Sliders for η (log scale, 0.01 to 1.5) and μ (0 to 0.99) that redraw ``draw_descent``; the static
    fallback is ``descent_grid(data, start, steps, lrs, momenta)``."""
    surface = CostSurface.of(data)

    def draw(fig, lr, momentum):
        return draw_descent(fig.subplots(), surface, data, start, steps, lr, momentum)

    def sliders(widgets):
        return {
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-2, max=np.log10(1.5), step=0.05, description="η"),
            "momentum": widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01, description="μ"),
        }

    return Demo(draw, sliders, lambda: descent_grid(data, start, steps, lrs, momenta), figsize=(6.5, 5.8))


# ---------------------------------------------------------------------------- two moons


def moons_data(n_train, n_test, noise, seed):
    """(X_train, y_train, X_test, y_test) of scikit-learn's two moons; the test set is drawn separately."""
    from sklearn.datasets import make_moons

    X_train, y_train = make_moons(n_samples=n_train, noise=noise, random_state=seed)
    X_test, y_test = make_moons(n_samples=n_test, noise=noise, random_state=10_000 + seed)
    return X_train, y_train, X_test, y_test


def moons_network(hidden, seed):
    """2 inputs, ``hidden`` sigmoid units (0: no hidden layer), 2 sigmoid outputs, quadratic cost, N(0, 1) weights."""
    sizes = [2, hidden, 2] if hidden else [2, 2]
    return Network(sizes, hidden="sigmoid", output="sigmoid", loss="mse", init="normal", seed=seed, dtype="float64")


def train_moons(data, hidden, snapshots, *, lr, momentum, batch_size, seed=0, on_snapshot=None):
    """Train a new ``moons_network(hidden, seed)`` on ``data`` with SGD(lr, momentum), stopping at each epoch of
    ``snapshots`` (the last one is the training length) to measure the test accuracy and call
    ``on_snapshot(network, epoch, accuracy)``.  Returns (the accuracy at each snapshot, the network)."""
    X_train, y_train, X_test, y_test = data
    network = moons_network(hidden, seed)
    optimizer = SGD(lr=lr, momentum=momentum)
    accuracies, done = [], 0
    for epoch in snapshots:
        fit(
            network,
            X_train,
            y_train,
            epochs=epoch - done,
            batch_size=batch_size,
            optimizer=optimizer,
            # fit shuffles with a generator seeded by `seed`; each piece gets its own, seeded by the pair
            # [seed, epochs done so far] (NumPy accepts a list of integers), so no piece repeats the shuffles
            # of an earlier one
            seed=[seed, done],
            resume_optimizer=done > 0,  # carry the velocity on: the pieces add up to one run
            verbose=False,
        )
        done = epoch
        accuracies.append(network.accuracy(X_test, y_test))
        if on_snapshot is not None:
            on_snapshot(network, epoch, accuracies[-1])
    return accuracies, network


X1_RANGE, X2_RANGE = (-1.7, 2.7), (-1.2, 1.7)  # the part of the input plane that the figures show


def draw_points(ax, data, size=8):
    """The points of ``data`` (X, y, ...): a colour and a marker per class."""
    X, y = data[0], data[1]
    for c in (0, 1):
        look = series_style(c)
        ax.plot(
            *X[y == c].T,
            linestyle="none",
            marker=look["marker"],
            color=look["color"],
            markersize=size**0.5 * 1.2,
            alpha=0.8,
            label=f"class {c}",
        )


def draw_boundary(ax, network, data, title):
    """The two regions of the network's prediction, its boundary, and the training points of ``data``."""
    x1, x2 = np.meshgrid(np.linspace(*X1_RANGE, 221), np.linspace(*X2_RANGE, 146))
    out = network.predict_proba(np.column_stack([x1.ravel(), x2.ravel()]))  # (221 * 146, 2)
    margin = (out[:, 1] - out[:, 0]).reshape(x1.shape)  # > 0 where class 1 is predicted
    ax.contourf(x1, x2, margin, levels=[-1, 0, 1], colors=["#cfe3f3", "#fbe3bf"])
    ax.contour(x1, x2, margin, levels=[0], colors="black", linewidths=1.2)
    draw_points(ax, data)
    ax.set(title=title, xticks=[], yticks=[], xlim=X1_RANGE, ylim=X2_RANGE)
    ax.set_aspect("equal")


def _moons_title(hidden, epochs, accuracy):
    shape = f"2-{hidden}-2" if hidden else "2-2 (no hidden layer)"
    return f"{shape}, {epochs} epochs: test accuracy {accuracy:.0%}"


def draw_moons(ax, data, hidden, epochs, **training):
    """One state of the moons demo: train (``train_moons``) for ``epochs`` and draw the boundary.
    Returns (network, test accuracy)."""
    (accuracy,), network = train_moons(data, hidden, [epochs], **training)
    draw_boundary(ax, network, data, _moons_title(hidden, epochs, accuracy))
    return network, accuracy


def moons_grid(data, hiddens, epochs_list, **training):
    """The static fallback: one panel per (epochs, hidden), a row per number of epochs; each column is one
    training run, drawn at each epoch of ``epochs_list``.  Returns the Figure."""
    fig = _figure((3.6 * len(hiddens), 2.7 * len(epochs_list)))
    axes = fig.subplots(len(epochs_list), len(hiddens), squeeze=False)
    for column, hidden in zip(axes.T, hiddens):
        panels = iter(column)

        def snapshot(network, epoch, accuracy, hidden=hidden, panels=panels):
            ax = next(panels)
            draw_boundary(ax, network, data, _moons_title(hidden, epoch, accuracy))
            ax.title.set_fontsize(9)

        train_moons(data, hidden, epochs_list, on_snapshot=snapshot, **training)
    fig.tight_layout()
    return fig


def moons_demo(data, hidden, epochs, hiddens, epochs_list, **training):
    """Sliders for the hidden units (0 to 32) and the epochs (1 to 300) that retrain and redraw ``draw_moons``;
    the static fallback is ``moons_grid(data, hiddens, epochs_list, **training)``."""

    def draw(fig, hidden, epochs):
        return draw_moons(fig.subplots(), data, hidden, epochs, **training)

    def sliders(widgets):
        return {
            "hidden": widgets.IntSlider(value=hidden, min=0, max=32, description="hidden units"),
            "epochs": widgets.IntSlider(value=epochs, min=1, max=300, description="epochs"),
        }

    return Demo(draw, sliders, lambda: moons_grid(data, hiddens, epochs_list, **training), figsize=(6.5, 4.6))


# ---------------------------------------------------------------------------- sliders or the static figure


class Demo:
    """A figure drawn by ``draw(fig, **values)`` for the values of some sliders, or a static fallback.

    Shown (the last line of a cell), it is the sliders and the figure when ``live_enabled()`` and
    ipywidgets is installed, else ``static()``'s figure, without creating any widget (so an executed
    notebook stores no widget state).  ``sliders(ipywidgets)`` returns {name: slider}; moving one calls
    ``redraw``, which draws a new figure for the current values (``continuous_update=False``: once the
    slider is let go).  ``figure`` and ``result`` are the last figure drawn and what ``draw`` returned.
    """

    def __init__(self, draw, sliders, static, figsize):
        self.draw, self._make_sliders, self.static, self.figsize = draw, sliders, static, figsize
        self.sliders, self.figure, self.result, self._view = {}, None, None, None

    def widget(self):
        """The sliders above an output area with the figure for their values (built once)."""
        if self._view is None:
            import ipywidgets as widgets

            self.sliders = self._make_sliders(widgets)
            for slider in self.sliders.values():
                slider.continuous_update = False
                slider.style.description_width = "initial"
                slider.observe(self.redraw, names="value")
            self._output = widgets.Output()
            self._view = widgets.VBox([widgets.HBox(list(self.sliders.values())), self._output])
            self.redraw()
        return self._view

    def values(self):
        return {name: slider.value for name, slider in self.sliders.items()}

    def redraw(self, change=None):
        """Draw the figure for the sliders' current values (``change``: the event of the slider that moved)."""
        self.figure = _figure(self.figsize)
        self.result = self.draw(self.figure, **self.values())
        self.figure.tight_layout()
        if _ipython_kernel_shell() is not None:
            from IPython.display import clear_output, display

            with self._output:
                clear_output(wait=True)
                display(self.figure)

    def _ipython_display_(self):
        from IPython.display import display

        if live_enabled() and _has_ipywidgets():
            display(self.widget())
        else:
            display(self.static())


def _has_ipywidgets():
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(figsize):
    """A Matplotlib Figure that pyplot does not manage: shown once, where ``display`` puts it, and never
    again by Jupyter's inline backend at the end of the cell."""
    import matplotlib.pyplot  # noqa: F401  (in a kernel: selects the inline backend, which shows figures)
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)
