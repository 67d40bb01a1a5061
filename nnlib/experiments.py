"""Conclusions that survive a rerun: one experiment over several seeds, its spread, and compared claims.

A fixed seed reproduces a run bit for bit on one machine only.  On another CPU, BLAS kernel or
thread count the rounding differs, and stochastic gradient descent turns that difference into the
same spread as a new seed.  So the notebooks measure each setting over several seeds, show the
spread, and draw a conclusion only where it holds for every seed:

    accuracies = over_seeds(lambda seed: train(seed=seed).val_acc[-1], seeds=[0, 1, 2])
    spread = Spread(accuracies)           # mean, min, max over the seeds
    print(f"{spread:.2%}")                # 97.61% (97.52% to 97.70%, 3 seeds)

Two ways to compare settings A and B, each named for what it checks:

* ``all_above(a, b)``: **every run of A above every run of B** (their ranges do not overlap).  This is
  the test for independent runs, where nothing pairs a run of A with a run of B.
* ``above_on_each_seed(a, b)``: **A above B on each seed**.  Where A and B were run on the same seeds
  (the same initial weights, shuffles and split), run i of A and run i of B are a pair, and the
  per-seed difference ``differences(a, b)`` removes what the two share: the paired test is the sharper
  and the more honest one.  Print the differences beside the claim.

    claim("He above N(0, 1) on each seed", above_on_each_seed(he, normal))
    print(f"He - N(0, 1), per seed: {differences(he, normal):+.2%}")

``claim`` prints a line such as ``He above N(0, 1) on each seed: True``: that line is what nbval
compares, so it must be true on any machine and for any choice of seeds, never a number that
varies between runs.  A margin (``all_above(a, b, margin=0.005)``) makes the claim say "by more than
half a point"; choose it below the gap and above the noise the course measures, or not at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Spread:
    """Values of one measurement, one per seed: their mean, min and max.

    ``format(spread, ".2%")`` gives ``"97.61 % (97.52 % to 97.70 %, 3 seeds)"``; the format applies to
    each of the three numbers.
    """

    values: tuple

    def __init__(self, values):
        values = tuple(float(v) for v in values)
        if not values:
            raise ValueError("a Spread needs at least one value")
        object.__setattr__(self, "values", values)

    @property
    def mean(self):
        return float(np.mean(self.values))

    @property
    def min(self):
        return min(self.values)

    @property
    def max(self):
        return max(self.values)

    @property
    def range(self):
        """max - min: how far apart the seeds land."""
        return self.max - self.min

    def __len__(self):
        return len(self.values)

    def __format__(self, spec):
        spec = spec or ".4f"
        n = len(self.values)
        return f"{self.mean:{spec}} ({self.min:{spec}} to {self.max:{spec}}, {n} seed{'s' if n != 1 else ''})"

    def __str__(self):
        return format(self)


def over_seeds(run, seeds, label=""):
    """``[run(seed) for seed in seeds]``, printing one line per finished run (so a long cell shows progress).

    ``run(seed)`` may return anything; a float is printed with the line.
    """
    results = []
    for i, seed in enumerate(seeds, start=1):
        start = time.perf_counter()
        result = run(seed)
        results.append(result)
        shown = f" {result:.4f}" if isinstance(result, float) else ""
        print(
            f"{label}{' ' if label else ''}seed {seed} ({i}/{len(seeds)}){shown}  "
            f"({time.perf_counter() - start:.1f} s)",
            flush=True,
        )
    return results


def all_above(a: Spread, b: Spread, margin=0.0) -> bool:
    """Whether every run of ``a`` is above every run of ``b`` by more than ``margin``: min(a) > max(b) + margin.

    For independent runs; where ``a`` and ``b`` share their seeds, ``above_on_each_seed`` is the sharper test."""
    return a.min > b.max + margin


def ranges_overlap(a: Spread, b: Spread) -> bool:
    """Whether the ranges [min, max] of ``a`` and ``b`` overlap: the seeds alone could explain the difference."""
    return not (all_above(a, b) or all_above(b, a))


def differences(a: Spread, b: Spread) -> Spread:
    """The per-seed differences a_i - b_i of two settings run on the same seeds, in the same order."""
    if len(a) != len(b):
        raise ValueError(
            f"a paired comparison needs one run of each setting per seed: got {len(a)} runs against {len(b)}"
        )
    return Spread([x - y for x, y in zip(a.values, b.values)])


def above_on_each_seed(a: Spread, b: Spread, margin=0.0) -> bool:
    """Whether ``a`` is above ``b`` by more than ``margin`` on each seed (runs paired by seed, in the same order)."""
    return differences(a, b).min > margin


def claim(statement, holds):
    """Print ``statement: True`` (or False) and return ``holds``: a conclusion as a compared check."""
    holds = bool(holds)
    print(f"{statement}: {holds}", flush=True)
    return holds
