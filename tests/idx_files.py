"""Writing IDX files for the tests, independently of nnlib's reader: the header by hand, then the values."""

import gzip
import struct
from pathlib import Path

import numpy as np

#: The IDX type code of each NumPy type (the byte after 00 00 in the header).
TYPE_CODES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E}


def header(type_code, shape):
    """The bytes of an IDX header, written out by hand: 00 00 type ndim, then big-endian uint32 sizes."""
    return bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", n) for n in shape)


def write_idx(path, array):
    """Write ``array`` as an IDX file, gzipped if ``path`` ends in .gz (reproducibly: no time stamp)."""
    array = np.asarray(array)
    code = TYPE_CODES.get(array.dtype.type)
    if code is None:
        raise ValueError(f"IDX cannot store dtype {array.dtype}")
    raw = header(code, array.shape) + array.astype(array.dtype.newbyteorder(">")).tobytes()
    path = Path(path)
    path.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)


def write_fake_mnist(folder, n_train=5, n_test=3, gz=True):
    """The four MNIST files in ``folder``, with ``n_train`` / ``n_test`` random 28x28 images and labels."""
    rng = np.random.default_rng(1)
    suffix = ".gz" if gz else ""
    for split, n in (("train", n_train), ("t10k", n_test)):
        write_idx(folder / f"{split}-images-idx3-ubyte{suffix}", rng.integers(0, 256, (n, 28, 28)).astype(np.uint8))
        write_idx(folder / f"{split}-labels-idx1-ubyte{suffix}", rng.integers(0, 10, n).astype(np.uint8))
