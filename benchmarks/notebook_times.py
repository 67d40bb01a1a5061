"""How long each notebook takes to run top to bottom, as a student runs it (one BLAS thread by default).

    .venv/bin/python benchmarks/notebook_times.py                # every notebook, 1 BLAS thread
    .venv/bin/python benchmarks/notebook_times.py --threads 2 06_evaluation.ipynb

Each notebook is executed in a fresh kernel from its own folder (as nbval and Jupyter do) into a
temporary copy, so the committed notebooks are not touched.  The table it prints is the one in the
README.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import THREAD_VARS, machine_report, markdown_table  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads of the kernels (default 1)")
    parser.add_argument("notebooks", nargs="*", help="file names in notebooks/ (default: all)")
    args = parser.parse_args()
    names = args.notebooks or sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    env = {**os.environ, **{var: str(args.threads) for var in THREAD_VARS}}
    print("\n".join(machine_report([f"BLAS threads {args.threads}"])), flush=True)
    rows, total = [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "jupyter",
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.timeout=900",
                    "--output-dir",
                    tmp,
                    name,
                ],
                cwd=NOTEBOOKS,
                env=env,
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            total += seconds
            rows.append([name.removesuffix(".ipynb"), f"{seconds:.0f}"])
            print(f"{name}: {seconds:.1f} s", flush=True)
    rows.append(["all", f"{total:.0f}"])
    print()
    print(markdown_table(["notebook", "seconds, top to bottom"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
