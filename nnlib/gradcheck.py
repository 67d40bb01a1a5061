r"""Gradient checking with central differences.

For each parameter theta_i,

    dC/dtheta_i ~ (C(theta + h e_i) - C(theta - h e_i)) / (2 h),

with a truncation error of O(h^2) and a rounding error of about eps * |C| / h (eps = 2.2e-16).
The default h = 1e-5 balances the two in float64 (the optimum is near eps^(1/3) ~ 6e-6 times
the scale of theta); h = 1e-6 leaves relative errors near 1e-7 on small gradients.

The report compares, per parameter array P (``W[1]``, ``b[1]``, ...), the analytic gradient
g (from backpropagation) with the numerical one n by the relative error

    ||g - n|| / max(||g|| + ||n||, tiny)

which is ~1e-8 or smaller in float64 when backpropagation is right and ~1e-2 to 1 when a factor
is missing.  Near a ReLU kink (|z| < h |a|) the numerical gradient is wrong, not backpropagation.
"""

from __future__ import annotations

import numpy as np


def numerical_gradient(f, theta, h=1e-5):
    """Central-difference gradient of the scalar function ``f()`` w.r.t. the array ``theta``.

    ``theta`` is perturbed in place, one entry at a time, and restored.  Each entry is indexed in
    ``theta`` itself (``theta[i, j]``), so any view works, e.g. ``W[1].T`` or ``W[1][:, :3]``: ``f``
    sees every perturbation, whatever the array's layout in memory.
    """
    if not isinstance(theta, np.ndarray) or not theta.flags.writeable:
        raise ValueError("theta must be a writeable NumPy array (the parameters that f() reads), perturbed in place")
    grad = np.zeros(theta.shape, dtype=np.float64)
    for i in np.ndindex(theta.shape):  # every index tuple (i_0, i_1, ...) of theta, in C order
        old = theta[i]
        theta[i] = old + h
        c_plus = f()
        theta[i] = old - h
        c_minus = f()
        theta[i] = old
        grad[i] = (c_plus - c_minus) / (2 * h)
    return grad


def relative_error(g, n):
    g, n = np.asarray(g, dtype=np.float64), np.asarray(n, dtype=np.float64)
    return float(np.linalg.norm(g - n) / max(np.linalg.norm(g) + np.linalg.norm(n), 1e-300))


def gradient_check(net, X, Y, h=1e-5):
    """Compare backpropagation with central differences on the batch (X, Y), without dropout.

    Returns ``{name: relative error}`` for every parameter array ('W[1]', 'b[1]', ...).
    """
    X, Y = net.check_data(X), np.asarray(Y, dtype=net.dtype)

    def cost():
        net.forward(X)
        return net.cost(Y)

    net.loss_and_gradient(X, Y)
    analytic_W, analytic_b = net.views(net.grad.copy())
    numeric_W, numeric_b = net.views(numerical_gradient(cost, net.theta, h))
    report = {}
    for l in range(1, net.L + 1):
        report[f"W[{l}]"] = relative_error(analytic_W[l], numeric_W[l])
        report[f"b[{l}]"] = relative_error(analytic_b[l], numeric_b[l])
    return report


def format_report(report, tolerance=1e-7):
    """One line per parameter: name, relative error, and whether it is below ``tolerance``."""
    lines = [f"{'parameter':<10}{'relative error':>16}   < {tolerance:g}"]
    for name, err in report.items():
        lines.append(f"{name:<10}{err:>16.2e}   {err < tolerance}")
    return "\n".join(lines)
