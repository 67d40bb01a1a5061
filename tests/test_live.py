"""nnlib.live: the callback protocol of LiveCurves, when it draws, and what it leaves behind."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from nnlib import History, live
from nnlib.callbacks import Callback

matplotlib.use("Agg")  # no window: draw in memory


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def fake_fit(callbacks, epochs=3, batches=4, stop_at=None, validation=True):
    """The calls fit makes, in its order, with made-up numbers: loss 1/epoch, accuracy 1 - 1/(epoch + 1)."""
    history = History()
    for c in callbacks:
        c.on_train_begin(dict(epochs=epochs, batches_per_epoch=batches, n_train=batches * 10))
    for epoch in range(1, epochs + 1):
        for batch in range(1, batches + 1):
            for c in callbacks:
                c.on_batch_end(epoch, batch, 1.0 / epoch)
        history.epoch.append(epoch)
        history.loss.append(1.0 / epoch)
        history.train_acc.append(1 - 1 / (epoch + 1))
        if validation:
            history.val_loss.append(1.2 / epoch)
            history.val_acc.append(1 - 1.2 / (epoch + 1))
        if any([c.on_epoch_end(epoch, history) for c in callbacks]):
            history.stopped_early = True
            break
    for c in callbacks:
        c.on_train_end(history)
    return history


class Recorder(Callback):
    """Records every call and the epoch's numbers it was given; stops after `stop_after` epochs if set."""

    def __init__(self, stop_after=None):
        self.calls, self.seen, self.stop_after = [], [], stop_after

    def on_train_begin(self, info):
        self.calls.append(("begin", info["epochs"]))

    def on_batch_end(self, epoch, batch, loss):
        self.calls.append(("batch", epoch, batch))

    def on_epoch_end(self, epoch, history):
        self.calls.append(("epoch", epoch))
        self.seen.append(
            (epoch, history.loss[-1], history.train_acc[-1], history.val_acc[-1] if history.val_acc else None)
        )
        return self.stop_after is not None and epoch >= self.stop_after

    def on_train_end(self, history):
        self.calls.append(("end", len(history.epoch)))


def small_problem(m=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, y


def small_net(seed=0):
    return nnlib.Network([4, 5, 2], hidden="sigmoid", output="softmax", loss="cross_entropy", init="lecun", seed=seed)


# --------------------------------------------------------------------------- deciding whether to watch


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("off", False), ("1", True), ("yes", True)])
def test_the_environment_variable_decides(monkeypatch, value, expected):
    monkeypatch.setenv("NNLIB_LIVE", value)
    assert live.live_enabled() is expected
    assert live.LiveCurves().live is expected


def test_off_without_a_kernel(monkeypatch):
    """A unit test (like a script, or nbval's kernel under the harness) has no notebook to draw in."""
    monkeypatch.delenv("NNLIB_LIVE", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "x.ipynb")  # even beside a Jupyter server: no kernel here
    assert live.live_enabled() is False


# --------------------------------------------------------------------------- the protocol, through fit


def test_fit_calls_each_method_in_order_with_the_epochs_numbers():
    X, y = small_problem()
    recorder = Recorder()
    history = nnlib.fit(
        small_net(), X, y, epochs=3, batch_size=16, validation_data=(X, y), callbacks=[recorder], verbose=False
    )
    assert recorder.calls[0] == ("begin", 3)
    assert recorder.calls[-1] == ("end", 3)
    epochs = [c[1] for c in recorder.calls if c[0] == "epoch"]
    assert epochs == [1, 2, 3]  # once per epoch
    assert [c[1:] for c in recorder.calls if c[0] == "batch"] == [(e, b) for e in (1, 2, 3) for b in (1, 2, 3, 4)]
    assert recorder.seen == list(zip(history.epoch, history.loss, history.train_acc, history.val_acc))


def test_returning_true_stops_fit_early():
    X, y = small_problem()
    recorder = Recorder(stop_after=2)
    history = nnlib.fit(small_net(), X, y, epochs=10, batch_size=16, callbacks=[recorder], verbose=False)
    assert history.epoch == [1, 2]
    assert history.stopped_early
    assert recorder.calls[-1] == ("end", 2)


def test_live_curves_change_nothing_in_training():
    X, y = small_problem()
    runs = []
    for callbacks in ([], [live.LiveCurves(live=False)], [live.LiveCurves(live=True, every=0.0)]):
        net = small_net()
        history = nnlib.fit(
            net, X, y, epochs=3, batch_size=16, validation_data=(X, y), callbacks=callbacks, verbose=False
        )
        runs.append((net.theta.copy(), history.loss, history.val_acc))
    for theta, loss, val_acc in runs[1:]:
        assert np.array_equal(theta, runs[0][0]) and loss == runs[0][1] and val_acc == runs[0][2]


def test_live_curves_collect_the_history_fit_returns():
    X, y = small_problem()
    curves = live.LiveCurves(live=False)
    history = nnlib.fit(
        small_net(), X, y, epochs=2, batch_size=16, validation_data=(X, y), callbacks=[curves], verbose=False
    )
    assert curves.histories == [history]
    assert curves.figure is not None  # drawn once, when training ended


# --------------------------------------------------------------------------- when it draws


class Counting(live.LiveCurves):
    """A LiveCurves that counts its drawings and progress lines instead of showing them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.drawn, self.progress = [], []

    def _draw(self, current):
        super()._draw(current)
        self.drawn.append((len(self.histories), current))

    def _show_progress(self, text, fraction=None):
        self.progress.append(text)
        self._progress_handle = "shown"


def test_off_it_draws_once_when_training_ends():
    curves = Counting(live=False)
    fake_fit([curves], epochs=5, batches=100)
    assert curves.drawn == [(1, None)]  # one finished figure, no run marked as in progress
    assert curves.progress == []


def slow_clock(monkeypatch, step):
    """Make every reading of LiveCurves' clock `step` seconds later than the last (so that a fake epoch
    takes as long as a real one, and a drawing takes one step)."""
    clock = iter(np.arange(0.0, 1e6, step))
    monkeypatch.setattr(live.time, "perf_counter", lambda: float(next(clock)))


def test_on_it_redraws_every_epoch_and_shows_progress(monkeypatch):
    slow_clock(monkeypatch, 1.0)  # batches 1 s apart, epochs of 11 s, drawings of 1 s
    curves = Counting(live=True, every=0.5)
    fake_fit([curves], epochs=3, batches=10)
    assert curves.drawn == [(1, 0), (1, 0), (1, 0), (1, None)]  # after each epoch, then the finished figure
    assert len(curves.progress) == 1 + 3 * 10 + 1  # started, every batch, emptied
    assert curves.progress[-1] is None  # the cell keeps no progress line
    assert curves.progress[1].startswith("epoch 1/3  batch 1/10  loss 1.0000")


def test_progress_and_redraws_are_throttled():
    curves = Counting(live=True, every=3600.0)
    fake_fit([curves], epochs=4, batches=50)
    assert len(curves.progress) == 2  # started, finished: no batch came an hour after the last line
    assert curves.drawn == [(1, 0), (1, None)]  # the last epoch is always drawn


def test_several_runs_accumulate_and_draw_once_at_the_end_of_the_block():
    curves = Counting(live=False)
    with curves as same:
        assert same is curves
        for _ in range(3):
            fake_fit([curves], epochs=2)
        assert curves.drawn == []  # off: nothing until the block ends
    assert curves.drawn == [(3, None)]
    assert len(curves.figure.axes[0].lines) == 3 * 2  # training and validation loss of each run


def test_the_final_figure_is_the_static_plot():
    curves = live.LiveCurves(live=True, every=0.0, title="t")
    histories = [fake_fit([curves], epochs=4), fake_fit([curves], epochs=4)]
    static = live.plot_curves(histories, epochs=4, title="t")
    for ax_live, ax_static in zip(curves.figure.axes, static.axes):
        assert [line.get_linewidth() for line in ax_live.lines] == [line.get_linewidth() for line in ax_static.lines]
        for a, b in zip(ax_live.lines, ax_static.lines):
            np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())
    assert curves.figure._suptitle.get_text() == static._suptitle.get_text() == "t, 2 runs"


def test_plot_curves_accuracy_in_percent_and_without_validation():
    h = fake_fit([], epochs=3, validation=False)
    fig = live.plot_curves(h)
    ax_loss, ax_acc = fig.axes
    assert len(ax_loss.lines) == 1  # no validation curve
    np.testing.assert_allclose(ax_acc.lines[0].get_ydata(), 100 * np.array(h.train_acc))
    assert ax_acc.get_ylabel() == "%"
    assert ax_loss.get_xlim() == (0.5, 3.5)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["training"]
    both = live.plot_curves([h, fake_fit([], epochs=3)])
    assert [t.get_text() for t in both.legends[0].get_texts()] == ["training", "validation"]


def test_a_run_stopped_by_another_callback_is_drawn_to_where_it_stopped():
    curves = Counting(live=True, every=3600.0)
    history = fake_fit([curves, Recorder(stop_after=2)], epochs=10)
    assert history.epoch == [1, 2] and curves.histories == [history]
    assert curves.drawn[-1] == (1, None)
    assert curves.figure.axes[0].lines[0].get_xdata().tolist() == [1, 2]


def test_a_notebooks_own_drawing_is_redrawn_with_the_runs_so_far(monkeypatch):
    slow_clock(monkeypatch, 1.0)
    calls = []

    def draw(fig, histories, current):
        ax = fig.subplots()
        ax.plot([len(h.epoch) for h in histories])
        calls.append(([len(h.epoch) for h in histories], current))

    curves = live.LiveCurves(live=True, every=0.5, draw=draw)
    with curves:
        fake_fit([curves], epochs=2, batches=10)
        fake_fit([curves], epochs=2, batches=10)
    assert calls == [([1], 0), ([2], 0), ([2, 1], 1), ([2, 2], 1), ([2, 2], None)]
    assert len(curves.figure.axes) == 1  # each drawing starts on a cleared figure


def test_keep_false_draws_nothing_when_off_and_empties_the_view_when_live(monkeypatch):
    shown = []
    monkeypatch.setattr(live, "_display", lambda obj, handle: shown.append(obj) or "handle")
    off = live.LiveCurves(live=False, keep=False)
    fake_fit([off], epochs=3)
    assert shown == [] and off.figure is None
    on = live.LiveCurves(live=True, every=0.0, keep=False)
    fake_fit([on], epochs=2, batches=1)
    assert shown[-2:] == [None, None]  # the progress line and the figure emptied at the end
    assert sum(obj is on.figure for obj in shown) == 2  # drawn after each epoch, not once more at the end


def test_the_progress_line_does_not_hold_back_the_redraws_and_drawing_takes_a_tenth(monkeypatch):
    """A clock that moves 0.3 s at every reading: the figure waits max(every, 9 x the last drawing's time)."""
    slow_clock(monkeypatch, 0.3)

    class Timed(Counting):
        def _draw(self, current):  # no drawing: the clock moves only where LiveCurves reads it
            self.drawn.append((len(self.histories[-1].epoch), current))

    curves = Timed(live=True, every=0.5)
    fake_fit([curves], epochs=6, batches=4)
    # epoch 1 after 1.5 s; a drawing "takes" 0.3 s, so the next waits 2.7 s: 5 readings (1.5 s) per epoch
    assert curves.drawn == [(1, 0), (3, 0), (5, 0), (6, 0), (6, None)]
    assert 2 + 6 * 4 // 2 <= len(curves.progress) < 2 + 6 * 4  # the line moves every other batch
