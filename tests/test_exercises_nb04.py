"""The checks of notebook 03's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.activations import sigmoid
from nnlib.exercises import NOT_DONE, nb04


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 3.3
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


# ---------------------------------------------------------------- Exercise 3.4
def saturation_threshold(eps):
    return 2 * np.arccosh(1 / (2 * np.sqrt(eps)))


def bisection(eps):
    low, high = 0.0, 50.0  # sigma'(z) falls from 1/4 at 0 towards 0: find where it crosses eps
    for _ in range(200):
        mid = (low + high) / 2
        s = sigmoid(mid)
        low, high = (mid, high) if s * (1 - s) > eps else (low, mid)
    return (low + high) / 2


def test_saturation_threshold_right_answers_pass():
    for answer in (saturation_threshold, bisection, lambda eps: np.array([saturation_threshold(eps)])):
        verdict = nb04.check_saturation_threshold(answer)
        assert verdict, verdict.message
    assert "4.58" in nb04.check_saturation_threshold(saturation_threshold).message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda eps: np.arccosh(1 / (2 * np.sqrt(eps))), "you solved for z/2"),
        (lambda eps: -np.log(eps), "a large-|z| approximation"),
        (lambda eps: np.log(1 / eps - 1), "the sigmoid itself, not its derivative"),
        (lambda eps: -saturation_threshold(eps), "has the wrong sign"),
        (lambda eps: 4.6, "relative error"),
        (lambda eps: "4.6 or so", "should return one number"),
        (lambda eps: None, "returned None"),
        (stub, NOT_DONE),
    ],
)
def test_saturation_threshold_mistakes_are_named(answer, words):
    verdict = nb04.check_saturation_threshold(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 3.1
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
