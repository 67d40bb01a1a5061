"""fit's hooks: callbacks (nnlib.callbacks) and transform (nnlib.training.fit)."""

import numpy as np
import pytest

from nnlib import SGD, Network, Regularization, fit
from nnlib.callbacks import Callback

N_IN, N_OUT, M, BATCH = 6, 3, 50, 16  # 50 samples in batches of 16: 4 batches, the last of 2


def data(m=M, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, N_IN))
    return X, (X @ rng.normal(size=(N_IN, N_OUT))).argmax(axis=1)


def run(epochs=3, **kwargs):
    X, y = data()
    net = Network([N_IN, 8, N_OUT], dtype="float64")
    history = fit(
        net,
        X,
        y,
        epochs=epochs,
        batch_size=BATCH,
        optimizer=SGD(lr=0.1),
        validation_data=data(20, seed=1),
        regularization=Regularization(dropout=0.2),
        verbose=False,
        **kwargs,
    )
    return net, history


class Recorder(Callback):
    """Writes down every call, with the numbers it was given."""

    def __init__(self, stop_at=None):
        self.calls, self.stop_at = [], stop_at

    def on_train_begin(self, info):
        self.calls.append(("begin", dict(info)))

    def on_batch_end(self, epoch, batch, loss):
        self.calls.append(("batch", epoch, batch, loss))

    def on_epoch_end(self, epoch, history):
        self.calls.append(("epoch", epoch, history.loss[-1], history.train_acc[-1], history.val_acc[-1]))
        return epoch == self.stop_at

    def on_train_end(self, history):
        self.calls.append(("end", len(history)))


def test_callbacks_are_called_in_order_with_each_epochs_numbers():
    recorder = Recorder()
    _, history = run(callbacks=[recorder])
    calls = recorder.calls
    assert calls[0] == ("begin", dict(epochs=3, batches_per_epoch=4, n_train=M))
    assert calls[-1] == ("end", 3)
    epochs = [call for call in calls if call[0] == "epoch"]
    assert epochs == [
        ("epoch", e, history.loss[e - 1], history.train_acc[e - 1], history.val_acc[e - 1]) for e in (1, 2, 3)
    ]
    batches = [call[1:3] for call in calls if call[0] == "batch"]
    assert batches == [(e, b) for e in (1, 2, 3) for b in (1, 2, 3, 4)]  # once per batch, counting from 1
    # each epoch's calls come before that epoch's on_epoch_end
    kinds = [call[0] for call in calls]
    assert kinds == ["begin"] + (["batch"] * 4 + ["epoch"]) * 3 + ["end"]


def test_on_batch_end_gets_each_batchs_loss():
    recorder = Recorder()
    _, history = run(epochs=1, callbacks=[recorder])
    losses = [call[3] for call in recorder.calls if call[0] == "batch"]
    assert all(isinstance(loss, float) for loss in losses)
    sizes = [BATCH, BATCH, BATCH, M - 3 * BATCH]
    assert np.dot(losses, sizes) / M == pytest.approx(history.loss[0])  # the epoch's loss is their weighted mean


def test_returning_true_stops_training():
    recorder = Recorder(stop_at=2)
    _, history = run(epochs=5, callbacks=[recorder])
    assert history.epoch == [1, 2] and history.stopped_early
    assert recorder.calls[-1] == ("end", 2)


def test_callbacks_change_no_number():
    net_a, hist_a = run()
    net_b, hist_b = run(callbacks=[Recorder(), Callback()])
    np.testing.assert_array_equal(net_a.theta, net_b.theta)
    assert (hist_a.loss, hist_a.val_acc, hist_a.stopped_early) == (hist_b.loss, hist_b.val_acc, hist_b.stopped_early)


def test_callbacks_must_be_callback_objects():
    with pytest.raises(ValueError, match="Callback"):
        run(callbacks=[lambda epoch, history: None])


class Transform:
    """Adds noise from fit's generator and writes down what it saw and returned."""

    def __init__(self):
        self.seen, self.returned, self.states = [], [], []

    def __call__(self, X_batch, rng):
        self.states.append(rng.bit_generator.state["state"]["state"])
        self.seen.append(X_batch.copy())
        out = X_batch + rng.normal(scale=0.1, size=X_batch.shape)
        self.returned.append(out)
        return out


def test_transform_is_called_once_per_batch_with_fits_seeded_generator():
    transform = Transform()
    run(epochs=2, transform=transform, seed=7)
    assert len(transform.seen) == 2 * 4
    assert all(len(X_b) == n for X_b, n in zip(transform.seen, [BATCH, BATCH, BATCH, M - 3 * BATCH] * 2))
    assert transform.states[0] == np.random.default_rng([7, 2]).bit_generator.state["state"]["state"]
    again = Transform()
    run(epochs=2, transform=again, seed=7)  # the same seed: the same batches and the same draws
    for a, b in zip(transform.returned, again.returned):
        np.testing.assert_array_equal(a, b)


def test_the_network_trains_on_what_transform_returns():
    """Training with a transform that adds 1 to every input equals training on the inputs + 1."""
    X, y = data()
    seen = []

    def shift(X_batch, rng):
        out = X_batch + 1.0
        seen.append(out)
        return out

    net = Network([N_IN, 8, N_OUT], dtype="float64")
    fit(net, X, y, epochs=1, batch_size=M, optimizer=SGD(lr=0.1), transform=shift, verbose=False)
    shifted = Network([N_IN, 8, N_OUT], dtype="float64")
    fit(shifted, X + 1.0, y, epochs=1, batch_size=M, optimizer=SGD(lr=0.1), verbose=False)
    np.testing.assert_allclose(net.theta, shifted.theta, rtol=1e-12)
    assert len(seen) == 1


def test_transform_never_sees_validation_data():
    transform = Transform()
    run(epochs=1, transform=transform)
    assert sum(len(X_b) for X_b in transform.seen) == M


def test_a_transform_of_the_wrong_shape_is_refused():
    def crop(X_batch, rng):
        return X_batch[:, :-1]

    with pytest.raises(ValueError, match=r"transform crop returned an array of shape \(16, 5\).*\(16, 6\)"):
        run(transform=crop)


def test_no_transform_no_callbacks_leaves_the_numbers_unchanged():
    net_a, hist_a = run()
    net_b, hist_b = run(transform=None, callbacks=())
    np.testing.assert_array_equal(net_a.theta, net_b.theta)
    assert hist_a.loss == hist_b.loss
