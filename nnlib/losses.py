r"""Cost functions C and their output-layer error delta^L = dC_x/dz^L.

Conventions (the notebooks cite these):

* ``Y`` is one-hot (or, for regression with MSE, any target), shape ``(m, n_L)``.
* The cost of a mini-batch is the **mean over its m samples** of the per-sample cost C_x:
  C = (1/m) \sum_x C_x.
* ``value(z, a, Y)`` returns that mean, a Python float.
* ``delta(z, a, Y, activation)`` returns the **per-sample** error
  delta^L_x = dC_x/dz^L_x, shape ``(m, n_L)``, one row per sample.  The 1/m of the mean
  is applied once, where the gradients are summed over the batch (``Network.backward``).

Losses:

* ``MSE``: C_x = 1/2 ||a^L - y||^2 (the 1/2 cancels the 2 of the derivative), so
  delta^L = (a^L - y) * sigma'(z^L) for an elementwise output activation.  Works with
  any output activation.  (The blog posts the course reproduces print np.mean((y - a)**2),
  which is this value times 2/n_L: see :func:`mse_per_output`.)
* ``BinaryCrossEntropy``: C_x = -\sum_j [y_j log a_j + (1 - y_j) log(1 - a_j)] with
  sigmoid outputs.  The sigma' factor cancels: delta^L = a^L - y.  The value is computed
  from the logits z as \sum_j [max(z_j, 0) - y_j z_j + log(1 + e^{-|z_j|})], which never
  takes log(0) and never overflows.
* ``CrossEntropy`` (categorical): C_x = -\sum_j y_j log a_j with softmax outputs;
  delta^L = a^L - y.  The value is computed as logsumexp(z) - \sum_j y_j z_j with the
  maximum subtracted first, so again no log(0) and no overflow.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation


class Loss:
    name = "loss"
    #: name of the output activation this loss must be paired with (None: any)
    requires_output: str | None = None

    def value(self, z, a, Y) -> float:
        raise NotImplementedError

    def delta(self, z, a, Y, activation: Activation):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    name = "mse"

    def value(self, z, a, Y) -> float:
        return 0.5 * float(((a - Y) ** 2).sum()) / len(Y)  # (1/m) sum_x 1/2 ||a_x - y_x||^2

    def delta(self, z, a, Y, activation):
        # (BP1) delta^L = grad_a C_x (.) sigma'(z^L), with grad_a C_x = a - y; softmax uses its Jacobian
        return activation.backward(z, a, a - Y)


class BinaryCrossEntropy(Loss):
    name = "binary_cross_entropy"
    requires_output = "sigmoid"

    def value(self, z, a, Y) -> float:
        # -[y log s(z) + (1-y) log(1 - s(z))] = max(z, 0) - y z + log(1 + e^{-|z|})
        per_unit = np.maximum(z, 0.0) - Y * z + np.log1p(np.exp(-np.abs(z)))
        return float(per_unit.sum()) / len(Y)

    def delta(self, z, a, Y, activation=None):
        return a - Y


class CrossEntropy(Loss):
    name = "cross_entropy"
    requires_output = "softmax"

    def value(self, z, a, Y) -> float:
        # -sum_j y_j log a_j = log sum_k e^{z_k} - sum_j y_j z_j  (one-hot y), with the row maximum
        # z_max taken out of the log-sum-exp so that every exponent is <= 0
        z_max = z.max(axis=1, keepdims=True)  # (m, 1)
        log_sum_exp = z_max[:, 0] + np.log(np.exp(z - z_max).sum(axis=1))  # (m,)
        return float(log_sum_exp.sum() - (Y * z).sum()) / len(Y)

    def delta(self, z, a, Y, activation=None):
        return a - Y


LOSSES = {cls.name: cls for cls in (MSE, BinaryCrossEntropy, CrossEntropy)}
_ALIASES = {
    "categorical_cross_entropy": "cross_entropy",
    "ce": "cross_entropy",
    "bce": "binary_cross_entropy",
    "quadratic": "mse",
}


def get_loss(name_or_obj) -> Loss:
    """Look up a loss by name ('mse', 'cross_entropy', 'binary_cross_entropy')."""
    if isinstance(name_or_obj, Loss):
        return name_or_obj
    if isinstance(name_or_obj, str):
        key = _ALIASES.get(name_or_obj.lower(), name_or_obj.lower())
        if key in LOSSES:
            return LOSSES[key]()
    raise ValueError(f"unknown loss {name_or_obj!r}; valid names are: {', '.join(sorted(LOSSES))}")


def check_pairing(loss: Loss, output: Activation) -> None:
    """Cross-entropy losses are defined for one output activation each."""
    if loss.requires_output is not None and output.name != loss.requires_output:
        raise ValueError(
            f"loss {loss.name!r} needs a {loss.requires_output!r} output layer, got {output.name!r}; "
            f"use output={loss.requires_output!r}, or loss='mse' which works with any output"
        )


def mse_per_output(a, Y) -> float:
    """The 'loss' the blog posts report: np.mean((Y - a)**2), a mean over samples *and* outputs."""
    return float(np.mean((Y - a) ** 2))


__all__ = ["Loss", "MSE", "BinaryCrossEntropy", "CrossEntropy", "LOSSES", "get_loss", "check_pairing", "mse_per_output"]
