"""Saving and loading networks: exact round trips, and every kind of bad model file."""

import re
import zipfile

import numpy as np
import pytest

import nnlib.network
from nnlib import Network, load, save

UNPICKLED = []


class Booby:
    """Records in UNPICKLED if it is ever unpickled: loading a model must never do that."""

    def __reduce__(self):
        return (UNPICKLED.append, ("unpickled!",))


def named(path):
    return re.escape(str(path))


@pytest.fixture
def saved(tmp_path):
    net = Network([6, 5, 4, 3], hidden="tanh", output="softmax", loss="cross_entropy", init="xavier", seed=4)
    net.theta[...] = np.random.default_rng(1).normal(size=net.n_params)  # not just the initial values
    return net, save(net, tmp_path / "model.npz")


def fields_of(path):
    with np.load(path) as f:
        return {key: f[key] for key in f.files}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "hidden, output, loss, init",
    [
        ("tanh", "softmax", "cross_entropy", "xavier"),
        ("sigmoid", "sigmoid", "mse", "normal"),
        ("relu", "sigmoid", "binary_cross_entropy", "he"),
        ("relu", "identity", "mse", "he"),
    ],
)
def test_save_load_round_trip_is_exact(tmp_path, hidden, output, loss, init, dtype):
    net = Network([6, 5, 4, 3], hidden=hidden, output=output, loss=loss, init=init, seed=7, dtype=dtype)
    net.theta[...] = np.random.default_rng(1).normal(size=net.n_params)
    path = save(net, tmp_path / "model")
    assert path == tmp_path / "model.npz"  # .npz appended
    back = load(path)
    assert back.sizes == net.sizes and back.dtype == net.dtype
    assert (back.hidden.name, back.output.name, back.loss.name, back.init) == (hidden, output, loss, init)
    assert back.theta.dtype == net.theta.dtype
    np.testing.assert_array_equal(back.theta, net.theta)
    for l in range(1, net.L + 1):  # the views point at the loaded values
        np.testing.assert_array_equal(back.W[l], net.W[l])
        np.testing.assert_array_equal(back.b[l], net.b[l])
    X = np.random.default_rng(2).normal(size=(20, 6))
    np.testing.assert_array_equal(back.predict_proba(X), net.predict_proba(X))
    np.testing.assert_array_equal(back.predict(X), net.predict(X))


def test_file_stores_each_W_row_by_row(saved):
    """The file's parameter order, W[1] row by row, W[2], ..., then b[1], b[2], ... (format 1), is theta's."""
    net, path = saved
    expected = np.concatenate([net.W[l].reshape(-1) for l in (1, 2, 3)] + [net.b[l] for l in (1, 2, 3)])
    np.testing.assert_array_equal(fields_of(path)["theta"], expected)
    np.testing.assert_array_equal(net.theta, expected)


def test_load_with_the_expected_architecture(saved):
    net, path = saved
    np.testing.assert_array_equal(load(path, expect_sizes=[6, 5, 4, 3]).theta, net.theta)


def test_model_of_another_architecture(saved):
    _, path = saved
    with pytest.raises(
        ValueError, match=named(path) + r": holds a network of sizes \[6, 5, 4, 3\], expected \[784, 100, 10\]"
    ):
        load(path, expect_sizes=[784, 100, 10])


def test_missing_model_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"model file not found: " + named(tmp_path / "nope.npz")):
        load(tmp_path / "nope.npz")


@pytest.mark.parametrize(
    "content", [b"", b"not a zip file at all", bytes(range(256)) * 8], ids=["empty", "text", "binary"]
)
def test_corrupt_model_file(tmp_path, content):
    path = tmp_path / "model.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=named(path) + r": not a readable nnlib model file"):
        load(path)


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_model_file(saved, keep):
    _, path = saved
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * keep)])
    with pytest.raises(ValueError, match=named(path) + r": not a readable nnlib model file"):
        load(path)


def test_model_file_with_flipped_bytes_in_the_parameters(saved):
    """A byte flipped inside theta's data fails the zip CRC check."""
    net, path = saved
    raw = bytearray(path.read_bytes())
    where = bytes(raw).find(fields_of(path)["theta"][:4].tobytes())
    assert where > 0
    raw[where + 3] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match=named(path) + r": not a readable nnlib model file \(BadZipFile"):
        load(path)


def test_npy_file_instead_of_npz(tmp_path):
    path = tmp_path / "model.npy"
    np.save(path, np.arange(3.0))
    with pytest.raises(ValueError, match=named(path) + r".*not an \.npz archive"):
        load(path)


def test_pickled_object_arrays_are_refused_never_unpickled(saved):
    _, path = saved
    fields = fields_of(path)
    fields["theta"] = np.array([Booby(), 1.0], dtype=object)
    np.savez(path, **fields)  # np.savez pickles object arrays
    UNPICKLED.clear()
    with pytest.raises(ValueError, match=named(path) + r": not a readable nnlib model file .*pickle"):
        load(path)
    assert UNPICKLED == []


@pytest.mark.parametrize("missing", ["theta", "sizes", "hidden", "loss", "format_version"])
def test_missing_fields(saved, missing):
    _, path = saved
    fields = fields_of(path)
    del fields[missing]
    np.savez(path, **fields)
    with pytest.raises(ValueError, match=named(path) + r": not an nnlib model file: missing " + missing):
        load(path)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("theta", np.zeros(7), r"7 parameters stored, but sizes \[6, 5, 4, 3\] need 74"),
        ("theta", np.full(74, np.nan), r"the stored parameters contain NaN or inf"),
        ("theta", np.array(["a"] * 74), r"field 'theta' holds <U1 of shape \(74,\)"),
        ("theta", np.zeros((74, 1)), r"field 'theta' holds float64 of shape \(74, 1\)"),
        ("sizes", np.array(["6", "5"]), r"field 'sizes' holds <U1"),
        ("sizes", np.array([6, 0, 3]), r"cannot rebuild the stored network: layer sizes must be positive integers"),
        ("hidden", np.array("swish"), r"cannot rebuild the stored network: unknown activation 'swish'"),
        ("hidden", np.array(3), r"field 'hidden' holds int64"),
        ("format_version", np.array(99), r"model format version 99, this nnlib reads version 1"),
        ("format_version", np.array("1"), r"field 'format_version' holds <U1"),
    ],
    ids=[
        "theta too short",
        "theta NaN",
        "theta strings",
        "theta 2-D",
        "sizes strings",
        "size 0",
        "unknown activation",
        "activation a number",
        "future format",
        "format a string",
    ],
)
def test_malformed_fields(saved, key, value, message):
    _, path = saved
    fields = fields_of(path)
    fields[key] = value
    np.savez(path, **fields)
    with pytest.raises(ValueError, match=named(path) + ": .*" + message):
        load(path)


def test_saved_file_is_a_plain_npz_archive(saved):
    _, path = saved
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == sorted(
            f"{k}.npy" for k in ["format_version", "sizes", "hidden", "output", "loss", "init", "dtype", "theta"]
        )
    with np.load(path, allow_pickle=False) as f:  # readable without pickle
        assert all(f[k].dtype != object for k in f.files)


def test_load_draws_no_random_weights(saved, monkeypatch):
    """The stored parameters are the network's from the start: no initialisation is drawn to be overwritten."""
    net, path = saved

    def refuse(*args, **kwargs):
        raise AssertionError("a random initialisation was drawn")

    monkeypatch.setattr(nnlib.network, "initialize", refuse)
    np.testing.assert_array_equal(load(path).theta, net.theta)


def test_a_network_made_from_given_parameters_uses_them():
    theta = np.arange(17, dtype=np.float64)  # [3, 2, 3]: 6 + 6 weights, 2 + 3 biases
    net = Network([3, 2, 3], theta=theta, dtype="float64")
    np.testing.assert_array_equal(net.theta, theta)
    np.testing.assert_array_equal(net.W[2], [[6, 7], [8, 9], [10, 11]])
    for bad in (np.arange(16.0), np.full(17, np.nan)):
        with pytest.raises(ValueError, match="theta must hold 17 finite parameters"):
            Network([3, 2, 3], theta=bad)


def test_the_file_holds_each_network_setting_under_its_name(saved):
    net, path = saved
    stored = fields_of(path)
    for name, value in net.settings.network_kwargs().items():
        assert np.array(stored[name]).tolist() == (list(value) if name == "sizes" else value)
