r"""Checks of notebook 07's exercises (hyperparameters and diagnostics).

* Exercise 7.1, ``check_momentum_rates(momentum_rates)``: how far SGD with momentum moves per step once its
  velocity has settled, when the gradient is the same at every step (``steady``, eta / (1 - mu)) and when it flips
  sign from one step to the next (``flipping``, eta / (1 + mu)).
* Exercise 7.3, ``check_leaky_relu_std(leaky_relu_std)``: the standard deviation of the initial weights that keeps
  the variance of z the same from one leaky ReLU layer to the next, sqrt(2 / ((1 + alpha^2) n_in)).

(Question 7.2 is a written question.)  Each check makes its own inputs, compares the answer with nnlib
(``nnlib.optimizers.SGD`` run step by step, ``nnlib.initializers.VARIANCE``) or with the formula, and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import numpy as np

from ..initializers import VARIANCE
from ..optimizers import SGD
from . import Verdict, attempt, compare, wrong

# ---------------------------------------------------------------- Exercise 7.1
#: (eta, mu) of the cases the check asks about
MOMENTUM_CASES = [(0.1, 0.9), (0.01, 0.5), (0.3, 0.0)]


def settled_step(lr, mu, flipping, steps=2000):
    """|theta_n - theta_(n-1)| after ``steps`` steps of nnlib's SGD with momentum on one parameter whose gradient
    is 1 at every step, or +1, -1, +1, ... when ``flipping``: the step size once the velocity has settled."""
    optimizer = SGD(lr=lr, momentum=mu)
    theta = np.zeros(1)
    before = theta.copy()
    for k in range(steps):
        before[:] = theta
        optimizer.step(theta, np.array([(-1.0) ** k if flipping else 1.0]))
    return float(abs(theta[0] - before[0]))


def momentum_rates_reference(lr, mu):
    """(eta / (1 - mu), eta / (1 + mu)): v = mu v - eta g settles where v = -eta g / (1 - mu) for a steady g, and
    at |v| = eta / (1 + mu) for a g that flips sign at every step (v = -mu v - eta g when v and g alternate)."""
    return lr / (1 - mu), lr / (1 + mu)


def _rate_mistakes(lr, mu, part):
    """{description: the value that mistake gives} for the steady (part 0) or the flipping (part 1) rate."""
    steady, flipping = momentum_rates_reference(lr, mu)
    mistakes = {}
    if part == 0:
        if mu:
            mistakes["that is eta, plain SGD's step: along a steady gradient the velocity adds up the past steps"] = lr
            mistakes[
                "that is eta mu / (1 - mu): the sum of the velocity's terms starts with the current step, "
                "eta + eta mu + eta mu^2 + ... = eta / (1 - mu)"
            ] = lr * mu / (1 - mu)
            mistakes["that is eta (1 - mu); the velocity grows the step: eta / (1 - mu)"] = lr * (1 - mu)
            mistakes["that is the flipping rate, eta / (1 + mu)"] = flipping
    else:
        if mu:
            mistakes[
                "that is the steady rate: when the gradient flips, the old velocity points the other way and cancels "
                "part of the new step; write v_k = (-1)^k c and solve v = mu v - eta g for c"
            ] = steady
            mistakes[
                "that is eta, plain SGD's step: the velocity keeps part of the last step, which points the other way"
            ] = lr
            mistakes["that is eta (1 - mu); solve c = mu (-c) - eta ... for the size |c| of the settled step"] = lr * (
                1 - mu
            )
        mistakes[
            "the steps' mean is 0 (the parameter goes back and forth), but the exercise asks for the size of "
            "one step, |v|, which is not"
        ] = 0.0
    return mistakes


def check_momentum_rates(momentum_rates):
    """Exercise 7.1: ``momentum_rates(lr, mu)`` returns ``(steady, flipping)``, the size of SGD-with-momentum's
    settled step for a gradient 1 at every step and for a gradient that flips between +1 and -1."""
    for lr, mu in MOMENTUM_CASES:
        answer, failed = attempt(momentum_rates, lr, mu)
        if failed is not None:
            return failed
        if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
            return wrong(
                f"return two numbers, `return steady, flipping`; for eta = {lr}, mu = {mu} you returned "
                f"{type(answer).__name__}."
            )
        for part, name, flipping in ((0, "steady", False), (1, "flipping", True)):
            if np.ndim(answer[part]) != 0:
                return wrong(f"your {name} rate has shape {np.shape(answer[part])}: return one number.")
            value = float(answer[part])
            expected = settled_step(lr, mu, flipping)
            what = f"your {name} rate for eta = {lr}, mu = {mu}"
            if value < 0 and np.isclose(-value, expected, rtol=1e-6):
                return wrong(
                    f"{what} is {value:.4g}, negative: the step goes against the gradient, but the exercise asks "
                    f"for its size, a positive number."
                )
            verdict = compare(value, expected, what, tol=1e-6, mistakes=_rate_mistakes(lr, mu, part))
            if not verdict:
                return verdict
    return Verdict(
        True,
        "correct: the settled step is eta / (1 - mu) along a steady gradient and eta / (1 + mu) along one that "
        "flips, as nnlib's SGD with momentum gives when run step by step: with mu = 0.9, ten times eta, and about "
        "half of eta.",
    )


# ---------------------------------------------------------------- Exercise 7.3
#: (n_in, alpha) of the layers the check asks about
LEAKY_CASES = [(256, 0.2), (100, 0.5), (784, 0.0), (64, 1.0)]


def leaky_relu_std_reference(n_in, alpha):
    """sqrt(2 / ((1 + alpha^2) n_in)): a leaky ReLU keeps E[a^2] = (1 + alpha^2) / 2 Var(z) of a symmetric z, so
    Var(w) n_in (1 + alpha^2) / 2 = 1 keeps Var(z) from layer to layer.  alpha = 0 is He's, alpha = 1 LeCun's."""
    return float(np.sqrt(2 / ((1 + alpha**2) * n_in)))


def leaky_relu_std_mistakes(n_in, alpha):
    """{description: the value that mistake gives} for one layer."""
    right = leaky_relu_std_reference(n_in, alpha)
    mistakes = {
        "you returned the variance; the standard deviation is its square root": right**2,
        "that is sqrt(2 / ((1 + alpha) n_in)): the negative half contributes E[(alpha z)^2] = alpha^2 E[z^2], "
        "so alpha enters squared": np.sqrt(2 / ((1 + alpha) * n_in)),
        "that is sqrt((1 + alpha^2) / (2 n_in)): the factor (1 + alpha^2) / 2 by which the layer scales the "
        "variance must be divided out, not multiplied in": np.sqrt((1 + alpha**2) / (2 * n_in)),
    }
    if alpha not in (0.0, 1.0):
        mistakes[
            "that is He's sqrt(2 / n_in), right for alpha = 0 only: a leaky ReLU keeps more than half of E[z^2]"
        ] = float(np.sqrt(VARIANCE["he"](n_in, n_in)))
        mistakes["that is LeCun's sqrt(1 / n_in), right for alpha = 1 only (a linear unit)"] = float(
            np.sqrt(VARIANCE["lecun"](n_in, n_in))
        )
    return mistakes


def check_leaky_relu_std(leaky_relu_std):
    """Exercise 7.3: ``leaky_relu_std(n_in, alpha)`` returns the standard deviation (a float) of the initial weights
    of a leaky ReLU layer with n_in inputs that keeps Var(z) the same from layer to layer."""
    for n_in, alpha in LEAKY_CASES:
        answer, failed = attempt(leaky_relu_std, n_in, alpha)
        if failed is not None:
            return failed
        what = f"your std for n_in = {n_in}, alpha = {alpha}"
        if answer is None:
            return wrong(f"{what} is None: does your function end with `return ...`?")
        if np.ndim(answer) != 0:
            return wrong(f"{what} has shape {np.shape(answer)}: return one number, the standard deviation.")
        verdict = compare(
            answer,
            leaky_relu_std_reference(n_in, alpha),
            what,
            tol=1e-9,
            mistakes=leaky_relu_std_mistakes(n_in, alpha),
        )
        if not verdict:
            return verdict
    return Verdict(
        True,
        "correct: Var(w) = 2 / ((1 + alpha^2) n_in), which is He's scheme at alpha = 0 and LeCun's at alpha = 1 "
        "(a linear unit), as He et al. (2015) derive it for their parametric ReLU.",
    )


__all__ = [
    "LEAKY_CASES",
    "MOMENTUM_CASES",
    "check_leaky_relu_std",
    "check_momentum_rates",
    "leaky_relu_std_mistakes",
    "leaky_relu_std_reference",
    "momentum_rates_reference",
    "settled_step",
]
