"""Argument checks shared by every module: each returns the value, or raises a ValueError
that names the argument and the value at fault.

``True`` and ``False`` are Python integers, so each check refuses them explicitly: ``epochs=True``
is a mistake, not one epoch.
"""

from __future__ import annotations

import math
from numbers import Integral, Real


def _is_real(value):
    return isinstance(value, Real) and not isinstance(value, bool)


def positive_int(value, name, minimum=1):
    """An integer >= ``minimum`` (default 1)."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def positive_number(value, name):
    """A finite real number > 0."""
    if not _is_real(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def non_negative_number(value, name):
    """A finite real number >= 0."""
    if not _is_real(value) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


def fraction(value, name):
    """A real number in [0, 1): a probability of dropping a unit, a momentum, a beta of Adam."""
    if not _is_real(value) or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def layer_sizes(value):
    """``[n_0, n_1, ..., n_L]``: at least two positive integers."""
    try:
        sizes = None if isinstance(value, (str, bytes)) else list(value)
    except TypeError:  # not iterable, e.g. sizes=784
        sizes = None
    if not sizes or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes [n_0, ..., n_L], got {value!r}")
    for l, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
            raise ValueError(f"layer sizes must be positive integers; sizes[{l}] = {n!r} in {sizes!r}")
    return [int(n) for n in sizes]
