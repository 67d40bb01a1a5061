"""Demos you can steer: move a slider, and the figure is drawn again for the new value.

Two demos of the gradient-descent notebook, each in three layers:

* a pure function that computes one state and draws it on an Axes (``draw_descent``, ``draw_moons``),
  unit-tested like the rest of nnlib;
* a static fallback: a small grid of fixed settings in one figure (``descent_grid``, ``moons_grid``),
  which is what GitHub shows and what nbval and papermill store;
* ``descent_demo`` and ``moons_demo``: a ``Demo`` object for the last line of a cell.  In a notebook that
  a person watches (``nnlib.live.live_enabled()``: the same rule and the same ``NNLIB_LIVE`` variable as
  the live learning curves) it shows sliders (ipywidgets) above the figure; anywhere else, or without
  ipywidgets, it shows the static fallback and creates no widget at all.

The demos use the notebook's own problems, built by the functions below so that the notebook and the
demo draw the same thing: the cost C(w, b) of a straight-line fit by one linear neuron (``line_data``,
``descend``, ``CostSurface``), and the two-moons classification problem (``moons_data``,
``train_moons``, ``draw_boundary``).  Every setting (the data's size and seed, the starting point, the
learning rate of the moons network) is an argument: the notebook's parameters cell owns the values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .live import _ipython_kernel_shell, live_enabled
from .network import Network
from .optimizers import SGD
from .training import fit

# ---------------------------------------------------------------------------- the cost surface C(w, b)

W_RANGE, B_RANGE = (-2.0, 4.5), (-3.0, 2.5)  # the part of the (w, b) plane that the figures show


def line_data(m, seed):
    """m points (x, y) as two (m, 1) arrays: x evenly spread over [0, 2], y = 2x - 1 plus N(0, 0.5^2) noise."""
    x = np.linspace(0, 2, m)[:, None]  # (m, 1): one sample per row, one feature
    noise = np.random.default_rng(seed).normal(scale=0.5, size=(m, 1))
    return x, 2 * x - 1 + noise


def best_line(data):
    """The (w, b) of least cost, solved directly (least squares): the bottom of the bowl."""
    x, y = data
    return np.linalg.lstsq(np.hstack([x, np.ones_like(x)]), y[:, 0], rcond=None)[0]


def line_cost(w, b, data):
    """C(w, b) = (1/m) sum_i 1/2 (w x_i + b - y_i)^2 for arrays w, b of one shape (the grid of a figure)."""
    x, y = data
    residuals = np.asarray(w)[..., None] * x[:, 0] + np.asarray(b)[..., None] - y[:, 0]  # (..., m)
    return 0.5 * np.mean(residuals**2, axis=-1)


def descend(optimizer, epochs, data, batch_size=None, schedule=None, seed=0, grad_scale=1.0, *, start):
    """The path of ``optimizer`` on C(w, b) from ``start``: one row (w, b) per step, the first is ``start``.

    The neuron a = w x + b is an ``nnlib.Network([1, 1], output="identity")`` whose ``theta`` is (w, b),
    and each step is the loop of ``nnlib.fit`` written out: forward, cost and backward on a batch, then
    ``optimizer.step(theta, grad, lr)``.  Each epoch visits the data once, in a new random order, in
    mini-batches of ``batch_size`` (None: all of it, full-batch gradient descent); with a ``schedule``,
    epoch e uses the learning rate schedule(e).  ``grad_scale`` multiplies every gradient.
    """
    X, Y = data
    batch_size = len(X) if batch_size is None else batch_size
    neuron = Network([1, 1], output="identity", loss="mse")
    neuron.theta[...] = start
    optimizer.reset()
    order_rng = np.random.default_rng(seed)
    path = [neuron.theta.copy()]
    for epoch in range(epochs):
        lr = None if schedule is None else schedule(epoch)
        order = order_rng.permutation(len(X))
        for first in range(0, len(X), batch_size):
            batch = order[first : first + batch_size]
            neuron.loss_and_gradient(X[batch], Y[batch])
            optimizer.step(neuron.theta, grad_scale * neuron.grad, lr)
            path.append(neuron.theta.copy())
    return np.array(path)  # (steps + 1, 2)


@dataclass(frozen=True)
class CostSurface:
    """C(w, b) of ``data`` on a grid over W_RANGE x B_RANGE, and the contour levels the figures draw."""

    w: np.ndarray  # (221, 261) grid of w values
    b: np.ndarray  # (221, 261) grid of b values
    cost: np.ndarray  # (221, 261): C at each grid point
    levels: np.ndarray  # 14 levels spaced geometrically: they crowd where the bowl is steep
    best: np.ndarray  # (2,): the minimum (w, b)

    @classmethod
    def of(cls, data):
        w, b = np.meshgrid(np.linspace(*W_RANGE, 261), np.linspace(*B_RANGE, 221))
        cost = line_cost(w, b, data)
        levels = np.geomspace(cost.min() * 1.02, cost.max(), 14)
        return cls(w, b, cost, levels, best_line(data))


def draw_surface(ax, surface, start, title=""):
    """The contour lines of C(w, b), the starting point and the minimum."""
    ax.contour(surface.w, surface.b, surface.cost, levels=surface.levels, cmap="viridis", linewidths=0.8)
    ax.plot(*start, "o", color="black", markersize=6, label="start")
    ax.plot(*surface.best, "*", color="black", markersize=13, label="minimum")
    ax.set(xlim=W_RANGE, ylim=B_RANGE, xlabel="w", ylabel="b", title=title)
    ax.set_aspect("equal")


def draw_path(ax, path, label, color, marker="o"):
    """The path as far as it stays inside the plot; a path that leaves it is marked where it leaves."""
    inside = (
        (path[:, 0] > W_RANGE[0]) & (path[:, 0] < W_RANGE[1]) & (path[:, 1] > B_RANGE[0]) & (path[:, 1] < B_RANGE[1])
    )
    shown = len(path) if inside.all() else int(np.argmin(inside)) + 1
    ax.plot(path[:shown, 0], path[:shown, 1], marker=marker, markersize=3, linewidth=1.2, color=color, label=label)
    if shown < len(path):
        ax.text(
            0.03,
            0.04,
            "diverges: the path leaves the plot",
            transform=ax.transAxes,
            color=color,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        )


def draw_descent(ax, surface, data, start, steps, lr, momentum):
    """One state of the momentum demo: ``steps`` full-batch steps of ``SGD(lr, momentum)`` on the surface.

    With momentum > 0, plain gradient descent at the same rate is drawn too, faint, for comparison.
    Returns the path, (steps + 1, 2).
    """
    path = descend(SGD(lr=lr, momentum=momentum), steps, data, start=start)
    distance = np.linalg.norm(path[-1] - surface.best)
    draw_surface(ax, surface, start, f"η = {lr:.3g}, μ = {momentum:.2f}: {steps} steps end {distance:.2g} away")
    if momentum > 0:
        plain = descend(SGD(lr=lr), steps, data, start=start)
        draw_path(ax, plain, "gradient descent (μ = 0)", "C0", marker=".")
    draw_path(ax, path, f"momentum, μ = {momentum:.2f}" if momentum > 0 else "gradient descent", "C3")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8)  # below the plot, off the data
    return path


def descent_grid(data, start, steps, lrs, momenta):
    """The static fallback: one panel per (momentum, lr), a row per momentum.  Returns the Figure."""
    surface = CostSurface.of(data)
    fig = _figure((4.6 * len(lrs), 4.6 * len(momenta)))
    axes = fig.subplots(len(momenta), len(lrs), squeeze=False)
    for row, momentum in zip(axes, momenta):
        for ax, lr in zip(row, lrs):
            draw_descent(ax, surface, data, start, steps, lr, momentum)
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
    return Network(sizes, hidden="sigmoid", output="sigmoid", loss="mse", init="normal", seed=seed)


def train_moons(data, hidden, epochs, *, lr, momentum, batch_size, seed=0):
    """A new ``moons_network(hidden, seed)`` trained for ``epochs`` with SGD(lr, momentum); returns
    (network, test accuracy)."""
    X_train, y_train, X_test, y_test = data
    network = moons_network(hidden, seed)
    optimizer = SGD(lr=lr, momentum=momentum)
    fit(network, X_train, y_train, epochs=epochs, batch_size=batch_size, optimizer=optimizer, seed=seed, verbose=False)
    return network, network.accuracy(X_test, y_test)


X1_RANGE, X2_RANGE = (-1.7, 2.7), (-1.2, 1.7)  # the part of the input plane that the figures show


def draw_boundary(ax, network, X, y, title):
    """The two regions of the network's prediction, its boundary, and the points (X, y)."""
    x1, x2 = np.meshgrid(np.linspace(*X1_RANGE, 221), np.linspace(*X2_RANGE, 146))
    out = network.predict_proba(np.column_stack([x1.ravel(), x2.ravel()]))  # (221 * 146, 2)
    margin = (out[:, 1] - out[:, 0]).reshape(x1.shape)  # > 0 where class 1 is predicted
    ax.contourf(x1, x2, margin, levels=[-1, 0, 1], colors=["#c6dbef", "#fdd0a2"])
    ax.contour(x1, x2, margin, levels=[0], colors="black", linewidths=1.2)
    for c, marker in [(0, "o"), (1, "s")]:
        ax.scatter(*X[y == c].T, s=8, marker=marker, edgecolors="none", label=f"class {c}")
    ax.set(title=title, xticks=[], yticks=[], xlim=X1_RANGE, ylim=X2_RANGE)
    ax.set_aspect("equal")


def draw_moons(ax, data, hidden, epochs, **training):
    """One state of the moons demo: train (``train_moons``) and draw the boundary.  Returns (network, accuracy)."""
    network, accuracy = train_moons(data, hidden, epochs, **training)
    shape = f"2-{hidden}-2" if hidden else "2-2 (no hidden layer)"
    draw_boundary(ax, network, data[0], data[1], f"{shape}, {epochs} epochs: test accuracy {accuracy:.0%}")
    return network, accuracy


def moons_grid(data, hiddens, epochs_list, **training):
    """The static fallback: one panel per (epochs, hidden), a row per number of epochs.  Returns the Figure."""
    fig = _figure((3.6 * len(hiddens), 2.7 * len(epochs_list)))
    axes = fig.subplots(len(epochs_list), len(hiddens), squeeze=False)
    for row, epochs in zip(axes, epochs_list):
        for ax, hidden in zip(row, hiddens):
            draw_moons(ax, data, hidden, epochs, **training)
            ax.title.set_fontsize(9)
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
