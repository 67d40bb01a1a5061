r"""Initial weights and biases of one layer: ``W[l]`` of shape (n_l, n_{l-1}), ``b[l]`` of shape (n_l,).

Each scheme draws every weight w^l_{jk} independently from N(0, sigma^2):

==========  ===========================  =========  =====================================================
name        Var(w)                       b          why
==========  ===========================  =========  =====================================================
``normal``  1                            N(0, 1)    the blog posts' (and Nielsen's network.py) choice:
                                                    with 784 inputs z = sum_k w_jk a_k has a standard
                                                    deviation of about sqrt(784) |a|, so sigmoids start
                                                    saturated
``lecun``   1 / n_{l-1}                  0          LeCun et al. 1998, "Efficient BackProp": keeps
                                                    Var(z) ~ Var(a) for a unit-variance input
``xavier``  2 / (n_{l-1} + n_l)          0          Glorot & Bengio 2010: the mean of the forward
                                                    (1/n_{l-1}) and backward (1/n_l) conditions
``he``      2 / n_{l-1}                  0          He et al. 2015: the factor 2 makes up for ReLU
                                                    zeroing half of its inputs
==========  ===========================  =========  =====================================================
"""

from __future__ import annotations

import numpy as np

#: Var(w) of each scheme as a function of (n_in, n_out) = (n_{l-1}, n_l)
VARIANCE = {
    "normal": lambda n_in, n_out: 1.0,
    "lecun": lambda n_in, n_out: 1.0 / n_in,
    "xavier": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he": lambda n_in, n_out: 2.0 / n_in,
}


def check_init(name):
    """The scheme's name in lower case, or a ValueError listing the valid names."""
    key = name.lower() if isinstance(name, str) else None
    if key not in VARIANCE:
        raise ValueError(f"unknown initialisation {name!r}; valid names are: {', '.join(VARIANCE)}")
    return key


def initialize(name, rng: np.random.Generator, n_out: int, n_in: int):
    """(W, b) for one layer, float64, drawn from ``rng``: W of shape (n_out, n_in), b of shape (n_out,)."""
    name = check_init(name)
    W = rng.standard_normal((n_out, n_in)) * np.sqrt(VARIANCE[name](n_in, n_out))
    b = rng.standard_normal(n_out) if name == "normal" else np.zeros(n_out)
    return W, b
