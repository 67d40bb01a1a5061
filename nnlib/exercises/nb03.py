r"""Checks of notebook 03's exercises (gradient descent and its optimizers).

* Exercise 3.1, ``check_momentum_step(momentum_step, gradient)``: one step of SGD with
  momentum, ``momentum_step(theta, g, v, eta, mu)`` returning the new ``(theta, v)``, in nnlib's
  notation: v <- mu v - eta g, theta <- theta + v.
* Exercise 3.2, ``check_adam_step(adam_step, gradient)``: one step of Adam at step number t,
  ``adam_step(theta, g, m, v, t, eta, beta1, beta2, eps)`` returning the new ``(theta, m, v)``, with
  bias correction (Kingma & Ba, Algorithm 1).

Each check does two things, in this order:

1. one step from a state it makes up (a velocity, or moments, that are not zero, and gradients of
   different sizes and both signs for momentum, positive ones for Adam, so that a v updated with g
   instead of g^2 stays positive and can be named): the new theta first, then the new state, each
   compared with what ``nnlib.optimizers.SGD``/``Adam`` compute from the same state, and with the
   typical mistakes;
2. several steps on the notebook's cost surface from ``START`` (``gradient(theta)`` is the
   notebook's gradient of the cost), the student's function carrying its own state from step to
   step, compared with the path of ``nnlib.optimizers``.

The wrong variants below restate the update rules with one mistake each; the right answer is always
nnlib's own optimizer.
"""

from __future__ import annotations

import numpy as np

from ..optimizers import SGD, Adam
from . import attempt, compare, correct, wrong

TOL = 1e-7
STEPS = 8  # steps of part 2, on the cost surface
ETA, MU = 0.05, 0.9  # the settings of both parts of the momentum check
ADAM_ETA, BETA1, BETA2, EPS = 0.1, 0.9, 0.999, 1e-8
T_MADE_UP = 3  # the step number t of Adam's made-up state in part 1
START = (-1.0, -1.0)  # where part 2 starts on the cost surface: (w, b), the notebook's default start


def _made_up_state():
    """A theta, a gradient of mixed signs and sizes, and a velocity/moments that are not zero."""
    rng = np.random.default_rng(3)
    theta = rng.normal(size=5)
    g = np.array([0.8, -2.5, 0.05, 1.7, -0.3])
    v = rng.normal(scale=0.4, size=5)
    return theta, g, v


def _as_pair(result, names, n):
    """The student's result as a tuple of ``n`` arrays, or a Verdict naming what it returned instead."""
    if result is None:
        return None, wrong(f"your function returned None: does it end with `return {names}`?")
    if not isinstance(result, (tuple, list)) or len(result) != n:
        return None, wrong(f"your function should return the tuple ({names}), got {type(result).__name__}.")
    return tuple(np.array(r, dtype=np.float64, copy=True) for r in result), None


# ---------------------------------------------------------------- Exercise 3.1
def _sgd_reference(theta, g, v, eta, mu):
    """nnlib.SGD's step from the state (theta, v): the new (theta, v)."""
    optimizer = SGD(lr=eta, momentum=mu)
    theta = np.array(theta, dtype=np.float64)
    optimizer.v = np.array(v, dtype=np.float64)
    optimizer.step(theta, np.asarray(g, dtype=np.float64))
    return theta, optimizer.v.copy()


def _momentum_mistakes(theta, g, v, eta, mu):
    """The new theta of each typical mistake, by the message that names it."""
    return {
        "your velocity goes uphill, v <- mu v + eta g with theta <- theta + v: the step must be -eta g, downhill": theta
        + mu * v
        + eta * g,
        "you use the opposite convention, v <- mu v + eta g and theta <- theta - v: in this notebook (and in "
        "nnlib) v points downhill, v <- mu v - eta g and theta <- theta + v": theta - mu * v - eta * g,
        "it ignores the velocity's previous value (v <- -eta g is plain gradient descent): v must carry "
        "mu v from the step before": theta - eta * g,
        "you moved theta with the old velocity, before updating v: update v first, then theta <- theta + v": theta + v,
        "you have the running-mean form v <- mu v - (1 - mu) eta g: the heavy ball's velocity has no (1 - mu)": theta
        + mu * v
        - (1 - mu) * eta * g,
        "you swapped eta and mu (v <- eta v - mu g)": theta + eta * v - mu * g,
        "you put eta outside the velocity (v <- mu v - g, theta <- theta + eta v): here eta is inside, "
        "v <- mu v - eta g": theta + eta * (mu * v - g),
    }


def check_momentum_step(momentum_step, gradient):
    """Exercise 3.1: ``momentum_step(theta, g, v, eta, mu)`` returns the new ``(theta, v)``."""
    theta, g, v = _made_up_state()
    result, failed = attempt(momentum_step, theta.copy(), g.copy(), v.copy(), ETA, MU)
    if failed is not None:
        return failed
    pair, failed = _as_pair(result, "theta, v", 2)
    if failed is not None:
        return failed
    new_theta, new_v = pair
    right_theta, right_v = _sgd_reference(theta, g, v, ETA, MU)
    verdict = compare(new_theta, right_theta, "your new theta", TOL, _momentum_mistakes(theta, g, v, ETA, MU))
    if not verdict:
        return verdict
    verdict = compare(
        new_v,
        right_v,
        "your new v",
        TOL,
        {
            "you returned the velocity you were given: return the new one": v,
            "it has the opposite sign of nnlib's (theta is right): in the notebook's notation v <- mu v - eta g "
            "and theta <- theta + v": -right_v,
            "it is 1/eta times nnlib's (theta is right): here eta is inside the velocity, v <- mu v - eta g": right_v
            / ETA,
        },
    )
    if not verdict:
        return verdict
    return _path_verdict(momentum_step, gradient, "momentum")


# ---------------------------------------------------------------- Exercise 3.2
def _adam_reference(theta, g, m, v, t, eta):
    """nnlib.Adam's step number t from the state (theta, m, v): the new (theta, m, v)."""
    optimizer = Adam(lr=eta, beta1=BETA1, beta2=BETA2, eps=EPS)
    theta = np.array(theta, dtype=np.float64)
    optimizer.m, optimizer.v, optimizer.t = np.array(m, dtype=np.float64), np.array(v, dtype=np.float64), t - 1
    optimizer.step(theta, np.asarray(g, dtype=np.float64))
    return theta, optimizer.m.copy(), optimizer.v.copy()


def _adam_state():
    """A made-up state at step T_MADE_UP: positive gradients of different sizes, moments that are not zero."""
    theta, _, _ = _made_up_state()
    g = np.array([0.8, 2.5, 0.05, 1.7, 0.3])
    m = np.array([0.3, 0.9, -0.02, 0.4, 0.2])
    v = np.array([0.2, 1.5, 0.004, 0.9, 0.05])
    return theta, g, m, v


def _adam_mistakes(theta, g, m, v, t, eta):
    """The new theta of each typical mistake, by the message that names it."""
    b1, b2 = BETA1, BETA2
    m_new, v_new = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
    m_hat, v_hat = m_new / (1 - b1**t), v_new / (1 - b2**t)

    def step(m_used, v_used):
        return theta - eta * m_used / (np.sqrt(v_used) + EPS)

    v_with_g = b2 * v + (1 - b2) * g
    return {
        "there is no bias correction: divide m by (1 - beta1^t) and v by (1 - beta2^t) before the step": step(
            m_new, v_new
        ),
        "only m is bias-corrected: v_hat = v / (1 - beta2^t) too": step(m_hat, v_new),
        "only v is bias-corrected: m_hat = m / (1 - beta1^t) too": step(m_new, v_hat),
        "v is updated with g instead of g^2: v is the running mean of the squared gradient": step(
            m_hat, v_with_g / (1 - b2**t)
        ),
        "it has the wrong sign: theta <- theta - eta m_hat / (sqrt(v_hat) + eps), downhill": 2 * theta
        - step(m_hat, v_hat),
        "the square root is missing: the step divides by sqrt(v_hat) + eps": theta - eta * m_hat / (v_hat + EPS),
        "m and v ignore their previous values (as if they started at 0 at every step): m <- beta1 m + "
        "(1 - beta1) g carries m from the step before, and so does v": step(
            (1 - b1) * g / (1 - b1**t), (1 - b2) * g**2 / (1 - b2**t)
        ),
        "beta and 1 - beta are swapped in the running means: m <- beta1 m + (1 - beta1) g": step(
            ((1 - b1) * m + b1 * g) / (1 - b1**t), ((1 - b2) * v + b2 * g**2) / (1 - b2**t)
        ),
        f"the bias correction uses t + 1: t is this step's number ({t} here), so use beta^t as it is": step(
            m_new / (1 - b1 ** (t + 1)), v_new / (1 - b2 ** (t + 1))
        ),
    }


def _moment_mistakes(old, new, corrected, g, beta, which):
    square = "g^2" if which == "v" else "g"
    mistakes = {
        f"you returned the {which} you were given: return the new one": old,
        f"you returned the bias-corrected {which}_hat: keep {which} itself (the correction is only for the step)": (
            corrected
        ),
        f"beta and 1 - beta are swapped: {which} <- beta {which} + (1 - beta) {square}": (1 - beta) * old
        + beta * (g**2 if which == "v" else g),
        f"it ignores its previous value: {which} <- beta {which} + (1 - beta) {square} carries it from the step "
        f"before": (1 - beta) * (g**2 if which == "v" else g),
    }
    if which == "v":
        mistakes["v is updated with g instead of g^2: v is the running mean of the squared gradient"] = (
            beta * old + (1 - beta) * g
        )
    return mistakes


def check_adam_step(adam_step, gradient):
    """Exercise 3.2: ``adam_step(theta, g, m, v, t, eta, beta1, beta2, eps)`` returns the new ``(theta, m, v)``."""
    theta, g, m, v = _adam_state()
    t = T_MADE_UP
    result, failed = attempt(adam_step, theta.copy(), g.copy(), m.copy(), v.copy(), t, ADAM_ETA, BETA1, BETA2, EPS)
    if failed is not None:
        return failed
    triple, failed = _as_pair(result, "theta, m, v", 3)
    if failed is not None:
        return failed
    new_theta, new_m, new_v = triple
    right_theta, right_m, right_v = _adam_reference(theta, g, m, v, t, ADAM_ETA)
    verdict = compare(new_theta, right_theta, "your new theta", TOL, _adam_mistakes(theta, g, m, v, t, ADAM_ETA))
    if not verdict:
        return verdict
    for name, answer, right, old, beta in [("m", new_m, right_m, m, BETA1), ("v", new_v, right_v, v, BETA2)]:
        corrected = right / (1 - beta**t)
        mistakes = _moment_mistakes(old, right, corrected, g, beta, name)
        verdict = compare(answer, right, f"your new {name}", TOL, mistakes)
        if not verdict:
            return verdict
    return _path_verdict(adam_step, gradient, "adam")


# ---------------------------------------------------------------- both: several steps on the cost surface
def _path_verdict(step, gradient, which):
    """The student's ``step`` for STEPS steps from START on the notebook's surface, against nnlib's path."""
    theta = np.array(START, dtype=np.float64)
    optimizer = SGD(lr=ETA, momentum=MU) if which == "momentum" else Adam(ADAM_ETA, BETA1, BETA2, EPS)
    reference, path, right_path = theta.copy(), [], []
    state = (np.zeros_like(theta),) if which == "momentum" else (np.zeros_like(theta), np.zeros_like(theta))
    for t in range(1, STEPS + 1):
        optimizer.step(reference, gradient(reference))
        right_path.append(reference.copy())
        g = gradient(theta)
        if which == "momentum":
            result, failed = attempt(step, theta.copy(), g, state[0].copy(), ETA, MU)
        else:
            result, failed = attempt(
                step, theta.copy(), g, state[0].copy(), state[1].copy(), t, ADAM_ETA, BETA1, BETA2, EPS
            )
        if failed is not None:
            return failed
        names = "theta, v" if which == "momentum" else "theta, m, v"
        unpacked, failed = _as_pair(result, names, 1 + len(state))
        if failed is not None:
            return failed
        theta, state = unpacked[0], unpacked[1:]
        path.append(theta.copy())
    verdict = compare(np.array(path), np.array(right_path), f"your path over {STEPS} steps on the cost surface", TOL)
    if not verdict:
        return verdict
    rule = "SGD with momentum" if which == "momentum" else "Adam"
    return correct(f"your one step from a made-up state, then your {STEPS}-step path on the cost surface ({rule})", TOL)
