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

Index 0 of ``W``, ``b``, ``dW``, ``db``, ``z`` and ``delta`` is ``None`` so that ``W[l]`` is W^l.
Rows are samples (as in scikit-learn), so the per-sample equation z^l = W^l a^{l-1} + b^l becomes,
for a batch, ``z[l] = a[l-1] @ W[l].T + b[l]``.

All parameters live in one flat vector ``theta``: W[1] row by row, ..., W[L] row by row, then
b[1], ..., b[L].  ``W[l]`` and ``b[l]`` are views into it (``theta[:n_1 * n_0]`` is
``W[1].ravel()``), and the gradients likewise live in ``grad`` with views ``dW[l]``, ``db[l]``.
An optimizer then updates every parameter with one operation on ``theta``, and saving or early
stopping copies one array.  Update parameters in place (``W[l][...] = ...``), never by rebinding
``W[l]``, or the view is lost.

A network's settings (sizes, activations, loss, initialisation, dtype) are one frozen ``NetworkSettings``,
``net.settings``, which also holds their defaults; ``nnlib.Recipe`` and ``nnlib.io`` use the same object.

The contract between a Network and a training loop (``nnlib.fit``, ``nnlib.gradient_check`` and the
notebooks use nothing else):

* ``check_data(X)`` once, where the data enters: X as an array of shape (m, n_0) in the network's
  dtype, or a ValueError naming the fault (shape, dtype, the first NaN or inf).
  ``check_labelled(X, y)`` checks X and its integer labels y (m,) together.
* ``forward(X, dropout=None)`` feeds a batch forward and returns a^L, shape (m, n_L); it keeps every
  ``z[l]`` and ``a[l]`` for the backward pass.  ``dropout`` is a ``nnlib.regularization.Dropout``
  during training, None otherwise.
* ``cost(Y)`` is the mean cost of that batch against the targets Y (m, n_L), a float.
* ``backward(Y)`` backpropagates it: fills ``dW[l]``, ``db[l]`` (that is, ``grad``) and ``delta[l]``.
* ``theta`` and ``grad`` are what an optimizer updates (``views(v)`` splits any vector laid out like
  them into per-layer W[l], b[l]); ``W[l]`` and ``dW[l]`` are what the
  regularisers of ``nnlib.regularization`` read and change.
* ``predict_proba``, ``predict``, ``evaluate`` and ``accuracy`` run the trained network on a data
  set of any size, in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .activations import Activation, get_activation
from .checks import layer_sizes, positive_int
from .initializers import check_init, initialize
from .labels import check_labels, one_hot
from .losses import Loss, check_pairing, get_loss


@dataclass(frozen=True)
class NetworkSettings:
    """Everything that defines a network except its parameters, checked when made; the one place where a
    network's settings and their defaults are written.

    sizes : ``(n_0, n_1, ..., n_L)``, e.g. ``(784, 100, 10)``
    hidden, output : activation of the hidden layers and of the output layer
        ('sigmoid', 'tanh', 'relu', 'identity', 'softmax')
    loss : 'mse', 'cross_entropy' (softmax output) or 'binary_cross_entropy' (sigmoid output)
    init : 'normal' (N(0, 1), as in the blog posts), 'lecun', 'xavier' (Glorot) or 'he';
        see ``nnlib.initializers`` for their variances
    dtype : 'float32' or 'float64'

    The defaults are the course's modern network: ReLU hidden units, a softmax output with cross-entropy,
    He initialisation, float32.  The blog posts' network, which notebook 03 diagnoses, is ``BLOG_POST``.
    """

    sizes: tuple
    hidden: str = "relu"
    output: str = "softmax"
    loss: str = "cross_entropy"
    init: str = "he"
    dtype: str = "float32"

    def __post_init__(self):
        hidden, output, loss = get_activation(self.hidden), get_activation(self.output), get_loss(self.loss)
        if hidden.name == "softmax":
            raise ValueError("softmax couples a whole layer; use it as the output activation only")
        check_pairing(loss, output)
        dtype = np.dtype(self.dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype}")
        # stored by name (an Activation or Loss object given instead of a name is kept as it is)
        normalised = dict(
            sizes=tuple(layer_sizes(self.sizes)),
            hidden=hidden.name if isinstance(self.hidden, str) else self.hidden,
            output=output.name if isinstance(self.output, str) else self.output,
            loss=loss.name if isinstance(self.loss, str) else self.loss,
            init=check_init(self.init),
            dtype=dtype.name,
        )
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @property
    def n_params(self):
        """The number of parameters: sum over l of n_l n_{l-1} weights and n_l biases."""
        n = self.sizes
        return sum(n[l] * n[l - 1] + n[l] for l in range(1, len(n)))

    def network_kwargs(self):
        """These settings as keyword arguments of ``Network``: ``Network(**settings.network_kwargs(), seed=0)``
        (only the network's, when ``settings`` is a ``nnlib.Recipe``, which holds more)."""
        return {f.name: getattr(self, f.name) for f in fields(NetworkSettings)}


#: The network of the blog posts (Nielsen's network.py): sigmoid units throughout, the quadratic cost, N(0, 1)
#: weights and biases, float64.  Kept for comparison (notebooks 01 to 03 reproduce it):
#: ``Network(sizes, **BLOG_POST)``.
BLOG_POST = dict(hidden="sigmoid", output="sigmoid", loss="mse", init="normal", dtype="float64")


class Network:
    """A fully connected network.

    ``Network(sizes, seed=0, **settings)``: ``sizes`` and the other ``settings`` (hidden, output, loss, init,
    dtype, with their defaults) are those of ``NetworkSettings``; ``settings`` holds them, checked.

    seed : int
        Seeds the initial weights.
    theta : None, or a vector of ``n_params`` parameters to start from instead of drawing them (what
        ``nnlib.load`` read from a file)
    """

    def __init__(self, sizes, *, seed=0, theta=None, **settings):
        self.settings = NetworkSettings(sizes, **settings)
        self.sizes = list(self.settings.sizes)  # [n_0, n_1, ..., n_L]
        self.hidden: Activation = get_activation(self.settings.hidden)
        self.output: Activation = get_activation(self.settings.output)
        self.loss: Loss = get_loss(self.settings.loss)
        self.init = self.settings.init
        self.dtype = np.dtype(self.settings.dtype)
        self.L = len(self.sizes) - 1

        n = self.sizes
        self.n_params = self.settings.n_params
        self.theta = np.empty(self.n_params, dtype=self.dtype)  # every parameter
        self.grad = np.zeros(self.n_params, dtype=self.dtype)  # dC/dtheta
        self.W, self.b = self.views(self.theta)
        self.dW, self.db = self.views(self.grad)

        if theta is None:
            rng = np.random.default_rng(seed)
            for l in range(1, self.L + 1):
                self.W[l][...], self.b[l][...] = initialize(self.init, rng, n[l], n[l - 1])
        else:
            theta = np.asarray(theta)
            if theta.shape != self.theta.shape or not np.all(np.isfinite(theta)):
                raise ValueError(f"theta must hold {self.n_params} finite parameters, got shape {theta.shape}")
            self.theta[...] = theta

        self.z = [None] * (self.L + 1)
        self.a = [None] * (self.L + 1)
        self.delta = [None] * (self.L + 1)
        self.mask = [None] * self.L  # mask[l]: the dropout mask r^l of a[l] in the last forward (None: none)

    def views(self, flat):
        """W[l] (n_l, n_{l-1}) and b[l] (n_l,) as views into ``flat``, any vector laid out like ``theta``."""
        W, b, start = [None], [None], 0
        for l in range(1, self.L + 1):
            n_out, n_in = self.sizes[l], self.sizes[l - 1]
            W.append(flat[start : start + n_out * n_in].reshape(n_out, n_in))  # row j is w^l_j
            start += n_out * n_in
        for l in range(1, self.L + 1):
            b.append(flat[start : start + self.sizes[l]])
            start += self.sizes[l]
        return W, b

    # ------------------------------------------------------------------ data
    def check_data(self, X, name="X"):
        """X as an array of shape (m, n_0) and this network's dtype, or a ValueError naming the fault."""
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{name} has shape {X.shape}, but this network expects (m, {self.sizes[0]}): "
                f"one row of {self.sizes[0]} features per sample"
            )
        if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating):
            raise ValueError(f"{name} must hold real numbers, got dtype {X.dtype}")
        finite = np.isfinite(X)
        if not finite.all():
            row, col = np.argwhere(~finite)[0]
            raise ValueError(f"{name} holds a non-finite value {X[row, col]} at row {row}, column {col}")
        return X.astype(self.dtype, copy=False)

    # ------------------------------------------------------------------ forward / backward
    def forward(self, X, dropout=None):
        """Feed a batch X of shape (m, n_0) forward, keeping every z[l] and a[l]; returns a[L], (m, n_L).

        With ``dropout`` (a ``nnlib.regularization.Dropout``, in training), layer l sees
        a~^{l-1} = r^{l-1} (.) a^{l-1}, a^{l-1} times a fresh dropout mask r^{l-1}, kept in ``mask[l-1]``;
        ``a[l-1]`` itself keeps sigma(z^{l-1}).
        """
        X = np.asarray(X, dtype=self.dtype)  # no copy when X already has the network's dtype
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X has shape {X.shape}, but this network expects (m, {self.sizes[0]})")
        self.a[0] = X
        for l in range(1, self.L + 1):
            self.mask[l - 1] = None if dropout is None else dropout.mask(l - 1, self.a[l - 1].shape, self.dtype)
            sigma = self.output if l == self.L else self.hidden
            # z^l = W^l a^{l-1} + b^l for every sample at once: with one sample per row,
            # (m, n_{l-1}) @ (n_{l-1}, n_l) + (n_l,) -> (m, n_l)
            if self.mask[l - 1] is None:
                self.z[l] = self.a[l - 1] @ self.W[l].T
            else:  # dropout: z^l = W^l a~^{l-1} + b^l with a~^{l-1} = r^{l-1} (.) a^{l-1}
                self.z[l] = (self.a[l - 1] * self.mask[l - 1]) @ self.W[l].T
            self.z[l] += self.b[l]
            self.a[l] = sigma(self.z[l])
        return self.a[self.L]

    def cost(self, Y):
        """Mean cost of the batch of the last ``forward`` against the targets Y (m, n_L)."""
        self._after_forward("cost")
        return self.loss.value(self.z[self.L], self.a[self.L], Y)

    def backward(self, Y):
        """Backpropagate the mean cost of the last ``forward``'s batch against the targets Y (m, n_L).

        Fills ``delta[l]`` and the gradients ``dW[l]``, ``db[l]`` (views into ``grad``); returns ``grad``.
        """
        self._after_forward("backward")
        L, m = self.L, self.a[0].shape[0]
        if Y.shape != self.a[L].shape:
            raise ValueError(f"targets Y have shape {Y.shape}, the output a[L] has shape {self.a[L].shape}")
        # (BP1) delta^L = grad_a C (.) sigma'(z^L): each loss knows its own, (m, n_L)
        self.delta[L] = self.loss.delta(self.z[L], self.a[L], Y, self.output)
        for l in range(L, 0, -1):
            # (BP3) and (BP4) averaged over the batch: dC/db^l = (1/m) sum_x delta^l_x and
            # dC/dW^l = (1/m) sum_x delta^l_x (a^{l-1}_x)^T.  The 1/m is applied once, to delta (m x n_l),
            # which is smaller than dW (n_l x n_{l-1}); np.sum and np.matmul write straight into the views.
            delta_mean = self.delta[l] / m  # (m, n_l)
            np.sum(delta_mean, axis=0, out=self.db[l])  # (n_l,)
            if self.mask[l - 1] is None:
                np.matmul(delta_mean.T, self.a[l - 1], out=self.dW[l])  # (n_l, m) @ (m, n_{l-1}) -> (n_l, n_{l-1})
            else:  # dropout: layer l saw a~^{l-1} = r^{l-1} (.) a^{l-1}
                np.matmul(delta_mean.T, self.a[l - 1] * self.mask[l - 1], out=self.dW[l])
            if l > 1:
                # (BP2) delta^{l-1} = ((W^l)^T delta^l) (.) sigma'(z^{l-1}); for the batch, row by row:
                # (m, n_l) @ (n_l, n_{l-1}) -> (m, n_{l-1})
                grad_a = self.delta[l] @ self.W[l]
                if self.mask[l - 1] is not None:
                    grad_a *= self.mask[l - 1]  # dC/da = r (.) dC/da~: a dropped unit passes no gradient
                self.delta[l - 1] = self.hidden.backward(self.z[l - 1], self.a[l - 1], grad_a)
        return self.grad

    def loss_and_gradient(self, X, Y, dropout=None):
        """``forward``, ``cost`` and ``backward`` on one batch; returns the mean cost (a float)."""
        Y = np.asarray(Y, dtype=self.dtype)  # the cost and the gradient both use the targets in the network's dtype
        self.forward(self.check_data(X), dropout)
        cost = self.cost(Y)
        self.backward(Y)
        return cost

    # ------------------------------------------------------------------ inference
    def predict_proba(self, X, batch_size=10_000):
        """a[L] for every row of X, computed in chunks of ``batch_size`` rows; shape (m, n_L)."""
        X = self.check_data(X)
        batch_size = positive_int(batch_size, "batch_size")
        out = np.empty((X.shape[0], self.sizes[-1]), dtype=self.dtype)
        for start in range(0, X.shape[0], batch_size):
            out[start : start + batch_size] = self.forward(X[start : start + batch_size])
        self._forget()
        return out

    def predict(self, X, batch_size=10_000):
        """Predicted class of each row: argmax_j a^L_j; shape (m,)."""
        return self.predict_proba(X, batch_size).argmax(axis=1)

    def evaluate(self, X, y, batch_size=10_000, *, checked=False):
        """(mean cost, accuracy) on X and its integer labels y of shape (m,), in chunks of ``batch_size`` rows.

        ``checked=True`` skips ``check_labelled``: X and y are what it returned (``fit`` checks its data once).
        """
        if not checked:
            X, y = self.check_labelled(X, y)
        batch_size = positive_int(batch_size, "batch_size")
        Y = one_hot(y, self.sizes[-1], dtype=self.dtype)  # (m, n_L)
        total_cost, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            chunk = slice(start, start + batch_size)
            aL = self.forward(X[chunk])
            total_cost += self.cost(Y[chunk]) * len(aL)
            correct += int(np.count_nonzero(aL.argmax(axis=1) == y[chunk]))
        self._forget()
        return total_cost / len(X), correct / len(X)

    def accuracy(self, X, y):
        """Fraction of the rows of X whose predicted class is their label y."""
        X, y = self.check_labelled(X, y)
        return float(np.mean(self.predict(X) == y))

    def check_labelled(self, X, y, which=None):
        """``check_data(X)`` and integer labels y of shape (m,), one per row of X, or a ValueError naming the fault.

        ``which`` names the data set in the messages: ``check_labelled(X, y, "validation")`` speaks of
        "X (validation)" and "y (validation)".
        """
        X_name, y_name = ("X", "y") if which is None else (f"X ({which})", f"y ({which})")
        X = self.check_data(X, name=X_name)
        y = check_labels(y, self.sizes[-1], name=y_name)
        if len(y) != len(X):
            raise ValueError(f"{X_name} has {len(X)} rows but {y_name} has {len(y)} labels")
        if len(X) == 0:
            raise ValueError(f"{X_name} and {y_name} are empty: there is nothing to learn from or evaluate")
        return X, y

    def _after_forward(self, what):
        """A RuntimeError unless a training-style ``forward`` has filled z and a (``what`` reads them)."""
        if self.a[self.L] is None:
            raise RuntimeError(
                f"{what} needs the z[l] and a[l] of a batch: call net.forward(X_batch) first, then "
                f"net.cost(Y_batch) and net.backward(Y_batch) (predict and evaluate keep no batch)"
            )

    def _forget(self):
        """Drop the last batch's z, a and masks (inference keeps no large arrays alive)."""
        self.z = [None] * (self.L + 1)
        self.a = [None] * (self.L + 1)
        self.mask = [None] * self.L

    def __repr__(self):
        named = [(f.name, getattr(self.settings, f.name)) for f in fields(NetworkSettings)[1:-1]]  # hidden .. init
        settings = [f"{name}={getattr(value, 'name', value)!r}" for name, value in named]
        return f"Network({self.sizes}, {', '.join(settings)}, dtype={self.dtype.name})"
