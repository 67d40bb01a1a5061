"""Training you can watch: learning curves redrawn in place while ``fit`` runs, and a progress line.

In a notebook opened in Jupyter, pass a ``LiveCurves`` to ``fit``::

    live = LiveCurves(title="784-100-10, cross-entropy")
    history = nnlib.fit(net, X, y, epochs=10, validation_data=(X_test, y_test), callbacks=[live])

and the cell shows the loss and the accuracy (in %) of the training and the validation data, redrawn
after every epoch, above a line that says how far the current epoch has got (updated at most every
``every`` seconds).  Over several seeds, use one ``LiveCurves`` for all the runs: its figure
accumulates them, one line per run (the run in progress drawn bold), and is drawn for good when the
``with`` block ends::

    with LiveCurves(title="3 seeds") as live:
        runs = over_seeds(lambda seed: recipe.replace(seed=seed).train(X, y, callbacks=[live]), SEEDS)

**Watching or not.**  ``live_enabled()`` decides once, when the ``LiveCurves`` is made:

* the environment variable ``NNLIB_LIVE`` decides if it is set: ``0`` off, ``1`` on.  The tests
  (``tests/harness.py``) set ``NNLIB_LIVE=0`` for every notebook they run;
* otherwise it is on only in an IPython kernel that a person is looking at: one started by a Jupyter
  server (JupyterLab, Notebook; the server gives such kernels the variable ``JPY_SESSION_NAME``), by
  VS Code, or in Google Colab.  A kernel that nbval, papermill or ``jupyter nbconvert --execute``
  starts has none of these, and a script or a unit test has no kernel: off.

Off, nothing is drawn while training runs (each call returns at once), and when training ends (or the
``with`` block, for several runs) the cell shows one static figure, drawn by ``plot_curves``: the same
figure that the live display ends with.  So the stored output of an executed notebook is that one
figure, whoever ran it.  A notebook that already draws its own figure of the runs passes that drawing
as ``draw``: the figure is then redrawn live in a class, and costs nothing more than before elsewhere.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from .callbacks import Callback

FIGSIZE = (11, 3.8)  # inches: the two panels side by side, the legend below
CURVES = [("training", "C0", "-"), ("validation", "C1", "--")]  # label, colour, line style


def live_enabled():
    """Whether to redraw during training: ``NNLIB_LIVE`` if set, else whether a person watches a kernel."""
    setting = os.environ.get("NNLIB_LIVE", "").strip().lower()
    if setting:
        return setting not in ("0", "false", "no", "off")
    shell = _ipython_kernel_shell()
    if shell is None:
        return False  # a script, a unit test, a terminal IPython: no notebook to draw in
    return "JPY_SESSION_NAME" in os.environ or "__vsc_ipynb_file__" in shell.user_ns or "google.colab" in sys.modules


def _ipython_kernel_shell():
    """The running IPython shell if it is a kernel's (one that can show figures), else None."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


def plot_curves(histories, fig=None, epochs=None, title=None, current=None):
    """Loss and accuracy (%) per epoch, training and validation, one line per History in ``histories``.

    ``histories`` is a History or a list of them (one per run; the validation curves only where a run
    has them).  ``epochs`` fixes the x axis at 1 .. epochs (default: the longest run).  ``current``, the
    index of a run, draws that run bold and the others faint (``LiveCurves`` marks the run in progress
    this way; a finished figure has none).  Draws on ``fig`` (a new pyplot figure if None) and returns it.
    """
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=FIGSIZE)
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    histories = [histories] if hasattr(histories, "epoch") else list(histories)
    epochs = epochs or max([len(h.epoch) for h in histories] + [1])
    marker = "o" if epochs <= 20 else None
    fig.clear()
    ax_loss, ax_acc = fig.subplots(1, 2)
    panels = [(ax_loss, "loss", "val_loss", 1.0, "loss (mean cost)"), (ax_acc, "train_acc", "val_acc", 100.0, "%")]
    labelled = set()  # the kinds of curve drawn: one legend entry each, however many runs
    for ax, train_name, val_name, scale, ylabel in panels:
        for i, h in enumerate(histories):
            style = {"linewidth": 1.0, "alpha": 0.9}
            if current is not None:
                style = {"linewidth": 2.0, "alpha": 1.0} if i == current else {"linewidth": 0.8, "alpha": 0.35}
            for name, (label, color, line) in zip((train_name, val_name), CURVES):
                values = scale * np.asarray(getattr(h, name), dtype=float)
                if not len(values):
                    continue  # no validation data in this run
                ax.plot(
                    h.epoch[: len(values)],
                    values,
                    color=color,
                    linestyle=line,
                    marker=marker,
                    markersize=3,
                    **style,
                )
                labelled.add(label)
        ax.set_xlim(0.5, epochs + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
    ax_loss.set_title("loss")
    ax_acc.set_title("accuracy (%)")
    runs = f", {len(histories)} runs" if len(histories) > 1 else ""
    fig.suptitle(f"{title or 'training'}{runs}")
    kinds = [(label, color, line) for label, color, line in CURVES if label in labelled]
    handles = [Line2D([], [], color=color, linestyle=line, marker=marker, markersize=3) for _, color, line in kinds]
    if handles:  # below the plots, off the data; drawn in full, whichever run is faint
        fig.legend(handles, [k[0] for k in kinds], loc="lower center", ncol=len(handles), bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


class _ProgressLine:
    """One line of text for the progress display: a progress bar in HTML, the same text as plain text."""

    def __init__(self, text, fraction=None):
        self.text, self.fraction = text, fraction

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        bar = "" if self.fraction is None else f'<progress value="{self.fraction:.3f}" max="1"></progress> '
        return f"{bar}<code>{self.text}</code>"


class LiveCurves(Callback):
    """A ``fit`` callback that redraws the learning curves in place while training runs (see the module).

    title : the figure's title
    every : seconds between two updates of the progress line, and at least between two redraws of the
        figure (which also wait 9 times as long as the last drawing took: drawing takes at most about a
        tenth of the time); the last epoch of a run is always drawn
    live : True or False to decide yourself; None (default): ``live_enabled()``
    draw : None (default): ``plot_curves``.  Or a function ``draw(fig, histories, current)`` that draws
        a notebook's own figure of the runs on the Matplotlib Figure ``fig`` (with ``fig.subplots``,
        not ``plt.subplots``); ``current`` is the index of the run in progress, None when all are done.
        Then the live figure ends as the figure the notebook drew after training, in its place.
    keep : True (default): the finished figure stays in the cell (drawn once, at the end, when not
        live).  False: the figure is a view of training only, emptied when training ends and never
        drawn when not live, for a cell whose notebook draws its own figure of the runs further down
        (no output and no cost added there).

    Either way the cell keeps what it would keep when not live: when training ends the progress line
    is emptied, and the figure is the finished one (or emptied, with ``keep=False``).
    """

    def __init__(self, title=None, every=0.5, live=None, draw=None, keep=True):
        self.title, self.every, self.draw, self.keep = title, float(every), draw, bool(keep)
        self.live = live_enabled() if live is None else bool(live)
        self.histories = []  # one per run, the run in progress last
        self.epochs = 1  # the x axis: the most epochs any run was given
        self._nested = 0  # > 0 inside a `with` block: the figure is final when the block ends
        self._figure = self._figure_handle = self._progress_handle = None
        self._started = self._last_line = self._last_drawn = 0.0  # perf_counter times
        self._draw_seconds = 0.0  # how long the last drawing took

    # ------------------------------------------------------------------ the callback protocol

    def on_train_begin(self, info):
        self.epochs = max(self.epochs, int(info["epochs"]))
        self._run_epochs, self._batches = int(info["epochs"]), int(info["batches_per_epoch"])
        self._run_started, self._drawn_epochs = len(self.histories), 0
        if self.live:
            self._started = self._last_line = self._last_drawn = time.perf_counter()
            self._show_progress(f"run {len(self.histories) + 1}: epoch 1 of {info['epochs']} started")

    def on_batch_end(self, epoch, batch, loss):
        if not self.live:
            return
        now = time.perf_counter()
        if now - self._last_line >= self.every:
            self._last_line = now
            self._show_progress(
                f"epoch {epoch}/{self._run_epochs}  batch {batch}/{self._batches}  loss {loss:.4f}  "
                f"({now - self._started:.0f} s)",
                fraction=batch / self._batches,
            )

    def on_epoch_end(self, epoch, history):
        if len(self.histories) == self._run_started:
            self.histories.append(history)  # the run in progress: the History fit fills
        if not self.live:
            return None
        now = time.perf_counter()
        # redraw after `every` seconds, and after 9 times as long as the last drawing took, so that drawing
        # takes at most about a tenth of the training's time; the last epoch always
        if now - self._last_drawn >= max(self.every, 9 * self._draw_seconds) or epoch == self._run_epochs:
            self._draw(current=len(self.histories) - 1)
            self._last_drawn, self._drawn_epochs = time.perf_counter(), epoch
            self._draw_seconds = self._last_drawn - now
        return None

    def on_train_end(self, history):
        if len(self.histories) == self._run_started:
            self.histories.append(history)  # a run stopped before its first epoch ended
        if self.live and self._nested:  # more runs may follow
            seconds = time.perf_counter() - self._started
            self._show_progress(f"run {len(self.histories)}: {len(history.epoch)} epochs in {seconds:.0f} s")
            if self._drawn_epochs != len(history.epoch):
                self._draw(current=len(self.histories) - 1)  # its last epochs, if it stopped early
        if not self._nested:
            self._finish()

    # ------------------------------------------------------------------ several runs: `with LiveCurves() as live:`

    def __enter__(self):
        self._nested += 1
        return self

    def __exit__(self, *exc_info):
        self._nested -= 1
        if not self._nested and exc_info[0] is None:
            self._finish()
        return False

    def _finish(self):
        """Training is over: the progress line goes, and the finished figure stays (or goes: keep=False)."""
        if self._progress_handle is not None:
            self._show_progress(None)
        if self.keep:
            self.show()
        elif self._figure_handle is not None:
            self._figure_handle = _display(None, self._figure_handle)

    def show(self):
        """Draw the finished figure (no run marked as in progress): what the cell keeps."""
        if self.histories:
            self._draw(current=None)

    @property
    def figure(self):
        """The Matplotlib Figure drawn last (None before the first drawing)."""
        return self._figure

    # ------------------------------------------------------------------ drawing

    def _draw(self, current):
        from matplotlib.figure import Figure

        if self._figure is None:  # not a pyplot figure: Jupyter's inline backend would show it again
            self._figure = Figure(figsize=FIGSIZE)
        if self.draw is None:
            plot_curves(self.histories, self._figure, self.epochs, self.title, current)
        else:
            self._figure.clear()
            self.draw(self._figure, self.histories, current)
        self._figure_handle = _display(self._figure, self._figure_handle)

    def _show_progress(self, text, fraction=None):
        line = None if text is None else _ProgressLine(text, fraction)
        self._progress_handle = _display(line, self._progress_handle)


def _display(obj, handle):
    """Show ``obj`` in the cell's output: in place of what ``handle`` showed, or below; ``obj`` None
    empties the place (an output with no data, which Jupyter shows as nothing).  Returns the handle."""
    if _ipython_kernel_shell() is None:
        return handle  # no notebook to show it in (a script, a unit test): the figure is kept in .histories
    import matplotlib.pyplot  # noqa: F401  (selects the inline backend, which teaches IPython to show figures)
    from IPython.display import display

    if handle is None:
        return display(obj, display_id=True)
    if obj is None:
        handle.update({}, raw=True)
    else:
        handle.update(obj)
    return handle
