r"""Checks of notebook 01's exercises (notation and the forward pass).

* Exercise 1.1, ``check_weight_shapes(weight_shapes)``: the shape of every W[l] for a list of layer sizes.
* Exercise 1.2, ``check_z_neuron(z_neuron)``: one weighted input z^l_j, by indexing W[l][j, k] in a loop.
* Exercise 1.3, ``check_forward_batch(forward_batch)``: the forward pass of a whole batch, one sample per row.

Each check makes its own networks and inputs (a square one first, where a transposed index or a missing
``.T`` still runs and can be named, then non-square ones), compares the answer with ``nnlib.Network``
and returns a :class:`nnlib.exercises.Verdict`.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..network import Network
from . import Verdict, attempt, compare, wrong
from . import copies as _copies
from . import example_network as _example
from . import with_shape_hint as _with_hint


# ---------------------------------------------------------------- Exercise 1.1
def _shape_verdict(answer, sizes):
    """None when ``answer`` lists the shapes of W[1], ..., W[L] for ``sizes``, else the Verdict saying why not."""
    L = len(sizes) - 1
    expected = [(sizes[l], sizes[l - 1]) for l in range(1, L + 1)]
    if answer is None:
        return wrong("weight_shapes returned None: does your function end with `return ...`?")
    try:
        shapes = [tuple(int(n) for n in shape) for shape in answer]
    except (TypeError, ValueError):
        return wrong(
            f"weight_shapes({sizes}) should return a list of (rows, columns) pairs, one per layer l = 1..L, "
            f"got {answer!r}."
        )
    if len(shapes) == L + 1:
        return wrong(
            f"for sizes {sizes} you gave {L + 1} shapes: the input layer l = 0 has no weights (W[0] is None), "
            f"so there are L = {L} weight matrices W[1], ..., W[{L}]."
        )
    if len(shapes) != L:
        return wrong(
            f"for sizes {sizes} there are L = {L} weight matrices W[1], ..., W[{L}]; your list has {len(shapes)}."
        )
    for l, (shape, right) in enumerate(zip(shapes, expected), start=1):
        if shape == right:
            continue
        if shape == right[::-1]:
            return wrong(
                f"for sizes {sizes} your shape of W[{l}] is {shape}, the transpose of {right}: W[l] has one row "
                f"per neuron j of layer l and one column per neuron k of layer l-1 (w^l_jk is W[l][j, k]), "
                f"so its shape is (n_l, n_{{l-1}})."
            )
        return wrong(f"for sizes {sizes} your shape of W[{l}] is {shape} where {right} is expected: (n_l, n_{{l-1}}).")
    return None


def check_weight_shapes(weight_shapes):
    """Exercise 1.1: ``weight_shapes(sizes)`` returns ``[shape of W[1], ..., shape of W[L]]``."""
    for sizes in ([784, 30, 10], [6, 4, 3], [5, 7, 7, 2]):
        answer, failed = attempt(weight_shapes, list(sizes))
        if failed is not None:
            return failed
        verdict = _shape_verdict(answer, sizes)
        if verdict is not None:
            return verdict
        net = Network(sizes)
        assert [net.W[l].shape for l in range(1, net.L + 1)] == [tuple(s) for s in answer]  # nnlib agrees
    return Verdict(
        True,
        "correct: W[l] has shape (n_l, n_{l-1}) for every layer l = 1..L, as nnlib.Network(sizes).W[l] has "
        "(checked for [784, 30, 10], [6, 4, 3] and [5, 7, 7, 2]).",
    )


# ---------------------------------------------------------------- Exercise 1.2
def _z_mistakes(W, b, a_prev, l, j):
    """The typical wrong answers for z^l_j, by the mistake that gives them."""
    n_prev = len(a_prev)
    z = sum(W[l][j, k] * a_prev[k] for k in range(n_prev)) + b[l][j]
    mistakes = {
        "you left out the bias b^l_j": z - b[l][j],
        "you returned a^l_j = σ(z^l_j); z^l_j is the weighted input, before σ is applied": sigmoid(z),
    }
    if W[l].shape[0] == W[l].shape[1]:
        swapped = sum(W[l][k, j] * a_prev[k] for k in range(n_prev)) + b[l][j]
        mistakes[
            "you summed W[l][k, j] a_k: the first index of w^l_jk is the neuron j that receives, so the "
            "weights into neuron j are row j of W[l], W[l][j, k]"
        ] = swapped
    if l > 1 and W[l - 1].shape == W[l].shape:
        mistakes["you used W[l - 1] and b[l - 1]: the lists are indexed like the layers, W[l] is W^l"] = (
            W[l - 1][j] @ a_prev + b[l - 1][j]
        )
    return mistakes


def check_z_neuron(z_neuron):
    """Exercise 1.2: ``z_neuron(W, b, a_prev, l, j)`` returns the number z^l_j = sum_k w^l_jk a^{l-1}_k + b^l_j."""
    cases = [([4, 4, 4], 2, 1, 11), ([6, 4, 3], 1, 2, 12), ([6, 4, 3], 2, 0, 13)]
    for sizes, l, j, seed in cases:
        net, W, b = _example(sizes, seed)
        x = np.random.default_rng(seed).random(sizes[0])
        net.forward(x[None, :])
        a_prev = net.a[l - 1][0].copy()
        expected = net.z[l][0, j]
        answer, failed = attempt(z_neuron, _copies(W), _copies(b), a_prev.copy(), l, j)
        if failed is not None:
            return failed
        what = f"your z^{l}_{j} (sizes {sizes})"
        if answer is not None and np.ndim(answer) > 0:
            if np.size(answer) != 1:
                return wrong(f"{what} has shape {np.shape(answer)}: return one number, z^l_j, not a vector.")
            answer = np.ravel(answer)[0]
        verdict = compare(answer, expected, what, mistakes=_z_mistakes(W, b, a_prev, l, j))
        if not verdict:
            return verdict
    return Verdict(
        True, "correct: your z^l_j matches nnlib's forward pass, z[l][:, j], on three neurons of two networks."
    )


# ---------------------------------------------------------------- Exercise 1.3
def _forward_variant(W, b, X, mistake=None):
    """The batch forward pass with sigmoid layers, or one typical mistake of it."""
    A = sigmoid(X) if mistake == "sigma on input" else X
    L = len(W) - 1
    for l in range(1, L + 1):
        Z = A @ W[l] if mistake == "no transpose" else A @ W[l].T
        if mistake != "no bias":
            Z = Z + b[l]
        A = Z if (mistake == "no sigma at output" and l == L) else sigmoid(Z)
    return A


_FORWARD_MISTAKES = {
    "no transpose": "you computed A @ W[l]; with one sample per row the layer is Z^l = A^{l-1} (W^l)^T + b^l, "
    "so A @ W[l].T",
    "no bias": "you left out the bias b^l (added to every row)",
    "no sigma at output": "you returned Z^L: the output layer applies σ too, A^L = σ(Z^L)",
    "sigma on input": "you applied σ to the input X: A^0 = X is used as it is",
}


def check_forward_batch(forward_batch):
    """Exercise 1.3: ``forward_batch(W, b, X)`` returns A^L, shape (m, n_L), for a batch X of shape (m, n_0)."""
    hint = (
        "Compare the shapes: A^{l-1} is (m, n_{l-1}) and W[l] is (n_l, n_{l-1}), so the product with one sample "
        "per row is A @ W[l].T, of shape (m, n_l)."
    )
    for sizes, m, seed in [([4, 4, 4], 6, 21), ([6, 4, 3], 5, 22), ([3, 5, 4, 2], 7, 23)]:
        net, W, b = _example(sizes, seed)
        X = np.random.default_rng(seed).random((m, sizes[0]))
        expected = net.forward(X).copy()
        answer, failed = attempt(forward_batch, _copies(W), _copies(b), X.copy())
        if failed is not None:
            return _with_hint(failed, hint)
        square = len(set(sizes)) == 1  # only there does A @ W[l] (without .T) run, so that it can be named
        mistakes = {
            text: _forward_variant(W, b, X, key)
            for key, text in _FORWARD_MISTAKES.items()
            if square or key != "no transpose"
        }
        verdict = compare(answer, expected, f"your A^L (sizes {sizes}, m = {m})", mistakes=mistakes)
        if not verdict:
            return verdict
    return Verdict(True, "correct: your A^L matches nnlib's Network.forward on three networks and batches.")


__all__ = ["check_weight_shapes", "check_z_neuron", "check_forward_batch"]
