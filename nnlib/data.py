"""The data: reading IDX files, finding and loading MNIST (or any data set in the same four-file
layout), and ``train_val_split``.  (Class labels are checked and one-hot encoded in ``nnlib.labels``.)

Where ``load_mnist()`` looks when given no folder (``data_dir``): the folder named by the environment
variable ``NNLIB_DATA``; else the first ``data/mnist`` holding the four files, next to the nnlib package,
then in the current directory or a parent of it.  Only that data, the course's, is checked against its
SHA-256 by default.

IDX layout (big-endian), as documented in ``data/README.md``::

    bytes 0-1   0x00 0x00
    byte  2     type code: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
    byte  3     number of dimensions d
    4*d bytes   the size of each dimension, uint32 big-endian
    then        prod(sizes) values of the given type, C order

MNIST images are ``(n, 28, 28)`` uint8 (magic 2051 = 0x00000803) and labels ``(n,)``
uint8 (magic 2049 = 0x00000801).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .checks import positive_int

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: SHA-256 of the committed gzipped files in data/mnist.
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
    "train-labels-idx1-ubyte.gz": "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
    "t10k-images-idx3-ubyte.gz": "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
    "t10k-labels-idx1-ubyte.gz": "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
}

_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def parse_idx(raw: bytes, name: str = "<bytes>") -> np.ndarray:
    """Parse the bytes of an IDX file, gzipped (detected by its content) or raw.

    Every malformation raises a ValueError that names ``name`` (the file) and the fault.
    """
    raw = bytes(raw)
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise ValueError(f"{name}: corrupt gzip data ({err})") from None
    if len(raw) < 4:
        raise ValueError(f"{name}: not an IDX file: {len(raw)} bytes, shorter than the 4-byte magic number")
    if raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES or raw[3] == 0:
        raise ValueError(
            f"{name}: wrong magic number 0x{raw[:4].hex()}: an IDX file starts with 00 00, a type code "
            f"({', '.join(f'{t:02x}' for t in _IDX_TYPES)}) and a number of dimensions >= 1"
        )
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{name}: truncated header: {ndim} dimensions need {header} bytes, the file has {len(raw)}")
    shape = tuple(int(n) for n in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(shape, dtype=object)) * dtype.itemsize
    actual = len(raw) - header
    if actual != expected:
        what = "truncated" if actual < expected else "has trailing bytes"
        raise ValueError(
            f"{name}: {what}: the header declares shape {shape} ({expected} bytes of data), "
            f"but {actual} bytes follow the header"
        )
    try:
        data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    except ValueError as err:  # e.g. shape (0, 2**32-1, 2**32-1): no bytes, but too big for NumPy
        raise ValueError(f"{name}: the header declares shape {shape}, which NumPy cannot hold ({err})") from None
    return data.astype(dtype.newbyteorder("="))  # native byte order, and a writeable copy


def read_idx(path) -> np.ndarray:
    """Read an IDX file, gzipped (detected by its content) or raw, into a NumPy array."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file not found: {path}")
    return parse_idx(path.read_bytes(), str(path))


def sha256(path) -> str:
    """The SHA-256 of a file's bytes, in hex (as listed in ``MNIST_SHA256``)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------- where the data is

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent  # the top of the checkout, when nnlib is used from one
_HOW_TO_POINT = (
    "Point nnlib at a folder that holds them with the environment variable "
    "NNLIB_DATA=/path/to/folder/with/the/four/files, or pass the folder: load_mnist(folder='/path/to/folder')."
)


def _lacking(folder: Path) -> list[str]:
    """The names of the committed MNIST files that ``folder`` does not hold (all four if it is no folder)."""
    return [name for name in MNIST_SHA256 if not (folder / name).is_file()]


def data_dir() -> Path:
    """The folder ``load_mnist()`` reads when given none, found at each call by this rule:

    1. the folder the environment variable ``NNLIB_DATA`` names, when it is set (and not empty);
    2. else the first ``data/mnist`` that holds the four gzipped MNIST files, looked for next to the nnlib
       package (a checkout of the course), then in the current directory and each of its parents (a notebook
       started in ``notebooks/`` with nnlib installed elsewhere).

    Otherwise a FileNotFoundError says where it looked and how to point nnlib at the data.
    """
    env = os.environ.get("NNLIB_DATA")
    if env:
        folder = Path(env).expanduser()
        lacking = _lacking(folder)
        if lacking:
            what = "is not a folder" if not folder.is_dir() else f"lacks {', '.join(lacking)}"
            raise FileNotFoundError(
                f"NNLIB_DATA is set to {env!r}, but {folder} {what}. It must name a folder that holds the four "
                f"MNIST files {', '.join(MNIST_SHA256)}."
            )
        return folder
    cwd = Path.cwd().resolve()
    for folder in (_PACKAGE_PARENT / "data" / "mnist", *(p / "data" / "mnist" for p in (cwd, *cwd.parents))):
        if not _lacking(folder):
            return folder
    raise FileNotFoundError(
        f"MNIST not found: NNLIB_DATA is not set, and no data/mnist next to the nnlib package "
        f"({_PACKAGE_PARENT / 'data' / 'mnist'}), in {cwd} or in a parent of it holds the four files "
        f"{', '.join(MNIST_SHA256)}. {_HOW_TO_POINT}"
    )


def _read_bytes(path: Path, expected_sha256=None) -> bytes:
    """The bytes of ``path``, checked against ``expected_sha256`` (hex) when one is given."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: verifying needs the gzipped MNIST files {', '.join(MNIST_SHA256)} in {path.parent} "
            f"(verify=False reads unzipped files or another data set)."
        )
    raw = path.read_bytes()
    if expected_sha256 is not None:
        actual = hashlib.sha256(raw).hexdigest()
        if actual != expected_sha256:
            raise ValueError(
                f"{path}: checksum mismatch: SHA-256 is {actual}, expected {expected_sha256}: the file is damaged "
                f"or not the original MNIST file (in a git checkout of the course, `git checkout -- data/mnist` "
                f"restores it). To load another data set in the same layout, pass verify=False."
            )
    return raw


def verify_checksums(folder=None, checksums=None) -> None:
    """Check the SHA-256 of each file in ``folder`` (default ``data_dir()``) against ``checksums``
    (file name -> hex digest; default ``MNIST_SHA256``).  Raises on a missing or different file."""
    folder = data_dir() if folder is None else Path(folder)
    checksums = MNIST_SHA256 if checksums is None else checksums
    for name, expected in checksums.items():
        _read_bytes(folder / name, expected)


def _find(folder: Path, stem: str) -> Path:
    """``folder/stem.gz``, or else the unzipped ``folder/stem``."""
    for candidate in (folder / (stem + ".gz"), folder / stem):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{folder / (stem + '.gz')} is missing (and so is {stem}, unzipped): {folder} must hold the four IDX "
        f"files {', '.join(MNIST_FILES.values())}, gzipped or not."
    )


class Dataset(NamedTuple):
    """Train and test split: X is (m, n_0) with one flattened image per row, y is (m,) int.

    A named tuple: ``X_train, y_train, X_test, y_test = load_mnist()`` unpacks it.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def _images_and_labels(images_path, labels_path, normalize, dtype, verify):
    # each file is read once: its bytes are checked (when verifying) and then parsed
    images = parse_idx(_read_bytes(images_path, MNIST_SHA256[images_path.name] if verify else None), str(images_path))
    labels = parse_idx(_read_bytes(labels_path, MNIST_SHA256[labels_path.name] if verify else None), str(labels_path))
    if images.ndim < 2:
        raise ValueError(f"{images_path}: expected images of shape (n, rows, cols), got {images.shape}")
    if labels.ndim != 1:
        raise ValueError(f"{labels_path}: expected labels of shape (n,), got {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{labels_path}: expected integer labels, got IDX type {labels.dtype}")
    if len(images) != len(labels):
        raise ValueError(f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels")
    X = images.reshape(len(images), -1).astype(dtype)  # (n, rows*cols)
    if normalize:
        # 255 as a scalar of X's own type, so that no promotion rule is involved: NumPy 1.x and 2.x (NEP 50)
        # differ on the type of, e.g., a float32 array divided by a float64 scalar
        X /= dtype.type(255)
    return X, labels.astype(np.int64)


def load_mnist(folder=None, normalize=True, dtype=np.float64, verify=None) -> Dataset:
    """Load the train/test split from a folder of the four IDX files (gzipped or not).

    ``folder`` defaults to ``data_dir()``, found by the rule stated there (``NNLIB_DATA``, else ``data/mnist``
    next to the nnlib package, in the current directory or a parent of it).

    ``X`` is (m, 784) in [0, 1] (``normalize=False``: the raw 0-255 pixel values, as notebook
    03's recipe feeds them), of a floating ``dtype``; ``y`` holds int64 labels.  ``verify``
    checks the SHA-256 of the four gzipped files against ``MNIST_SHA256`` (so they must be the
    ``.gz`` files); ``verify=None`` (the default) does so for the course's data, the folder
    ``data_dir()`` finds when no ``folder`` is given.  Any data set in the same layout and file
    names (Fashion-MNIST is one) loads from its folder the same way.
    """
    dtype = np.dtype(dtype)
    if normalize and not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a floating-point type to hold pixels scaled to [0, 1], got {dtype}")
    if verify is None:
        verify = folder is None  # the course's own data, whose checksums we know
    folder = data_dir() if folder is None else Path(folder)
    if verify:  # the committed, gzipped files, whose checksums we know
        paths = {key: folder / (stem + ".gz") for key, stem in MNIST_FILES.items()}
    else:
        paths = {key: _find(folder, stem) for key, stem in MNIST_FILES.items()}
    X_train, y_train = _images_and_labels(paths["train_images"], paths["train_labels"], normalize, dtype, verify)
    X_test, y_test = _images_and_labels(paths["test_images"], paths["test_labels"], normalize, dtype, verify)
    return Dataset(X_train, y_train, X_test, y_test)


def train_val_split(X, y, n_val=10_000, seed=0):
    """Hold out ``n_val`` random rows for validation: (X_train, y_train, X_val, y_val)."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    n_val = positive_int(n_val, "n_val")
    if n_val >= len(X):
        raise ValueError(f"n_val must be between 1 and {len(X) - 1}, got {n_val}")
    order = np.random.default_rng(seed).permutation(len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]
