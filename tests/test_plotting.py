"""nnlib.plotting: the plots draw what they claim (Agg backend, no window)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from nnlib import History  # noqa: E402
from nnlib import plotting  # noqa: E402


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


def test_confusion_counts_match_sklearn():
    y_true, y_pred = _labels()
    C = plotting.confusion_counts(y_true, y_pred, 10)
    np.testing.assert_array_equal(C, confusion_matrix(y_true, y_pred, labels=range(10)))
    assert C[:, 9].sum() == 0 and C.sum() == len(y_true)


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


def test_confusion_rejects_out_of_range_labels():
    with pytest.raises(ValueError, match="y_pred holds labels outside 0..9"):
        plotting.confusion_counts([1, 2], [3, 10], 10)
    with pytest.raises(ValueError, match="same length"):
        plotting.confusion_counts([1, 2], [3], 10)


def test_reliability_bins_hand_made_example():
    # 4 bins of width 0.25.  Edges belong to the bin below: 0.5 is in bin 1, 1.0 in bin 3.
    conf = np.array([0.1, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0, 1.0])
    correct = np.array([0, 1, 0, 1, 1, 1, 1, 0], dtype=bool)
    rel = plotting.reliability_bins(conf, correct, n_bins=4)
    np.testing.assert_allclose(rel.edges, [0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_array_equal(rel.count, [1, 2, 2, 3])
    np.testing.assert_allclose(rel.confidence, [0.1, 0.4, 0.65, 29 / 30])
    np.testing.assert_allclose(rel.accuracy, [0.0, 0.5, 1.0, 2 / 3])
    expected_ece = (1 * 0.1 + 2 * 0.1 + 2 * 0.35 + 3 * (29 / 30 - 2 / 3)) / 8
    assert rel.ece == pytest.approx(expected_ece)


def test_reliability_empty_bins_and_perfect_calibration():
    conf = np.array([0.95, 0.95, 0.0])
    rel = plotting.reliability_bins(conf, np.array([1, 1, 0]), n_bins=10)
    assert rel.count[0] == 1 and rel.count[9] == 2 and rel.count[1:9].sum() == 0
    assert np.isnan(rel.accuracy[1:9]).all() and np.isnan(rel.confidence[1:9]).all()
    assert rel.ece == pytest.approx((2 * 0.05) / 3)
    # a model that is right exactly as often as it says: ECE 0
    conf = np.array([0.75] * 4 + [1.0] * 3)
    rel = plotting.reliability_bins(conf, np.array([1, 1, 1, 0, 1, 1, 1]), n_bins=4)
    assert rel.ece == pytest.approx(0.0)


def test_reliability_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plotting.reliability_bins([0.5, 1.2], [1, 0])
    with pytest.raises(ValueError, match="same length"):
        plotting.reliability_bins([0.5, 0.2], [1])
    with pytest.raises(ValueError, match="n_bins"):
        plotting.reliability_bins([0.5], [1], n_bins=0)


def test_reliability_diagram_bars_are_the_bin_accuracies():
    rng = np.random.default_rng(1)
    conf = rng.uniform(0.1, 1.0, 400)
    correct = rng.random(400) < conf ** 2
    ax, rel = plotting.plot_reliability(conf, correct, n_bins=10)
    bars = ax.containers[0]
    full = rel.count > 0
    np.testing.assert_allclose([p.get_height() for p in bars], rel.accuracy[full])
    np.testing.assert_allclose([p.get_x() for p in bars], rel.edges[:-1][full])
    assert f"{rel.ece:.4f}" in ax.get_title()


def test_most_confident_mistakes_order():
    y = np.array([0, 1, 2, 0, 1])
    proba = np.array([[0.9, 0.1, 0.0],    # right
                      [0.6, 0.4, 0.0],    # wrong, p=0.6
                      [0.0, 0.99, 0.01],  # wrong, p=0.99
                      [0.2, 0.7, 0.1],    # wrong, p=0.7
                      [0.1, 0.8, 0.1]])   # right
    np.testing.assert_array_equal(plotting.most_confident_mistakes(y, proba), [2, 3, 1])
    np.testing.assert_array_equal(plotting.most_confident_mistakes(y, proba, n=2), [2, 3])
    fig = plotting.show_most_confident_mistakes(np.zeros((5, 4)), y, proba, n=2, cols=5, shape=(2, 2))
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 2
    assert drawn[0].get_title() == "2→1\np=0.99" and drawn[1].get_title() == "0→1\np=0.70"


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
    h = History(epoch=[1, 2, 3], loss=[0.5, 0.3, 0.2], train_acc=[0.8, 0.9, 0.95],
                val_loss=[0.4, 0.35, 0.33], val_acc=[0.85, 0.9, 0.91],
                train_loss_full=[0.35, 0.25, 0.15], train_acc_full=[0.88, 0.93, 0.96])
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
