"""nnlib's ``fit`` against the same ``fit`` at another commit, interleaved in one run.

Each measurement is one epoch of ``fit`` in a fresh Python process, with the BLAS threads pinned; the
processes alternate between the two versions (old, new, new, old, ...), so that a slow period of a
shared machine hits both alike, and the medians are compared.  The reference version is checked out
into a temporary git worktree and imported from there.

    .venv/bin/python benchmarks/compare_commit.py --base 0a06dd3        # 5 repetitions, 1 BLAS thread
    .venv/bin/python benchmarks/compare_commit.py --base 0a06dd3 --quick

Configurations: the three models of ``torch_compare.py`` (float32) and the per-sample model of
``per_sample_loop.py`` (float64) at batch 32 and 128, and the best network of notebook 08 (dropout,
max-norm, momentum, cosine schedule) at its batch 128.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import THREAD_VARS, machine_report, markdown_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1.10  # the new fit may take at most 1.1x the time of the reference

# name: (sizes, hidden, output, loss, optimizer, lr, dtype, batch sizes, samples per epoch, best-recipe extras)
CONFIGS = {
    "784-100-10 sigmoid MSE, SGD": (
        [784, 100, 10],
        "sigmoid",
        "sigmoid",
        "mse",
        "sgd",
        0.5,
        "float32",
        (32, 128),
        60_000,
        False,
    ),
    "784-128-10 ReLU CE, SGD": (
        [784, 128, 10],
        "relu",
        "softmax",
        "cross_entropy",
        "sgd",
        0.1,
        "float32",
        (32, 128),
        60_000,
        False,
    ),
    "784-256-128-64-32-10 ReLU CE, Adam": (
        [784, 256, 128, 64, 32, 10],
        "relu",
        "softmax",
        "cross_entropy",
        "adam",
        1e-3,
        "float32",
        (32, 128),
        60_000,
        False,
    ),
    "784-100-10 sigmoid MSE, SGD, float64": (
        [784, 100, 10],
        "sigmoid",
        "sigmoid",
        "mse",
        "sgd",
        3.0,
        "float64",
        (32, 128),
        60_000,
        False,
    ),
    "784-1024-1024-10 best recipe": (
        [784, 1024, 1024, 10],
        "relu",
        "softmax",
        "cross_entropy",
        "sgd",
        0.1,
        "float32",
        (128,),
        20_000,
        True,
    ),
}

# One epoch of fit, timed in a fresh process.  Written for both APIs: before the Regularization
# class (dropout on Network, max_norm on fit) and after it.
WORKER = r"""
import json, sys, time
import numpy as np
import nnlib
from nnlib.schedules import Cosine
sizes, hidden, output, loss, opt, lr, dtype, bs, samples, best = json.loads(sys.argv[1])
X, y, _, _ = nnlib.load_mnist(dtype=np.dtype(dtype))
X, y = X[:samples], y[:samples]
new_api = hasattr(nnlib, "Regularization")

def run(n):
    net_kw = dict(hidden=hidden, output=output, loss=loss, init="he", seed=0, dtype=np.dtype(dtype))
    fit_kw = dict(epochs=1, batch_size=bs, seed=0, verbose=False)
    if best:
        fit_kw["schedule"] = Cosine(lr, 20)
        if new_api:
            fit_kw["regularization"] = nnlib.Regularization(dropout=0.3, input_dropout=0.1, max_norm=3.5)
        else:
            net_kw.update(dropout=0.3, input_dropout=0.1)
            fit_kw["max_norm"] = 3.5
    net = nnlib.Network(sizes, **net_kw)
    optimizer = nnlib.SGD(lr=lr, momentum=0.9 if best else 0.0) if opt == "sgd" else nnlib.Adam(lr=lr)
    start = time.perf_counter()
    nnlib.fit(net, X[:n], y[:n], optimizer=optimizer, **fit_kw)
    return time.perf_counter() - start

run(4 * bs)                      # warm up: first calls, allocations
print(json.dumps(run(samples)))
"""


def measure(tree, config, bs, env):
    sizes, hidden, output, loss, opt, lr, dtype, _, samples, best = config
    args = json.dumps([sizes, hidden, output, loss, opt, lr, dtype, bs, samples, best])
    out = subprocess.run(
        [sys.executable, "-c", WORKER, args],
        cwd=tree,
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the reference commit, e.g. 0a06dd3")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    parser.add_argument("--reps", type=int, default=5, help="epochs timed per version and configuration")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 repetitions, one configuration")
    args = parser.parse_args()
    configs = dict(list(CONFIGS.items())[:1]) if args.quick else CONFIGS
    reps = 2 if args.quick else args.reps
    env = {**os.environ, **{var: str(args.threads) for var in THREAD_VARS}}
    env["NNLIB_DATA"] = str(ROOT / "data" / "mnist")  # both versions read this checkout's copy

    with tempfile.TemporaryDirectory() as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
            check=True,
            capture_output=True,
        )
        try:
            commit = subprocess.run(
                ["git", "-C", str(base_tree), "rev-parse", "--short", "HEAD"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            head = subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True, capture_output=True, text=True
            ).stdout.strip()
            print("\n".join(machine_report([f"BLAS threads {args.threads}"])))
            print(
                f"reference: {commit}; new: the working tree at {head}; {reps} epochs each, alternating\n", flush=True
            )
            rows, worst = [], 0.0
            for name, config in configs.items():
                for bs in config[7]:
                    times = {"base": [], "new": []}
                    for rep in range(reps):
                        for side in ("base", "new") if rep % 2 == 0 else ("new", "base"):
                            times[side].append(measure(base_tree if side == "base" else ROOT, config, bs, env))
                        print(
                            f"{name}, batch {bs}, rep {rep + 1}/{reps}: reference {times['base'][-1]:.3f} s, "
                            f"new {times['new'][-1]:.3f} s",
                            flush=True,
                        )
                    t_base, t_new = statistics.median(times["base"]), statistics.median(times["new"])
                    ratio = t_new / t_base
                    worst = max(worst, ratio)
                    rows.append(
                        [
                            name,
                            bs,
                            f"{config[8]:,}",
                            f"{t_base:.3f}",
                            f"{t_new:.3f}",
                            f"**{ratio:.2f}**",
                            "yes" if ratio <= LIMIT else "NO",
                        ]
                    )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=True)
    print(f"\nMedian seconds of one epoch of fit ({args.threads} BLAS thread(s)).\n")
    print(markdown_table(["model", "batch", "samples", f"{commit} s", "new s", "new / reference", f"<= {LIMIT}"], rows))
    print(f"\nworst ratio {worst:.2f}: {'within' if worst <= LIMIT else 'OVER'} the limit of {LIMIT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
