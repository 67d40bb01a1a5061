"""nnlib's ``fit`` against a per-sample training loop like Lian's (issue 2, item 6).

Kunlei Lian's "Build Neural Network from Scratch using NumPy" (2023), the first blog post the
course grew from, trains the 784-100-10 sigmoid network with MSE by feeding one sample at a time
through the network as a column vector, accumulating the gradients of a mini-batch, then
taking one gradient step.  ``per_sample_epoch`` below is a minimal loop of that kind
(written for this benchmark); nnlib does the same mathematics on the whole mini-batch at
once with matrix products.  Both run the posts' network (``BLOG_POST``: float64, N(0, 1) weights) on the same
samples with the same SGD step; the runs alternate (nnlib, loop, loop, nnlib, ...) and the
medians are compared.

The per-sample loop is slow, so each measurement is one pass over a fixed number of
training samples (default 9,600: 300 batches of 32, 75 of 128), not a full epoch; the
table also gives the time extrapolated to a 60,000-sample epoch.

    .venv/bin/python benchmarks/per_sample_loop.py            # 1 BLAS thread, 5 repetitions
    .venv/bin/python benchmarks/per_sample_loop.py --quick    # smoke run
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_report, markdown_table, median, pin_threads, timed  # noqa: E402

# run as a script: pin the BLAS threads before numpy is imported (not on import, e.g. by the
# tests, which must not change the thread settings of the process that imports this)
THREADS = pin_threads() if __name__ == "__main__" else None

import numpy as np  # noqa: E402

import nnlib  # noqa: E402
from nnlib.network import BLOG_POST  # noqa: E402

SIZES = [784, 100, 10]
LR = 3.0  # the posts' order of magnitude for sigmoid + MSE on [0, 1] pixels
TARGET = 10.0  # nnlib at least 10x faster than the per-sample loop at batch 32


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for any input


def per_sample_epoch(W, b, X, Y, batch_size, lr, order):
    """One pass of mini-batch SGD where every sample goes through the network alone.

    W[l]: (n_l, n_{l-1}), b[l]: (n_l, 1); x and y are column vectors, as in the posts.
    """
    L = len(W) - 1
    for first in range(0, len(order), batch_size):
        batch = order[first : first + batch_size]
        nabla_W = [None] + [np.zeros_like(W[l]) for l in range(1, L + 1)]
        nabla_b = [None] + [np.zeros_like(b[l]) for l in range(1, L + 1)]
        for i in batch:  # the Python loop over samples
            a = [X[i].reshape(-1, 1)]  # (n_0, 1)
            for l in range(1, L + 1):
                a.append(sigmoid(W[l] @ a[-1] + b[l]))
            delta = (a[L] - Y[i].reshape(-1, 1)) * a[L] * (1.0 - a[L])  # (BP1), MSE
            for l in range(L, 0, -1):
                nabla_W[l] += delta @ a[l - 1].T  # (BP4)
                nabla_b[l] += delta  # (BP3)
                if l > 1:
                    delta = (W[l].T @ delta) * a[l - 1] * (1.0 - a[l - 1])  # (BP2)
        for l in range(1, L + 1):  # mean over the batch, one step
            W[l] -= (lr / len(batch)) * nabla_W[l]
            b[l] -= (lr / len(batch)) * nabla_b[l]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per configuration")
    parser.add_argument("--samples", type=int, default=9600, help="training samples per measurement")
    parser.add_argument("--batches", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,920 samples, 2 repetitions")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.reps = 1920, 2

    X_train, y_train, _, _ = nnlib.load_mnist()  # float64, pixels in [0, 1]
    X, y = X_train[: args.samples], y_train[: args.samples]
    Y = nnlib.one_hot(y, 10)
    print("\n".join(machine_report([f"BLAS threads {THREADS}"])))
    print(
        f"784-100-10 sigmoid + MSE, plain SGD (lr {LR}), float64; {len(X)} samples per measurement, "
        f"{args.reps} repetitions, order alternates\n",
        flush=True,
    )

    def run_nnlib(bs, rep):
        net = nnlib.Network(SIZES, **BLOG_POST, seed=rep)
        return timed(
            lambda: nnlib.fit(net, X, y, epochs=1, batch_size=bs, optimizer=nnlib.SGD(lr=LR), seed=rep, verbose=False)
        )

    def run_loop(bs, rep):
        net = nnlib.Network(SIZES, **BLOG_POST, seed=rep)
        W = [None] + [net.W[l].copy() for l in range(1, net.L + 1)]
        b = [None] + [net.b[l].reshape(-1, 1).copy() for l in range(1, net.L + 1)]
        order = np.random.default_rng(rep).permutation(len(X))
        return timed(lambda: per_sample_epoch(W, b, X, Y, bs, LR, order))

    for bs in args.batches:  # warm up both sides (first calls, allocations)
        nnlib.fit(
            nnlib.Network(SIZES, **BLOG_POST),
            X[: 4 * bs],
            y[: 4 * bs],
            epochs=1,
            batch_size=bs,
            optimizer=nnlib.SGD(lr=LR),
            verbose=False,
        )
        net = nnlib.Network(SIZES, **BLOG_POST)
        per_sample_epoch(
            [None, net.W[1].copy(), net.W[2].copy()],
            [None, net.b[1].reshape(-1, 1).copy(), net.b[2].reshape(-1, 1).copy()],
            X,
            Y,
            bs,
            LR,
            np.arange(bs),
        )

    times = {(bs, side): [] for bs in args.batches for side in ("nnlib", "loop")}
    cpu = {key: [] for key in times}
    for rep in range(args.reps):
        for bs in args.batches:
            for side in ("nnlib", "loop") if rep % 2 == 0 else ("loop", "nnlib"):
                wall, cpu_s = (run_nnlib if side == "nnlib" else run_loop)(bs, rep)
                times[(bs, side)].append(wall)
                cpu[(bs, side)].append(cpu_s)
            a, b = times[(bs, "nnlib")][-1], times[(bs, "loop")][-1]
            print(
                f"rep {rep + 1}/{args.reps}  batch {bs:>3}: nnlib {a:7.3f} s  per-sample loop {b:7.3f} s  "
                f"speed-up {b / a:5.1f}x",
                flush=True,
            )

    rows, ok = [], True
    scale = 60_000 / len(X)
    for bs in args.batches:
        t_n, t_l = median(times[(bs, "nnlib")]), median(times[(bs, "loop")])
        c_n, c_l = median(cpu[(bs, "nnlib")]), median(cpu[(bs, "loop")])
        rows.append(
            [
                bs,
                f"{t_n:.3f}",
                f"{t_l:.3f}",
                f"{t_n * scale:.2f}",
                f"{t_l * scale:.1f}",
                f"**{t_l / t_n:.1f}x**",
                f"{c_l / c_n:.1f}x",
            ]
        )
        if bs == 32:
            ok = t_l / t_n >= TARGET
    print(
        f"\nMedian seconds for {len(X)} samples (and extrapolated to a 60,000-sample epoch), "
        f"float64, {THREADS} BLAS thread(s).\n"
    )
    print(
        markdown_table(
            [
                "batch",
                "nnlib s",
                "per-sample loop s",
                "nnlib s/epoch",
                "loop s/epoch",
                "nnlib speed-up (wall)",
                "speed-up (CPU time)",
            ],
            rows,
        )
    )
    if 32 in args.batches:
        print(
            f"\nbatch 32: nnlib is {'at least' if ok else 'LESS than'} {TARGET:.0f}x faster than the "
            f"per-sample loop (target >= {TARGET:.0f}x)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
