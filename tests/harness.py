"""pytest configuration shared by the unit tests and the notebook tests.

BLAS threads default to 1: one thread makes every run of the notebooks reproduce bit for
bit on one machine (and batch-32 training is no slower).  Set OMP_NUM_THREADS=2 (or any
value) before running pytest to test with more; the notebooks' compared outputs hold there
too.  The notebook kernels are started by nbval as subprocesses and inherit these values.
"""
import os
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(var, os.environ.get("OMP_NUM_THREADS", "1"))

# Notebook kernels read tests/ipython/profile_default/startup: warnings become errors there.
os.environ.setdefault("IPYTHONDIR", str(Path(__file__).parent / "ipython"))
