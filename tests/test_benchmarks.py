"""The benchmarks compare like with like: each side computes the same training step.

No timing is asserted here (benchmarks only print figures); these tests check that the per-sample
loop of ``benchmarks/per_sample_loop.py`` and the torch model of ``benchmarks/torch_compare.py`` do the
same mathematics as nnlib, so that their time ratios mean something.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib.network import BLOG_POST

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import per_sample_loop  # noqa: E402
import textbook_loop  # noqa: E402
import torch_compare  # noqa: E402


def _batch(m=32, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((m, 784))
    y = rng.integers(0, 10, size=m)
    return X, y, nnlib.one_hot(y, 10)


def test_per_sample_loop_takes_nnlibs_gradient_step():
    X, _, Y = _batch()
    net = nnlib.Network(per_sample_loop.SIZES, **BLOG_POST, seed=3)
    W = [None] + [net.W[l].copy() for l in (1, 2)]
    b = [None] + [net.b[l].reshape(-1, 1).copy() for l in (1, 2)]
    per_sample_loop.per_sample_epoch(W, b, X, Y, batch_size=32, lr=per_sample_loop.LR, order=np.arange(32))
    net.loss_and_gradient(X, Y)
    for l in (1, 2):
        np.testing.assert_allclose(W[l], net.W[l] - per_sample_loop.LR * net.dW[l], rtol=0, atol=1e-12)
        np.testing.assert_allclose(b[l][:, 0], net.b[l] - per_sample_loop.LR * net.db[l], rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "name", [name for name, recipe in textbook_loop.RECIPES.items() if textbook_loop.plain(recipe)]
)
def test_the_textbook_loop_takes_fits_steps(name):
    """Two epochs of the textbook loop end where two epochs of fit do, from the same weights and shuffles."""
    recipe = textbook_loop.RECIPES[name].replace(dtype="float64", batch_size=16)
    X, y, Y = _batch(m=40, seed=2)
    net = recipe.network()
    W = [None] + [net.W[l].copy() for l in range(1, net.L + 1)]
    b = [None] + [net.b[l].copy() for l in range(1, net.L + 1)]
    history = nnlib.fit(net, X, y, epochs=2, batch_size=16, optimizer=recipe.new_optimizer(), seed=0, verbose=False)
    rng = np.random.default_rng(0)  # fit's shuffles
    for _ in range(2):
        order = rng.permutation(len(X))
        loss, accuracy = textbook_loop.textbook_epoch(W, b, X, Y, y, 16, recipe.lr, order, recipe.hidden, recipe.loss)
    assert (loss, accuracy) == (pytest.approx(history.loss[-1], rel=1e-10), history.train_acc[-1])
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(W[l], net.W[l], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b[l], net.b[l], rtol=1e-10, atol=1e-12)


def test_gemm_flop_count():
    # 784-100-10: forward and weight gradient of both layers, backpropagated error of layer 2 only
    assert torch_compare.gemm_flops_per_sample([784, 100, 10]) == 2 * (2 * 784 * 100 + 3 * 100 * 10)


@pytest.mark.parametrize("model", torch_compare.MODELS.values(), ids=torch_compare.MODELS)
def test_torch_model_matches_nnlib(model):
    torch = pytest.importorskip("torch")
    X, y, Y = _batch(seed=1)
    net, optimizer = torch_compare.make_nnlib(model, seed=0)
    model_t, optimizer_t, loss_fn = torch_compare.make_torch(model, net)
    Xf, Yf = X.astype(np.float32), Y.astype(np.float32)

    loss_t = loss_fn(model_t(torch.from_numpy(Xf)), torch.from_numpy(Yf), torch.from_numpy(y))
    optimizer_t.zero_grad()
    loss_t.backward()
    optimizer_t.step()
    cost = net.loss_and_gradient(Xf, Yf)
    optimizer.step(net.theta, net.grad)

    assert loss_t.item() == pytest.approx(cost, rel=1e-5)
    # Adam's first step moves every parameter by about lr whatever the size of its gradient, so
    # float32 rounding of tiny gradients shows; a wrong update would be off by a multiple of lr
    atol = 0.1 * optimizer.lr if model.optimizer == "adam" else 1e-6
    linears = [layer for layer in model_t if isinstance(layer, torch.nn.Linear)]
    for l, linear in enumerate(linears, start=1):
        np.testing.assert_allclose(linear.weight.detach().numpy(), net.W[l], rtol=1e-4, atol=atol)
        np.testing.assert_allclose(linear.bias.detach().numpy(), net.b[l], rtol=1e-4, atol=atol)
