"""The checks of notebook 10's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb10


def stub(*args):
    raise NotImplementedError()


def rotation(theta):
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


def gaussian(sigma, side=28):
    i = np.arange(side)
    return np.exp(-((i[:, None] - i[None, :]) ** 2) / (2 * sigma**2)) / (np.sqrt(2 * np.pi) * sigma)


@pytest.mark.parametrize("check", [nb10.check_rotate_points, nb10.check_bilinear_weights, nb10.check_smooth])
def test_stubs_are_not_done(check):
    verdict = check(stub)
    assert not verdict and NOT_DONE in verdict.message


# ---------------------------------------------------------------- Exercise 10.1
def test_rotate_right_answer_passes():
    verdict = nb10.check_rotate_points(lambda q, theta, c: c + (q - c) @ rotation(theta).T)
    assert verdict, verdict.message
    assert "np.rot90" in verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda q, theta, c: c + (q - c) @ rotation(theta), "by -theta"),
        (lambda q, theta, c: q @ rotation(theta).T, "about the origin"),
        (lambda q, theta, c: (q - c) @ rotation(theta).T, "forgot to add the centre back"),
        (lambda q, theta, c: c + (q - c) @ rotation(np.deg2rad(theta)).T, "radians"),
        (lambda q, theta, c: None, "is None"),
    ],
)
def test_rotate_mistakes_are_named(answer, words):
    verdict = nb10.check_rotate_points(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 10.2
def right_weights(f, g):
    return np.stack([(1 - f) * (1 - g), (1 - f) * g, f * (1 - g), f * g], axis=-1)


def test_bilinear_right_answer_passes():
    verdict = nb10.check_bilinear_weights(right_weights)
    assert verdict, verdict.message
    assert "sum to 1" in verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda f, g: right_weights(g, f), "swapped f and g"),
        (lambda f, g: right_weights(1 - f, 1 - g), "opposite corner"),
        (lambda f, g: right_weights(f, g)[..., :3], "shape"),
    ],
)
def test_bilinear_mistakes_are_named(answer, words):
    verdict = nb10.check_bilinear_weights(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 10.3
def test_smooth_right_answer_passes():
    verdict = nb10.check_smooth(lambda U, sigma: gaussian(sigma) @ U @ gaussian(sigma).T)
    assert verdict, verdict.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda U, sigma: gaussian(sigma) @ U, "only down the columns"),
        (lambda U, sigma: U @ gaussian(sigma).T, "only along the rows"),
        (lambda U, sigma: gaussian(sigma) * U * gaussian(sigma), "element by element"),
        (lambda U, sigma: U, "differs from the reference"),
    ],
)
def test_smooth_mistakes_are_named(answer, words):
    verdict = nb10.check_smooth(answer)
    assert not verdict
    assert words in verdict.message, verdict.message
