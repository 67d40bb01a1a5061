"""nnlib.plotting: the plots draw what they claim (Agg backend, no window)."""

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.ticker import MaxNLocator
from sklearn.metrics import confusion_matrix

from nnlib import History, metrics, plotting

matplotlib.use("Agg")  # no window: draw in memory


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _labels(m=500, k=10, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, m)
    # mostly right, some confusions, and class k-1 never predicted
    y_pred = np.where(rng.random(m) < 0.8, y_true, rng.integers(0, k - 1, m))
    y_pred[y_pred == k - 1] = 0
    return y_true, y_pred


def _cell_texts(ax, k):
    """The heatmap's annotations as a (k, k) array of strings, placed by their position."""
    out = np.full((k, k), None, dtype=object)
    for t in ax.texts:
        x, y = t.get_position()
        out[int(np.floor(y)), int(np.floor(x))] = t.get_text()
    return out


def test_confusion_heatmap_draws_sklearn_counts():
    y_true, y_pred = _labels()
    ax = plotting.plot_confusion_matrix(y_true, y_pred, n_classes=10)
    texts = _cell_texts(ax, 10)
    drawn = np.array([[int(s) for s in row] for row in texts])
    np.testing.assert_array_equal(drawn, confusion_matrix(y_true, y_pred, labels=range(10)))
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_confusion_heatmap_row_normalised():
    y_true = np.array([0, 0, 0, 0, 1, 1, 2])
    y_pred = np.array([0, 0, 0, 1, 1, 1, 0])
    ax = plotting.plot_confusion_matrix(y_true, y_pred, n_classes=3, normalize=True)
    texts = _cell_texts(ax, 3)
    assert texts[0, 0] == "75.0" and texts[0, 1] == "25.0" and texts[0, 2] == ""
    assert texts[1, 1] == "100.0" and texts[2, 0] == "100.0" and texts[2, 2] == ""
    values = ax.collections[0].get_array().reshape(3, 3)
    np.testing.assert_allclose(values.sum(axis=1), 1.0)


def test_reliability_diagram_bars_are_the_bin_accuracies():
    rng = np.random.default_rng(1)
    conf = rng.uniform(0.1, 1.0, 400)
    correct = rng.random(400) < conf**2
    ax, rel = plotting.plot_reliability(conf, correct, n_bins=10)
    bars = ax.containers[0]
    full = rel.count > 0
    np.testing.assert_allclose([p.get_height() for p in bars], rel.accuracy[full])
    np.testing.assert_allclose([p.get_x() for p in bars], rel.edges[:-1][full])
    assert f"{rel.ece:.4f}" in ax.get_title()


def test_show_most_confident_mistakes_draws_them_in_order():
    y = np.array([0, 1, 2, 0, 1])
    proba = np.array(
        [
            [0.9, 0.1, 0.0],  # right
            [0.6, 0.4, 0.0],  # wrong, p=0.6
            [0.0, 0.99, 0.01],  # wrong, p=0.99
            [0.2, 0.7, 0.1],  # wrong, p=0.7
            [0.1, 0.8, 0.1],  # right
        ]
    )
    X = np.arange(20.0).reshape(5, 4)  # image i is X[i]: which one is drawn can be seen
    fig = plotting.show_most_confident_mistakes(X, y, proba, n=2, cols=5, shape=(2, 2))
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 2
    assert drawn[0].get_title() == "2→1\n1−p=1e-02" and drawn[1].get_title() == "0→1\n1−p=3e-01"
    np.testing.assert_array_equal(drawn[0].images[0].get_array(), X[2].reshape(2, 2))
    fig = plotting.show_most_confident_mistakes(X, proba.argmax(axis=1), proba)
    assert [t.get_text() for ax in fig.axes for t in ax.texts] == ["no mistakes"]


def test_plotting_only_draws():
    # the numbers come from nnlib.metrics, and plotting does not hand them on under its own name
    for name in ("confusion_counts", "reliability_bins", "most_confident_mistakes", "Reliability", "accuracy"):
        assert hasattr(metrics, name) and not hasattr(plotting, name)


def test_show_weights_one_image_per_unit():
    W = np.random.default_rng(0).normal(size=(13, 784))
    fig = plotting.show_weights(W, cols=5)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(fig.axes) == 15 and len(images) == 13
    np.testing.assert_array_equal(images[4].get_array(), W[4].reshape(28, 28))
    vmin, vmax = images[4].get_clim()
    assert vmin == -vmax == -np.abs(W[4]).max()
    assert sum(1 for ax in plotting.show_weights(W, n=7, cols=5).axes if ax.images) == 7
    with pytest.raises(ValueError, match=r"\(13, 100\)"):
        plotting.show_weights(W[:, :100])


def test_plot_train_test_draws_both_curves():
    h = History(
        epoch=[1, 2, 3],
        loss=[0.5, 0.3, 0.2],
        train_acc=[0.8, 0.9, 0.95],
        val_loss=[0.4, 0.35, 0.33],
        val_acc=[0.85, 0.9, 0.91],
        train_loss_full=[0.35, 0.25, 0.15],
        train_acc_full=[0.88, 0.93, 0.96],
    )
    loss_ax, acc_ax = plotting.plot_train_test(h)
    (train, test) = loss_ax.get_lines()
    np.testing.assert_allclose(train.get_ydata(), h.train_loss_full)
    np.testing.assert_allclose(test.get_ydata(), h.val_loss)
    np.testing.assert_allclose(acc_ax.get_lines()[1].get_ydata(), h.val_acc)
    assert [t.get_text() for t in acc_ax.get_legend().get_texts()] == ["train", "test"]
    with pytest.raises(ValueError, match="validation"):
        plotting.plot_train_test(History(epoch=[1], loss=[0.5], train_acc=[0.8]))


def test_show_digits_grid_colours():
    X = np.zeros((6, 784))
    fig = plotting.show_digits(X, np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 0, 4, 5, 6]), n=6, cols=4)
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 8 and len(drawn) == 6
    assert drawn[2].get_title() == "3→0" and drawn[2].title.get_color() == "red"
    assert drawn[0].title.get_color() == "green"


# ---------------------------------------------------------------- learning curves
def _history(n=3, **curves):
    return History(epoch=list(range(1, n + 1)), **curves)


def test_plot_history_one_unlabelled_line_for_a_history():
    h = _history(val_acc=[0.8, 0.85, 0.9], loss=[0.5, 0.4, 0.3])
    ax = plotting.plot_history(h)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])  # x: the epochs
    np.testing.assert_array_equal(line.get_ydata(), h.val_acc)  # y: the metric, val_acc by default
    assert ax.get_legend() is None  # nothing to tell apart
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "val acc"
    ax = plotting.plot_history(h, metric="loss", ylabel="training loss", title="t")
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), h.loss)
    assert ax.get_ylabel() == "training loss" and ax.get_title() == "t"


def test_plot_history_one_labelled_line_per_history():
    runs = {
        "sgd": _history(val_acc=[0.8, 0.85, 0.9]),
        "adam": _history(5, val_acc=[0.9, 0.92, 0.93, 0.95, 0.96]),
        "no validation": _history(2),  # an empty list draws no line
    }
    ax = plotting.plot_history(runs)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["sgd", "adam"]
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(lines[1].get_ydata(), runs["adam"].val_acc)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sgd", "adam"]


def test_plot_history_x_data_are_the_recorded_epochs():
    # a curve shorter than the epochs (recorded from the start, stopped early) is drawn against its own epochs
    h = History(epoch=[1, 2, 3, 4], val_acc=[0.5, 0.6, 0.7])
    np.testing.assert_array_equal(plotting.plot_history(h).get_lines()[0].get_xdata(), [1, 2, 3])


def test_plot_history_epoch_ticks_are_whole_numbers():
    ax = plotting.plot_history(_history(3, val_acc=[0.8, 0.85, 0.9]))
    locator = ax.xaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)
    ax.figure.canvas.draw()
    ticks = ax.get_xticks()
    assert len(ticks) >= 2 and np.array_equal(ticks, np.round(ticks))  # 1, 2, 3, not 1.0, 1.25, 1.5, ...


def test_plot_history_names_a_missing_metric_and_the_valid_ones():
    h = _history(val_acc=[0.8, 0.85, 0.9])
    with pytest.raises(ValueError) as err:
        plotting.plot_history(h, metric="val_accuracy")
    message = str(err.value)
    assert message.startswith("metric 'val_accuracy' is not a curve of the History; the curves are ")
    for name in ("'loss'", "'train_acc'", "'val_loss'", "'val_acc'", "'train_acc_full'", "'lr'"):
        assert name in message
    assert "'epoch'" not in message and "best_epoch" not in message  # not curves
    with pytest.raises(ValueError, match=re.escape("metric 'acc' is not a curve of the History of 'sgd'")):
        plotting.plot_history({"sgd": h, "adam": h}, metric="acc")
    assert plt.get_fignums() == []  # refused before drawing anything


# ---------------------------------------------------------------- the course style and spread plots
def test_use_course_style_sets_one_dpi():
    import matplotlib as mpl

    from nnlib.plotting import COURSE_STYLE, use_course_style

    mpl.rcParams["figure.dpi"] = 37
    use_course_style()
    assert mpl.rcParams["figure.dpi"] == COURSE_STYLE["figure.dpi"] == 100


def test_plot_spread_draws_mean_and_range():
    from nnlib.experiments import Spread
    from nnlib.plotting import plot_spread

    spreads = [Spread([0.1, 0.3]), Spread([0.5, 0.6, 0.7])]
    ax = plot_spread([1, 2], spreads, label="runs")
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), [0.2, 0.6])
    segments = ax.collections[0].get_segments()  # the error bars, min to max
    np.testing.assert_allclose([seg[:, 1] for seg in segments], [[0.1, 0.3], [0.5, 0.7]])
    plt.close("all")


def test_plot_history_band_handles_runs_of_different_lengths():
    from nnlib.plotting import plot_history_band

    a, b = History(), History()
    a.epoch, a.val_acc = [1, 2, 3], [0.5, 0.7, 0.8]
    b.epoch, b.val_acc = [1, 2], [0.3, 0.9]
    ax = plot_history_band([a, b], label="x")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.4, 0.8, 0.8])
    with pytest.raises(ValueError, match="metric 'accuracy' is not a curve"):
        plot_history_band([a], metric="accuracy")
    plt.close("all")


def test_decision_limits_frame_the_values_within_0_and_1():
    from nnlib.experiments import Spread
    from nnlib.plotting import decision_limits

    low, high = decision_limits(Spread([0.95, 0.97]), [0.96, 0.99], pad=0.25)
    assert (low, high) == pytest.approx((0.94, 1.0))  # 0.99 + 0.01 is capped at 1
    assert decision_limits([0.5]) == pytest.approx((0.495, 0.505))
    with pytest.raises(ValueError, match="at least one value"):
        decision_limits([])


def test_percent_axis_and_plot_seeds_draw_one_dot_per_seed():
    import matplotlib.pyplot as plt

    from nnlib.experiments import Spread
    from nnlib.plotting import percent_axis, plot_seeds, series_style

    ax = plot_seeds([1, 2], [Spread([0.9, 0.92, 0.95]), Spread([0.96, 0.97, 0.98])], label="A", style=1)
    dots = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
    assert sum(len(line.get_xdata()) for line in dots) == 6
    assert dots[0].get_marker() == series_style(1)["marker"]
    percent_axis(ax, limits=(0.9, 1.0))
    assert ax.get_ylim() == (0.9, 1.0)
    assert ax.yaxis.get_major_formatter()(0.975) == "97.5%"
    plt.close(ax.figure)
