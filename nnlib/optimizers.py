r"""Optimizers: plain objects that update the parameters in place from their gradient.

``step(theta, grad, lr=None)`` moves the flat parameter vector ``theta`` (``net.theta``) using its
gradient ``grad`` (``net.grad``, same shape), with the learning rate ``lr`` (default: the one the
optimizer was made with; ``fit`` passes a schedule's rate here).  An optimizer that keeps state
(momentum's velocity, Adam's moments and step count) allocates it at its first step and starts it
afresh with ``reset()``; ``fit`` resets it at the start of every call unless told to continue.

SGD (eta the learning rate, g the gradient)::

    theta <- theta - eta g

SGD with momentum mu (Polyak's heavy ball, as in CS231n's notes)::

    v     <- mu v - eta g
    theta <- theta + v

Adam (Kingma & Ba 2015, Algorithm 1), at step t = 1, 2, ...::

    m     <- beta1 m + (1 - beta1) g          (first moment: a running mean of g)
    v     <- beta2 v + (1 - beta2) g^2        (second moment: a running mean of g^2)
    m_hat  = m / (1 - beta1^t)                (bias corrections: m and v start at 0)
    v_hat  = v / (1 - beta2^t)
    theta <- theta - eta m_hat / (sqrt(v_hat) + eps)

To build an optimizer from settings (a recipe, a table of experiments), use
``make_optimizer(name, **settings)``: ``make_optimizer("adam", lr=0.01)`` is ``Adam(lr=0.01)``.

Each update is written in place: ``theta -= ...`` and numpy's ``out=`` put every intermediate result
into one scratch array ``buf`` the size of theta.  Written with temporaries instead (``m = b1 * m +
(1 - b1) * g``), each line allocates arrays as large as theta (7.6 MB for the best network of the
course), and allocating them costs more than the arithmetic: Adam's step on the course's Adam model
takes 2.1 ms that way and 0.5 ms in place (benchmarks/README.md).
"""

from __future__ import annotations

import numpy as np

from .checks import fraction, positive_number


class Optimizer:
    def __init__(self, lr):
        self.lr = positive_number(lr, "learning rate")
        self.buf = None  # scratch space for the update, the size of theta

    def reset(self):
        """Forget the state of earlier steps (plain SGD has none)."""

    def _scratch(self, theta):
        """The scratch array ``buf``, (re)allocated for theta's shape and dtype."""
        if self.buf is None or self.buf.shape != theta.shape or self.buf.dtype != theta.dtype:
            self.buf = np.empty_like(theta)
        return self.buf

    def step(self, theta, grad, lr=None):
        raise NotImplementedError


class SGD(Optimizer):
    """Mini-batch stochastic gradient descent, optionally with momentum mu in [0, 1)."""

    def __init__(self, lr=0.1, momentum=0.0):
        super().__init__(lr)
        self.momentum = fraction(momentum, "momentum")
        self.v = None  # the velocity, one entry per parameter

    def reset(self):
        self.v = None

    def step(self, theta, grad, lr=None):
        lr = self.lr if lr is None else lr
        eta_g = np.multiply(grad, lr, out=self._scratch(theta))  # eta g
        if not self.momentum:
            theta -= eta_g  # theta <- theta - eta g
            return
        if self.v is None or self.v.shape != theta.shape:
            self.v = np.zeros_like(theta)
        self.v *= self.momentum  # v <- mu v - eta g
        self.v -= eta_g
        theta += self.v  # theta <- theta + v

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum})"


class Adam(Optimizer):
    """Adam with bias correction; the defaults are the paper's."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = fraction(beta1, "beta1")
        self.beta2 = fraction(beta2, "beta2")
        self.eps = positive_number(eps, "eps")
        self.reset()

    def reset(self):
        self.t = 0
        self.m = self.v = None

    def step(self, theta, grad, lr=None):
        lr = self.lr if lr is None else lr
        b1, b2 = self.beta1, self.beta2
        if self.m is None or self.m.shape != theta.shape:
            self.m, self.v = np.zeros_like(theta), np.zeros_like(theta)
        buf = self._scratch(theta)
        self.t += 1
        t = self.t
        self.m *= b1  # m <- beta1 m + (1 - beta1) g
        self.m += np.multiply(grad, 1 - b1, out=buf)
        self.v *= b2  # v <- beta2 v + (1 - beta2) g^2
        self.v += np.multiply(np.square(grad, out=buf), 1 - b2, out=buf)
        v_hat = np.divide(self.v, 1 - b2**t, out=buf)  # v_hat = v / (1 - beta2^t)
        denominator = np.add(np.sqrt(v_hat, out=buf), self.eps, out=buf)  # sqrt(v_hat) + eps
        ratio = np.divide(self.m, denominator, out=buf)  # m / (sqrt(v_hat) + eps)
        theta -= np.multiply(ratio, lr / (1 - b1**t), out=buf)  # theta <- theta - eta m_hat / (sqrt(v_hat) + eps)

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def make_optimizer(name, **settings):
    """A new optimizer from its name ('sgd' or 'adam') and its settings, e.g. ``make_optimizer("sgd", lr=0.1,
    momentum=0.9)``."""
    key = name.lower() if isinstance(name, str) else None
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; valid names are: {', '.join(OPTIMIZERS)}")
    try:
        return OPTIMIZERS[key](**settings)
    except TypeError as err:  # a setting the optimizer does not have, e.g. momentum for Adam
        raise ValueError(f"{key}: {err}") from None
