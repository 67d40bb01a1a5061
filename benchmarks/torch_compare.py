"""nnlib's real ``fit`` loop against a plain PyTorch training loop on the CPU.

Three course models, float32 on both sides, the same number of BLAS threads, batch 32 and
128, interleaved in one run (nnlib, torch, torch, nnlib, ...), medians over repetitions:

* 784-100-10 sigmoid, MSE, SGD
* 784-128-10 ReLU, softmax cross-entropy, SGD
* 784-256-128-64-32-10 ReLU, softmax cross-entropy, Adam

Prints the time ratio nnlib / torch and the achieved GFLOP/s (2*m*n*k flops of every GEMM
of the forward and backward pass) against a large float32 GEMM timed with numpy in the
same run.  torch is optional: without it the script says so and exits.

    .venv/bin/python benchmarks/torch_compare.py            # 1 thread, full epochs, 5 reps
    .venv/bin/python benchmarks/torch_compare.py --quick    # smoke run, a few seconds
    .venv/bin/python benchmarks/torch_compare.py --threads 2

See benchmarks/README.md for OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    gemm_ceiling,
    machine_report,
    markdown_table,
    median,  # noqa: E402
    pin_threads,
    timed,
)

# run as a script: pin the BLAS threads before numpy is imported (not on import, e.g. by the
# tests, which must not change the thread settings of the process that imports this)
THREADS = pin_threads() if __name__ == "__main__" else None

import numpy as np  # noqa: E402

import nnlib  # noqa: E402
from nnlib.recipes import Recipe  # noqa: E402

try:
    import torch
except ImportError:  # optional benchmark dependency
    torch = None

# name: the recipe (the network's settings, the optimizer and its rate; the batch size is set per run)
MODELS = {
    "784-100-10 sigmoid MSE, SGD": Recipe(sizes=(784, 100, 10), hidden="sigmoid", output="sigmoid", loss="mse",
                                          init="lecun", lr=0.5),
    "784-128-10 ReLU softmax CE, SGD": Recipe(sizes=(784, 128, 10), lr=0.1),
    "784-256-128-64-32-10 ReLU softmax CE, Adam": Recipe(sizes=(784, 256, 128, 64, 32, 10), optimizer="adam",
                                                         lr=1e-3),
}  # fmt: skip


def gemm_flops_per_sample(sizes):
    """Flops of the GEMMs of one forward + backward pass, per sample.

    Forward z[l] = a[l-1] W[l]^T and backward dW[l] = delta[l]^T a[l-1] for every layer,
    plus delta[l] W[l] for l >= 2 (nobody needs dC/dX): 2 n_l n_{l-1} flops each.
    """
    flops = 0
    for l in range(1, len(sizes)):
        gemms = 3 if l > 1 else 2
        flops += gemms * 2 * sizes[l] * sizes[l - 1]
    return flops


def make_nnlib(recipe, seed):
    return recipe.replace(seed=seed).network(), recipe.new_optimizer()


def make_torch(recipe, net, fused=False):
    """The same architecture in torch, starting from the nnlib network's weights.

    ``fused=True`` asks for torch's fused optimizer kernels (not torch's CPU default).
    """
    sizes = recipe.sizes
    layers = []
    for l in range(1, len(sizes)):
        linear = torch.nn.Linear(sizes[l - 1], sizes[l])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(net.W[l].copy()))
            linear.bias.copy_(torch.from_numpy(net.b[l].copy()))
        layers.append(linear)
        if l < len(sizes) - 1:
            layers.append(torch.nn.Sigmoid() if recipe.hidden == "sigmoid" else torch.nn.ReLU())
    if recipe.output == "sigmoid":
        layers.append(torch.nn.Sigmoid())  # softmax is folded into the cross-entropy loss
    model_t = torch.nn.Sequential(*layers)
    kwargs = {"fused": True} if fused else {}
    if recipe.optimizer == "sgd":
        optimizer = torch.optim.SGD(model_t.parameters(), lr=recipe.lr, **kwargs)
    else:
        optimizer = torch.optim.Adam(model_t.parameters(), lr=recipe.lr, **kwargs)
    if recipe.loss == "mse":

        def loss_fn(out, Y, y):  # nnlib's convention: mean over the batch of 1/2 ||a - y||^2
            return 0.5 * torch.nn.functional.mse_loss(out, Y, reduction="sum") / out.shape[0]
    else:

        def loss_fn(out, Y, y):
            return torch.nn.functional.cross_entropy(out, y)

    return model_t, optimizer, loss_fn


def gemm_only_epoch(sizes, m, batch_size):
    """The GEMMs of an epoch of training alone, on preallocated arrays: what these shapes allow."""
    rng = np.random.default_rng(0)
    a = [rng.random((batch_size, n), dtype=np.float32) for n in sizes]  # a[l], also delta[l]
    # the weights in nnlib's layout: W[l] of shape (n_l, n_{l-1}), stored row by row
    W = [None] + [rng.random((sizes[l], sizes[l - 1]), dtype=np.float32) for l in range(1, len(sizes))]
    dW = [None] + [np.empty_like(W[l]) for l in range(1, len(sizes))]
    z = [np.empty_like(x) for x in a]
    for _ in range(0, m, batch_size):
        for l in range(1, len(sizes)):
            np.matmul(a[l - 1], W[l].T, out=z[l])  # forward
        for l in range(len(sizes) - 1, 0, -1):
            np.matmul(a[l].T, a[l - 1], out=dW[l])  # weight gradient
            if l > 1:
                np.matmul(a[l], W[l], out=z[l - 1])  # backpropagated error


def floor_epoch(model, X, Y, batch_size, seed=0):
    """What a NumPy step cannot avoid, alone: the GEMMs, the optimizer's update and the batch gather.

    Returns process CPU seconds of an epoch of each: (GEMMs, update, gather).  Everything else
    in a step (bias, activations, loss, deltas, bookkeeping) can only add to their sum, so
    flops / sum is the most GFLOP/s that nnlib's design could reach on this machine.
    """
    m = len(X)
    gemms = timed(lambda: gemm_only_epoch(model[1].sizes, m, batch_size))[1]
    net, optimizer = make_nnlib(model[1], seed)
    net.grad[...] = 1e-3

    def updates():
        for _ in range(0, m, batch_size):
            optimizer.step(net.theta, net.grad)

    update = timed(updates)[1]

    def gathers():
        order = np.random.default_rng(seed).permutation(m)
        for first in range(0, m, batch_size):
            idx = order[first : first + batch_size]
            _ = X[idx], Y[idx]  # the gather of fit

    gather = timed(gathers)[1]
    return gemms, update, gather


def torch_epoch(model_t, optimizer, loss_fn, X, Y, y, batch_size, generator):
    """One epoch of a plain torch loop over pre-shuffled tensors sliced per batch."""
    perm = torch.randperm(len(X), generator=generator)
    Xs, Ys, ys = X[perm], Y[perm], y[perm]
    for first in range(0, len(X), batch_size):
        xb, Yb, yb = Xs[first : first + batch_size], Ys[first : first + batch_size], ys[first : first + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model_t(xb), Yb, yb)
        loss.backward()
        optimizer.step()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="BLAS / torch threads (default 1)")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per configuration")
    parser.add_argument(
        "--samples", type=int, default=60_000, help="training samples per timed epoch (default: all 60,000)"
    )
    parser.add_argument("--batches", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--quick", action="store_true", help="smoke run: 4,096 samples, 2 reps")
    parser.add_argument(
        "--torch-fused", action="store_true", help="use torch's fused SGD/Adam kernels instead of its CPU default"
    )
    args = parser.parse_args()
    if args.quick:
        args.samples, args.reps = 4096, 2

    if torch is None:
        print(
            "torch is not installed: skipping the PyTorch comparison. It is an optional benchmark "
            "dependency: .venv/bin/pip install torch==2.13.0"
        )
        return 0
    torch.set_num_threads(THREADS)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass

    X_train, y_train, _, _ = nnlib.load_mnist(dtype=np.float32)
    X, y = X_train[: args.samples], y_train[: args.samples]
    m = len(X)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    Y = nnlib.one_hot(y, 10, dtype=np.float32)  # (m, 10), shared with torch
    Yt = torch.from_numpy(Y)

    blas = "MKL" if torch.backends.mkl.is_available() else "no MKL"
    print(
        "\n".join(
            machine_report(
                [
                    f"torch {torch.__version__} ({blas}, CPU capability "
                    f"{torch.backends.cpu.get_cpu_capability()}), torch threads "
                    f"{torch.get_num_threads()}, BLAS threads {THREADS}"
                ]
            )
        )
    )
    # the ceiling is measured right before every nnlib epoch (best of 2), and nnlib's share is
    # taken against that measurement: on a shared machine the speed drifts by 5-10 % over
    # minutes, and both sides of a ratio should see the same machine
    ceiling, ceiling_cpu = gemm_ceiling(np.float32)
    print(
        f"GEMM ceiling (numpy float32 2048^3, best of 5): {ceiling:.1f} GFLOP/s wall, "
        f"{ceiling_cpu:.1f} GFLOP/s CPU time; measured again before every nnlib epoch"
    )
    print(
        f"{m} samples per timed epoch, {args.reps} repetitions, order alternates nnlib/torch; "
        f"torch optimizers: {'fused' if args.torch_fused else 'default'}\n",
        flush=True,
    )

    configs = [(model, bs) for model in MODELS.items() for bs in args.batches]  # model: (name, recipe)
    times = {(model[0], bs, side): [] for model, bs in configs for side in ("nnlib", "torch")}
    cpu = {key: [] for key in times}
    share = {(model[0], bs): [] for model, bs in configs}  # (wall, CPU) share of the ceiling, per rep
    ceilings = []

    def run_nnlib(model, bs, rep):
        net, opt = make_nnlib(model[1], seed=rep)
        ceiling_now = gemm_ceiling(np.float32, reps=2)
        ceilings.append(ceiling_now)
        wall, cpu_s = timed(
            lambda: nnlib.fit(net, X, y, epochs=1, batch_size=bs, optimizer=opt, seed=rep, verbose=False)
        )
        gflops = gemm_flops_per_sample(model[1].sizes) * m / 1e9
        share[(model[0], bs)].append((gflops / wall / ceiling_now[0], gflops / cpu_s / ceiling_now[1]))
        return wall, cpu_s

    def run_torch(model, bs, rep):
        net, _ = make_nnlib(model[1], seed=rep)
        model_t, opt, loss_fn = make_torch(model[1], net, fused=args.torch_fused)
        gen = torch.Generator().manual_seed(rep)
        return timed(lambda: torch_epoch(model_t, opt, loss_fn, Xt, Yt, yt, bs, gen))

    # warm up both sides once on every configuration (allocations, lazy init)
    Xw, yw = X[:1024], y[:1024]
    for model, bs in configs:
        net, opt = make_nnlib(model[1], 0)
        nnlib.fit(net, Xw, yw, epochs=1, batch_size=bs, optimizer=opt, verbose=False)
        model_t, opt_t, loss_fn = make_torch(model[1], net, fused=args.torch_fused)
        torch_epoch(model_t, opt_t, loss_fn, Xt[:1024], Yt[:1024], yt[:1024], bs, torch.Generator())

    for rep in range(args.reps):
        for model, bs in configs:
            order = ("nnlib", "torch") if rep % 2 == 0 else ("torch", "nnlib")
            for side in order:
                wall, cpu_s = (run_nnlib if side == "nnlib" else run_torch)(model, bs, rep)
                times[(model[0], bs, side)].append(wall)
                cpu[(model[0], bs, side)].append(cpu_s)
            a, b = times[(model[0], bs, "nnlib")][-1], times[(model[0], bs, "torch")][-1]
            print(
                f"rep {rep + 1}/{args.reps}  {model[0]:<44} batch {bs:>3}: nnlib {a:7.3f} s  "
                f"torch {b:7.3f} s  ratio {a / b:.2f}  nnlib at {share[(model[0], bs)][-1][0]:.0%} "
                f"of the ceiling ({ceilings[-1][0]:.0f} GFLOP/s)",
                flush=True,
            )
    ceiling = median(c[0] for c in ceilings)
    ceiling_cpu = median(c[1] for c in ceilings)

    # the floor of each configuration: its GEMMs, optimizer update and gathers alone (best of 3)
    floor = {}
    for model, bs in configs:
        runs = [floor_epoch(model, X, Y, bs) for _ in range(3)]
        floor[(model[0], bs)] = [min(run[i] for run in runs) for i in range(3)]

    rows = []
    for model, bs in configs:
        key_n, key_t = (model[0], bs, "nnlib"), (model[0], bs, "torch")
        t_n, t_t = median(times[key_n]), median(times[key_t])
        c_n, c_t = median(cpu[key_n]), median(cpu[key_t])
        s_wall = median(sh[0] for sh in share[(model[0], bs)])
        s_cpu = median(sh[1] for sh in share[(model[0], bs)])
        flops = gemm_flops_per_sample(model[1].sizes) * m
        gemms, update, gather = floor[(model[0], bs)]
        reachable = flops / (gemms + update + gather) / 1e9 / ceiling_cpu
        rows.append(
            [
                model[0],
                bs,
                f"{t_n:.3f}",
                f"{t_t:.3f}",
                f"**{t_n / t_t:.2f}**",
                f"{c_n / c_t:.2f}",
                f"{flops / c_n / 1e9:.0f}",
                f"**{s_wall:.0%}** / {s_cpu:.0%}",
                f"{gemms / c_n:.0%} + {update / c_n:.0%} + {gather / c_n:.0%}",
                f"{reachable:.0%}",
                f"{flops / t_t / 1e9:.0f}",
            ]
        )
    header = [
        "model",
        "batch",
        "nnlib s",
        "torch s",
        "nnlib/torch (wall)",
        "nnlib/torch (CPU)",
        "nnlib GFLOP/s (CPU)",
        "share of ceiling (wall / CPU)",
        "GEMMs + update + gather alone, of nnlib",
        "most reachable share",
        "torch GFLOP/s",
    ]
    print()
    print(
        f"Median seconds per epoch of {m} samples, float32, {THREADS} thread(s). GEMM ceiling measured "
        f"before every nnlib epoch, median {ceiling:.0f} GFLOP/s (wall), {ceiling_cpu:.0f} GFLOP/s (CPU time); "
        f"the share of the ceiling is the median over repetitions of nnlib's GFLOP/s over the ceiling "
        f"measured just before it. "
        f"CPU-time columns use process CPU seconds, which other processes inflate less than wall-clock "
        f"seconds. 'Alone' is the CPU time of an epoch of the same GEMMs, of the optimizer's update and of "
        f"the mini-batch gathers, each by itself (best of 3), as fractions of nnlib's epoch; 'most "
        f"reachable share' is the share nnlib would reach if nothing else in a step cost any time.\n"
    )
    print(markdown_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
