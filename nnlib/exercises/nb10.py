r"""Checks of notebook 10's exercises (data augmentation).

* Exercise 10.1, ``check_rotate_points(rotate_points)``: ``rotate_points(q, theta, c)`` turns the points q
  (n, 2) (row, column) by the angle theta (radians) about the centre c (2,): p = c + R(theta) (q - c), with
  R(theta) = [[cos theta, -sin theta], [sin theta, cos theta]].
* Exercise 10.2, ``check_bilinear_weights(bilinear_weights)``: the four weights (..., 4) of bilinear
  interpolation at fractional offsets f (down) and g (right) inside a pixel square, in the order top-left,
  top-right, bottom-left, bottom-right: (1 - f)(1 - g), (1 - f) g, f (1 - g), f g.
* Exercise 10.3, ``check_smooth(smooth)``: ``smooth(U, sigma)`` smooths random fields U (b, side, side) along
  the rows and the columns with the Gaussian matrix G of ``nnlib.augment.gaussian_matrix``: G U G^T.

Each check calls the student's function on inputs it draws itself and compares the result with
``nnlib.augment``'s, naming the typical mistakes.
"""

from __future__ import annotations

import numpy as np

from .. import augment
from . import Verdict, attempt, check_function, compare, wrong

TOL = 1e-9
SEED = 10


def check_rotate_points(rotate_points):
    """Exercise 10.1: ``rotate_points(q, theta, c)`` -> c + R(theta) (q - c) for every row of q (n, 2)."""
    rng = np.random.default_rng(SEED)
    q = rng.uniform(0, 27, (12, 2))
    c = np.array([13.5, 13.5])
    theta = 0.4
    R = augment.rotation(np.array([theta]))[0]
    expected = c + (q - c) @ R.T
    mistakes = {
        "you turned the points by -theta: (q - c) @ R turns by the transpose of R, which is R(-theta); "
        "each row q_i - c needs R (q_i - c), which for rows is (q - c) @ R.T": c + (q - c) @ R,
        "you turned the points about the origin (0, 0), not about the centre c: subtract c first and add it back "
        "after": q @ R.T,
        "you forgot to add the centre back: p = c + R (q - c)": (q - c) @ R.T,
        "you used theta in degrees: NumPy's cos and sin take radians": c
        + (q - c) @ augment.rotation(np.array([np.deg2rad(theta)]))[0].T,
    }
    verdict = check_function(rotate_points, (q, theta, c), expected, "your turned points", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    # a quarter turn of the pixel grid is np.rot90's turn of the image: the point (r, col) goes where rot90 puts it
    grid = augment.pixel_grid().reshape(2, -1).T  # (784, 2)
    turned, failed = attempt(rotate_points, grid, np.pi / 2, c)
    if failed is not None:
        return failed
    image = np.arange(784.0).reshape(28, 28)
    index = np.rint(np.asarray(turned)).astype(int)
    moved = np.zeros_like(image)
    moved[index[:, 0], index[:, 1]] = image.ravel()
    if not np.array_equal(moved, np.rot90(image)):
        return wrong("your quarter turn of the pixel grid does not move the pixels where np.rot90 puts them.")
    return Verdict(
        True,
        f"correct: your turned points match the reference to within {TOL:g}, and a quarter turn moves every pixel "
        f"of the grid where np.rot90 turns the image (anticlockwise on the screen).",
    )


def check_bilinear_weights(bilinear_weights):
    """Exercise 10.2: ``bilinear_weights(f, g)`` -> (..., 4) weights of the corners TL, TR, BL, BR."""
    rng = np.random.default_rng(SEED)
    f, g = rng.uniform(0, 1, (3, 5)), rng.uniform(0, 1, (3, 5))
    _, _, expected = augment.bilinear_weights(np.stack([f, g], -1))
    mistakes = {
        "you swapped f and g: f is the distance down (rows), so it weighs the top row by (1 - f) and the bottom "
        "row by f; g does the same for the left and right columns": expected[..., [0, 2, 1, 3]],
        "each corner got the weight of the opposite corner: the nearer a corner, the larger its weight, so the "
        "top-left corner (distance f down and g right) gets (1 - f)(1 - g)": expected[..., ::-1],
    }
    verdict = check_function(bilinear_weights, (f, g), expected, "your weights", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    return Verdict(
        True,
        f"correct: your four weights match the reference to within {TOL:g}; at every point they are >= 0 and sum "
        f"to 1, so a blank (constant) image stays blank (constant).",
    )


def check_smooth(smooth):
    """Exercise 10.3: ``smooth(U, sigma)`` -> G U G^T for each field of U (b, side, side)."""
    rng = np.random.default_rng(SEED)
    U = rng.uniform(-1, 1, (3, 28, 28))
    sigma = 4.0
    G = augment.gaussian_matrix(sigma)
    expected = G @ U @ G.T
    mistakes = {
        "you smoothed only down the columns (G U): the field must be smoothed along both axes, G U G^T": G @ U,
        "you smoothed only along the rows (U G^T): the field must be smoothed along both axes, G U G^T": U @ G.T,
        "you multiplied element by element (G * U * G): smoothing is a matrix product, G @ U @ G.T": G * U * G,
    }
    answer, failed = attempt(smooth, U, sigma)
    if failed is not None:
        return failed
    verdict = compare(answer, expected, "your smoothed fields", tol=TOL, mistakes=mistakes)
    if not verdict:
        return verdict
    return Verdict(
        True,
        f"correct: your smoothed fields match G U G^T to within {TOL:g}: two matrix products per field, "
        f"{U.shape[0]} fields at once.",
    )
