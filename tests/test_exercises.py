"""The diagnosis shared by every exercise check (nnlib.exercises): each typical mistake gets its message."""

import numpy as np
import pytest

from nnlib.exercises import NOT_DONE, Verdict, attempt, check_function, compare

E = np.arange(1.0, 13.0).reshape(3, 4)


@pytest.mark.parametrize(
    "answer, words",
    [
        (E.T, "has shape (4, 3), the transpose of the expected (3, 4)"),
        (E[:, :3], "has shape (3, 3) where (3, 4) is expected"),
        (None, "is None: does your function end with `return ...`?"),
        ("abc", "should be a NumPy array of shape (3, 4)"),
        (-E, "has the wrong sign"),
        (8 * E, "is m = 8 times too large: the mean over the batch needs a factor 1/m"),
        (E / 8, "is m = 8 times too small"),
        (2.5 * E, "is 2.5 times the expected value"),
        (np.where(E == 5, np.inf, E), "contains NaN or inf"),
        (E + np.eye(3, 4), "relative error"),
    ],
)
def test_compare_names_the_mistake(answer, words):
    verdict = compare(answer, E, "your dW", m=8)
    assert not verdict
    assert words in verdict.message
    assert repr(verdict).startswith("✗ your dW")


def test_compare_accepts_the_right_answer_within_the_tolerance():
    assert compare(E * (1 + 1e-9), E, "your dW")
    assert not compare(E * (1 + 1e-5), E, "your dW")
    assert (
        repr(compare(E, E, "your dW")) == "✓ correct: your dW matches the reference to within 1e-07 (relative error)."
    )


def test_a_named_mistake_is_reported_before_the_generic_ones():
    missing = E * 0.25
    verdict = compare(missing, E, "your delta", mistakes={"you left out sigma'(z)": missing})
    assert "you left out sigma'(z)" in verdict.message


def test_square_transposed_matrix():
    A = np.arange(9.0).reshape(3, 3) + 1
    assert "transpose of the expected matrix" in compare(A.T, A, "your W").message


def test_attempt_reports_the_stub_overflow_and_other_errors():
    def stub(x):
        raise NotImplementedError()

    def unstable(z):
        return np.exp(z) / np.exp(z).sum()

    def typo(z):
        return z.nope

    assert attempt(stub, 1)[1].message == NOT_DONE + "."
    assert "floating-point error, overflow encountered in exp" in attempt(unstable, np.array([1000.0]))[1].message
    message = attempt(typo, np.zeros(2))[1].message
    assert message.startswith("your code raised AttributeError") and "line" in message
    assert attempt(lambda z: z + 1, 1) == (2, None)


def test_check_function_combines_attempt_and_compare():
    assert check_function(lambda x: x * 2, (E,), 2 * E, "your y")
    assert not check_function(lambda x: x, (E,), 2 * E, "your y")
    assert isinstance(check_function(lambda x: x, (E,), 2 * E, "your y"), Verdict)
