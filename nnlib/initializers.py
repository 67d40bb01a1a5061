"""Weight initialisation schemes for W[l] of shape (n_l, n_{l-1}).

* ``normal``: w ~ N(0, 1), b ~ N(0, 1), as in the seed posts (and Nielsen's network.py).
  With 784 inputs, z = sum_k w_jk a_k has standard deviation ~ sqrt(784) * |a|: the
  hidden sigmoids start saturated.
* ``xavier`` (Glorot): w ~ N(0, 1/n_{l-1}), b = 0.  Keeps Var(z) ~ Var(a) for tanh/sigmoid.
* ``he``: w ~ N(0, 2/n_{l-1}), b = 0.  The factor 2 makes up for ReLU zeroing half its inputs.
"""
from __future__ import annotations

import numpy as np


def _normal(rng, n_out, n_in):
    return rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)


def _xavier(rng, n_out, n_in):
    return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), np.zeros(n_out)


def _he(rng, n_out, n_in):
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in), np.zeros(n_out)


INITIALIZERS = {"normal": _normal, "xavier": _xavier, "he": _he}


def initialize(name: str, rng: np.random.Generator, n_out: int, n_in: int):
    """Return (W, b) for one layer, in float64, drawn from ``rng``."""
    try:
        init = INITIALIZERS[name.lower() if isinstance(name, str) else name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown initialisation {name!r}; valid names are: {', '.join(INITIALIZERS)}"
        ) from None
    return init(rng, n_out, n_in)
