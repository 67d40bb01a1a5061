r"""A fully connected feed-forward network, in the course's notation.

Layers are numbered l = 0 (input) .. L (output); ``sizes = [n_0, n_1, ..., n_L]``.

==============  ==================  =========================================
math            code                shape
==============  ==================  =========================================
w^l_{jk}        ``W[l][j, k]``      ``W[l]``: (n_l, n_{l-1})
b^l_j           ``b[l][j]``         ``b[l]``: (n_l,)
z^l             ``z[l]``            (m, n_l), one row per sample
a^l             ``a[l]``            (m, n_l); ``a[0]`` is the input batch X
delta^l         ``delta[l]``        (m, n_l)
dC/dW^l         ``dW[l]``           (n_l, n_{l-1})
dC/db^l         ``db[l]``           (n_l,)
==============  ==================  =========================================

Index 0 of ``W``, ``b``, ``dW``, ``db``, ``z`` and ``delta`` is ``None`` so that ``W[l]`` is
W^l.  Rows are samples (as in scikit-learn), so the per-sample equation
z^l = W^l a^{l-1} + b^l becomes, for a batch, ``z[l] = a[l-1] @ W[l].T + b[l]``.

All parameters live in one flat vector ``theta`` (weights first, then biases), and
``W[l]``, ``b[l]`` are *views* into it; the gradients likewise live in ``grad`` with views
``dW[l]``, ``db[l]``.  An optimizer then updates every parameter with a handful of
vectorised operations, and gradient checking, saving and early stopping handle one
array.  Update parameters in place (``W[l][...] = ...``), never by rebinding ``W[l]``.
"""
from __future__ import annotations

from numbers import Integral

import numpy as np

from .activations import Activation, get_activation
from .initializers import initialize
from .losses import Loss, check_pairing, get_loss


def _check_sizes(given):
    try:
        sizes = None if isinstance(given, (str, bytes)) else list(given)
    except TypeError:           # not iterable, e.g. sizes=784
        sizes = None
    if not sizes or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes [n_0, ..., n_L], got {given!r}")
    for l, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
            raise ValueError(f"layer sizes must be positive integers; sizes[{l}] = {n!r} in {sizes!r}")
    return [int(n) for n in sizes]


def _check_probability(p, what):
    if not isinstance(p, (int, float, np.floating)) or isinstance(p, bool) or not 0.0 <= p < 1.0:
        raise ValueError(f"{what} must be a probability in [0, 1), got {p!r}")
    return float(p)


class Network:
    """A fully connected network.

    Parameters
    ----------
    sizes : list of int
        ``[n_0, n_1, ..., n_L]``, e.g. ``[784, 100, 10]``.
    hidden, output : str or Activation
        Activation of the hidden layers and of the output layer
        ('sigmoid', 'tanh', 'relu', 'identity', 'softmax').
    loss : str or Loss
        'mse', 'cross_entropy' (softmax output) or 'binary_cross_entropy' (sigmoid output).
    init : str
        'normal' (N(0, 1), as in the seeds), 'xavier' or 'he'.
    seed : int
        Seeds the initial weights (and the dropout masks).
    dtype : np.float64 (default) or np.float32
    dropout : float
        Probability of dropping each hidden unit during training (inverted dropout).
    input_dropout : float
        Probability of dropping each input pixel during training.
    """

    def __init__(self, sizes, hidden="sigmoid", output="sigmoid", loss="mse", init="normal",
                 seed=0, dtype=np.float64, dropout=0.0, input_dropout=0.0):
        self.sizes = _check_sizes(sizes)
        self.L = len(self.sizes) - 1
        self.hidden: Activation = get_activation(hidden)
        self.output: Activation = get_activation(output)
        self.loss: Loss = get_loss(loss)
        check_pairing(self.loss, self.output)
        if self.hidden.name == "softmax":
            raise ValueError("softmax couples a whole layer; use it as the output activation only")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self.init = init
        self.seed = seed
        self.dropout = _check_probability(dropout, "dropout")
        self.input_dropout = _check_probability(input_dropout, "input_dropout")
        # keep[l]: probability that unit j of layer l (an input to layer l+1) is kept in training
        self.keep = [1.0 - self.input_dropout] + [1.0 - self.dropout] * (self.L - 1)
        self._dropout_rng = np.random.default_rng([seed, 1])

        shapes_W = [(self.sizes[l], self.sizes[l - 1]) for l in range(1, self.L + 1)]
        self.n_weights = sum(n_out * n_in for n_out, n_in in shapes_W)
        self.n_params = self.n_weights + sum(self.sizes[1:])
        self.theta = np.empty(self.n_params, dtype=self.dtype)   # every parameter
        self.grad = np.zeros(self.n_params, dtype=self.dtype)    # dC/dtheta
        self.W, self.b = self._views(self.theta)
        self.dW, self.db = self._views(self.grad)

        rng = np.random.default_rng(seed)
        for l in range(1, self.L + 1):
            W_l, b_l = initialize(init, rng, self.sizes[l], self.sizes[l - 1])
            self.W[l][...] = W_l
            self.b[l][...] = b_l

        self.z = [None] * (self.L + 1)
        self.a = [None] * (self.L + 1)
        self.delta = [None] * (self.L + 1)
        self.mask = [None] * self.L
        self._ones = None

    # ------------------------------------------------------------------ parameters
    def _views(self, flat):
        """W[l], b[l] as views into ``flat`` (weights first, then biases).

        Each W[l] has shape (n_l, n_{l-1}) but is stored column by column (Fortran order),
        so that W[l].T, the matrix the forward pass multiplies by, is C-contiguous.
        With its AVX-512 kernels OpenBLAS computes ``a @ W[l].T`` about 20 % faster then (40 %
        at batch 32; see benchmarks/README.md).  Indexing is unaffected: ``W[l][j, k]`` is always
        w^l_{jk}.
        """
        W, b, start = [None], [None], 0
        for l in range(1, self.L + 1):
            n_out, n_in = self.sizes[l], self.sizes[l - 1]
            W.append(flat[start:start + n_out * n_in].reshape(n_in, n_out).T)   # (n_l, n_{l-1})
            start += n_out * n_in
        for l in range(1, self.L + 1):
            b.append(flat[start:start + self.sizes[l]])
            start += self.sizes[l]
        return W, b

    @property
    def weight_slice(self):
        """The part of ``theta`` that holds weights (L2 decay applies to it, not to biases)."""
        return slice(0, self.n_weights)

    def named_parameters(self):
        """[('W[1]', W[1], dW[1]), ('b[1]', b[1], db[1]), ...] for reports and checks."""
        out = []
        for l in range(1, self.L + 1):
            out.append((f"W[{l}]", self.W[l], self.dW[l]))
            out.append((f"b[{l}]", self.b[l], self.db[l]))
        return out

    def constrain_max_norm(self, c):
        """Rescale each unit's incoming weight vector W[l][j, :] to norm <= c."""
        for l in range(1, self.L + 1):
            norms = np.sqrt(np.einsum("jk,jk->j", self.W[l], self.W[l]))  # (n_l,)
            too_big = norms > c
            if too_big.any():
                self.W[l][too_big] *= (c / norms[too_big])[:, None]

    # ------------------------------------------------------------------ forward / backward
    def check_input(self, X, name="X", finite=False):
        """X as an array of shape (m, n_0), or a ValueError naming the fault.

        ``finite=True`` also refuses NaN and inf (predict and evaluate do: a NaN pixel would
        otherwise give a silent, meaningless prediction).
        """
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{name} has shape {X.shape}, but this network expects (m, {self.sizes[0]}): "
                f"one row of {self.sizes[0]} features per sample"
            )
        if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating):
            raise ValueError(f"{name} must hold real numbers, got dtype {X.dtype}")
        if finite:
            # in blocks of rows, so that no boolean array as large as X is made (and the
            # blocks stay in cache: twice as fast on MNIST as np.isfinite(X).all())
            for start in range(0, X.shape[0], 4096):
                finite_block = np.isfinite(X[start:start + 4096])
                if not finite_block.all():
                    row, col = np.argwhere(~finite_block)[0]
                    row += start
                    raise ValueError(f"{name} holds a non-finite value {X[row, col]} at row {row}, column {col}")
        return X

    def forward(self, X, train=False):
        """Feed a batch forward, keeping every z[l] and a[l]; returns a[L], shape (m, n_L).

        ``train=True`` applies dropout (scaled by 1/keep, so nothing changes at test time).
        """
        X = self.check_input(X)
        return self._forward(X if X.dtype == self.dtype else X.astype(self.dtype), train)

    def _forward(self, a, train=False):
        """``forward`` without the input checks, for ``fit``, which checks the data once.

        ``a`` must be a batch of shape (m, n_0) and dtype ``self.dtype``.
        """
        self.a[0] = a
        for l in range(1, self.L + 1):
            if train and self.keep[l - 1] < 1.0:
                keep = self.keep[l - 1]
                self.mask[l - 1] = (self._dropout_rng.random(a.shape, dtype=self.dtype) < keep) / self.dtype.type(keep)
                a = a * self.mask[l - 1]
                self.a[l - 1] = a
            else:
                self.mask[l - 1] = None
            z = a @ self.W[l].T            # (m, n_{l-1}) @ (n_{l-1}, n_l) -> (m, n_l)
            z += self.b[l]
            act = self.output if l == self.L else self.hidden
            a = act.forward(z)
            self.z[l], self.a[l] = z, a
        return a

    def backward(self, Y):
        """Backpropagate the mean cost over the batch of the last ``forward``.

        Fills ``dW[l]``, ``db[l]`` (views into ``grad``) and ``delta[l]``.
        """
        m = self.a[0].shape[0]
        L = self.L
        if Y.shape != self.a[L].shape:
            raise ValueError(f"targets Y have shape {Y.shape}, the output a[L] has shape {self.a[L].shape}")
        # a row of m ones: 1^T delta sums delta over the batch, as a BLAS product (faster than np.sum)
        if self._ones is None or self._ones.shape != (m,):
            self._ones = np.ones(m, dtype=self.dtype)
        ones = self._ones
        # (BP1) output error, one row per sample
        self.delta[L] = self.loss.delta(self.z[L], self.a[L], Y, self.output)
        for l in range(L, 0, -1):
            delta = self.delta[l]                                    # (m, n_l)
            # (BP3, BP4) averaged over the batch: dC/dW^l = (1/m) sum_x delta_x a_x^T and
            # dC/db^l = (1/m) sum_x delta_x.  The 1/m goes on delta, the smaller array.
            delta_mean = delta * (1.0 / m)                           # (m, n_l)
            np.matmul(delta_mean.T, self.a[l - 1], out=self.dW[l])   # (n_l, m) @ (m, n_{l-1})
            np.matmul(ones, delta_mean, out=self.db[l])              # (m,) @ (m, n_l): sum over the batch
            if l > 1:
                # (BP2) delta^{l-1} = (W^l)^T delta^l (.) sigma'(z^{l-1}), row-wise for the batch
                grad_a = delta @ self.W[l]                           # (m, n_l) @ (n_l, n_{l-1})
                a_prev = self.a[l - 1]
                if self.mask[l - 1] is not None:
                    grad_a *= self.mask[l - 1]
                    a_prev = None     # a[l-1] holds the dropped-out values: recompute sigma from z
                self.delta[l - 1] = self.hidden.backward(self.z[l - 1], a_prev, grad_a)
        return self.grad

    def loss_and_gradient(self, X, Y, train=True):
        """One forward + backward pass; returns the mean cost of the batch (a float)."""
        X = self.check_input(X)
        return self._loss_and_gradient(X if X.dtype == self.dtype else X.astype(self.dtype), Y, train)

    def _loss_and_gradient(self, a, Y, train=True):
        """``loss_and_gradient`` without the input checks (see ``_forward``)."""
        self._forward(a, train)
        cost = self.loss.value(self.z[self.L], self.a[self.L], Y)
        self.backward(Y)
        return cost

    # ------------------------------------------------------------------ inference
    def predict_proba(self, X, batch_size=10_000):
        """a[L] for every row of X, computed in chunks to bound memory; shape (m, n_L)."""
        X = self.check_input(X, finite=True)
        out = np.empty((X.shape[0], self.sizes[-1]), dtype=self.dtype)
        for start in range(0, X.shape[0], batch_size):
            out[start:start + batch_size] = self.forward(X[start:start + batch_size])
        self.z = [None] * (self.L + 1)   # do not keep the last chunk's activations alive
        self.a = [None] * (self.L + 1)
        return out

    def predict(self, X, batch_size=10_000):
        """Predicted class of each row: argmax_j a^L_j; shape (m,)."""
        return self.predict_proba(X, batch_size).argmax(axis=1)

    def evaluate(self, X, y, batch_size=10_000):
        """(mean cost, accuracy) on integer labels ``y``."""
        from .data import one_hot
        X = self.check_input(X, finite=True)
        Y = one_hot(y, self.sizes[-1])
        total, correct = 0.0, 0
        for start in range(0, X.shape[0], batch_size):
            stop = start + batch_size
            aL = self.forward(X[start:stop])
            total += self.loss.value(self.z[self.L], aL, Y[start:stop]) * len(aL)
            correct += int(np.count_nonzero(aL.argmax(axis=1) == y[start:stop]))
        self.z = [None] * (self.L + 1)
        self.a = [None] * (self.L + 1)
        return total / X.shape[0], correct / X.shape[0]

    def accuracy(self, X, y):
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def __repr__(self):
        extra = ""
        if self.dropout or self.input_dropout:
            extra = f", dropout={self.dropout}, input_dropout={self.input_dropout}"
        return (f"Network({self.sizes}, hidden={self.hidden.name!r}, output={self.output.name!r}, "
                f"loss={self.loss.name!r}, init={self.init!r}, dtype={self.dtype.name}{extra})")
