"""pytest configuration shared by the unit tests and the notebook tests.

BLAS threads default to 1: one thread makes every run of the notebooks reproduce bit for
bit on one machine (and batch-32 training is no slower).  Set OMP_NUM_THREADS=2 (or any
value) before running pytest to test with more (the stored outputs are those of one thread).
The notebook kernels are started by nbval as subprocesses and inherit these values; so do
pytest-xdist's workers and the kernels each of them starts.

With pytest-xdist installed, the tests run in two worker processes (``-n 2 --dist loadscope``:
each notebook's cells in one worker, in order) when the machine has a core for every BLAS
thread of both, else in one process.  ``pytest -n 0`` or ``-p no:xdist`` runs them in one
process, ``-n N`` in N workers, always with ``--dist loadscope``.
"""

import os
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(var, os.environ.get("OMP_NUM_THREADS", "1"))

# Notebook kernels read tests/ipython/profile_default/startup: there, as in the unit tests
# (pyproject.toml's filterwarnings), a warning the course causes is an error.
os.environ.setdefault("IPYTHONDIR", str(Path(__file__).parent / "ipython"))
# Notebook kernels draw static figures only: no live redraws of the learning curves, no sliders (nnlib.live).
os.environ["NNLIB_LIVE"] = "0"

WORKERS = 2


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _threads() -> int:
    try:
        return max(1, int(os.environ["OMP_NUM_THREADS"].split(",")[0]))
    except ValueError:
        return 1


def pytest_load_initial_conftests(early_config, parser, args):
    """Choose the pytest-xdist workers (pytest's documented way: options put before the command line's).

    Two workers with more BLAS threads than cores would slow each other down many times over.
    """
    if not early_config.pluginmanager.has_plugin("xdist") or os.environ.get("PYTEST_XDIST_WORKER"):
        return  # one process (-p no:xdist, or pytest-xdist not installed), or already in a worker
    chosen = early_config.known_args_namespace.numprocesses is not None  # -n on the command line
    workers = WORKERS if WORKERS * _threads() <= _cores() else 0
    args[:0] = ["--dist", "loadscope"] if chosen else ["-n", str(workers), "--dist", "loadscope"]
