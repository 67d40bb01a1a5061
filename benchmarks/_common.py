"""Shared helpers of the benchmark scripts: thread pinning, machine report, timing, tables.

Import this module *before* numpy: ``pin_threads`` sets the BLAS thread variables, which
OpenBLAS reads only when it is loaded.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def pin_threads(argv=None, default=1):
    """Set every BLAS thread variable from ``--threads N`` (looked up in argv) before numpy loads."""
    import sys

    argv = sys.argv[1:] if argv is None else argv
    threads = default
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            threads = int(argv[i + 1])
        elif arg.startswith("--threads="):
            threads = int(arg.split("=", 1)[1])
    for var in THREAD_VARS:
        os.environ[var] = str(threads)
    return threads


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_report(extra=()):
    """Lines describing the machine, the libraries and the BLAS actually loaded."""
    import numpy as np

    lines = [
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"cpu: {cpu_model()}, nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}",
        f"python {platform.python_version()}, numpy {np.__version__}",
    ]
    lines += list(extra)
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            lines.append(
                f"threadpool: {info.get('internal_api')} {info.get('version')} "
                f"arch={info.get('architecture')} threads={info.get('num_threads')} "
                f"({info.get('user_api')})"
            )
    except ImportError:
        lines.append("threadpoolctl not installed: BLAS kernel unknown")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            lines.append(
                f"note: {var}={os.environ[var]} is set (this machine's default): numpy's OpenBLAS "
                f"runs its AVX2 kernels, not AVX-512 (see benchmarks/README.md)"
            )
    return lines


def timed(fn):
    """Wall-clock seconds of one call of ``fn``, and process CPU seconds."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def median(xs):
    return statistics.median(xs)


def markdown_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def gemm_ceiling(dtype, n=2048, reps=5):
    """GFLOP/s of a large square GEMM with numpy: the machine's BLAS ceiling.

    Returns (from the best wall-clock time, from the best process CPU time) of ``reps`` runs.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n)).astype(dtype)
    B = rng.standard_normal((n, n)).astype(dtype)
    C = np.empty((n, n), dtype=dtype)
    np.matmul(A, B, out=C)  # warm up
    runs = [timed(lambda: np.matmul(A, B, out=C)) for _ in range(reps)]
    flops = 2.0 * n**3
    return flops / min(w for w, _ in runs) / 1e9, flops / min(c for _, c in runs) / 1e9
