r"""Data augmentation: random affine and elastic distortions of a batch of images (notebook 10).

A distortion moves every pixel a little.  Written as a **displacement field**: the distorted image
x' shows at the pixel p = (row, column) what the original image x shows at the point p + d(p),

    x'(p) = x(p + d(p)),                                             (S)

for a field d of two numbers per pixel.  Reading the original at p + d(p) ("pull"), rather than
moving each original pixel to a new place ("push"), gives every pixel of x' a value and leaves no holes.
p + d(p) falls between pixels, so x is read there by **bilinear interpolation**: the mean of the four
surrounding pixels weighted by (1 - f)(1 - g), (1 - f) g, f (1 - g) and f g, where (f, g) in [0, 1)^2 is
the point's position inside their square; the four weights sum to 1.  Outside the image x is 0 (blank).

* **Affine**: the point q of the original moves to p = c + A (q - c) + t, with c the centre of the image,
  A a 2x2 matrix (rotation by theta, scaling by s, shear k) and t a translation (a shift in pixels).  Its
  field is d(p) = q - p with q = c + A^{-1} (p - c - t).
* **Elastic** (Simard, Steinkraus & Platt 2003): each component of d is a field of independent
  uniform numbers in [-1, 1], smoothed by a Gaussian of width sigma and scaled by alpha.  The smoothing
  is a convolution along the rows and then the columns: for one 28x28 field U that is the two matrix
  products G U G^T, with G[i, j] = exp(-(i - j)^2 / (2 sigma^2)) / (sqrt(2 pi) sigma).

``Distortions(...)`` holds the settings and is the ``transform`` of ``nnlib.fit``:
``fit(..., transform=Distortions())`` distorts every training mini-batch anew, with fit's generator.
Everything is vectorised over the batch: no Python loop over images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import non_negative_number

SIDE = 28  # MNIST images are SIDE x SIDE pixels, flattened row by row into vectors of SIDE**2


def rotation(theta):
    """The 2x2 matrices that rotate by the angles ``theta`` (radians), in (row, column) coordinates.

    theta : (b,) -> (b, 2, 2), each [[cos theta, -sin theta], [sin theta, cos theta]].  With the row axis
    pointing down and the column axis right, a positive angle turns the image anticlockwise on the screen.
    """
    theta = np.asarray(theta, dtype=np.float64)
    cos, sin = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)  # (b, 2, 2)


def affine_matrix(theta, scale, shear):
    """A = R(theta) S(scale) K(shear): (b,) each -> (b, 2, 2).

    S = diag(scale, scale) scales about the centre; K = [[1, 0], [shear, 1]] slides each row sideways
    in proportion to its height (a shear).
    """
    scale, shear = np.asarray(scale, dtype=np.float64), np.asarray(shear, dtype=np.float64)
    one, zero = np.ones_like(shear), np.zeros_like(shear)
    K = np.stack([np.stack([one, zero], -1), np.stack([shear, one], -1)], -2)  # (b, 2, 2)
    return rotation(theta) @ (scale[:, None, None] * K)


def pixel_grid(side=SIDE):
    """The (row, column) coordinates of every pixel: (2, side, side)."""
    return np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij")).astype(np.float64)


def affine_field(A, t, side=SIDE):
    """The displacement fields d (b, 2, side, side) of the affine maps q -> c + A (q - c) + t.

    A : (b, 2, 2), t : (b, 2) in pixels (row, column).  The pixel p reads the original at
    q = c + A^{-1} (p - c - t), so d(p) = q - p.
    """
    c = (side - 1) / 2
    p = pixel_grid(side).reshape(2, -1)  # (2, side^2)
    A_inv = np.linalg.inv(A)  # (b, 2, 2)
    q = c + A_inv @ (p - c - t[:, :, None])  # (b, 2, side^2)
    return (q - p).reshape(-1, 2, side, side)


def gaussian_matrix(sigma, side=SIDE):
    """G (side, side) with G[i, j] = exp(-(i - j)^2 / (2 sigma^2)) / (sqrt(2 pi) sigma): G U G^T smooths U."""
    i = np.arange(side)
    return np.exp(-((i[:, None] - i[None, :]) ** 2) / (2 * sigma**2)) / (np.sqrt(2 * np.pi) * sigma)


def elastic_field(U, alpha, sigma):
    """Simard's elastic field: alpha G U G^T for each random field U (b, 2, side, side) -> same shape."""
    G = gaussian_matrix(sigma, U.shape[-1])
    return alpha * (G @ U @ G.T)


def bilinear_weights(points):
    """The four corners and weights of bilinear interpolation at ``points`` (..., 2) (row, column).

    Returns (r0, c0) (the top-left corner, integers) and the weights (..., 4) of the corners
    (r0, c0), (r0, c0 + 1), (r0 + 1, c0), (r0 + 1, c0 + 1): (1 - f)(1 - g), (1 - f) g, f (1 - g), f g,
    where f and g are the point's distances from the top-left corner, down and right.  They sum to 1.
    """
    r0, c0 = np.floor(points[..., 0]), np.floor(points[..., 1])
    f, g = points[..., 0] - r0, points[..., 1] - c0
    weights = np.stack([(1 - f) * (1 - g), (1 - f) * g, f * (1 - g), f * g], -1)
    return r0.astype(np.intp), c0.astype(np.intp), weights


def sample(images, rows, cols):
    """Bilinear reading of ``images`` (b, side, side) at the points (rows, cols) (b, side, side) each.

    One gather per corner: the images are flattened, each corner's flat index is computed for all b
    images at once, and a corner outside the image counts as a blank (0) pixel.
    """
    b, side = images.shape[0], images.shape[-1]
    flat = images.reshape(b, side * side)
    r0, c0, weights = bilinear_weights(np.stack([rows, cols], -1))
    out = np.zeros(rows.shape, dtype=np.float64)
    batch = np.arange(b)[:, None, None]  # (b, 1, 1): which image each point reads
    for k, (dr, dc) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):  # the four corners, not the images
        r, c = r0 + dr, c0 + dc
        inside = (r >= 0) & (r < side) & (c >= 0) & (c < side)
        index = np.clip(r, 0, side - 1) * side + np.clip(c, 0, side - 1)
        out += np.where(inside, weights[..., k], 0.0) * flat[batch, index]
    return out


def displace(X, d):
    """x'(p) = x(p + d(p)) for every image: X (b, side^2), d (b, 2, side, side) -> (b, side^2), X's dtype."""
    b, side = X.shape[0], d.shape[-1]
    p = pixel_grid(side)
    out = sample(X.reshape(b, side, side), p[0] + d[:, 0], p[1] + d[:, 1])
    return out.reshape(b, side * side).astype(X.dtype, copy=False)


@dataclass(frozen=True)
class Distortions:
    """Random affine and elastic distortions, drawn afresh for every image: the ``transform`` of ``fit``.

    rotation : largest angle in degrees (theta uniform in [-rotation, rotation])
    scale : largest relative change of size (s uniform in [1 - scale, 1 + scale])
    shear : largest shear k (uniform in [-shear, shear])
    shift : largest translation in pixels along each axis (uniform in [-shift, shift])
    alpha, sigma : the elastic field's strength (pixels) and smoothness (pixels); alpha = 0 turns it off

    ``Distortions(...)(X_batch, rng)`` returns the distorted batch (b, 784), in X_batch's dtype.
    """

    rotation: float = 10.0
    scale: float = 0.1
    shear: float = 0.1
    shift: float = 2.0
    alpha: float = 30.0
    sigma: float = 4.0

    def __post_init__(self):
        for name in ("rotation", "scale", "shear", "shift", "alpha"):
            object.__setattr__(self, name, non_negative_number(getattr(self, name), name))
        if not self.scale < 1:
            raise ValueError(f"scale must be < 1 (a size factor 1 - scale > 0), got {self.scale}")
        if not self.sigma > 0:
            raise ValueError(f"sigma must be > 0 (the Gaussian's width in pixels), got {self.sigma}")

    def field(self, b, rng, side=SIDE):
        """The displacement fields (b, 2, side, side) of b random distortions (affine plus elastic)."""
        theta = np.deg2rad(rng.uniform(-self.rotation, self.rotation, b))
        scale = rng.uniform(1 - self.scale, 1 + self.scale, b)
        shear = rng.uniform(-self.shear, self.shear, b)
        t = rng.uniform(-self.shift, self.shift, (b, 2))
        d = affine_field(affine_matrix(theta, scale, shear), t, side)
        if self.alpha:
            d += elastic_field(rng.uniform(-1, 1, (b, 2, side, side)), self.alpha, self.sigma)
        return d

    def __call__(self, X, rng):
        return displace(X, self.field(len(X), rng))
