"""Saving and loading a trained network: architecture and weights in one ``.npz`` file.

The file holds plain arrays only, and loading passes ``allow_pickle=False``: opening a
model file never runs code.  ``theta`` is stored as the network holds it (see ``nnlib.network``):
each W[l] row by row, then the biases.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import fields
from pathlib import Path

import numpy as np

from .network import Network, NetworkSettings

FORMAT_VERSION = 1
_SETTINGS = [f.name for f in fields(NetworkSettings)]  # sizes, hidden, output, loss, init, dtype
_KEYS = {"format_version", *_SETTINGS, "theta"}


def save(net: Network, path) -> Path:
    """Write ``net`` to ``path`` (``.npz`` is appended if missing); returns the path."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    settings = net.settings.network_kwargs()
    np.savez(
        path,
        format_version=np.array(FORMAT_VERSION),
        sizes=np.array(settings.pop("sizes"), dtype=np.int64),
        **{name: np.array(getattr(value, "name", value)) for name, value in settings.items()},  # names, as text
        theta=net.theta,  # W[1], ..., W[L] row by row, then b[1], ..., b[L]: the order in memory
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
        with open(path, "rb") as file:  # our own handle: closed even when NumPy fails half-way
            archive = np.load(file, allow_pickle=False)
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise ValueError("a single .npy array, not an .npz archive")
            with archive as f:
                fields = {key: f[key] for key in f.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, zlib.error) as err:
        # ValueError also covers object arrays: allow_pickle=False refuses them, nothing is unpickled
        raise ValueError(f"{path}: not a readable nnlib model file ({type(err).__name__}: {err})") from None
    missing = _KEYS - set(fields)
    if missing:
        raise ValueError(f"{path}: not an nnlib model file: missing {', '.join(sorted(missing))}")

    def field(key, kind):
        """A 0-d string/integer field, or a 1-d integer/float array, checked before use."""
        value = fields[key]
        ok = {
            "str": value.ndim == 0 and value.dtype.kind == "U",
            "int": value.ndim == 0 and value.dtype.kind in "iu",
            "ints": value.ndim == 1 and value.dtype.kind in "iu",
            "floats": value.ndim == 1 and value.dtype.kind == "f",
        }[kind]
        if not ok:
            raise ValueError(
                f"{path}: field {key!r} holds {value.dtype} of shape {value.shape}, "
                f"not what nnlib writes; the file is corrupt or not an nnlib model"
            )
        return value.item() if value.ndim == 0 else value

    version = field("format_version", "int")
    if version != FORMAT_VERSION:
        raise ValueError(f"{path}: model format version {version}, this nnlib reads version {FORMAT_VERSION}")
    sizes = [int(n) for n in field("sizes", "ints")]
    if expect_sizes is not None and list(expect_sizes) != sizes:
        raise ValueError(f"{path}: holds a network of sizes {sizes}, expected {list(expect_sizes)}")
    try:
        settings = NetworkSettings(sizes, **{name: field(name, "str") for name in _SETTINGS[1:]})
    except (ValueError, TypeError) as err:
        raise ValueError(f"{path}: cannot rebuild the stored network: {err}") from None
    theta = field("theta", "floats")
    if theta.shape != (settings.n_params,):
        raise ValueError(f"{path}: {theta.size} parameters stored, but sizes {sizes} need {settings.n_params}")
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"{path}: the stored parameters contain NaN or inf")
    return Network(**settings.network_kwargs(), theta=theta)  # the stored parameters, no random draw
