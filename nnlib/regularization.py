r"""Regularisation, all in one place: L2 weight decay, dropout and max-norm.

``fit(net, ..., regularization=Regularization(weight_decay=..., dropout=..., input_dropout=...,
max_norm=...))`` applies them; the functions below are what it calls, one per technique.

* **L2 weight decay** lambda adds (lambda / 2) sum_l ||W^l||^2 to the mean cost C of a batch (weights
  only, not biases).  Its derivative adds one term to (BP4):

      dC/dW^l = (1/m) sum_x delta^l_x (a^{l-1}_x)^T + lambda W^l.

  So every step also shrinks each weight by the factor (1 - eta lambda): "weight decay".
* **Inverted dropout** (Srivastava et al. 2014): during training, each input of layer l (a unit of
  layer l-1) is kept with probability q = 1 - p and dropped (set to 0) otherwise, a fresh random
  choice for every sample of every batch.  The kept ones are divided by q, so the expected input is
  unchanged and the network needs no rescaling at test time, where nothing is dropped.  The backward
  pass multiplies dC/da by the same mask: a dropped unit passes no gradient.
* **Max-norm**: after each step, every unit's incoming weight vector w^l_j (row j of W[l]) that is
  longer than c is scaled back to length c.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import fraction, non_negative_number, positive_number


@dataclass(frozen=True)
class Regularization:
    """The regularisation of one training run; every technique is off by default.

    weight_decay : lambda >= 0 of the L2 penalty (lambda / 2) sum_l ||W^l||^2
    dropout : probability p in [0, 1) of dropping each hidden unit in training
    input_dropout : probability in [0, 1) of dropping each input (pixel) in training
    max_norm : c > 0, the largest length of a unit's incoming weight vector, or None
    """

    weight_decay: float = 0.0
    dropout: float = 0.0
    input_dropout: float = 0.0
    max_norm: float | None = None

    def __post_init__(self):
        object.__setattr__(self, "weight_decay", non_negative_number(self.weight_decay, "weight_decay"))
        object.__setattr__(self, "dropout", fraction(self.dropout, "dropout"))
        object.__setattr__(self, "input_dropout", fraction(self.input_dropout, "input_dropout"))
        if self.max_norm is not None:
            object.__setattr__(self, "max_norm", positive_number(self.max_norm, "max_norm"))


def l2_penalty(net, weight_decay):
    """(lambda / 2) sum_l ||W^l||^2: what weight decay adds to the cost."""
    return 0.5 * weight_decay * sum(float(np.sum(net.W[l] ** 2)) for l in range(1, net.L + 1))


def add_weight_decay(net, weight_decay):
    """dC/dW^l += lambda W^l for every layer: the L2 term of (BP4).  Biases are not decayed."""
    for l in range(1, net.L + 1):
        net.dW[l] += weight_decay * net.W[l]


class Dropout:
    """Draws the inverted-dropout masks of a training run.

    ``mask(l, shape, dtype)`` is the mask for a^l, the input of layer l + 1 (l = 0 is the input layer):
    an array of 0 (dropped) and 1/q (kept, q = 1 - p), or None where nothing is dropped.
    """

    def __init__(self, dropout=0.0, input_dropout=0.0, seed=0):
        self.p_hidden = fraction(dropout, "dropout")
        self.p_input = fraction(input_dropout, "input_dropout")
        self.rng = np.random.default_rng(seed)

    def mask(self, l, shape, dtype):
        p = self.p_input if l == 0 else self.p_hidden
        if p == 0.0:
            return None
        q = np.dtype(dtype).type(1.0 - p)  # keep probability, in the batch's dtype
        return (self.rng.random(shape, dtype=dtype) < q) / q  # (m, n_l): 0 or 1/q

    def __repr__(self):
        return f"Dropout(dropout={self.p_hidden}, input_dropout={self.p_input})"


def constrain_max_norm(net, c):
    """Scale each row w^l_j of every W[l] whose length exceeds c back to length c (in place)."""
    for l in range(1, net.L + 1):
        norms = np.linalg.norm(net.W[l], axis=1)  # (n_l,): ||w^l_j|| for each unit j
        too_long = norms > c
        net.W[l][too_long] *= (c / norms[too_long])[:, None]
