"""The committed MNIST: where it is found, sizes, scaling, the published label counts; and a network that can
overfit it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnlib import SGD, Network, fit, load_mnist, one_hot, train_val_split
from nnlib.data import MNIST_SHA256, data_dir
from tests.idx_files import write_fake_mnist

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "mnist"  # the committed files

# The published per-digit counts of MNIST (digits 0..9).
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist():
    """Loaded once for the module (about a second)."""
    return load_mnist()


def test_sizes_and_types(mnist):
    X_train, y_train, X_test, y_test = mnist
    assert X_train.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert y_train.shape == (60_000,) and y_test.shape == (10_000,)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64


def test_pixels_are_scaled_to_the_unit_interval(mnist):
    for X in (mnist.X_train, mnist.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    assert 0.12 < mnist.X_train.mean() < 0.14  # MNIST's well-known mean intensity, ~0.1307


def test_raw_pixels_and_float32(mnist):
    raw = load_mnist(normalize=False, dtype=np.float32)
    assert raw.X_train.dtype == np.float32
    assert raw.X_train.min() == 0 and raw.X_train.max() == 255
    assert np.array_equal(raw.X_test, np.round(raw.X_test))  # whole grey levels
    np.testing.assert_array_equal(raw.y_train, mnist.y_train)
    # normalised = raw / 255, divided in the loader's dtype on both sides: float64 / float64 and float32 / float32
    # give the same bits under every NumPy (a float32 array / np.float64(255) is float32 in NumPy 1.x, float64 in 2.x)
    np.testing.assert_array_equal(raw.X_test.astype(np.float64) / np.float64(255), mnist.X_test)
    scaled32 = load_mnist(dtype=np.float32).X_test
    assert scaled32.dtype == np.float32
    np.testing.assert_array_equal(scaled32, raw.X_test / np.float32(255))


def test_original_label_counts(mnist):
    assert np.bincount(mnist.y_train, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(mnist.y_test, minlength=10).tolist() == TEST_COUNTS


def test_first_training_labels(mnist):
    assert mnist.y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # the famous first digits


def test_one_hot_and_train_val_split(mnist):
    Y = one_hot(mnist.y_test)
    assert Y.shape == (10_000, 10) and np.all(Y.sum(axis=1) == 1)
    np.testing.assert_array_equal(Y.argmax(axis=1), mnist.y_test)
    X_tr, y_tr, X_val, y_val = train_val_split(mnist.X_train, mnist.y_train, n_val=10_000, seed=0)
    assert X_tr.shape == (50_000, 784) and X_val.shape == (10_000, 784)
    assert sorted(np.bincount(y_tr) + np.bincount(y_val)) == sorted(TRAIN_COUNTS)  # a partition
    thin = mnist.X_train[:, :1]  # the split only depends on the number of rows
    again = train_val_split(thin, mnist.y_train, n_val=10_000, seed=0)
    np.testing.assert_array_equal(again[3], y_val)  # seeded
    assert not np.array_equal(train_val_split(thin, mnist.y_train, seed=1)[3], y_val)


def test_a_small_network_overfits_100_training_images(mnist):
    X, y = mnist.X_train[:100], mnist.y_train[:100]
    net = Network([784, 30, 10], hidden="relu", output="softmax", loss="cross_entropy", init="he", seed=0)
    assert net.accuracy(X, y) < 0.5  # not by luck
    history = fit(net, X, y, epochs=30, batch_size=10, optimizer=SGD(lr=0.1), verbose=False)
    assert net.accuracy(X, y) == 1.0
    assert history.loss[-1] < 0.1 * history.loss[0]


# ---------------------------------------------------------------- where the data is found
def test_nnlib_data_is_read_at_each_call(tmp_path, monkeypatch):
    monkeypatch.delenv("NNLIB_DATA", raising=False)
    assert data_dir() == DATA  # the checkout's data/mnist, next to the package
    write_fake_mnist(tmp_path)
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path))  # after nnlib was imported
    assert data_dir() == tmp_path
    assert load_mnist(verify=False).X_train.shape == (5, 784)
    monkeypatch.setenv("NNLIB_DATA", "")  # set but empty counts as not set
    assert data_dir() == DATA


def test_the_data_nnlib_data_names_is_verified(tmp_path, monkeypatch):
    course, other = tmp_path / "course", tmp_path / "other"
    course.mkdir()
    for name in MNIST_SHA256:  # a copy of the committed files, one of them changed
        shutil.copy(DATA / name, course / name)
    labels = course / "t10k-labels-idx1-ubyte.gz"
    labels.write_bytes(labels.read_bytes() + b"\x00")  # gzip ignores trailing zeros: it still reads
    shutil.copytree(course, other)
    monkeypatch.setenv("NNLIB_DATA", str(course))
    with pytest.raises(ValueError, match=r"t10k-labels-idx1-ubyte.gz: checksum mismatch"):
        load_mnist()
    with pytest.raises(ValueError, match=r"t10k-labels-idx1-ubyte.gz: checksum mismatch"):
        load_mnist(folder=other, verify=True)
    assert load_mnist(folder=other).X_test.shape == (10_000, 784)  # a folder given: read unchecked by default


def test_nnlib_data_without_the_files(tmp_path, monkeypatch):
    write_fake_mnist(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"NNLIB_DATA is set to .* lacks train-labels-idx1-ubyte.gz\."):
        load_mnist()
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path / "no-such-folder"))
    with pytest.raises(FileNotFoundError, match=r"NNLIB_DATA is set to .*no-such-folder is not a folder"):
        data_dir()


def _install_copy(site):
    """What a non-editable ``pip install .`` installs: the package directory alone, without the repository."""
    shutil.copytree(REPO / "nnlib", site / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))


def _run(code, site, cwd, *args, **env):
    """Run ``code`` in a fresh interpreter that imports nnlib from ``site``, in ``cwd``, with only PATH and
    ``env`` in its environment (so no NNLIB_DATA), and return its stdout.

    ``-I`` (isolated mode) leaves PYTHONPATH, the user's site-packages and the current directory off sys.path;
    the copy in ``site`` comes before the editable install of nnlib in this venv, as the prelude asserts.
    """
    prelude = (
        f"import sys; sys.path.insert(0, {str(site)!r}); import nnlib\n"
        f"assert nnlib.__file__.startswith({str(site)!r}), nnlib.__file__\n"
    )
    environment = {key: os.environ[key] for key in ("PATH", "SYSTEMROOT") if key in os.environ} | env
    done = subprocess.run(
        [sys.executable, "-I", "-W", "error", "-c", prelude + code, *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _outside_any_data(folder):
    """``folder``, after checking that neither it nor a parent has a data/mnist the rule could find."""
    assert not folder.resolve().is_relative_to(REPO)
    assert not any((p / "data" / "mnist").exists() for p in (folder.resolve(), *folder.resolve().parents))
    return folder


def test_installed_copy_without_data_says_how_to_point_at_it(tmp_path):
    site, cwd = tmp_path / "site", _outside_any_data(tmp_path / "work")
    _install_copy(site)
    cwd.mkdir()
    code = """
import os
try:
    nnlib.load_mnist()
except FileNotFoundError as err:
    print(err)
else:
    raise SystemExit("load_mnist() found data where there is none")
os.environ["NNLIB_DATA"] = sys.argv[1]  # after the import: the folder is looked up at each call
print("FOUND", nnlib.data.data_dir())
"""
    message, found = _run(code, site, cwd, DATA).rsplit("FOUND ", 1)
    assert "MNIST not found" in message
    assert (
        f"next to the nnlib package ({site.resolve() / 'data' / 'mnist'}), in {cwd.resolve()} or in a parent" in message
    )
    assert "NNLIB_DATA=/path/to/folder/with/the/four/files" in message and "load_mnist(folder=" in message
    assert found.strip() == str(DATA)


def test_installed_copy_loads_the_data_nnlib_data_names(tmp_path):
    site, cwd = tmp_path / "site", _outside_any_data(tmp_path / "work")
    _install_copy(site)
    cwd.mkdir()
    code = "d = nnlib.load_mnist(); print(d.X_train.shape, d.X_test.shape, d.y_train[:5].tolist())"
    assert _run(code, site, cwd, NNLIB_DATA=str(DATA)).strip() == "(60000, 784) (10000, 784) [5, 0, 4, 1, 9]"


def test_installed_copy_finds_data_mnist_above_the_current_directory(tmp_path):
    site, course = tmp_path / "site", _outside_any_data(tmp_path / "course")
    _install_copy(site)
    (course / "data" / "mnist").mkdir(parents=True)
    for name in MNIST_SHA256:
        shutil.copy(DATA / name, course / "data" / "mnist" / name)
    (course / "notebooks").mkdir()  # a notebook started in notebooks/ of a checkout
    code = "print(nnlib.data.data_dir()); print(nnlib.load_mnist().X_test.shape)"
    out = _run(code, site, course / "notebooks").split()
    assert out == [str((course / "data" / "mnist").resolve()), "(10000,", "784)"]
