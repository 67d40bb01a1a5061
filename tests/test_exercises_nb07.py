"""The checks of notebook 06's exercises: the right answer passes, each typical mistake gets its message,
and an untouched stub is reported as not done."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, nb07


def stub(*args):
    raise NotImplementedError()


# ---------------------------------------------------------------- Exercise 6.3
def init_std(name, n_in, n_out):
    variance = {"normal": 1.0, "lecun": 1 / n_in, "xavier": 2 / (n_in + n_out), "he": 2 / n_in}[name]
    return np.sqrt(variance)


def test_init_std_right_answers_pass():
    for answer in (init_std, nb07.init_std_reference):
        verdict = nb07.check_init_std(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


def changed(name_changed, value):
    """init_std with one scheme's std replaced by value(n_in, n_out)."""

    def answer(name, n_in, n_out):
        return value(n_in, n_out) if name == name_changed else init_std(name, n_in, n_out)

    return answer


@pytest.mark.parametrize(
    "answer, words",
    [
        (
            lambda name, n_in, n_out: init_std(name, n_in, n_out) ** 2,
            "init='lecun' with n_in = 784, n_out = 128 is off: you returned the variance",
        ),
        (changed("xavier", lambda n_in, n_out: np.sqrt(1 / n_in)), "LeCun's scheme; Glorot and Bengio's"),
        (changed("xavier", lambda n_in, n_out: np.sqrt(1 / (n_in + n_out))), "you left out the 2"),
        (changed("he", lambda n_in, n_out: np.sqrt(1 / n_in)), "He's has a factor 2"),
        (changed("he", lambda n_in, n_out: np.sqrt(2 / n_out)), "you used n_out = n_l"),
        (changed("lecun", lambda n_in, n_out: np.sqrt(2 / n_in)), "that is sqrt(2 / n_in), He's scheme"),
        (changed("normal", lambda n_in, n_out: 0.01), "init='normal' with n_in = 784, n_out = 128 is 0.01 times"),
        (changed("he", lambda n_in, n_out: np.full(n_out, np.sqrt(2 / n_in))), "return one number"),
        (lambda name, n_in, n_out: {"normal": 1.0}[name], "your code raised KeyError"),
        (lambda name, n_in, n_out: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_init_std_mistakes_are_named(answer, words):
    verdict = nb07.check_init_std(answer)
    assert not verdict
    assert words in verdict.message, verdict.message


# ---------------------------------------------------------------- Exercise 6.1
def update_ratio(W_before, W_after):
    return np.sqrt(np.sum((W_after - W_before) ** 2)) / np.sqrt(np.sum(W_before**2))


def test_update_ratio_right_answers_pass():
    for answer in (update_ratio, nb07.update_ratio_reference):
        verdict = nb07.check_update_ratio(answer)
        assert verdict, verdict.message
        assert verdict.message.startswith("correct:")


norm = np.linalg.norm


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda b, a: norm(a - b) / norm(a), "the norm of the weights after the step"),
        (lambda b, a: (norm(a) - norm(b)) / norm(b), "difference of the norms"),
        (lambda b, a: norm(a) / norm(b), "about 1 for any small step"),
        (lambda b, a: np.sum((a - b) ** 2) / np.sum(b**2), "left out the square roots"),
        (lambda b, a: np.mean(np.abs(a - b) / np.abs(b)), "element by element"),
        (lambda b, a: np.mean(np.abs(a - b)) / np.mean(np.abs(b)), "ratio of mean absolute values"),
        (lambda b, a: np.abs(a - b) / norm(b), "return one number for the whole matrix"),
        (lambda b, a: norm(b - a) / norm(b) * 3, "3 times the expected value"),
        (lambda b, a: None, "is None"),
        (stub, NOT_DONE),
    ],
)
def test_update_ratio_mistakes_are_named(answer, words):
    verdict = nb07.check_update_ratio(answer)
    assert not verdict
    assert words in verdict.message, verdict.message
