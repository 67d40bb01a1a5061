"""nnlib's ``fit`` against a plain textbook NumPy loop (and, with ``--base``, against ``fit`` at another commit).

The textbook loop (``textbook_epoch`` below) is mini-batch SGD as a textbook writes it in NumPy: separate
arrays W[l], b[l], a forward pass that keeps z and a, each batch's loss and correct predictions (the epoch's
numbers that ``fit`` prints), BP1-BP4 and the update; no checks, no flat parameter vector, no classes.
``fit`` does the same work through ``Network``'s contract and ``train_step``, and also checks its data once
and watches for divergence; the ratio fit / loop is what that structure costs.  Both sides train the same
network from the same weights on the same shuffles, float32, one epoch per measurement; the order of the sides
rotates every repetition, so that a slow period of a shared machine hits each alike, and the medians are compared.

``--base COMMIT`` adds a third side: ``fit`` of the nnlib at that commit, extracted with ``git archive`` and
imported in the same process under the name ``nnlib_base``, on every recipe (also those the textbook loop
does not cover, such as the best network with dropout, max-norm, momentum and a cosine schedule).

    .venv/bin/python benchmarks/textbook_loop.py                    # 1 BLAS thread, 5 repetitions
    .venv/bin/python benchmarks/textbook_loop.py --base b282278     # and fit before a change
    .venv/bin/python benchmarks/textbook_loop.py --quick
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine_report, markdown_table, median, pin_threads, timed  # noqa: E402

# run as a script: pin the BLAS threads before numpy is imported (not on import, e.g. by the tests)
THREADS = pin_threads() if __name__ == "__main__" else None

import numpy as np  # noqa: E402

import nnlib  # noqa: E402
from nnlib.recipes import BEST, Recipe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1.10  # fit may take at most 1.1x the time of the textbook loop

# every configuration is a Recipe: the network's settings and the training's, in one object
RECIPES = {
    "784-100-10 sigmoid MSE, SGD": Recipe(sizes=(784, 100, 10), hidden="sigmoid", output="sigmoid", loss="mse",
                                          init="lecun", lr=0.5),
    "784-128-10 ReLU softmax CE, SGD": Recipe(sizes=(784, 128, 10), lr=0.1),
    "784-256-128-64-32-10 ReLU softmax CE, SGD": Recipe(sizes=(784, 256, 128, 64, 32, 10), lr=0.1),
    "best network (dropout, max-norm, momentum, cosine)": BEST,
}  # fmt: skip
BEST_SAMPLES = 10_000  # the best network's epoch is long: it is timed on a sixth of the data


def plain(recipe):
    """Whether the textbook loop trains this recipe: plain SGD without momentum, schedule or regularisation."""
    return (recipe.optimizer, recipe.momentum, recipe.schedule) == ("sgd", 0.0, None) and recipe.regularization() == (
        nnlib.Regularization()
    )


# ---------------------------------------------------------------- the textbook loop
def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # 1 / (1 + e^-z), without overflow


def relu(z):
    return np.maximum(z, 0)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def textbook_epoch(W, b, X, Y, y, batch_size, lr, order, hidden, loss):
    """One epoch of mini-batch SGD: W[l] (n_l, n_{l-1}), b[l] (n_l,), one sample per row of X and Y (one-hot) and
    labels y; returns the epoch's mean loss and accuracy, the numbers fit prints."""
    L = len(W) - 1
    total_loss, correct = 0.0, 0
    for first in range(0, len(order), batch_size):
        idx = order[first : first + batch_size]
        a, z = [X[idx]], [None]
        for l in range(1, L + 1):
            z.append(a[l - 1] @ W[l].T + b[l])
            if l < L:
                a.append(sigmoid(z[l]) if hidden == "sigmoid" else relu(z[l]))
            else:
                a.append(sigmoid(z[l]) if loss == "mse" else softmax(z[l]))
        if loss == "mse":  # the batch's loss, summed over its samples: 1/2 ||a - y||^2 ...
            total_loss += 0.5 * ((a[L] - Y[idx]) ** 2).sum()
        else:  # ... or -log softmax(z)_y = log sum_k e^{z_k} - z_y, with the maximum taken out
            z_max = z[L].max(axis=1, keepdims=True)
            total_loss += (z_max[:, 0] + np.log(np.exp(z[L] - z_max).sum(axis=1)) - (Y[idx] * z[L]).sum(axis=1)).sum()
        correct += (a[L].argmax(axis=1) == y[idx]).sum()
        delta = a[L] - Y[idx]  # (BP1) for softmax with cross-entropy
        if loss == "mse":
            delta *= a[L] * (1 - a[L])  # (BP1) for sigmoid with MSE
        m = len(idx)
        for l in range(L, 0, -1):
            dW = delta.T @ a[l - 1] / m  # (BP4)
            db = delta.sum(axis=0) / m  # (BP3)
            if l > 1:  # (BP2)
                prime = a[l - 1] * (1 - a[l - 1]) if hidden == "sigmoid" else (z[l - 1] > 0)
                delta = (delta @ W[l]) * prime
            W[l] -= lr * dW
            b[l] -= lr * db
    return total_loss / len(order), correct / len(order)


# ---------------------------------------------------------------- fit, of this nnlib or of another commit
def load_base(commit):
    """The nnlib package at ``commit``, imported as ``nnlib_base``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "nnlib"], capture_output=True, check=True)
    folder = Path(tempfile.mkdtemp(prefix="nnlib_base_"))
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    spec = importlib.util.spec_from_file_location(
        "nnlib_base", folder / "nnlib" / "__init__.py", submodule_search_locations=[str(folder / "nnlib")]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["nnlib_base"] = module
    spec.loader.exec_module(module)
    return module


def run_fit(lib, recipe, X, y, seed):
    """One epoch of ``lib.fit`` on the recipe's network; only API that every nnlib version of the last weeks has."""
    settings = dict(sizes=list(recipe.sizes), hidden=recipe.hidden, output=recipe.output, loss=recipe.loss)
    net = lib.Network(**settings, init=recipe.init, seed=seed, dtype=np.dtype(recipe.dtype))
    momentum = dict(momentum=recipe.momentum) if recipe.optimizer == "sgd" else {}
    optimizer = lib.optimizers.make_optimizer(recipe.optimizer, lr=recipe.lr, **momentum)
    schedule = lib.schedules.Cosine(recipe.lr, recipe.epochs) if recipe.schedule == "cosine" else None
    regularization = lib.Regularization(
        weight_decay=recipe.weight_decay,
        dropout=recipe.dropout,
        input_dropout=recipe.input_dropout,
        max_norm=recipe.max_norm,
    )
    return timed(
        lambda: lib.fit(
            net,
            X,
            y,
            epochs=1,
            batch_size=recipe.batch_size,
            optimizer=optimizer,
            schedule=schedule,
            regularization=regularization,
            seed=seed,
            verbose=False,
        )
    )


def run_loop(recipe, X, Y, y, seed):
    net = recipe.replace(seed=seed).network()  # the same initial weights as fit's network
    W = [None] + [net.W[l].copy() for l in range(1, net.L + 1)]
    b = [None] + [net.b[l].copy() for l in range(1, net.L + 1)]
    order = np.random.default_rng(seed).permutation(len(X))  # fit's first shuffle
    return timed(lambda: textbook_epoch(W, b, X, Y, y, recipe.batch_size, recipe.lr, order, recipe.hidden, recipe.loss))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per configuration")
    parser.add_argument("--batches", type=int, nargs="+", default=[32, 128], help="batch sizes of the SGD recipes")
    parser.add_argument("--base", help="a git commit: also time fit of the nnlib at that commit")
    parser.add_argument("--quick", action="store_true", help="smoke run: 4,096 samples, 2 repetitions")
    args = parser.parse_args()
    samples = 4096 if args.quick else 60_000
    reps = 2 if args.quick else args.reps

    base = load_base(args.base) if args.base else None
    X_all, y_all, _, _ = nnlib.load_mnist(dtype=np.float32)
    configs = []  # (name, recipe with its batch size, samples)
    for name, recipe in RECIPES.items():
        if recipe is BEST:
            configs.append((name, recipe, min(samples, BEST_SAMPLES)))
        else:
            configs += [(name, recipe.replace(batch_size=bs), samples) for bs in args.batches]
    configs = [c for c in configs if plain(c[1]) or base is not None]
    sides = {"loop": None, "nnlib": nnlib} | ({"base": base} if base is not None else {})
    print("\n".join(machine_report([f"BLAS threads {THREADS}", f"base: {args.base or '-'}"])))
    print(f"float32, {reps} repetitions, the order of the sides rotates every repetition\n", flush=True)

    def measure(side, recipe, n, rep):
        X, y = X_all[:n], y_all[:n]
        if side == "loop":
            return run_loop(recipe, X, nnlib.one_hot(y, 10, dtype=np.float32), y, rep)
        return run_fit(sides[side], recipe, X, y, rep)

    for _, recipe, _ in configs:  # warm up every side once (first calls, allocations)
        for side in sides:
            if side != "loop" or plain(recipe):
                measure(side, recipe, 4 * recipe.batch_size, 0)

    times = {}
    for rep in range(reps):
        for name, recipe, n in configs:
            order = [s for s in sides if s != "loop" or plain(recipe)]
            order = order[rep % len(order) :] + order[: rep % len(order)]
            for side in order:
                times.setdefault((name, recipe.batch_size, side), []).append(measure(side, recipe, n, rep))
            line = "  ".join(f"{s} {times[(name, recipe.batch_size, s)][-1][0]:6.2f} s" for s in order)
            print(f"rep {rep + 1}/{reps}  {name:<52} batch {recipe.batch_size:>3}: {line}", flush=True)

    def seconds(name, batch_size, side, kind):
        """The median wall-clock (kind 0) or process CPU (kind 1) seconds of a side's epochs, or None."""
        key = (name, batch_size, side)
        return median(t[kind] for t in times[key]) if key in times else None

    rows = []
    for name, recipe, n in configs:
        row = [name, recipe.batch_size, n]
        for kind in (0, 1):
            t_loop, t_nnlib, t_base = (seconds(name, recipe.batch_size, s, kind) for s in ("loop", "nnlib", "base"))
            row += [f"{t_nnlib:.2f}", "-" if t_loop is None else f"**{t_nnlib / t_loop:.2f}**"]
            if base is not None:
                row.append(f"{t_nnlib / t_base:.2f}")
        rows.append(row)
    header = ["recipe", "batch", "samples"]
    for kind in ("wall", "CPU"):
        header += [f"fit s ({kind})", f"fit / loop ({kind})"] + ([f"fit / fit at {args.base} ({kind})"] if base else [])
    print(
        f"\nMedian seconds of one epoch, {THREADS} BLAS thread(s), wall clock and process CPU time (which other "
        f"processes on a shared machine inflate less); fit / loop at most {LIMIT}.\n"
    )
    print(markdown_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
