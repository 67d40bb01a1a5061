"""Activation functions sigma(z) and their derivatives, applied row-wise to a batch.

Every function takes ``z`` of shape ``(m, n_l)`` (one row per sample) and returns an
array of the same shape.  Each activation is an object with

* ``forward(z)``            -> ``a = sigma(z)``
* ``prime(z, a)``           -> ``sigma'(z)`` elementwise (``a`` is passed so that
                               sigmoid and tanh can reuse it instead of recomputing)
* ``backward(z, a, grad_a)``-> ``dC/dz`` given ``dC/da``: the chain rule through sigma.
                               For elementwise activations this is ``grad_a * sigma'(z)``;
                               softmax couples the outputs of a row, so it uses its Jacobian.

All of them are finite and warning-free for every finite input, by construction.
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
        """dC/dz = dC/da * sigma'(z) for an elementwise activation."""
        return grad_a * self.prime(z, a)

    def __call__(self, z):
        return self.forward(z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    r"""sigma(z) = 1 / (1 + e^{-z}) = (1 + tanh(z/2)) / 2.

    The tanh form never evaluates ``exp`` of a large number, so it cannot overflow:
    sigmoid(-1000) is 0.0 and sigmoid(1000) is 1.0, with no warning.
    """

    name = "sigmoid"

    def forward(self, z):
        a = np.multiply(z, 0.5)
        a = np.tanh(a, out=a) if isinstance(a, np.ndarray) else np.tanh(a)  # in place for arrays
        a *= 0.5
        a += 0.5
        return a

    def prime(self, z, a=None):
        if a is None:
            a = self.forward(z)
        return a * (1.0 - a)  # sigma'(z) = sigma(z) (1 - sigma(z))

    def backward(self, z, a, grad_a):
        """grad_a * sigma(z) (1 - sigma(z)), computed in one buffer (no temporaries)."""
        if a is None:
            a = self.forward(z)
        out = np.subtract(1.0, a)
        out *= a
        out *= grad_a
        return out


class Tanh(Activation):
    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def prime(self, z, a=None):
        if a is None:
            a = np.tanh(z)
        return 1.0 - a * a  # tanh'(z) = 1 - tanh(z)^2


class ReLU(Activation):
    """max(0, z); its derivative is taken as 0 at z = 0."""

    name = "relu"

    def forward(self, z):
        z = np.asarray(z)
        # max(z, 0) taken against a row of zeros, not the scalar 0: numpy vectorises
        # maximum only when both operands are arrays, which makes this twice as fast
        return np.maximum(z, np.zeros(z.shape[-1:], dtype=z.dtype))

    def prime(self, z, a=None):
        # 0.0 / 1.0 in z's dtype: the inherited backward, grad_a * prime(z), then multiplies
        # two float arrays (multiplying by the booleans z > 0 would convert them on the fly)
        return (z > 0).astype(z.dtype)


class Identity(Activation):
    """sigma(z) = z: a linear output layer (regression, or logits for inspection)."""

    name = "identity"

    def forward(self, z):
        return np.array(z, copy=True)

    def prime(self, z, a=None):
        return np.ones_like(z)

    def backward(self, z, a, grad_a):
        return grad_a


class Softmax(Activation):
    r"""Row-wise softmax: a_j = e^{z_j} / \sum_k e^{z_k}.

    Subtracting each row's maximum first leaves the result unchanged and makes every
    exponent <= 0, so ``exp`` never overflows and the denominator is at least 1.
    """

    name = "softmax"

    def forward(self, z):
        a = z - z.max(axis=1, keepdims=True)
        np.exp(a, out=a)
        a /= a.sum(axis=1, keepdims=True)
        return a

    def prime(self, z, a=None):
        """The diagonal of the Jacobian, da_j/dz_j = a_j (1 - a_j).

        Softmax is not elementwise: use :meth:`jacobian` or :meth:`backward` for the
        chain rule.
        """
        if a is None:
            a = self.forward(z)
        return a * (1.0 - a)

    def jacobian(self, z, a=None):
        """da_j/dz_k = a_j (delta_jk - a_k), shape (m, n, n)."""
        if a is None:
            a = self.forward(z)
        return a[:, :, None] * (np.eye(a.shape[1], dtype=a.dtype) - a[:, None, :])

    def backward(self, z, a, grad_a):
        # (J^T g)_k = sum_j g_j a_j (delta_jk - a_k) = a_k (g_k - sum_j g_j a_j)
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU, Identity, Softmax)}


def get_activation(name_or_obj) -> Activation:
    """Look up an activation by name ('sigmoid', 'tanh', 'relu', 'identity', 'softmax')."""
    if isinstance(name_or_obj, Activation):
        return name_or_obj
    if isinstance(name_or_obj, str) and name_or_obj.lower() in ACTIVATIONS:
        return ACTIVATIONS[name_or_obj.lower()]()
    raise ValueError(
        f"unknown activation {name_or_obj!r}; valid names are: {', '.join(sorted(ACTIVATIONS))}"
    )


sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
softmax = Softmax()
