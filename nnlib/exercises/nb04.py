r"""Checks of notebook 04's exercises (sigmoid + MSE on MNIST: the scale of z, saturation, the cost).

* Exercise 4.1, ``check_course_cost(course_cost)``: the course's quadratic cost C = (1/m) sum_x 1/2 ||a - y||^2,
  against the post's printed np.mean((y - a)**2).
* Exercise 4.3, ``check_predicted_std_z1(predicted_std_z1)``: the standard deviation of z^1_j, over the random
  initial weights, predicted from ||x|| for N(0, 1) and for LeCun initialisation.
* Exercise 4.4, ``check_saturated_share(saturated_share)``: the share of z ~ N(0, std^2) where sigma'(z) < eps.

(Exercises 4.2 and 4.5 are written answers.) Each check makes its own inputs, compares the answer with the formula
(and, for 4.3, with the spread of z^1 of real ``nnlib.Network`` draws), and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import sigmoid
from ..network import Network
from . import Verdict, attempt, compare, wrong


# ---------------------------------------------------------------- Exercise 4.3
def _inputs():
    """Five inputs of 784 pixels with very different norms: blank but for a few pixels, scaled, raw."""
    rng = np.random.default_rng(3)
    X = np.zeros((5, 784))
    X[0, :3] = [0.2, 0.5, 0.1]  # ||x|| about 0.55: the bias matters
    X[1, 100:140] = rng.random(40)  # pixels in [0, 1]
    X[2] = (rng.random(784) < 0.2) * rng.random(784)  # a digit-like image scaled to [0, 1]
    X[3] = 255 * X[2]  # the same image, raw 0-255 pixels
    X[4, 400:420] = 3.0
    return X


def predicted_std_z1_reference(X, init):
    """The reference: std(z^1_j) = sqrt(sigma_w^2 ||x||^2 + sigma_b^2) for each row x of X."""
    norms = np.linalg.norm(X, axis=1)
    if init == "normal":
        return np.sqrt(norms**2 + 1.0)  # w and b ~ N(0, 1)
    return norms / np.sqrt(X.shape[1])  # w ~ N(0, 1/n_0), b = 0


def _std_mistakes(X, init):
    norms = np.linalg.norm(X, axis=1)
    n0 = X.shape[1]
    if init == "normal":
        mistakes = {
            "you left out the bias: with b^1_j ~ N(0, 1) it adds 1 to the variance, std = sqrt(||x||^2 + 1)": norms,
            "you returned the variance ||x||^2 + 1; the standard deviation is its square root": norms**2 + 1,
        }
        summed = np.sqrt(X.sum(axis=1) ** 2 + 1)
        mistakes["you used the sum of the pixels, sum_k x_k, where the variance needs ||x||^2 = sum_k x_k^2"] = summed
        return mistakes
    return {
        "N(0, 1/n_0) has variance 1/n_0, so its standard deviation is 1/sqrt(n_0), not 1/n_0": norms / n0,
        "LeCun initialisation starts the biases at 0, so there is no + 1 for the bias": np.sqrt(norms**2 / n0 + 1),
        "you returned the variance ||x||^2 / n_0; the standard deviation is its square root": norms**2 / n0,
        "that is the N(0, 1) answer; with init='lecun' every weight has variance 1/n_0": np.sqrt(norms**2 + 1),
    }


def check_predicted_std_z1(predicted_std_z1):
    """Exercise 4.3: ``predicted_std_z1(X, init)`` returns, for each row x of X (m, n_0), the predicted
    standard deviation of z^1_j over the random initial weights, shape (m,), for init 'normal' or 'lecun'."""
    X = _inputs()
    for init in ("normal", "lecun"):
        answer, failed = attempt(predicted_std_z1, X.copy(), init)
        if failed is not None:
            return failed
        expected = predicted_std_z1_reference(X, init)
        if answer is not None and np.ndim(answer) == 0:
            return wrong(
                f"for init={init!r} you returned one number; the prediction depends on ||x||, so return one "
                f"standard deviation per row of X, shape ({len(X)},)."
            )
        verdict = compare(
            answer, expected, f"your std(z^1) for init={init!r}", tol=1e-6, mistakes=_std_mistakes(X, init)
        )
        if not verdict:
            return verdict
    # the formula against real draws: the spread of z^1 over 2000 units of random networks
    net = Network([784, 2000, 10], init="lecun", seed=1)
    measured = (X @ net.W[1].T + net.b[1]).std(axis=1)
    assert np.allclose(measured, predicted_std_z1_reference(X, "lecun"), rtol=0.1)
    return Verdict(
        True,
        "correct: std(z^1_j) = sqrt(||x||^2 + 1) for N(0, 1) weights and biases, and ||x|| / sqrt(n_0) for "
        "LeCun initialisation, on inputs of very different norms.",
    )


# ---------------------------------------------------------------- Exercise 4.4
def saturation_threshold_reference(eps):
    """The z > 0 with sigma'(z) = eps (0 < eps < 1/4), notebook 01's threshold.

    sigma'(z) = 1 / (4 cosh^2(z/2)), so z = 2 arccosh(1 / (2 sqrt(eps))).
    """
    return 2.0 * np.arccosh(1.0 / (2.0 * np.sqrt(eps)))


def saturated_share_reference(std, eps=0.01):
    """P(sigma'(z) < eps) for z ~ N(0, std^2): erfc(z_eps / (std sqrt 2)), elementwise over ``std``."""
    t = saturation_threshold_reference(eps) / (np.asarray(std, dtype=np.float64) * np.sqrt(2.0))
    return np.vectorize(math.erfc)(t)[()]  # a float for a number, an array for an array


# (std, eps) pairs: spreads from inside the responsive band to far outside it
SHARE_CASES = ((1.0, 0.01), (3.0, 0.01), (10.0, 0.01), (85.0, 0.01), (2.0, 0.1), (5.0, 1e-4))


def check_saturated_share(saturated_share):
    """Exercise 4.4: ``saturated_share(std, eps)`` returns the probability that sigma'(z) < eps for z ~ N(0, std^2)."""
    answers = []
    for std, eps in SHARE_CASES:
        answer, failed = attempt(saturated_share, std, eps)
        if failed is not None:
            return failed
        if answer is None:
            return wrong(f"saturated_share({std}, {eps}) returned None: does your function end with `return ...`?")
        try:
            answers.append(float(np.asarray(answer, dtype=np.float64).reshape(())))
        except (TypeError, ValueError):
            return wrong(f"saturated_share({std}, {eps}) should return one number, got {answer!r}.")
    std, eps = (np.array(column) for column in zip(*SHARE_CASES))
    t = saturation_threshold_reference(eps)  # z_eps, where sigma'(z) = eps

    def share(threshold, scale=None):
        scale = math.sqrt(2) if scale is None else scale
        return np.vectorize(math.erfc)(threshold / (std * scale))  # P(|z| > threshold) for z ~ N(0, std^2)

    mistakes = {
        "that is one tail only, P(z > z_eps); a unit is saturated on both sides, for z < -z_eps as well": share(t) / 2,
        "that is the share inside the responsive band |z| < z_eps, the units that are NOT saturated": 1 - share(t),
        "a standard normal Z has P(|Z| > x) = erfc(x / sqrt(2)): the sqrt(2) is missing": share(t, scale=1.0),
        "your threshold is where the sigmoid itself, sigma(-z), equals eps; saturation is about its slope "
        "sigma'(z) = sigma(z)(1 - sigma(z))": share(np.log(1 / eps - 1)),
        "your threshold is half of z_eps: sigma'(z) = 1 / (4 cosh^2(z/2)), so z_eps = 2 arccosh(1 / (2 sqrt(eps)))": (
            share(t / 2)
        ),
        "you used the small-interval approximation P(|z| < a) ~ 2a / (std sqrt(2 pi)) (the density at 0 times the "
        "band's width): it holds only for a band much narrower than std; the exercise asks for the exact share": (
            1 - 2 * t / (std * np.sqrt(2 * np.pi))
        ),
    }
    return compare(
        np.array(answers), saturated_share_reference(std, eps), "your saturated share", tol=1e-6, mistakes=mistakes
    )


# ---------------------------------------------------------------- Exercise 4.1
def _outputs_and_targets():
    rng = np.random.default_rng(7)
    m, n = 8, 10
    A = sigmoid(2 * rng.standard_normal((m, n)))  # a batch of sigmoid outputs a^L
    Y = np.eye(n)[rng.integers(0, n, size=m)]  # one-hot targets
    return A, Y


def course_cost_reference(A, Y):
    """C = (1/m) sum_x 1/2 ||a_x - y_x||^2."""
    return 0.5 * float(np.sum((A - Y) ** 2)) / len(Y)


def check_course_cost(course_cost):
    """Exercise 4.1: ``course_cost(A, Y)`` returns the mean over the m rows of 1/2 ||a - y||^2, a float."""
    A, Y = _outputs_and_targets()
    answer, failed = attempt(course_cost, A.copy(), Y.copy())
    if failed is not None:
        return failed
    m, n = A.shape
    if answer is not None and np.shape(answer) == (m,):
        return wrong(f"you returned one cost per sample, shape ({m},); the course's cost C is their mean, one number.")
    squares = (A - Y) ** 2
    mistakes = {
        "that is the post's printed loss np.mean((y - a)**2), a mean over the n_L = 10 outputs as well as the "
        "samples; the course's cost sums over the outputs and halves: C = (1/m) sum_x 1/2 ||a - y||^2": squares.mean(),
        "you halved the mean over samples and outputs; the course's cost sums over the outputs, then takes the "
        "mean over the samples": 0.5 * squares.mean(),
        "the 1/2 is missing: C_x = 1/2 ||a - y||^2 (the 1/2 cancels the 2 of the derivative)": squares.sum() / m,
    }
    mistakes[f"that is the sum over the m = {m} samples; the cost of a batch is their mean, a factor 1/m"] = (
        0.5 * squares.sum()
    )
    expected = course_cost_reference(A, Y)
    verdict = compare(answer, expected, "your cost", mistakes=mistakes, m=m)
    if not verdict and "times the expected value" in verdict.message:  # any wrong number is a multiple of another
        return wrong(
            f"your cost is {float(np.asarray(answer)):.6g} where {expected:.6g} is expected: "
            f"C = (1/m) sum_x 1/2 sum_j (a_j - y_j)^2."
        )
    if verdict:
        return Verdict(
            True,
            f"correct: C = (1/m) sum_x 1/2 ||a - y||^2; the post's np.mean((y - a)**2) is C times 2/n_L = 2/{n}.",
        )
    return verdict


__all__ = [
    "check_predicted_std_z1",
    "check_saturated_share",
    "check_course_cost",
    "predicted_std_z1_reference",
    "saturation_threshold_reference",
    "saturated_share_reference",
    "course_cost_reference",
]
