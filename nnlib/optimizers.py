r"""Optimizers: plain objects that update parameters in place from their gradients.

``step(theta, grad, decay=slice(None))`` updates the array ``theta`` from ``grad`` (same
shape).  ``decay`` selects the part of ``theta`` that L2 weight decay applies to: the
network passes ``net.weight_slice`` so that biases are not decayed.  Weight decay lambda
adds lambda * theta to the gradient, i.e. it minimises C + (lambda/2) ||W||^2.

SGD with momentum mu (Polyak's heavy ball, as in CS231n)::

    v     <- mu v - eta g
    theta <- theta + v

Adam (Kingma & Ba 2014), with g the gradient at step t = 1, 2, ...::

    m     <- beta1 m + (1 - beta1) g
    v     <- beta2 v + (1 - beta2) g^2
    theta <- theta - eta * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)

(``Adam`` stores m / (1 - beta1) and v / (1 - beta2), which needs fewer passes; see ``Adam.step``.)

Both are written with preallocated buffers and in-place operations: one update of a
whole network is a handful of passes over one flat vector.
"""
from __future__ import annotations

import math

import numpy as np


def _positive(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _in_unit_interval(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def _non_negative(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


class Optimizer:
    def __init__(self, lr, weight_decay=0.0):
        self.lr = _positive(lr, "learning rate")
        self.weight_decay = _non_negative(weight_decay, "weight_decay")
        self._buf = None   # scratch space for the update
        self._g = None     # gradient plus weight decay

    def _buffer(self, theta):
        if self._buf is None or self._buf.shape != theta.shape or self._buf.dtype != theta.dtype:
            self._buf = np.empty_like(theta)
            self.reset_state(theta)
        return self._buf

    def reset_state(self, theta):
        pass

    def _gradient(self, theta, grad, decay):
        """g = grad + lambda * theta on the decayed part; returns grad itself without decay."""
        if not self.weight_decay:
            return grad
        if self._g is None or self._g.shape != grad.shape or self._g.dtype != grad.dtype:
            self._g = np.empty_like(grad)
        g = self._g
        np.copyto(g, grad)
        g[decay] += self.weight_decay * theta[decay]
        return g


class SGD(Optimizer):
    """Mini-batch stochastic gradient descent, optionally with momentum and L2 weight decay."""

    def __init__(self, lr=0.1, momentum=0.0, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.momentum = _in_unit_interval(momentum, "momentum")
        self.v = None

    def reset_state(self, theta):
        self.v = np.zeros_like(theta)

    def step(self, theta, grad, decay=slice(None)):
        buf = self._buffer(theta)
        g = self._gradient(theta, grad, decay)
        if self.momentum:
            self.v *= self.momentum            # v <- mu v - eta g
            np.multiply(g, self.lr, out=buf)
            self.v -= buf
            theta += self.v                    # theta <- theta + v
        else:
            np.multiply(g, self.lr, out=buf)   # theta <- theta - eta g
            theta -= buf

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum}, weight_decay={self.weight_decay})"


class Adam(Optimizer):
    """Adam with bias correction; the defaults are the paper's."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.beta1 = _in_unit_interval(beta1, "beta1")
        self.beta2 = _in_unit_interval(beta2, "beta2")
        self.eps = _positive(eps, "eps")
        self.t = 0
        self.m = self.v = None

    def reset_state(self, theta):
        self.m = np.zeros_like(theta)
        self.v = np.zeros_like(theta)
        self.t = 0

    def step(self, theta, grad, decay=slice(None)):
        buf = self._buffer(theta)
        g = self._gradient(theta, grad, decay)
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # The moments are stored divided by (1 - b1) and (1 - b2), which saves two passes per
        # step: m~ = m / (1 - b1) follows m~ <- b1 m~ + g, and v~ = v / (1 - b2) follows
        # v~ <- b2 v~ + g^2.  The constants return in the two scalars of the update below.
        self.m *= b1                                  # m~ <- b1 m~ + g
        self.m += g
        self.v *= b2                                  # v~ <- b2 v~ + g^2
        np.multiply(g, g, out=buf)
        self.v += buf
        # m_hat / (sqrt(v_hat) + eps) with m_hat = (1 - b1) m~ / (1 - b1^t), v_hat = (1 - b2) v~ / (1 - b2^t)
        #   = step_size * m~ / (sqrt(v~) + eps / s),  s = sqrt((1 - b2) / (1 - b2^t)),
        #   step_size = lr (1 - b1) / ((1 - b1^t) s): the bias corrections become two scalars.
        s = math.sqrt((1.0 - b2) / (1.0 - b2 ** self.t))
        step_size = self.lr * (1.0 - b1) / ((1.0 - b1 ** self.t) * s)
        np.sqrt(self.v, out=buf)
        buf += self.eps / s
        np.divide(self.m, buf, out=buf)
        buf *= step_size
        theta -= buf

    def __repr__(self):
        return (f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps}, "
                f"weight_decay={self.weight_decay})")


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def get_optimizer(name_or_obj, **kwargs):
    if isinstance(name_or_obj, Optimizer):
        return name_or_obj
    if isinstance(name_or_obj, str) and name_or_obj.lower() in OPTIMIZERS:
        return OPTIMIZERS[name_or_obj.lower()](**kwargs)
    raise ValueError(f"unknown optimizer {name_or_obj!r}; valid names are: {', '.join(OPTIMIZERS)}")
