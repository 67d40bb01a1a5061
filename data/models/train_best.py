"""Train the best network of notebook 07 and save it to data/models/best.npz.

    .venv/bin/python data/models/train_best.py            # from the top of the repository

The recipe (RECIPE below) was chosen on a validation split (10,000 of the 60,000 training images,
held out with nnlib.train_val_split, seed 0); see data/models/README.md.  This script then trains
it, as a fixed recipe, on all 60,000 training images, without looking at the test set, and writes

* ``best.npz``   the network (nnlib.save: architecture and parameters, no pickle)
* ``best.json``  the recipe, the measured training time, the per-epoch history, the versions

Notebook 07 loads both; with ``RETRAIN = True`` it calls ``train`` from this file instead.
The test accuracy is printed at the end, after the model is saved.
"""
from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

import nnlib
from nnlib.schedules import Cosine

HERE = Path(__file__).resolve().parent

RECIPE = dict(
    sizes=[784, 1024, 1024, 10],
    hidden="relu",
    init="he",
    dropout=0.3,            # hidden units dropped with probability 0.3 during training
    input_dropout=0.1,      # input pixels dropped with probability 0.1
    lr=0.1,                 # cosine schedule from lr down towards 0 over the epochs
    momentum=0.9,
    batch_size=128,
    epochs=20,
    max_norm=3.5,           # each unit's incoming weight vector kept to norm <= 3.5
    seed=0,
    dtype="float32",
)


def train(X, y, recipe=RECIPE, validation_data=None, verbose=True):
    """Build and train the network of ``recipe`` on (X, y); returns (net, history, cpu_seconds)."""
    net = nnlib.Network(recipe["sizes"], hidden=recipe["hidden"], output="softmax", loss="cross_entropy",
                        init=recipe["init"], seed=recipe["seed"], dtype=np.dtype(recipe["dtype"]),
                        dropout=recipe["dropout"], input_dropout=recipe["input_dropout"])
    cpu_start = time.process_time()
    history = nnlib.fit(net, X, y, epochs=recipe["epochs"], batch_size=recipe["batch_size"],
                        optimizer=nnlib.SGD(lr=recipe["lr"], momentum=recipe["momentum"]),
                        schedule=Cosine(recipe["lr"], recipe["epochs"]), max_norm=recipe["max_norm"],
                        validation_data=validation_data, seed=recipe["seed"], verbose=verbose)
    return net, history, time.process_time() - cpu_start


def main():
    X_train, y_train, X_test, y_test = nnlib.load_mnist(dtype=np.dtype(RECIPE["dtype"]))
    load_before = os.getloadavg()
    wall_start = time.perf_counter()
    net, history, cpu_seconds = train(X_train, y_train)
    wall_seconds = time.perf_counter() - wall_start
    load_after = os.getloadavg()
    nnlib.save(net, HERE / "best.npz")
    record = dict(
        recipe=RECIPE,
        n_train=int(len(X_train)),
        train_seconds=history.total_seconds,          # sum of the epochs' wall-clock times
        wall_seconds=wall_seconds,
        cpu_seconds=cpu_seconds,                      # CPU time of this process (all BLAS threads)
        blas_threads=os.environ.get("OMP_NUM_THREADS", "unset"),
        load_average_before=[round(v, 2) for v in load_before],
        load_average_after=[round(v, 2) for v in load_after],
        history=dict(loss=history.loss, train_acc=history.train_acc, lr=history.lr, seconds=history.seconds),
        versions=dict(python=platform.python_version(), numpy=np.__version__, nnlib=nnlib.__version__),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
    )
    (HERE / "best.json").write_text(json.dumps(record, indent=1) + "\n")
    test_acc = net.accuracy(X_test, y_test)
    print(f"saved {HERE / 'best.npz'}: training {history.total_seconds:.1f} s wall clock "
          f"({cpu_seconds:.1f} s CPU, OMP_NUM_THREADS={record['blas_threads']}, load {load_before[0]:.1f})")
    print(f"test accuracy: {test_acc:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
