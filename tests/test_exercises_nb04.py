"""The checks of notebook 04's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import math

import numpy as np
import pytest

from nnlib.activations import sigmoid
from nnlib.exercises import NOT_DONE, nb04


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 4.3
def predicted_std_z1(X, init):
    norms = np.linalg.norm(X, axis=1)
    if init == "normal":
        return np.sqrt(norms**2 + 1)
    return norms / np.sqrt(X.shape[1])


def test_predicted_std_z1_right_answer_passes():
    verdict = nb04.check_predicted_std_z1(predicted_std_z1)
    assert verdict, verdict.message
    assert verdict.message.startswith("correct:")
    # written with the variances, as a student may
    assert nb04.check_predicted_std_z1(
        lambda X, init: np.sqrt(
            (1.0 if init == "normal" else 1 / X.shape[1]) * np.sum(X**2, axis=1) + (1.0 if init == "normal" else 0.0)
        )
    )


def _lecun_or(wrong_normal=None, wrong_lecun=None):
    def answer(X, init):
        if init == "normal" and wrong_normal is not None:
            return wrong_normal(X)
        if init == "lecun" and wrong_lecun is not None:
            return wrong_lecun(X)
        return predicted_std_z1(X, init)

    return answer


def norm(X):
    return np.linalg.norm(X, axis=1)


@pytest.mark.parametrize(
    "answer, words",
    [
        (_lecun_or(wrong_normal=norm), "you left out the bias"),
        (_lecun_or(wrong_normal=lambda X: norm(X) ** 2 + 1), "you returned the variance ||x||^2 + 1"),
        (_lecun_or(wrong_normal=lambda X: np.sqrt(X.sum(axis=1) ** 2 + 1)), "the sum of the pixels"),
        (_lecun_or(wrong_lecun=lambda X: norm(X) / X.shape[1]), "its standard deviation is 1/sqrt(n_0)"),
        (_lecun_or(wrong_lecun=lambda X: np.sqrt(norm(X) ** 2 / X.shape[1] + 1)), "starts the biases at 0"),
        (_lecun_or(wrong_lecun=lambda X: np.sqrt(norm(X) ** 2 + 1)), "that is the N(0, 1) answer"),
        (_lecun_or(wrong_normal=lambda X: float(np.mean(np.sqrt(norm(X) ** 2 + 1)))), "you returned one number"),
        (_lecun_or(wrong_normal=lambda X: norm(X)[:3]), "has shape (3,) where (5,) is expected"),
        (_lecun_or(wrong_lecun=lambda X: -norm(X) / 28), "has the wrong sign"),
        (lambda X, init: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_predicted_std_z1_mistakes_are_named(answer, words):
    verdict = nb04.check_predicted_std_z1(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 4.4
def saturated_share(std, eps):
    s = (1 + math.sqrt(1 - 4 * eps)) / 2  # sigma(z_eps): s (1 - s) = eps
    z_eps = math.log(s / (1 - s))
    return math.erfc(z_eps / (std * math.sqrt(2)))


def z_eps(eps):
    return 2 * np.arccosh(1 / (2 * np.sqrt(eps)))


def test_saturated_share_right_answers_pass():
    answers = (
        saturated_share,
        lambda std, eps: 1 - math.erf(z_eps(eps) / (std * math.sqrt(2))),
        lambda std, eps: np.array([saturated_share(std, eps)]),
    )
    for answer in answers:
        verdict = nb04.check_saturated_share(answer)
        assert verdict, verdict.message
    assert nb04.saturated_share_reference(84.52) == pytest.approx(0.9567, abs=1e-4)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda std, eps: saturated_share(std, eps) / 2, "one tail only"),
        (lambda std, eps: 1 - saturated_share(std, eps), "NOT saturated"),
        (lambda std, eps: math.erfc(z_eps(eps) / std), "the sqrt(2) is missing"),
        (lambda std, eps: math.erfc(np.log(1 / eps - 1) / (std * math.sqrt(2))), "the sigmoid itself"),
        (lambda std, eps: math.erfc(z_eps(eps) / 2 / (std * math.sqrt(2))), "half of z_eps"),
        (lambda std, eps: 1 - 2 * z_eps(eps) / (std * math.sqrt(2 * math.pi)), "small-interval approximation"),
        (lambda std, eps: 0.5, "relative error"),
        (lambda std, eps: "most", "should return one number"),
        (lambda std, eps: None, "returned None"),
        (stub, NOT_DONE),
    ],
)
def test_saturated_share_mistakes_are_named(answer, words):
    verdict = nb04.check_saturated_share(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 4.1
def course_cost(A, Y):
    return 0.5 * np.sum((A - Y) ** 2) / len(Y)


def test_course_cost_right_answer_passes():
    verdict = nb04.check_course_cost(course_cost)
    assert verdict, verdict.message
    assert "2/n_L" in verdict.message
    assert "the post's np.mean((y - a)**2)" in verdict.message  # the notebook's word for its source
    assert nb04.check_course_cost(lambda A, Y: np.mean(0.5 * np.sum((A - Y) ** 2, axis=1)))


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda A, Y: np.mean((Y - A) ** 2), "that is the post's printed loss"),
        (lambda A, Y: 0.5 * np.mean((Y - A) ** 2), "you halved the mean over samples and outputs"),
        (lambda A, Y: np.sum((A - Y) ** 2) / len(Y), "the 1/2 is missing"),
        (lambda A, Y: 0.5 * np.sum((A - Y) ** 2), "that is the sum over the m = 8 samples"),
        (lambda A, Y: 0.5 * np.sum((A - Y) ** 2, axis=1), "you returned one cost per sample"),
        (lambda A, Y: np.sum(A - Y) / len(Y), "is expected: C = (1/m)"),
        (lambda A, Y: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_course_cost_mistakes_are_named(answer, words):
    verdict = nb04.check_course_cost(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


def test_the_references_agree_with_nnlib():
    from nnlib.losses import MSE, mse_per_output

    A, Y = nb04._outputs_and_targets()
    assert np.isclose(nb04.course_cost_reference(A, Y), MSE().value(None, A, Y))
    assert np.isclose(mse_per_output(A, Y), nb04.course_cost_reference(A, Y) * 2 / Y.shape[1])
    s = sigmoid(nb04.saturation_threshold_reference(0.01))
    assert np.isclose(s * (1 - s), 0.01)
