r"""Checks of notebook 08's exercises (regularisation).

* Exercise 8.1, ``check_l1_gradients(l1_gradients)``: BP3 and BP4 of one layer for the mean cost of a batch plus
  an L1 penalty lambda sum_l sum_jk |w^l_jk| (the notebook derives the L2 case; this one is new);
  ``l1_gradients(delta, a_prev, W, b, lam)`` returns ``(dW, db)``.
* Exercise 8.2, ``check_inverted_dropout(InvertedDropout)``: inverted dropout's forward mask and its backward
  pass; ``InvertedDropout(p, rng)`` has ``forward(a)``, which returns a~ = a * mask and keeps the mask, and
  ``backward(grad)``, which turns dC/da~ into dC/da.

Each check makes its own inputs, compares the answer with the reference (BP4 as ``nnlib.Network.backward``
computes it, and the mask of ``nnlib.regularization.Dropout``) and names the typical mistakes: a missing
lambda sign(W), L2's lambda W in its place, a (lambda / 2) or 1/m carried over from L2 or the data term,
penalised biases, a missing 1/q, a drop probability used as the keep probability, a backward pass that ignores
the forward's mask or draws a new one.
"""

from __future__ import annotations

import numpy as np

from . import attempt, compare, correct, wrong

TOL = 1e-7


def _pair(answer, names):
    """(answer, None) when ``answer`` is a pair, else (None, Verdict) saying what was returned instead."""
    if answer is None:
        return None, wrong(f"your function returned None: does it end with `return {names}`?")
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        got = f"{len(answer)} things" if isinstance(answer, (tuple, list)) else f"a {type(answer).__name__}"
        return None, wrong(f"your function should return two arrays, ({names}); it returned {got}.")
    return answer, None


# ---------------------------------------------------------------- Exercise 8.1
def l1_reference(delta, a_prev, W, b, lam):
    """(dW, db) of the mean cost plus lambda sum |w|: BP4 gains lambda sign(W), BP3 is unchanged."""
    m = len(delta)
    return delta.T @ a_prev / m + lam * np.sign(W), delta.mean(axis=0)


def check_l1_gradients(l1_gradients):
    """Exercise 8.1: ``l1_gradients(delta, a_prev, W, b, lam)`` returns ``(dW, db)`` for one layer l and the cost
    C_0 + lambda sum_l sum_jk |w^l_jk|, where delta (m, n_l) and a_prev (m, n_{l-1}) are the rows of a batch,
    W (n_l, n_{l-1}) and b (n_l,) the layer's parameters (no weight is exactly 0) and lam the L1 strength lambda."""
    for m, n_out, n_in, lam, seed in [(6, 4, 5, 0.1, 71), (9, 3, 7, 0.03, 72)]:
        rng = np.random.default_rng(seed)
        delta, a_prev = rng.normal(size=(m, n_out)), rng.random((m, n_in))
        W, b = rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
        answer, failed = attempt(l1_gradients, delta.copy(), a_prev.copy(), W.copy(), b.copy(), lam)
        if failed is not None:
            return failed
        answer, failed = _pair(answer, "dW, db")
        if failed is not None:
            return failed
        dW_right, db_right = l1_reference(delta, a_prev, W, b, lam)
        data = delta.T @ a_prev / m  # BP4 of the mean cost alone
        sign = np.sign(W)
        dW_mistakes = {
            "the L1 term is missing: the penalty λ Σ|w^l_jk| adds its derivative, λ sign(w^l_jk), to BP4": data,
            "you added λ W, the L2 term: the derivative of λ |w| is λ sign(w) (+λ for a positive weight, -λ for a "
            "negative one), whatever the weight's size": data + lam * W,
            "you added (λ/2) sign(W): the L1 penalty λ Σ|w| has no ½ (L2's ½ was there to cancel the 2 of w²), so "
            "its derivative is λ sign(w)": data + lam / 2 * sign,
            "you divided λ sign(W) by m: λ multiplies the penalty of the mean cost, so its gradient is λ sign(W) "
            "(the 1/m belongs to the data term only)": data + lam * sign / m,
            "the data term is m times too large: BP4 of the mean cost is (1/m) Σ_x δ^l_x (a^{l-1}_x)^T, "
            "delta.T @ a_prev / m": m * data + lam * sign,
            "the L1 term has the wrong sign: the penalty's gradient is + λ sign(W), so that a step moves every weight "
            "towards 0": data - lam * sign,
        }
        verdict = compare(answer[0], dW_right, "your dW", tol=TOL, mistakes=dW_mistakes)
        if not verdict:
            return verdict
        db_mistakes = {
            "you penalised the biases: the penalty sums the weights only, so BP3 keeps no λ term, "
            "db = (1/m) Σ_x δ^l_x": db_right + lam * np.sign(b),
            "you added λ b: the penalty sums the weights only, so BP3 keeps no λ term, db = (1/m) Σ_x δ^l_x": (
                db_right + lam * b
            ),
        }
        verdict = compare(answer[1], db_right, "your db", tol=TOL, mistakes=db_mistakes, m=m)
        if not verdict:
            return verdict
    return correct("each of your dW (BP4 plus λ sign W) and db (BP3, no λ)", TOL)


# ---------------------------------------------------------------- Exercise 8.2
P_DROP, RNG_SEED = 0.25, 7


def _draws(shape, seed=RNG_SEED):
    """The first two arrays u of self.rng.random(shape): the forward's draw, and the one a second draw would give."""
    rng = np.random.default_rng(seed)
    return rng.random(shape), rng.random(shape)


def _same_values_other_pattern(answer, a, q):
    """Whether answer / a holds only 0 and 1/q (the right scaling) although the units kept differ."""
    try:
        ratio = np.asarray(answer, dtype=np.float64) / a
    except (TypeError, ValueError):
        return False
    if ratio.shape != a.shape or not np.all(np.isfinite(ratio)):
        return False
    return bool(np.all(np.isclose(ratio, 0.0) | np.isclose(ratio, 1 / q)))


def check_inverted_dropout(InvertedDropout):
    """Exercise 8.2: ``InvertedDropout(p, rng)``; ``forward(a)`` draws u = self.rng.random(a.shape), keeps unit
    where u < q = 1 - p and returns a * mask with mask = 1/q there and 0 elsewhere; ``backward(grad)`` returns
    dC/da from dC/da~, both of a's shape (m, n)."""
    p = P_DROP
    q = 1 - p
    data = np.random.default_rng(70)
    a = data.random((6, 8)) + 0.5  # positive activations, none zero: each kept unit shows its scale
    grad = data.normal(size=(6, 8))  # dC/da~, from the layer above
    u, u_next = _draws(a.shape)
    kept, kept_next = u < q, u_next < q
    mask = kept / q

    layer, failed = attempt(InvertedDropout, p, np.random.default_rng(RNG_SEED))
    if failed is not None:
        return failed
    a_tilde, failed = attempt(layer.forward, a.copy())
    if failed is not None:
        return failed
    forward_mistakes = {
        "the 1/q is missing: kept units must be divided by the keep probability q = 1 - p, so that the expected "
        "value of ã is a": a * kept,
        "you divided by p, the drop probability; inverted dropout divides the kept units by q = 1 - p": a * kept / p,
        "you multiplied the kept units by q; inverted dropout divides them by q = 1 - p": a * kept * q,
        "you kept each unit with probability p, but p is the probability of dropping it: keep the unit where "
        "u < q = 1 - p": a * (u < p) / q,
        "you kept each unit with probability p (p is the drop probability: keep where u < q = 1 - p), "
        "and the 1/q is missing": a * (u < p),
        "you kept the units where u >= p: that keeps each with probability q too, but this check follows nnlib, "
        "which keeps unit j where u < q; write `u < q`": a * (u >= p) / q,
    }
    verdict = compare(a_tilde, a * mask, "your forward(a)", tol=TOL, mistakes=forward_mistakes)
    if not verdict:
        if _same_values_other_pattern(a_tilde, a, q) and not verdict.message.startswith("your forward(a) is off"):
            return wrong(
                "your forward(a) scales the kept units right (0 or 1/q) but keeps other units than "
                "u = self.rng.random(a.shape) < q does: draw u once per call, with self.rng.random(a.shape), "
                "and keep unit j where u < q."
            )
        return verdict

    dC_da, failed = attempt(layer.backward, grad.copy())
    if failed is not None:
        return failed
    backward_mistakes = {
        "the gradient passed through unchanged: ã = a ⊙ mask, so ∂C/∂a = ∂C/∂ã ⊙ mask; multiply by the mask of the "
        "forward pass (a dropped unit passes no gradient)": grad,
        "the 1/q is missing in backward: ã = a ⊙ mask with mask = 1/q for a kept unit, so ∂C/∂a = ∂C/∂ã ⊙ mask "
        "includes the 1/q": grad * kept,
        "you drew a new mask in backward: reuse the mask of the forward pass (keep it in self.mask); a new one sends "
        "gradient through units that were dropped and none through some that were used": grad * kept_next / q,
        "you drew a new mask in backward, without the 1/q: reuse the forward's mask (self.mask), 0 or 1/q": (
            grad * kept_next
        ),
    }
    verdict = compare(dC_da, grad * mask, "your backward(grad)", tol=TOL, mistakes=backward_mistakes)
    if not verdict:
        return verdict
    return correct("each of your forward(a) (mask 0 or 1/q, kept where u < q) and backward(grad) (the same mask)", TOL)


__all__ = ["check_l1_gradients", "check_inverted_dropout", "l1_reference"]
