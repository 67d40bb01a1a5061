"""nnlib.metrics: accuracy, confusion counts, reliability bins and ECE, most confident mistakes."""

import re

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from nnlib import metrics


def _labels(m=500, k=10, seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, m)
    # mostly right, some confusions, and class k-1 never predicted
    y_pred = np.where(rng.random(m) < 0.8, y_true, rng.integers(0, k - 1, m))
    y_pred[y_pred == k - 1] = 0
    return y_true, y_pred


# ---------------------------------------------------------------- accuracy
def test_accuracy_counts_every_sample():
    y_true = np.array([0, 1, 2, 2, 1])
    assert metrics.accuracy(y_true, [0, 1, 2, 2, 1]) == 1.0
    assert metrics.accuracy(y_true, [0, 1, 2, 2, 0]) == 0.8  # the last sample counts too
    assert metrics.accuracy(y_true, [1, 1, 2, 0, 0]) == 0.4


@pytest.mark.parametrize(
    "y_pred, shape",
    [(np.zeros((5, 1)), r"\(5, 1\)"), (np.zeros(4), r"\(4,\)"), (np.zeros((5, 3)), r"\(5, 3\)")],
    ids=["column", "too short", "one-hot"],
)
def test_accuracy_refuses_labels_of_another_shape(y_pred, shape):
    # a column of labels would broadcast to an (m, m) comparison and give a wrong number
    with pytest.raises(
        ValueError, match=r"y_true and y_pred must be non-empty 1-D arrays .* got shapes \(5,\) and " + shape
    ):
        metrics.accuracy(np.zeros(5), y_pred)
    with pytest.raises(ValueError, match="non-empty"):
        metrics.accuracy([], [])


# ---------------------------------------------------------------- confusion counts
def test_confusion_counts_by_hand():
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 0]
    C = metrics.confusion_counts(y_true, y_pred, n_classes=3)
    np.testing.assert_array_equal(C, [[1, 2, 0], [0, 1, 1], [1, 0, 0]])  # row = true class, column = prediction
    np.testing.assert_array_equal(C.sum(axis=1), [3, 2, 1])  # each class's number of samples
    assert C.dtype.kind == "i"


def test_confusion_counts_rows_are_the_true_classes():
    y_true, y_pred = _labels()
    C = metrics.confusion_counts(y_true, y_pred, 10)
    swapped = metrics.confusion_counts(y_pred, y_true, 10)
    np.testing.assert_array_equal(swapped, C.T)
    assert not np.array_equal(swapped, C)  # the arguments' order matters: this example is not symmetric
    assert C[:, 9].sum() == 0 and C[9].sum() == np.sum(y_true == 9) > 0  # class 9 is never predicted


def test_confusion_counts_match_sklearn():
    y_true, y_pred = _labels()
    C = metrics.confusion_counts(y_true, y_pred, 10)
    np.testing.assert_array_equal(C, confusion_matrix(y_true, y_pred, labels=range(10)))
    assert C.sum() == len(y_true)


def test_confusion_refuses_bad_labels():
    with pytest.raises(ValueError, match=r"y_pred holds label 10, outside 0..9"):
        metrics.confusion_counts([1, 2], [3, 10], 10)
    with pytest.raises(ValueError, match=r"y_true holds label -1, outside 0..9"):
        metrics.confusion_counts([-1, 2], [3, 1], 10)
    with pytest.raises(ValueError, match=r"y_true and y_pred must have the same length, got 2 and 1"):
        metrics.confusion_counts([1, 2], [3], 10)
    with pytest.raises(ValueError, match=r"y_pred must hold integer class labels, got dtype float64"):
        metrics.confusion_counts([1, 2], [0.5, 1.0], 10)
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 1, got 0"):
        metrics.confusion_counts([0], [0], n_classes=0)


# ---------------------------------------------------------------- reliability bins and ECE
def test_reliability_bins_hand_made_example():
    # 4 bins of width 0.25.  Edges belong to the bin below: 0.5 is in bin 1, 1.0 in bin 3.
    conf = np.array([0.1, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0, 1.0])
    correct = np.array([0, 1, 0, 1, 1, 1, 1, 0], dtype=bool)
    rel = metrics.reliability_bins(conf, correct, n_bins=4)
    np.testing.assert_allclose(rel.edges, [0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_array_equal(rel.count, [1, 2, 2, 3])
    np.testing.assert_allclose(rel.confidence, [0.1, 0.4, 0.65, 29 / 30])
    np.testing.assert_allclose(rel.accuracy, [0.0, 0.5, 1.0, 2 / 3])
    # ECE = sum_b (n_b / m) |acc_b - conf_b|, by hand: (1*0.1 + 2*0.1 + 2*0.35 + 3*0.3) / 8 = 1.9 / 8
    assert rel.ece == pytest.approx(1.9 / 8, rel=1e-12)


@pytest.mark.parametrize(
    "c, b",
    [(0.0, 0), (0.25, 0), (0.2500001, 1), (0.5, 1), (0.5000001, 2), (0.75, 2), (0.99, 3), (1.0, 3)],
)
def test_reliability_bin_edges_belong_to_the_bin_below(c, b):
    # bin b holds (edges[b], edges[b+1]], and bin 0 also holds 0
    rel = metrics.reliability_bins([c], [True], n_bins=4)
    assert rel.count.tolist() == [int(i == b) for i in range(4)]
    assert rel.confidence[b] == c and rel.ece == pytest.approx(1 - c)


def test_reliability_empty_bins_and_perfect_calibration():
    conf = np.array([0.95, 0.95, 0.0])
    rel = metrics.reliability_bins(conf, np.array([1, 1, 0]), n_bins=10)
    assert rel.count[0] == 1 and rel.count[9] == 2 and rel.count[1:9].sum() == 0
    assert np.isnan(rel.accuracy[1:9]).all() and np.isnan(rel.confidence[1:9]).all()
    assert rel.ece == pytest.approx((2 * 0.05) / 3)
    # a model that is right exactly as often as it says: ECE 0
    conf = np.array([0.75] * 4 + [1.0] * 3)
    rel = metrics.reliability_bins(conf, np.array([1, 1, 1, 0, 1, 1, 1]), n_bins=4)
    assert rel.ece == pytest.approx(0.0)


def test_reliability_rejects_bad_input():
    with pytest.raises(ValueError, match=re.escape("confidence must lie in [0, 1], got confidence[1] = 1.2")):
        metrics.reliability_bins([0.5, 1.2], [1, 0])
    with pytest.raises(ValueError, match=re.escape("confidence must lie in [0, 1], got confidence[0] = nan")):
        metrics.reliability_bins([np.nan, 0.2], [1, 0])
    with pytest.raises(
        ValueError, match=r"confidence and correct must be .* same length, got shapes \(2,\) and \(1,\)"
    ):
        metrics.reliability_bins([0.5, 0.2], [1])
    with pytest.raises(ValueError, match=r"correct must hold booleans or 0/1"):
        metrics.reliability_bins([0.5, 0.2], [1, 2])
    for n_bins in (0, True, 2.5):
        with pytest.raises(ValueError, match=re.escape(f"n_bins must be an integer >= 1, got {n_bins!r}")):
            metrics.reliability_bins([0.5], [1], n_bins=n_bins)


# ---------------------------------------------------------------- most confident mistakes
def test_most_confident_mistakes_order():
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
    np.testing.assert_array_equal(metrics.most_confident_mistakes(y, proba), [2, 3, 1])
    np.testing.assert_array_equal(metrics.most_confident_mistakes(y, proba, n=2), [2, 3])
    assert len(metrics.most_confident_mistakes(proba.argmax(axis=1), proba)) == 0  # no mistakes


def test_most_confident_mistakes_ties_keep_sample_order():
    proba = np.array([[0.3, 0.7], [0.7, 0.3], [0.3, 0.7], [0.1, 0.9]])
    np.testing.assert_array_equal(metrics.most_confident_mistakes([0, 1, 0, 0], proba), [3, 0, 1, 2])


def test_most_confident_mistakes_rejects_bad_input():
    proba = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match=r"proba must have shape \(m, n_classes\) with m = len\(y\) = 2, got \(3, 2\)"):
        metrics.most_confident_mistakes([0, 1], proba)
    with pytest.raises(ValueError, match=r"proba must have shape \(m, n_classes\), got \(3,\)"):
        metrics.most_confident_mistakes([0, 1, 1], proba[:, 0])
    with pytest.raises(ValueError, match=r"y holds label 2, outside 0..1"):
        metrics.most_confident_mistakes([0, 1, 2], proba)
    with pytest.raises(ValueError, match=r"n must be an integer >= 1, got 0"):
        metrics.most_confident_mistakes([0, 1, 1], proba, n=0)


# ---------------------------------------------------------------- temperature scaling
def _drawn_at_temperature(T, m=4000, k=10, seed=0):
    """Pre-activations z (m, k) and labels drawn from softmax(z / T): data whose best temperature is T."""
    rng = np.random.default_rng(seed)
    z = 3.0 * rng.normal(size=(m, k))
    p = metrics.softmax_with_temperature(z, T)
    y = (p.cumsum(axis=1) < rng.random((m, 1))).sum(axis=1)  # one draw per row from p
    return z, np.minimum(y, k - 1)


def test_softmax_with_temperature_is_the_softmax_at_1_and_keeps_the_argmax():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, -1000.0, 0.0], [-5.0, -5.0, -4.0]])
    e = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(metrics.softmax_with_temperature(z, 1.0), e / e.sum(axis=1, keepdims=True))
    for T in (0.1, 0.5, 2.0, 50.0):
        p = metrics.softmax_with_temperature(z, T)
        assert np.all(np.isfinite(p))  # z = +-1000 divided by 0.1 does not overflow
        np.testing.assert_allclose(p.sum(axis=1), 1.0)
        np.testing.assert_array_equal(p.argmax(axis=1), z.argmax(axis=1))
    # a larger T flattens: the largest probability of each row falls
    assert np.all(
        metrics.softmax_with_temperature(z, 2.0).max(axis=1) <= metrics.softmax_with_temperature(z, 1.0).max(axis=1)
    )


@pytest.mark.parametrize("T", [0.5, 1.0, 2.5])
def test_fit_temperature_recovers_the_temperature_of_the_data(T):
    z, y = _drawn_at_temperature(T)
    fitted = metrics.fit_temperature(z, y)
    assert abs(np.log(fitted / T)) < 0.1
    cost = metrics.temperature_cost(z, y, fitted)
    # a minimum: 1 % either way costs more
    assert cost < metrics.temperature_cost(z, y, 1.01 * fitted)
    assert cost < metrics.temperature_cost(z, y, fitted / 1.01)


def test_temperature_cost_at_1_is_the_networks_cross_entropy():
    z, y = _drawn_at_temperature(1.0, m=50)
    p = metrics.softmax_with_temperature(z, 1.0)
    assert np.isclose(metrics.temperature_cost(z, y, 1.0), -np.mean(np.log(p[np.arange(len(y)), y])))


def test_temperature_functions_reject_bad_input():
    z = np.zeros((3, 4))
    with pytest.raises(ValueError, match="positive number"):
        metrics.softmax_with_temperature(z, 0.0)
    with pytest.raises(ValueError, match="positive number"):
        metrics.temperature_cost(z, [0, 1, 2], -1.0)
    with pytest.raises(ValueError, match=r"shape \(m, n_classes\), got shape \(4,\)"):
        metrics.fit_temperature(np.zeros(4), [0, 1, 2, 3])
    with pytest.raises(ValueError, match="z has 3 rows but y has 2 labels"):
        metrics.fit_temperature(z, [0, 1])
    with pytest.raises(ValueError, match="non-finite"):
        metrics.fit_temperature(np.full((2, 2), np.nan), [0, 1])
    with pytest.raises(ValueError, match="0 < low < high"):
        metrics.fit_temperature(z, [0, 1, 2], low=2.0, high=1.0)
