"""The training loop: mini-batch gradient descent with per-epoch shuffling.

``fit`` prints one line per epoch and returns a :class:`History` for the plots.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np

from .data import check_labels, one_hot
from .optimizers import SGD, Optimizer, get_optimizer


class TrainingDiverged(FloatingPointError):
    """The loss (or an intermediate value) stopped being a finite number."""


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch (epochs count from 1).

    ``loss`` and ``train_acc`` are running means over the epoch's mini-batches (free to
    compute; with dropout on they are measured with dropout).  With ``evaluate_train=True``
    ``train_loss_full`` / ``train_acc_full`` hold a clean pass over the whole training set
    at the end of each epoch.
    """
    epoch: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    train_loss_full: list = field(default_factory=list)
    train_acc_full: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False

    @property
    def total_seconds(self):
        return float(sum(self.seconds))

    def __len__(self):
        return len(self.epoch)


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_data(net, X, y, name):
    X = net.check_input(X, name="X" if name == "train" else f"X ({name})", finite=True)
    y = check_labels(y, net.sizes[-1], name=f"y ({name})")
    if len(y) != len(X):
        raise ValueError(f"X ({name}) has {len(X)} rows but y ({name}) has {len(y)} labels")
    return (X if X.dtype == net.dtype else X.astype(net.dtype)), y


def fit(net, X, y, epochs=10, batch_size=32, optimizer: Optimizer | None = None, *,
        validation_data=None, seed=0, schedule=None, early_stopping=None, max_norm=None,
        evaluate_train=False, verbose=True):
    """Train ``net`` on ``X`` (m, n_0) and integer labels ``y`` (m,).

    Parameters
    ----------
    epochs, batch_size : positive int
    optimizer : an Optimizer (default ``SGD(lr=0.1)``); updated in place
    validation_data : (X_val, y_val), evaluated at the end of every epoch
    seed : seeds the per-epoch shuffle (its own generator, independent of the weights)
    schedule : callable epoch -> learning rate (see ``nnlib.schedules``)
    early_stopping : patience in epochs: stop when validation accuracy has not improved for
        that many epochs, and restore the parameters of the best epoch
    max_norm : rescale each unit's incoming weights to norm <= max_norm after every step
    evaluate_train : also evaluate on the whole training set after each epoch
    verbose : print one line per epoch

    Raises ``TrainingDiverged`` naming the epoch and batch if the loss stops being finite.
    """
    epochs = _positive_int(epochs, "epochs")
    batch_size = _positive_int(batch_size, "batch_size")
    optimizer = SGD(lr=0.1) if optimizer is None else get_optimizer(optimizer)
    X, y = _check_data(net, X, y, "train")
    if validation_data is not None:
        X_val, y_val = _check_data(net, *validation_data, "validation")
    if early_stopping is not None:
        early_stopping = _positive_int(early_stopping, "early_stopping")
        if validation_data is None:
            raise ValueError("early_stopping needs validation_data to decide when to stop")

    m = len(X)
    Y = one_hot(y, net.sizes[-1], dtype=net.dtype)              # (m, n_L)
    X_batch = np.empty((min(batch_size, m), X.shape[1]), dtype=net.dtype)
    Y_batch = np.empty((min(batch_size, m), Y.shape[1]), dtype=net.dtype)
    predicted = np.empty(m, dtype=np.intp)     # argmax_j a^L_j of every sample, in epoch order
    rng = np.random.default_rng(seed)
    history = History()
    best_acc, best_theta, waited = -1.0, None, 0

    for epoch in range(1, epochs + 1):
        if schedule is not None:
            optimizer.lr = float(schedule(epoch - 1))
        start = time.perf_counter()
        order = rng.permutation(m)
        total_loss = 0.0
        for i, first in enumerate(range(0, m, batch_size), start=1):
            idx = order[first:first + batch_size]
            # mode="clip" lets np.take write straight into the buffer (the default mode
            # copies it first); every index of a permutation is valid, so nothing is clipped
            Xb = np.take(X, idx, axis=0, out=X_batch[:len(idx)], mode="clip")
            Yb = np.take(Y, idx, axis=0, out=Y_batch[:len(idx)], mode="clip")
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    # X was checked once above: skip the per-batch input checks
                    cost = net._loss_and_gradient(Xb, Yb, train=True)
                    if not math.isfinite(cost):
                        raise FloatingPointError(f"loss = {cost}")
                    optimizer.step(net.theta, net.grad, decay=net.weight_slice)
            except FloatingPointError as err:
                raise TrainingDiverged(
                    f"training diverged at epoch {epoch}, batch {i}: {err}. "
                    f"The learning rate ({optimizer.lr:g}) is probably too large; try a smaller one."
                ) from None
            if max_norm is not None:
                net.constrain_max_norm(max_norm)
            total_loss += cost * len(idx)
            net.a[net.L].argmax(axis=1, out=predicted[first:first + len(idx)])
        correct = int(np.count_nonzero(predicted == y[order]))   # counted once per epoch
        seconds = time.perf_counter() - start

        history.epoch.append(epoch)
        history.loss.append(total_loss / m)
        history.train_acc.append(correct / m)
        history.lr.append(optimizer.lr)
        history.seconds.append(seconds)
        line = f"epoch {epoch:>3}/{epochs}  loss {total_loss / m:.4f}  train acc {correct / m:.4f}"
        if evaluate_train:
            train_loss_full, train_acc_full = net.evaluate(X, y)
            history.train_loss_full.append(train_loss_full)
            history.train_acc_full.append(train_acc_full)
        if validation_data is not None:
            val_loss, val_acc = net.evaluate(X_val, y_val)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            line += f"  val loss {val_loss:.4f}  val acc {val_acc:.4f}"
            if val_acc > best_acc:
                best_acc, history.best_epoch, waited = val_acc, epoch, 0
                if early_stopping is not None:
                    best_theta = net.theta.copy()
            else:
                waited += 1
        if verbose:
            print(f"{line}  ({seconds:.2f} s)", flush=True)
        if early_stopping is not None and waited >= early_stopping:
            history.stopped_early = True
            if verbose:
                print(f"early stop: no better validation accuracy for {early_stopping} epochs", flush=True)
            break

    if early_stopping is not None and best_theta is not None:
        net.theta[...] = best_theta
        if verbose:
            print(f"restored the parameters of epoch {history.best_epoch} "
                  f"(val acc {best_acc:.4f})", flush=True)
    net.z = [None] * (net.L + 1)     # release the last batch's activations
    net.a = [None] * (net.L + 1)
    return history
