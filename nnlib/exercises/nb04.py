r"""Checks of notebook 03's exercises (sigmoid + MSE on MNIST: the scale of z, saturation, the cost).

* Exercise 3.1, ``check_course_cost(course_cost)``: the course's quadratic cost C = (1/m) sum_x 1/2 ||a - y||^2,
  against the post's printed np.mean((y - a)**2).
* Exercise 3.3, ``check_predicted_std_z1(predicted_std_z1)``: the standard deviation of z^1_j, over the random
  initial weights, predicted from ||x|| for N(0, 1) and for LeCun initialisation.
* Exercise 3.4, ``check_saturation_threshold(saturation_threshold)``: the |z| beyond which sigma'(z) < eps.

(Exercises 3.2 and 3.5 are written answers.) Each check makes its own inputs, compares the answer with the formula
(and, for 3.3, with the spread of z^1 of real ``nnlib.Network`` draws), and returns a
:class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..network import Network
from . import Verdict, attempt, compare, wrong


# ---------------------------------------------------------------- Exercise 3.3
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
    """Exercise 3.3: ``predicted_std_z1(X, init)`` returns, for each row x of X (m, n_0), the predicted
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


# ---------------------------------------------------------------- Exercise 3.4
EPSILONS = (0.01, 0.1, 0.2, 1e-4)


def saturation_threshold_reference(eps):
    """The z > 0 with sigma'(z) = eps (0 < eps < 1/4).

    sigma'(z) = 1 / (4 cosh^2(z/2)), so z = 2 arccosh(1 / (2 sqrt(eps))).
    """
    return 2.0 * np.arccosh(1.0 / (2.0 * np.sqrt(eps)))


def check_saturation_threshold(saturation_threshold):
    """Exercise 3.4: ``saturation_threshold(eps)`` returns the z > 0 at which sigma'(z) = eps, a float."""
    answers = []
    for eps in EPSILONS:
        answer, failed = attempt(saturation_threshold, eps)
        if failed is not None:
            return failed
        if answer is None:
            return wrong(f"saturation_threshold({eps}) returned None: does your function end with `return ...`?")
        try:
            answers.append(float(np.asarray(answer, dtype=np.float64).reshape(())))
        except (TypeError, ValueError):
            return wrong(f"saturation_threshold({eps}) should return one number, got {answer!r}.")
    answers = np.array(answers)
    eps = np.array(EPSILONS)
    expected = saturation_threshold_reference(eps)
    if np.all(np.isfinite(answers)):
        s = sigmoid(answers)
        reached = s * (1 - s)
        if np.allclose(reached, eps, rtol=1e-6) and np.all(answers > 0):
            return Verdict(
                True,
                f"correct: sigma'(z) falls below eps beyond |z| = 2 arccosh(1 / (2 sqrt(eps))); for eps = 0.01 "
                f"that is {expected[0]:.2f}.",
            )
    mistakes = {"you solved for z/2: sigma'(z) = 1 / (4 cosh^2(z/2)), so z is twice the arccosh": expected / 2}
    approximation = "that is where sigma'(z) ~ e^{-|z|}, a large-|z| approximation: close, but not the exact threshold"
    mistakes[approximation] = -np.log(eps)
    mistakes["that is where sigma(-z) = eps, the sigmoid itself, not its derivative sigma(z)(1 - sigma(z))"] = np.log(
        1 / eps - 1
    )
    return compare(answers, expected, "your threshold", tol=1e-6, mistakes=mistakes)


# ---------------------------------------------------------------- Exercise 3.1
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
    """Exercise 3.1: ``course_cost(A, Y)`` returns the mean over the m rows of 1/2 ||a - y||^2, a float."""
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
    "check_saturation_threshold",
    "check_course_cost",
    "predicted_std_z1_reference",
    "saturation_threshold_reference",
    "course_cost_reference",
]
