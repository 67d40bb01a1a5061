r"""Checks of notebook 02's exercises (backpropagation).

* Exercise 2.1, ``check_backprop(backprop)``: BP1-BP4 for one sample of a sigmoid network with the
  quadratic cost; ``backprop(W, b, x, y)`` returns ``(delta, dW, db)``, three lists indexed like W.
* Exercise 2.2, ``check_bp2_tanh(bp2_tanh)``: BP2 for a tanh layer, ``bp2_tanh(W_next, delta_next, z)``.
* Exercise 2.4, ``check_backprop_batch(backprop_batch)``: the gradients of the mean cost of a batch,
  one sample per row; ``backprop_batch(W, b, X, Y)`` returns ``(dW, db)``.

Each check runs the student's function on networks it makes itself: a square one first (every layer
the same width, so that a missing transpose or a swapped pair still runs and can be named), then a
non-square one.  It compares the answer with ``nnlib.Network.backward`` one equation at a time, from
the output layer down, so the first message names the first equation that went wrong; Exercise 2.1
also compares dW and db with central differences (``nnlib.gradcheck``).
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid, tanh
from ..gradcheck import numerical_gradient, relative_error
from . import Verdict, attempt, compare, wrong
from . import copies as _copies
from . import example_network as _example
from . import with_shape_hint as _with_hint

TOL = 1e-7


def _one_hot(rng, n, m=None):
    labels = rng.integers(n, size=1 if m is None else m)
    Y = np.eye(n)[labels]
    return Y[0] if m is None else Y


def _is_list_like(value, length):
    return isinstance(value, (list, tuple)) and len(value) == length


# ---------------------------------------------------------------- Exercise 2.1
def _forward(W, b, x, sigma=sigmoid):
    """z[l] and a[l] of one sample (index 0: None and the input)."""
    z, a = [None], [x]
    for l in range(1, len(W)):
        z.append(W[l] @ a[l - 1] + b[l])
        a.append(sigma(z[l]))
    return z, a


def _bp1_variants(aL, y, zL):
    """The right delta^L and the typical wrong ones, by the message that names each mistake."""
    right = (aL - y) * sigmoid.prime(zL)
    return right, {
        "you left out σ'(z^L): BP1 is δ^L = (a^L - y) ⊙ σ'(z^L)": aL - y,
        "you multiplied by σ(z^L) = a^L where BP1 has σ'(z^L)": (aL - y) * aL,
        "you took σ' of a^L; BP1 needs σ'(z^L), the slope at the weighted input": (aL - y) * sigmoid.prime(aL),
        "it has the wrong sign: ∂C_x/∂a^L = a^L - y, not y - a^L": -right,
        "it is twice too large: with C_x = ½‖a^L - y‖² the ½ cancels the 2 of the derivative": 2 * right,
    }


def _bp2_variants(W, z, a, delta_next, l, prime=sigmoid.prime, activation=sigmoid):
    """The right delta^l from delta^{l+1} and the typical wrong ones (those that run with these shapes)."""
    back = W[l + 1].T @ delta_next
    right = back * prime(z[l])
    variants = {
        "you left out σ'(z^l): BP2 is δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)": back,
        "you multiplied by σ(z^l) = a^l where BP2 has σ'(z^l)": back * activation(z[l]),
        "you took σ' of a^l; BP2 needs σ'(z^l)": back * prime(a[l]),
        "it has the wrong sign": -right,
    }
    if W[l + 1].shape[0] == W[l + 1].shape[1]:
        variants[
            "you used W^{l+1} where BP2 has its transpose: the sum over j runs over the first index of "
            "w^{l+1}_jk, so δ^l = (W^{l+1})^T δ^{l+1} ⊙ σ'(z^l), W[l + 1].T @ delta[l + 1]"
        ] = (W[l + 1] @ delta_next) * prime(z[l])
        variants["you multiplied by σ'(z^{l+1}); BP2 needs the slope of layer l, σ'(z^l)"] = back * prime(z[l + 1])
    if l >= 1 and W[l].shape == W[l + 1].shape:
        variants["you carried δ^{l+1} back through W^l; the weights between layers l and l+1 are W^{l+1}"] = (
            W[l].T @ delta_next
        ) * prime(z[l])
    return right, variants


def _bp4_variants(delta_l, a, z, l):
    right = np.outer(delta_l, a[l - 1])
    variants = {
        "you wrote the outer product the other way round: ∂C/∂w^l_jk = δ^l_j a^{l-1}_k has j (layer l) in its "
        "rows, so it is np.outer(delta[l], a[l - 1]), of shape (n_l, n_{l-1}) like W[l]": np.outer(a[l - 1], delta_l),
        "it has the wrong sign": -right,
    }
    if len(a[l]) == len(a[l - 1]):
        variants["you paired δ^l with a^l; BP4 uses a^{l-1}, the activations the weights W^l multiply"] = np.outer(
            delta_l, a[l]
        )
    if l >= 2:
        variants["you used z^{l-1} where BP4 has a^{l-1} = σ(z^{l-1})"] = np.outer(delta_l, z[l - 1])
    return right, variants


def _nnlib_gradients(net, X, Y):
    """nnlib's delta[l], dW[l], db[l] on the batch (X, Y), as copies."""
    net.forward(X)
    net.backward(Y)
    L = net.L
    return (
        [None] + [net.delta[l].copy() for l in range(1, L + 1)],
        [None] + [net.dW[l].copy() for l in range(1, L + 1)],
        [None] + [net.db[l].copy() for l in range(1, L + 1)],
    )


def _unpack(answer, names, L):
    """(lists, None) when ``answer`` is a tuple of len(names) lists of length L + 1, else (None, Verdict)."""
    described = ", ".join(names)
    if answer is None:
        return None, wrong(f"your function returned None: does it end with `return {described}`?")
    if not _is_list_like(answer, len(names)):
        got = f"{len(answer)} things" if isinstance(answer, (list, tuple)) else type(answer).__name__
        return None, wrong(f"your function should return {len(names)} lists, ({described}); it returned {got}.")
    for name, value in zip(names, answer):
        if not _is_list_like(value, L + 1):
            size = len(value) if isinstance(value, (list, tuple)) else type(value).__name__
            return None, wrong(
                f"your {name} should be a list indexed like W, {name}[1], ..., {name}[L] with {name}[0] = None "
                f"(L + 1 = {L + 1} entries); it is {size}."
            )
    return answer, None


def _check_dW_shape(answer, expected, what):
    if answer is not None and np.ndim(answer) == 1 and np.ndim(expected) == 2:
        return wrong(
            f"{what} has shape {np.shape(answer)}: ∂C/∂W^l is a matrix shaped like W[l], {np.shape(expected)}, "
            f"the outer product np.outer(δ^l, a^{{l-1}}), not an elementwise product."
        )
    return None


def check_backprop(backprop):
    """Exercise 2.1: ``backprop(W, b, x, y)`` returns ``(delta, dW, db)`` for one sample x (n_0,), target y (n_L,)."""
    hint = (
        "Compare the shapes: W[l + 1] is (n_{l+1}, n_l) and delta[l + 1] is (n_{l+1},), so BP2 needs "
        "W[l + 1].T @ delta[l + 1], of shape (n_l,)."
    )
    for sizes, seed in [([4, 4, 4, 4], 31), ([6, 5, 4, 3], 32)]:
        net, W, b = _example(sizes, seed)
        rng = np.random.default_rng(seed)
        x, y = rng.random(sizes[0]), _one_hot(rng, sizes[-1])
        L = len(sizes) - 1
        answer, failed = attempt(backprop, _copies(W), _copies(b), x.copy(), y.copy())
        if failed is not None:
            return _with_hint(failed, hint)
        lists, failed = _unpack(answer, ("delta", "dW", "db"), L)
        if failed is not None:
            return failed
        delta, dW, db = lists
        ref_delta, ref_dW, ref_db = _nnlib_gradients(net, x[None, :], y[None, :])
        z, a = _forward(W, b, x)
        where = f"(sizes {sizes})"

        right, mistakes = _bp1_variants(a[L], y, z[L])
        assert relative_error(right, ref_delta[L][0]) < 1e-12  # the variants are built around nnlib's answer
        verdict = compare(delta[L], ref_delta[L][0], f"your delta[{L}] (BP1) {where}", mistakes=mistakes)
        if not verdict:
            return verdict
        for l in range(L - 1, 0, -1):
            right, mistakes = _bp2_variants(W, z, a, ref_delta[l + 1][0], l)
            verdict = compare(delta[l], ref_delta[l][0], f"your delta[{l}] (BP2) {where}", mistakes=mistakes)
            if not verdict:
                return verdict
        for l in range(L, 0, -1):
            verdict = compare(db[l], ref_db[l], f"your db[{l}] (BP3) {where}")
            if not verdict:
                return verdict
            what = f"your dW[{l}] (BP4) {where}"
            _, mistakes = _bp4_variants(ref_delta[l][0], a, z, l)
            verdict = _check_dW_shape(dW[l], ref_dW[l], what)
            if verdict is None:
                verdict = compare(dW[l], ref_dW[l], what, mistakes=mistakes)
            if not verdict:
                return verdict

    # central differences: C_x(theta +- h) for every weight and bias of the last network
    def cost():
        return 0.5 * float(np.sum((_forward(W, b, x)[1][L] - y) ** 2))

    for l in range(1, L + 1):
        for name, P, G in (("dW", W[l], dW[l]), ("db", b[l], db[l])):
            if relative_error(G, numerical_gradient(cost, P)) >= TOL:
                return wrong(f"your {name}[{l}] matches nnlib but not central differences: please tell the instructor.")
    return Verdict(
        True,
        "correct: your delta[l], dW[l] and db[l] match nnlib's backward on two networks, and dW, db agree with "
        f"central differences (relative error below {TOL:g}).",
    )


# ---------------------------------------------------------------- Exercise 2.2
def check_bp2_tanh(bp2_tanh):
    """Exercise 2.2: ``bp2_tanh(W_next, delta_next, z)`` returns δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ tanh'(z^l), (n_l,)."""
    hint = "Compare the shapes: W_next is (n_{l+1}, n_l) and delta_next is (n_{l+1},); BP2 needs W_next.T @ delta_next."
    for n_l, n_next, seed in [(4, 4, 41), (5, 3, 42)]:
        rng = np.random.default_rng(seed)
        W_next = rng.standard_normal((n_next, n_l))
        delta_next = rng.standard_normal(n_next)
        z = rng.normal(scale=1.5, size=n_l)
        answer, failed = attempt(bp2_tanh, W_next.copy(), delta_next.copy(), z.copy())
        if failed is not None:
            return _with_hint(failed, hint)
        back = W_next.T @ delta_next
        expected = back * tanh.prime(z)
        mistakes = {
            "you used the sigmoid's slope σ(z)(1 - σ(z)); for tanh, σ'(z) = 1 - tanh²(z)": back * sigmoid.prime(z),
            "you left out tanh'(z^l)": back,
            "you used 1 - z²; the derivative is 1 - tanh²(z), the square of the activation a = tanh(z)": back
            * (1 - z**2),
            "you multiplied by tanh(z^l) = a^l where BP2 has tanh'(z^l) = 1 - tanh²(z^l)": back * np.tanh(z),
            "you used 1 - tanh(z): the derivative squares tanh, 1 - tanh²(z)": back * (1 - np.tanh(z)),
            "it has the wrong sign: tanh'(z) = 1 - tanh²(z) is positive": -expected,
        }
        if n_l == n_next:
            mistakes[
                "you used W^{l+1} where BP2 has its transpose: W_next.T @ delta_next (the sum runs over the first "
                "index j of w^{l+1}_jk)"
            ] = (W_next @ delta_next) * tanh.prime(z)
        verdict = compare(answer, expected, f"your δ^l (n_l = {n_l}, n_{{l+1}} = {n_next})", mistakes=mistakes)
        if not verdict:
            return verdict
    return Verdict(
        True,
        "correct: your δ^l for a tanh layer matches ((W^{l+1})^T δ^{l+1}) ⊙ (1 - tanh²(z^l)) "
        "on two layers (relative error below 1e-07).",
    )


# ---------------------------------------------------------------- Exercise 2.4
def _batch_variant(W, b, X, Y, mistake=None):
    """dW, db of the mean cost for a batch (one sample per row), right or with one typical mistake."""
    L = len(W) - 1
    m = len(X)
    Z, A = [None], [X]
    for l in range(1, L + 1):
        Z.append(A[l - 1] @ W[l].T + b[l])
        A.append(sigmoid(Z[l]))
    delta = [None] * (L + 1)
    delta[L] = A[L] - Y if mistake == "bp1 no prime" else (A[L] - Y) * sigmoid.prime(Z[L])
    for l in range(L - 1, 0, -1):
        back = delta[l + 1] @ (W[l + 1].T if mistake == "bp2 transposed" else W[l + 1])
        delta[l] = back if mistake == "bp2 no prime" else back * sigmoid.prime(Z[l])
    dW, db = [None], [None]
    for l in range(1, L + 1):
        product = A[l - 1].T @ delta[l] if mistake == "dW transposed" else delta[l].T @ A[l - 1]
        dW.append(product if mistake == "dW no mean" else product / m)
        db.append(delta[l].sum(axis=0) if mistake == "db no mean" else delta[l].mean(axis=0))
    return dW, db


_BATCH_MISTAKES = {
    "bp1 no prime": "you left out σ'(Z^L) in BP1: Δ^L = (A^L - Y) ⊙ σ'(Z^L)",
    "bp2 no prime": "you left out σ'(Z^l) in BP2: Δ^l = (Δ^{l+1} W^{l+1}) ⊙ σ'(Z^l)",
    "bp2 transposed": "with one sample per row BP2 reads Δ^l = (Δ^{l+1} W^{l+1}) ⊙ σ'(Z^l): each row is "
    "((W^{l+1})^T δ^{l+1})^T, so the batch product has no .T, delta[l + 1] @ W[l + 1]",
    "dW transposed": "A^{l-1}.T @ Δ^l is the transpose: ∂C/∂W^l = (1/m) (Δ^l)^T A^{l-1} has the shape of W[l]",
    "dW no mean": "the mean over the batch needs a factor 1/m in dW: ∂C/∂W^l = (1/m) (Δ^l)^T A^{l-1}",
    "db no mean": "db is the sum over the batch; ∂C/∂b^l is the mean, (1/m) Σ_x δ^l_x (Δ^l.mean(axis=0))",
}


def check_backprop_batch(backprop_batch):
    """Exercise 2.4: ``backprop_batch(W, b, X, Y)`` returns ``(dW, db)``, the gradients of the batch's mean cost."""
    hint = (
        "Compare the shapes: with one sample per row, Δ^{l+1} is (m, n_{l+1}) and W[l + 1] is (n_{l+1}, n_l), so "
        "BP2 is delta[l + 1] @ W[l + 1], and BP4 is delta[l].T @ A[l - 1] / m, of shape (n_l, n_{l-1})."
    )
    for sizes, m, seed in [([4, 4, 4], 6, 51), ([6, 5, 3], 8, 52)]:
        net, W, b = _example(sizes, seed)
        rng = np.random.default_rng(seed)
        X, Y = rng.random((m, sizes[0])), _one_hot(rng, sizes[-1], m)
        L = len(sizes) - 1
        answer, failed = attempt(backprop_batch, _copies(W), _copies(b), X.copy(), Y.copy())
        if failed is not None:
            return _with_hint(failed, hint)
        lists, failed = _unpack(answer, ("dW", "db"), L)
        if failed is not None:
            return failed
        dW, db = lists
        _, ref_dW, ref_db = _nnlib_gradients(net, X, Y)
        square = len(set(sizes)) == 1
        variants = {
            text: _batch_variant(W, b, X, Y, key)
            for key, text in _BATCH_MISTAKES.items()
            if square or key not in ("bp2 transposed", "dW transposed")
        }
        where = f"(sizes {sizes}, m = {m})"
        for l in range(L, 0, -1):
            what = f"your dW[{l}] {where}"
            verdict = compare(dW[l], ref_dW[l], what, m=m, mistakes={text: v[0][l] for text, v in variants.items()})
            if not verdict:
                return verdict
            what = f"your db[{l}] {where}"
            if db[l] is not None and np.shape(db[l]) == (m,) and m != sizes[l]:
                return wrong(
                    f"{what} has shape ({m},), one entry per sample: sum Δ^l over the samples, axis=0, "
                    f"to get one entry per neuron, then divide by m."
                )
            verdict = compare(db[l], ref_db[l], what, m=m, mistakes={text: v[1][l] for text, v in variants.items()})
            if not verdict:
                return verdict
    return Verdict(
        True,
        "correct: your dW[l] and db[l] match nnlib's backward on two networks and batches "
        f"(relative error below {TOL:g}).",
    )


__all__ = ["check_backprop", "check_bp2_tanh", "check_backprop_batch"]
