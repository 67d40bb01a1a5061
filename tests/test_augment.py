"""Data augmentation (nnlib.augment): blank stays blank, the identity is the identity, a one-pixel shift
moves the image by one pixel, the bilinear weights sum to 1, rotations and the elastic field behave, and
fit calls the transform once per training batch, seeded."""

import numpy as np
import pytest

from nnlib import SGD, Network, fit
from nnlib.augment import (
    Distortions,
    affine_field,
    affine_matrix,
    bilinear_weights,
    displace,
    elastic_field,
    gaussian_matrix,
    rotation,
    sample,
)


def digits(b=5, seed=0):
    """b random 'images' (b, 784) in [0, 1] with a blank border of 3 pixels."""
    rng = np.random.default_rng(seed)
    images = np.zeros((b, 28, 28))
    images[:, 3:-3, 3:-3] = rng.uniform(0, 1, (b, 22, 22))
    return images.reshape(b, 784)


def identity(b):
    return np.broadcast_to(np.eye(2), (b, 2, 2)), np.zeros((b, 2))


def test_blank_images_stay_blank():
    blank = np.zeros((8, 784), dtype=np.float32)
    out = Distortions(rotation=30, scale=0.3, shear=0.5, shift=4, alpha=60, sigma=3)(blank, np.random.default_rng(0))
    assert out.shape == blank.shape and out.dtype == np.float32
    assert np.all(out == 0)


def test_identity_returns_the_image():
    X = digits()
    assert np.array_equal(affine_field(*identity(len(X))), np.zeros((len(X), 2, 28, 28)))
    assert np.allclose(displace(X, np.zeros((len(X), 2, 28, 28))), X, atol=1e-12)
    # all ranges 0: the random distortion is the identity too
    none = Distortions(rotation=0, scale=0, shear=0, shift=0, alpha=0)
    assert np.allclose(none(X, np.random.default_rng(1)), X, atol=1e-12)


@pytest.mark.parametrize("t, rows, cols", [((0, 1), 0, 1), ((1, 0), 1, 0), ((-1, 0), -1, 0), ((0, -1), 0, -1)])
def test_a_one_pixel_shift_moves_the_image_by_one_pixel(t, rows, cols):
    X = digits()
    A, _ = identity(len(X))
    shifted = displace(X, affine_field(A, np.tile(np.array(t, float), (len(X), 1))))
    expected = np.roll(X.reshape(-1, 28, 28), (rows, cols), axis=(1, 2)).reshape(-1, 784)  # the border is blank
    assert np.allclose(shifted, expected, atol=1e-12)


def test_a_half_pixel_shift_averages_neighbours():
    X = digits()
    A, _ = identity(len(X))
    half = displace(X, affine_field(A, np.tile([0.0, 0.5], (len(X), 1)))).reshape(-1, 28, 28)
    images = X.reshape(-1, 28, 28)
    assert np.allclose(half[:, :, 1:], (images[:, :, 1:] + images[:, :, :-1]) / 2, atol=1e-12)


def test_bilinear_weights_sum_to_one_and_are_non_negative():
    points = np.random.default_rng(0).uniform(-3, 30, (7, 28, 28, 2))
    r0, c0, w = bilinear_weights(points)
    assert w.shape == (7, 28, 28, 4)
    assert np.allclose(w.sum(-1), 1)
    assert np.all(w >= 0)
    assert np.all((points[..., 0] - r0 >= 0) & (points[..., 0] - r0 < 1))


def test_bilinear_reads_pixels_exactly_and_blank_outside():
    images = np.arange(2 * 28 * 28, dtype=float).reshape(2, 28, 28)
    rows = np.full((2, 28, 28), 5.0)
    cols = np.full((2, 28, 28), 7.0)
    assert np.allclose(sample(images, rows, cols), images[:, 5:6, 7:8])
    assert np.all(sample(images, rows + 40, cols) == 0)


def test_rotation_matrices_are_orthogonal_and_a_quarter_turn_turns_the_image():
    R = rotation(np.array([0.3, -1.2]))
    assert np.allclose(R @ np.swapaxes(R, 1, 2), np.eye(2))
    assert np.allclose(np.linalg.det(R), 1)
    X = digits(2)
    A = rotation(np.full(2, np.pi / 2))
    turned = displace(X, affine_field(A, np.zeros((2, 2)))).reshape(-1, 28, 28)
    assert np.allclose(turned, np.rot90(X.reshape(-1, 28, 28), 1, axes=(1, 2)), atol=1e-9)


def test_affine_matrix_composes_rotation_scale_and_shear():
    A = affine_matrix(np.array([0.0]), np.array([2.0]), np.array([0.5]))
    assert np.allclose(A[0], [[2.0, 0.0], [1.0, 2.0]])


def test_gaussian_smoothing_is_two_matrix_products():
    G = gaussian_matrix(4.0)
    assert G.shape == (28, 28) and np.allclose(G, G.T)
    U = np.random.default_rng(0).uniform(-1, 1, (3, 2, 28, 28))
    d = elastic_field(U, alpha=34.0, sigma=4.0)
    assert d.shape == U.shape
    assert np.allclose(d[1, 0], 34.0 * G @ U[1, 0] @ G.T)
    assert np.abs(d).mean() < np.abs(34.0 * U).mean() / 5  # smoothing averages the noise away


def test_distortions_are_seeded_and_vectorised():
    X = digits(6).astype(np.float32)
    d = Distortions()
    a, b = d(X, np.random.default_rng(3)), d(X, np.random.default_rng(3))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, d(X, np.random.default_rng(4)))
    # each image is distorted on its own: the batch gives what the images give one at a time, same random draws
    assert not np.allclose(a[0], X[0])


@pytest.mark.parametrize("setting", [dict(scale=1.0), dict(sigma=0), dict(alpha=-1), dict(rotation=float("nan"))])
def test_bad_settings_are_refused(setting):
    with pytest.raises(ValueError):
        Distortions(**setting)


def test_fit_calls_the_transform_once_per_batch_with_its_own_seeded_generator():
    rng = np.random.default_rng(0)
    X, y = rng.uniform(0, 1, (50, 784)).astype(np.float32), rng.integers(0, 10, 50)
    calls = []

    def transform(X_batch, generator):
        calls.append((X_batch.shape, float(generator.uniform())))
        return Distortions()(X_batch, generator)

    def run():
        net = Network([784, 8, 10], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=0)
        history = fit(net, X, y, epochs=3, batch_size=16, optimizer=SGD(lr=0.1), seed=7, transform=transform,
                      verbose=False)  # fmt: skip
        return net, history

    net, history = run()
    assert len(calls) == 3 * 4  # ceil(50 / 16) = 4 batches per epoch, 3 epochs
    assert [shape for shape, _ in calls] == [(16, 784), (16, 784), (16, 784), (2, 784)] * 3
    first = [u for _, u in calls]
    calls.clear()
    net2, history2 = run()
    assert [u for _, u in calls] == first  # seeded by fit's seed: the same run twice
    assert np.array_equal(net.theta, net2.theta)
