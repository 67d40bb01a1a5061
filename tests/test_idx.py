"""IDX files: round trips, every kind of malformed file, checksums, missing files, fuzzing."""

import gzip
import re
import struct
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from nnlib import data
from nnlib.data import MNIST_SHA256, load_mnist, parse_idx, read_idx, verify_checksums
from tests.idx_files import TYPE_CODES, header, write_fake_mnist, write_idx

# Hypothesis keeps caches in ./.hypothesis (even with database=None): send them to the temp folder instead,
# before any strategy is built, so that running the tests writes nothing into the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nnlib-tests-hypothesis")

DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64]
SHAPES = [(7,), (3, 4), (2, 3, 5), (2, 1, 2, 3), (0,), (4, 0)]


def raises_naming(path, fault):
    """pytest.raises(ValueError) whose message names the file and matches ``fault``."""
    return pytest.raises(ValueError, match=re.escape(str(path)) + r".*" + fault)


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_write_read_round_trip(tmp_path, dtype, shape, suffix):
    rng = np.random.default_rng(0)
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info is not None:
        array = rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)
    else:
        array = (rng.standard_normal(shape) * 1e3).astype(dtype)
    path = tmp_path / f"a-idx{suffix}"
    write_idx(path, array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype)  # native byte order, same type
    assert back.shape == array.shape
    np.testing.assert_array_equal(back, array)
    assert back.flags.writeable


def test_idx_bytes_are_big_endian_as_documented(tmp_path):
    path = tmp_path / "x-idx"
    write_idx(path, np.array([[1, 258]], dtype=np.int16))
    assert path.read_bytes() == header(0x0B, (1, 2)) + b"\x00\x01\x01\x02"


def test_gzip_is_detected_by_content_not_name(tmp_path):
    array = np.arange(12, dtype=np.uint8).reshape(3, 4)
    path = tmp_path / "no-suffix"
    path.write_bytes(gzip.compress(header(0x08, (3, 4)) + array.tobytes()))
    np.testing.assert_array_equal(read_idx(path), array)


def test_write_idx_refuses_unsupported_dtype(tmp_path):
    with pytest.raises(ValueError, match="IDX cannot store dtype int64"):
        write_idx(tmp_path / "x", np.zeros(3, dtype=np.int64))


# ---------------------------------------------------------------- malformed files
MALFORMED = {
    # name: (file bytes, regex for the fault in the message)
    "empty file": (b"", r"not an IDX file: 0 bytes"),
    "shorter than the magic number": (b"\x00\x00", r"not an IDX file: 2 bytes"),
    "magic not starting 00 00": (
        b"\x01\x00\x08\x01" + struct.pack(">I", 1) + b"\x05",
        r"wrong magic number 0x01000801",
    ),
    "unknown type code": (b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x05", r"wrong magic number 0x00000701"),
    "zero dimensions": (b"\x00\x00\x08\x00", r"wrong magic number 0x00000800"),
    "truncated header": (header(0x08, (3, 4))[:9], r"truncated header: 2 dimensions need 12 bytes, the file has 9"),
    "truncated data": (header(0x08, (3, 4)) + bytes(11), r"truncated: the header declares shape \(3, 4\) \(12 bytes"),
    "count too large for the data": (header(0x08, (5,)) + bytes(4), r"truncated: .*shape \(5,\).*but 4 bytes follow"),
    "trailing bytes": (header(0x08, (3, 4)) + bytes(13), r"has trailing bytes: .*shape \(3, 4\).*but 13 bytes follow"),
    "data not a multiple of the item size": (
        header(0x0C, (2,)) + bytes(7),
        r"truncated: .*\(8 bytes of data\).*7 bytes",
    ),
    "shape too big for NumPy": (header(0x08, (0, 2**32 - 1, 2**32 - 1)), r"declares shape .* which NumPy cannot hold"),
}


@pytest.mark.parametrize("raw, fault", list(MALFORMED.values()), ids=list(MALFORMED))
@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_malformed_idx_raises_value_error_naming_file_and_fault(tmp_path, raw, fault, gz):
    path = tmp_path / ("bad-idx.gz" if gz else "bad-idx")
    path.write_bytes(gzip.compress(raw) if gz else raw)
    with raises_naming(path, fault):
        read_idx(path)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x1f\x8b\x08\x00" + b"garbage" * 5,
        gzip.compress(header(0x08, (100,)) + bytes(range(100)))[:30],
        gzip.compress(header(0x08, (100,)) + bytes(range(100)))[:-4],
    ],
    ids=["garbage after the gzip magic", "truncated gzip stream", "gzip trailer cut"],
)
def test_corrupt_gzip(tmp_path, raw):
    path = tmp_path / "bad-idx.gz"
    path.write_bytes(raw)
    with raises_naming(path, r"corrupt gzip data"):
        read_idx(path)


def test_missing_idx_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "nope"))):
        read_idx(tmp_path / "nope")


# ---------------------------------------------------------------- the four-file layout
@pytest.mark.parametrize("gz", [True, False], ids=["gz", "raw"])
def test_loader_reads_any_folder_in_the_layout(tmp_path, gz):
    write_fake_mnist(tmp_path, gz=gz)
    images = read_idx(next(tmp_path.glob("train-images*")))
    X_train, y_train, X_test, y_test = load_mnist(tmp_path)
    assert X_train.shape == (5, 784) and X_test.shape == (3, 784)
    assert y_train.dtype == np.int64 and y_test.shape == (3,)
    np.testing.assert_array_equal(X_train, images.reshape(5, 784) / 255.0)
    raw = load_mnist(tmp_path, normalize=False, dtype=np.float32)
    assert raw.X_train.dtype == np.float32
    np.testing.assert_array_equal(raw.X_train, images.reshape(5, 784))


def test_loader_images_and_labels_count_mismatch(tmp_path):
    write_fake_mnist(tmp_path)
    labels = tmp_path / "train-labels-idx1-ubyte.gz"
    write_idx(labels, np.zeros(4, dtype=np.uint8))
    with pytest.raises(
        ValueError, match=r"train-images-idx3-ubyte.gz holds 5 images but .*train-labels-idx1-ubyte.gz holds 4 labels"
    ):
        load_mnist(tmp_path)


@pytest.mark.parametrize(
    "which, array, fault",
    [
        ("train-labels-idx1-ubyte.gz", np.zeros((5, 2), np.uint8), r"expected labels of shape \(n,\), got \(5, 2\)"),
        (
            "train-images-idx3-ubyte.gz",
            np.zeros(5, np.uint8),
            r"expected images of shape \(n, rows, cols\), got \(5,\)",
        ),
        ("t10k-labels-idx1-ubyte.gz", np.zeros(3, np.float32), r"expected integer labels"),
    ],
    ids=["labels 2-D", "images 1-D", "float labels"],
)
def test_loader_wrong_dimensions(tmp_path, which, array, fault):
    write_fake_mnist(tmp_path)
    write_idx(tmp_path / which, array)
    with raises_naming(tmp_path / which, fault):
        load_mnist(tmp_path)


def test_missing_data_file_names_the_file_and_the_folder(tmp_path):
    write_fake_mnist(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError) as err:
        load_mnist(tmp_path)
    message = str(err.value)
    assert f"{tmp_path / 't10k-images-idx3-ubyte.gz'} is missing" in message
    assert f"{tmp_path} must hold the four IDX files" in message and "gzipped or not" in message


def test_missing_data_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "no-such-folder")) + r" must hold the four"):
        load_mnist(tmp_path / "no-such-folder")


def test_checksum_mismatch(tmp_path):
    write_fake_mnist(tmp_path)
    with pytest.raises(ValueError) as err:
        load_mnist(tmp_path, verify=True)
    message = str(err.value)
    assert re.search(re.escape(str(tmp_path)) + r".*checksum mismatch: SHA-256 is [0-9a-f]{64}, expected", message)
    assert "pass verify=False" in message
    load_mnist(tmp_path)  # the default verifies only the course's own data: this folder loads unchecked
    name = "train-labels-idx1-ubyte.gz"
    good = {name: data.sha256(tmp_path / name)}
    verify_checksums(tmp_path, good)  # the right digest passes
    (tmp_path / name).write_bytes((tmp_path / name).read_bytes() + b"\x00")
    with pytest.raises(ValueError, match=re.escape(name) + ".*checksum mismatch"):
        verify_checksums(tmp_path, good)


def test_checksum_of_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte.gz is missing: verifying needs the gzipped"):
        verify_checksums(tmp_path)


def test_verify_reads_the_gzipped_files_only(tmp_path):
    write_fake_mnist(tmp_path, gz=False)
    load_mnist(tmp_path)  # unzipped files load without verification
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte.gz is missing: verifying needs"):
        load_mnist(tmp_path, verify=True)


def test_scaling_needs_a_floating_dtype(tmp_path):
    write_fake_mnist(tmp_path)
    with pytest.raises(ValueError, match=r"dtype must be a floating-point type .* got int32"):
        load_mnist(tmp_path, dtype=np.int32)
    assert load_mnist(tmp_path, normalize=False, dtype=np.int32).X_train.dtype == np.int32


def test_sha256_names_match_the_layout():
    assert sorted(MNIST_SHA256) == sorted(stem + ".gz" for stem in data.MNIST_FILES.values())


def test_committed_mnist_files_match_their_checksums():
    verify_checksums()  # raises if data/mnist was damaged


# ---------------------------------------------------------------- fuzzing
FUZZ = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_value_error(raw):
    """parse_idx either returns an array whose size matches the header, or raises a ValueError naming the input."""
    try:
        array = parse_idx(raw, "fuzz.idx")
    except ValueError as err:
        assert "fuzz.idx" in str(err)
        return None
    assert isinstance(array, np.ndarray)
    return array


@FUZZ
@given(st.binary(max_size=64))
def test_fuzz_arbitrary_bytes(raw):
    parse_or_value_error(raw)
    parse_or_value_error(b"\x00\x00" + raw)  # past the first check of the magic number
    parse_or_value_error(gzip.compress(raw))  # valid gzip, arbitrary content


@FUZZ
@given(
    type_code=st.sampled_from([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00, 0x0A, 0xFF]),
    shape=st.lists(st.one_of(st.integers(0, 4), st.integers(0, 2**32 - 1)), min_size=0, max_size=5),
    declared_ndim=st.one_of(st.none(), st.integers(0, 255)),
    payload=st.binary(max_size=200),
    cut=st.integers(0, 400),
)
def test_fuzz_mutated_headers(type_code, shape, declared_ndim, payload, cut):
    raw = header(type_code, shape)
    if declared_ndim is not None:  # a header whose ndim byte lies
        raw = raw[:3] + bytes([declared_ndim]) + raw[4:]
    raw += payload
    parse_or_value_error(raw)
    parse_or_value_error(raw[:cut])
    for mutated in (raw, raw[:cut]):
        parse_or_value_error(gzip.compress(mutated))


@FUZZ
@given(st.binary(min_size=1, max_size=40), st.integers(0, 60))
def test_fuzz_corrupted_gzip(junk, position):
    good = gzip.compress(header(0x08, (2, 3)) + bytes(6))
    position = min(position, len(good) - 1)
    parse_or_value_error(good[:position] + junk + good[position + len(junk) :])


@FUZZ
@given(st.lists(st.integers(0, 6), min_size=1, max_size=3), st.sampled_from(DTYPES))
def test_fuzz_valid_files_round_trip(shape, dtype):
    array = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape).astype(dtype)
    raw = header(TYPE_CODES[dtype], shape) + array.astype(np.dtype(dtype).newbyteorder(">")).tobytes()
    np.testing.assert_array_equal(parse_idx(raw), array)
