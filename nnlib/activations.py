r"""Activation functions sigma(z) and their derivatives, applied to a batch z of shape (m, n_l).

Each activation is an object with

* ``forward(z)``            -> a = sigma(z), the same shape as z
* ``prime(z, a=None)``      -> sigma'(z), elementwise.  ``a`` is sigma(z) when the caller has it:
                               sigmoid and tanh then use sigma' = a (1 - a) and 1 - a^2 instead of
                               evaluating sigma(z) again
* ``backward(z, a, grad_a)``-> dC/dz from dC/da by the chain rule.  For an elementwise activation
                               that is ``grad_a * sigma'(z)``, the (.) of (BP1) and (BP2); softmax
                               couples the outputs of a row, so it multiplies by its Jacobian instead.

Each is finite and warning-free for every finite input, by construction (see ``Sigmoid`` and
``Softmax``).
"""

from __future__ import annotations

import numpy as np


class Activation:
    name = "activation"

    def forward(self, z):
        raise NotImplementedError

    def prime(self, z, a=None):
        raise NotImplementedError

    def backward(self, z, a, grad_a):
        """dC/dz = dC/da (.) sigma'(z); ``a`` is sigma(z), or None to compute it from z."""
        return grad_a * self.prime(z, a)

    def __call__(self, z):
        return self.forward(z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    r"""sigma(z) = 1 / (1 + e^{-z}), computed as (1 + tanh(z / 2)) / 2.

    The two are equal, but the tanh form never evaluates ``exp`` of a large number, so it cannot
    overflow: sigmoid(-1000) is 0.0 and sigmoid(1000) is 1.0, with no warning.
    """

    name = "sigmoid"

    def forward(self, z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    def prime(self, z, a=None):
        s = self.forward(z) if a is None else a
        return s * (1.0 - s)  # sigma'(z) = sigma(z) (1 - sigma(z))


class Tanh(Activation):
    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def prime(self, z, a=None):
        t = np.tanh(z) if a is None else a
        return 1.0 - t * t  # tanh'(z) = 1 - tanh(z)^2


class ReLU(Activation):
    """max(0, z); its derivative is taken as 0 at z = 0."""

    name = "relu"

    def forward(self, z):
        return np.maximum(z, 0.0)

    def prime(self, z, a=None):
        return (z > 0).astype(z.dtype)  # 1 where z > 0, else 0

    def backward(self, z, a, grad_a):
        return grad_a * (z > 0)  # grad_a (.) sigma'(z): the same, without making sigma'(z) a float array first


class Identity(Activation):
    """sigma(z) = z: a linear output layer (regression, or logits for inspection)."""

    name = "identity"

    def forward(self, z):
        return np.array(z, copy=True)

    def prime(self, z, a=None):
        return np.ones_like(z)


class Softmax(Activation):
    r"""Row-wise softmax: a_j = e^{z_j} / \sum_k e^{z_k}.

    Subtracting each row's maximum first leaves the result unchanged and makes every exponent
    <= 0, so ``exp`` never overflows and the denominator is at least 1.
    """

    name = "softmax"

    def forward(self, z):
        e = np.exp(z - z.max(axis=1, keepdims=True))  # (m, n), every entry in (0, 1]
        return e / e.sum(axis=1, keepdims=True)

    def prime(self, z, a=None):
        """The diagonal of the Jacobian, da_j/dz_j = a_j (1 - a_j).

        Softmax is not elementwise: the chain rule needs the whole Jacobian, see ``backward``.
        """
        a = self.forward(z) if a is None else a
        return a * (1.0 - a)

    def jacobian(self, z, a=None):
        """da_j/dz_k = a_j (delta_jk - a_k), shape (m, n, n)."""
        a = self.forward(z) if a is None else a
        return a[:, :, None] * (np.eye(a.shape[1], dtype=a.dtype) - a[:, None, :])

    def backward(self, z, a, grad_a):
        # (J^T g)_k = sum_j g_j a_j (delta_jk - a_k) = a_k (g_k - sum_j g_j a_j), row by row
        a = self.forward(z) if a is None else a
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU, Identity, Softmax)}


def get_activation(name_or_obj) -> Activation:
    """Look up an activation by name ('sigmoid', 'tanh', 'relu', 'identity', 'softmax')."""
    if isinstance(name_or_obj, Activation):
        return name_or_obj
    if isinstance(name_or_obj, str) and name_or_obj.lower() in ACTIVATIONS:
        return ACTIVATIONS[name_or_obj.lower()]()
    raise ValueError(f"unknown activation {name_or_obj!r}; valid names are: {', '.join(sorted(ACTIVATIONS))}")


sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
softmax = Softmax()
