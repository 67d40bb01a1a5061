"""Train the course's best network (``nnlib.recipes.BEST``) on all 60,000 training images and save it.

    .venv/bin/python -m nnlib.train_best                  # from the top of the repository
    OMP_NUM_THREADS=2 .venv/bin/python -m nnlib.train_best --out data/models

It writes ``best.npz`` (the network, by ``nnlib.save``) and ``best.json`` (the recipe, the measured
training time, the per-epoch history, the versions) and prints the test accuracy last, after saving:
the test set plays no part in the training.  How the recipe was chosen is in ``data/models/README.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from . import __version__
from .data import load_mnist
from .io import save
from .recipes import BEST


def main(argv=None):
    """Train ``BEST`` on all 60,000 training images and save it (``best.npz``) and its record (``best.json``)."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.train_best", description=main.__doc__)
    parser.add_argument("--out", default="data/models", help="folder to write best.npz and best.json to")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if not out.is_dir():
        parser.error(f"--out {out}: no such folder (run from the top of the repository, or pass --out)")

    X_train, y_train, X_test, y_test = load_mnist(dtype=np.dtype(BEST.dtype))
    load_before = os.getloadavg()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    net, history = BEST.train(X_train, y_train)
    cpu_seconds, wall_seconds = time.process_time() - cpu_start, time.perf_counter() - wall_start
    save(net, out / "best.npz")
    record = dict(
        recipe=dataclasses.asdict(BEST),
        n_train=int(len(X_train)),
        train_seconds=history.total_seconds,  # the sum of the epochs' wall-clock times
        wall_seconds=wall_seconds,
        cpu_seconds=cpu_seconds,  # CPU time of this process, over all BLAS threads
        blas_threads=os.environ.get("OMP_NUM_THREADS", "unset"),
        load_average_before=[round(v, 2) for v in load_before],
        history=dict(loss=history.loss, train_acc=history.train_acc, lr=history.lr, seconds=history.seconds),
        versions=dict(python=platform.python_version(), numpy=np.__version__, nnlib=__version__),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
    )
    (out / "best.json").write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"saved {out / 'best.npz'}: training {history.total_seconds:.1f} s wall clock ({cpu_seconds:.1f} s CPU, "
        f"OMP_NUM_THREADS={record['blas_threads']}, load {load_before[0]:.1f})"
    )
    print(f"test accuracy: {net.accuracy(X_test, y_test):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
