"""Train one of the course's best networks on all 60,000 training images and save it.

    .venv/bin/python -m nnlib.train_best                  # from the top of the repository: BEST (notebook 09)
    OMP_NUM_THREADS=2 .venv/bin/python -m nnlib.train_best --out data/models
    OMP_NUM_THREADS=2 .venv/bin/python -m nnlib.train_best --recipe augmented   # AUGMENTED (notebook 10)

``--recipe best`` trains ``nnlib.recipes.BEST`` and writes ``best.npz`` (the network, by ``nnlib.save``)
and ``best.json`` (the recipe, the measured training time, the per-epoch history, the versions);
``--recipe augmented`` trains ``nnlib.recipes.AUGMENTED`` on images distorted by
``nnlib.recipes.AUGMENTATION`` and writes ``augmented.npz`` and ``augmented.json`` (whose record also
holds the distortions).  ``--seed`` replaces the recipe's seed (to measure the spread over seeds).  The
test accuracy is printed last, after saving: the test set plays no part in the training.  How the recipes
were chosen is in ``data/models/README.md``.
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
from .recipes import AUGMENTATION, AUGMENTED, BEST

#: name -> (recipe, transform of the training batches, file name)
RECIPES = {"best": (BEST, None, "best"), "augmented": (AUGMENTED, AUGMENTATION, "augmented")}


def main(argv=None):
    """Train a recipe (BEST by default) on all 60,000 training images and save it (.npz) and its record (.json)."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.train_best", description=main.__doc__)
    parser.add_argument("--out", default="data/models", help="folder to write the .npz and .json files to")
    parser.add_argument("--recipe", default="best", choices=sorted(RECIPES), help="which recipe to train")
    parser.add_argument("--seed", type=int, default=None, help="replace the recipe's seed (default: keep it)")
    args = parser.parse_args(argv)
    recipe, transform, name = RECIPES[args.recipe]
    if args.seed is not None:
        recipe = recipe.replace(seed=args.seed)
    out = Path(args.out)
    if not out.is_dir():
        parser.error(f"--out {out}: no such folder (run from the top of the repository, or pass --out)")

    X_train, y_train, X_test, y_test = load_mnist(dtype=np.dtype(recipe.dtype))
    load_before = os.getloadavg()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    net, history = recipe.train(X_train, y_train, **({} if transform is None else dict(transform=transform)))
    cpu_seconds, wall_seconds = time.process_time() - cpu_start, time.perf_counter() - wall_start
    save(net, out / f"{name}.npz")
    record = dict(
        recipe=dataclasses.asdict(recipe),
        n_train=int(len(X_train)),
        train_seconds=history.total_seconds,  # the sum of the epochs' wall-clock times
        wall_seconds=wall_seconds,
        cpu_seconds=cpu_seconds,  # CPU time of this process, over all BLAS threads
        blas_threads=os.environ.get("OMP_NUM_THREADS", "unset"),
        load_average_before=[round(v, 2) for v in load_before],
        load_average_after=[round(v, 2) for v in os.getloadavg()],  # 1, 5 and 15 minutes: other jobs' load
        history=dict(loss=history.loss, train_acc=history.train_acc, lr=history.lr, seconds=history.seconds),
        versions=dict(python=platform.python_version(), numpy=np.__version__, nnlib=__version__),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
    )
    if transform is not None:
        record["augmentation"] = dataclasses.asdict(transform)
    (out / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"saved {out / f'{name}.npz'}: training {history.total_seconds:.1f} s wall clock ({cpu_seconds:.1f} s CPU, "
        f"OMP_NUM_THREADS={record['blas_threads']}, load {load_before[0]:.1f})"
    )
    print(f"test accuracy: {net.accuracy(X_test, y_test):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
