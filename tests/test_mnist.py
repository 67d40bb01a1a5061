"""The committed MNIST: sizes, scaling, the published label counts; and a network that can overfit it."""
import numpy as np
import pytest

from nnlib import SGD, Network, fit, load_mnist, one_hot, train_val_split

# The published per-digit counts of MNIST (digits 0..9).
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist():
    """Loaded once for the module (about a second)."""
    return load_mnist()


def test_sizes_and_types(mnist):
    X_train, y_train, X_test, y_test = mnist
    assert X_train.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert y_train.shape == (60_000,) and y_test.shape == (10_000,)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64


def test_pixels_are_scaled_to_the_unit_interval(mnist):
    for X in (mnist.X_train, mnist.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    assert 0.12 < mnist.X_train.mean() < 0.14                 # MNIST's well-known mean intensity, ~0.1307


def test_raw_pixels_and_float32(mnist):
    raw = load_mnist(normalize=False, dtype=np.float32)
    assert raw.X_train.dtype == np.float32
    assert raw.X_train.min() == 0 and raw.X_train.max() == 255
    assert np.array_equal(raw.X_test, np.round(raw.X_test))    # whole grey levels
    np.testing.assert_array_equal(raw.X_test / np.float64(255), mnist.X_test)   # normalised = raw / 255
    np.testing.assert_array_equal(raw.y_train, mnist.y_train)


def test_original_label_counts(mnist):
    assert np.bincount(mnist.y_train, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(mnist.y_test, minlength=10).tolist() == TEST_COUNTS


def test_first_training_labels(mnist):
    assert mnist.y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]     # the famous first digits


def test_one_hot_and_train_val_split(mnist):
    Y = one_hot(mnist.y_test)
    assert Y.shape == (10_000, 10) and np.all(Y.sum(axis=1) == 1)
    np.testing.assert_array_equal(Y.argmax(axis=1), mnist.y_test)
    X_tr, y_tr, X_val, y_val = train_val_split(mnist.X_train, mnist.y_train, n_val=10_000, seed=0)
    assert X_tr.shape == (50_000, 784) and X_val.shape == (10_000, 784)
    assert sorted(np.bincount(y_tr) + np.bincount(y_val)) == sorted(TRAIN_COUNTS)   # a partition
    thin = mnist.X_train[:, :1]                        # the split only depends on the number of rows
    again = train_val_split(thin, mnist.y_train, n_val=10_000, seed=0)
    np.testing.assert_array_equal(again[3], y_val)                                # seeded
    assert not np.array_equal(train_val_split(thin, mnist.y_train, seed=1)[3], y_val)


def test_a_small_network_overfits_100_training_images(mnist):
    X, y = mnist.X_train[:100], mnist.y_train[:100]
    net = Network([784, 30, 10], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=0)
    assert net.accuracy(X, y) < 0.5                     # not by luck
    history = fit(net, X, y, epochs=30, batch_size=10, optimizer=SGD(lr=0.1), verbose=False)
    assert net.accuracy(X, y) == 1.0
    assert history.loss[-1] < 0.1 * history.loss[0]
