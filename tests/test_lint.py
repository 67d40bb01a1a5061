"""ruff over the course's code: nnlib/, tests/, benchmarks/ and notebooks/ (the notebooks' code cells too).

The files and rules are configured in pyproject.toml ([tool.ruff]). To see and fix what these report, from the
top of the repository: ``.venv/bin/ruff check .`` (``--fix`` for the fixable ones) and ``.venv/bin/ruff format .``.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff(command):
    # one line per problem; --no-cache: the test run writes nothing into the repository
    options = ["--output-format", "concise", "--no-cache"]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *options], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.fail(f"ruff {' '.join(command)} found problems:\n{result.stdout}{result.stderr}", pytrace=False)
