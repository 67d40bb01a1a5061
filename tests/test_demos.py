"""nnlib.demos: the pure functions draw what they compute, and moving a slider redraws with its value."""

import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib import demos

matplotlib.use("Agg")  # no window: draw in memory

START = (-1.0, -1.0)
MOONS_TRAINING = dict(lr=0.5, momentum=0.9, batch_size=16)


@pytest.fixture(scope="module")
def line():
    return demos.line_data(40, seed=0)


@pytest.fixture(scope="module")
def moons():
    return demos.moons_data(60, 200, 0.15, seed=0)


def line_of(ax, label):
    return next(line for line in ax.lines if line.get_label() == label)


# --------------------------------------------------------------------------- gradient descent on C(w, b)


def test_line_data_and_its_minimum(line):
    x, y = line
    assert x.shape == y.shape == (40, 1)
    assert x[0, 0] == 0 and x[-1, 0] == 2
    w, b = demos.best_line(line)
    # the least-squares line is where the gradient of the cost vanishes
    assert np.allclose([np.mean((w * x + b - y) * x), np.mean(w * x + b - y)], 0, atol=1e-12)
    assert demos.line_cost(w, b, line) < demos.line_cost(w + 0.1, b, line)


def test_descend_is_gradient_descent_on_the_cost(line):
    x, y = line
    path = demos.descend(nnlib.SGD(lr=0.1), 3, line, start=START)
    assert path.shape == (4, 2)  # the start and one row per full-batch step
    w, b = START
    for row in path[1:]:
        residual = w * x[:, 0] + b - y[:, 0]
        w, b = w - 0.1 * np.mean(residual * x[:, 0]), b - 0.1 * np.mean(residual)
        assert np.allclose(row, [w, b])
    assert demos.descend(nnlib.SGD(lr=0.1), 2, line, batch_size=8, start=START).shape == (1 + 2 * 5, 2)


def test_momentum_reaches_the_minimum_faster_at_a_small_rate(line):
    best = demos.best_line(line)
    plain = demos.descend(nnlib.SGD(lr=0.05), 50, line, start=START)
    heavy = demos.descend(nnlib.SGD(lr=0.05, momentum=0.9), 50, line, start=START)
    assert np.linalg.norm(heavy[-1] - best) < np.linalg.norm(plain[-1] - best) / 5


def test_draw_descent_draws_the_path_it_computes(line):
    surface = demos.CostSurface.of(line)
    assert surface.cost.shape == surface.w.shape == (111, 131)
    fig = demos._figure((5, 5))
    ax = fig.subplots()
    path = demos.draw_descent(ax, surface, line, START, 20, lr=0.05, momentum=0.9)
    assert path.shape == (21, 2)
    np.testing.assert_array_equal(line_of(ax, "momentum, μ = 0.90").get_xydata(), path)
    assert line_of(ax, "gradient descent (μ = 0)")  # the comparison, drawn when mu > 0
    assert "η = 0.05, μ = 0.90" in ax.get_title()


def test_a_diverging_path_is_cut_where_it_leaves_the_plot(line):
    ax = demos._figure((5, 5)).subplots()
    path = demos.draw_descent(ax, demos.CostSurface.of(line), line, START, 30, lr=1.4, momentum=0.0)
    drawn = line_of(ax, "gradient descent").get_xydata()
    assert len(drawn) < len(path)
    assert any("diverges" in t.get_text() for t in ax.texts)


def test_descent_grid_has_a_panel_per_setting(line):
    fig = demos.descent_grid(line, START, 10, lrs=[0.05, 0.5, 1.1], momenta=[0.0, 0.9])
    assert len(fig.axes) == 6
    assert fig.axes[4].get_title().startswith("η = 0.5, μ = 0.90")


def test_descent_sliders_redraw_with_their_new_values(line):
    demo = demos.descent_demo(line, START, 15, lr=0.05, momentum=0.9, lrs=[0.05], momenta=[0.0])
    assert demo.figure is None  # nothing is built until it is shown
    demo.widget()
    assert demo.values() == pytest.approx({"lr": 0.05, "momentum": 0.9})
    first = demo.figure
    demo.sliders["lr"].value = 0.5  # what a student's slider does: the widget's callback runs
    assert demo.figure is not first
    np.testing.assert_array_equal(demo.result, demos.descend(nnlib.SGD(lr=0.5, momentum=0.9), 15, line, start=START))
    assert "η = 0.5, μ = 0.90" in demo.figure.axes[0].get_title()
    demo.sliders["momentum"].value = 0.0
    np.testing.assert_array_equal(demo.result, demos.descend(nnlib.SGD(lr=0.5), 15, line, start=START))
    assert demo.widget() is demo.widget()  # built once


# --------------------------------------------------------------------------- two moons


def test_moons_data_shapes(moons):
    X_train, y_train, X_test, y_test = moons
    assert X_train.shape == (60, 2) and y_train.shape == (60,)
    assert X_test.shape == (200, 2) and set(np.unique(y_test)) == {0, 1}


def test_train_moons_network_shapes_and_accuracy(moons):
    (accuracy,), network = demos.train_moons(moons, 8, [5], **MOONS_TRAINING)
    assert network.sizes == [2, 8, 2]
    assert accuracy == network.accuracy(moons[2], moons[3])
    assert demos.train_moons(moons, 0, [1], **MOONS_TRAINING)[1].sizes == [2, 2]


def test_train_moons_stops_at_each_snapshot(moons):
    seen = []
    accuracies, network = demos.train_moons(
        moons, 4, [1, 3], on_snapshot=lambda net, epoch, accuracy: seen.append((epoch, accuracy)), **MOONS_TRAINING
    )
    assert [epoch for epoch, _ in seen] == [1, 3]
    assert [accuracy for _, accuracy in seen] == accuracies
    assert accuracies[-1] == network.accuracy(moons[2], moons[3])


def test_draw_moons_draws_the_trained_networks_boundary(moons):
    ax = demos._figure((5, 4)).subplots()
    network, accuracy = demos.draw_moons(ax, moons, 4, 3, **MOONS_TRAINING)
    assert ax.get_title() == f"2-4-2, 3 epochs: test accuracy {accuracy:.0%}"
    _, again = demos.train_moons(moons, 4, [3], **MOONS_TRAINING)
    np.testing.assert_array_equal(network.theta, again.theta)  # the same seed: the same network


def test_moons_grid_has_a_panel_per_setting(moons):
    fig = demos.moons_grid(moons, hiddens=[0, 4], epochs_list=[1, 3], **MOONS_TRAINING)
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == [
        "2-2 (no hidden layer), 1 epochs",
        "2-4-2, 1 epochs",
        "2-2 (no hidden layer), 3 epochs",
        "2-4-2, 3 epochs",
    ]


def test_moons_sliders_retrain_and_redraw(moons):
    demo = demos.moons_demo(moons, 4, 2, hiddens=[4], epochs_list=[2], **MOONS_TRAINING)
    demo.widget()
    demo.sliders["hidden"].value = 6
    assert demo.result[0].sizes == [2, 6, 2]
    demo.sliders["epochs"].value = 7
    network, accuracy = demo.result
    (expected_accuracy,), expected = demos.train_moons(moons, 6, [7], **MOONS_TRAINING)
    np.testing.assert_array_equal(network.theta, expected.theta)
    assert demo.figure.axes[0].get_title() == f"2-6-2, 7 epochs: test accuracy {expected_accuracy:.0%}"


# --------------------------------------------------------------------------- sliders or the static figure


def test_without_a_watched_notebook_it_shows_the_static_figure_and_makes_no_widget(monkeypatch, line):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setenv("NNLIB_LIVE", "0")
    demo = demos.descent_demo(line, START, 5, lr=0.05, momentum=0.9, lrs=[0.05, 0.5], momenta=[0.0])
    demo._ipython_display_()
    assert len(shown) == 1 and len(shown[0].axes) == 2  # the grid
    assert demo.sliders == {} and demo._view is None


def test_in_a_watched_notebook_it_shows_the_sliders(monkeypatch, line):
    import ipywidgets

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setenv("NNLIB_LIVE", "1")
    demo = demos.descent_demo(line, START, 5, lr=0.05, momentum=0.9, lrs=[0.05, 0.5], momenta=[0.0])
    demo._ipython_display_()
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)
    assert set(demo.sliders) == {"lr", "momentum"}
