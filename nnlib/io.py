"""Saving and loading a trained network: architecture and weights in one ``.npz`` file.

The file holds plain arrays only, and loading passes ``allow_pickle=False``: opening a
model file never runs code.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from .network import Network

FORMAT_VERSION = 1
_KEYS = {"format_version", "sizes", "hidden", "output", "loss", "init", "dtype", "theta"}


def save(net: Network, path) -> Path:
    """Write ``net`` to ``path`` (``.npz`` is appended if missing); returns the path."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    np.savez(
        path,
        format_version=np.array(FORMAT_VERSION),
        sizes=np.array(net.sizes, dtype=np.int64),
        hidden=np.array(net.hidden.name),
        output=np.array(net.output.name),
        loss=np.array(net.loss.name),
        init=np.array(str(net.init)),
        dtype=np.array(net.dtype.name),
        theta=net.theta,
    )
    return path


def load(path, expect_sizes=None) -> Network:
    """Read a network written by :func:`save`.

    ``expect_sizes`` (optional) guards against loading a model of another architecture.
    Every fault (missing or corrupt file, missing field, wrong number of parameters,
    unexpected architecture) raises an error naming the file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: {path}")
    try:
        with np.load(path, allow_pickle=False) as f:
            fields = {key: f[key] for key in f.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as err:
        raise ValueError(f"{path}: not a readable nnlib model file ({type(err).__name__}: {err})") from None
    missing = _KEYS - set(fields)
    if missing:
        raise ValueError(f"{path}: not an nnlib model file: missing {', '.join(sorted(missing))}")
    if int(fields["format_version"]) != FORMAT_VERSION:
        raise ValueError(f"{path}: model format version {int(fields['format_version'])}, "
                         f"this nnlib reads version {FORMAT_VERSION}")
    sizes = [int(n) for n in fields["sizes"]]
    if expect_sizes is not None and list(expect_sizes) != sizes:
        raise ValueError(f"{path}: holds a network of sizes {sizes}, expected {list(expect_sizes)}")
    net = Network(sizes, hidden=str(fields["hidden"]), output=str(fields["output"]),
                  loss=str(fields["loss"]), init=str(fields["init"]), dtype=str(fields["dtype"]))
    theta = fields["theta"]
    if theta.shape != net.theta.shape:
        raise ValueError(f"{path}: {theta.size} parameters stored, but sizes {sizes} need {net.n_params}")
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"{path}: the stored parameters contain NaN or inf")
    net.theta[...] = theta
    return net
