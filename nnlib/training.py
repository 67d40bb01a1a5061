"""The training loop: mini-batch gradient descent with a new shuffle of the data every epoch.

``fit`` prints one line per epoch and returns a :class:`History` for the plots.  One step on a
mini-batch (X_b, Y_b) is the textbook loop, in the terms of ``Network``'s contract::

    net.forward(X_b, dropout)                     # z[l], a[l] for l = 1 .. L
    cost = net.cost(Y_b)                          # mean cost C of the batch
    net.backward(Y_b)                             # (BP1)-(BP4): net.grad = dC/dtheta
    add_weight_decay(net, lambda)                 # + lambda W^l in (BP4), if regularised
    optimizer.step(net.theta, net.grad, lr)       # theta <- theta - eta dC/dtheta (or momentum, Adam)
    constrain_max_norm(net, c)                    # if regularised
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .checks import positive_int
from .data import one_hot
from .optimizers import SGD, Optimizer
from .regularization import Dropout, Regularization, add_weight_decay, constrain_max_norm


class TrainingDiverged(FloatingPointError):
    """The loss (or an intermediate value) stopped being a finite number."""


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch (epochs count from 1).

    ``loss`` and ``train_acc`` are running means over the epoch's mini-batches (free to compute; with
    dropout on they are measured with dropout, and ``loss`` never includes the L2 penalty).  With
    ``evaluate_train=True``, ``train_loss_full`` / ``train_acc_full`` hold a clean pass over the whole
    training set at the end of each epoch.  ``lr`` is the learning rate each epoch was trained with.
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


def fit(
    net,
    X,
    y,
    epochs=10,
    batch_size=32,
    optimizer: Optimizer | None = None,
    *,
    validation_data=None,
    seed=0,
    schedule=None,
    regularization: Regularization | None = None,
    early_stopping=None,
    evaluate_train=False,
    resume_optimizer=False,
    verbose=True,
):
    """Train ``net`` on ``X`` (m, n_0) and integer labels ``y`` (m,).

    Parameters
    ----------
    epochs, batch_size : positive int
    optimizer : an Optimizer, e.g. ``SGD(lr=0.5)`` or ``Adam(lr=1e-3)`` (default ``SGD(lr=0.1)``)
    validation_data : (X_val, y_val), evaluated at the end of every epoch
    seed : seeds the per-epoch shuffle and the dropout masks (their own generators, independent of
        the initial weights, which the Network's seed sets)
    schedule : callable epoch -> learning rate (see ``nnlib.schedules``); the optimizer's own ``lr``
        is used without one, and is left unchanged with one
    regularization : a ``nnlib.Regularization`` (weight decay, dropout, max-norm), or None
    early_stopping : patience in epochs: stop when the validation accuracy has not risen above its
        best for that many epochs, and restore the parameters of the best epoch
    evaluate_train : also evaluate on the whole training set after each epoch
    resume_optimizer : False (default): the optimizer's state (momentum, Adam's moments and step count)
        starts from zero, as for a new run.  True: continue from the state a previous ``fit`` left
        (to train the same network on, as if in one run)
    verbose : print one line per epoch

    Raises ``TrainingDiverged``, naming the epoch and the batch, if the loss stops being finite.
    """
    epochs = positive_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    if optimizer is None:
        optimizer = SGD(lr=0.1)
    elif not isinstance(optimizer, Optimizer):
        raise ValueError(
            f"optimizer must be an Optimizer such as nnlib.SGD(lr=0.1) or nnlib.Adam(lr=0.001), got {optimizer!r} "
            f"(nnlib.optimizers.make_optimizer(name, **settings) builds one from a name)"
        )
    regularization = Regularization() if regularization is None else regularization
    if not isinstance(regularization, Regularization):
        raise ValueError(f"regularization must be a nnlib.Regularization, got {regularization!r}")
    X, y = net.check_labelled(X, y, "train")
    if validation_data is not None:
        X_val, y_val = net.check_labelled(*validation_data, "validation")
    if early_stopping is not None:
        early_stopping = positive_int(early_stopping, "early_stopping")
        if validation_data is None:
            raise ValueError("early_stopping needs validation_data to decide when to stop")

    m = len(X)
    Y = one_hot(y, net.sizes[-1], dtype=net.dtype)  # (m, n_L)
    rng = np.random.default_rng(seed)
    reg = regularization
    dropout = Dropout(reg.dropout, reg.input_dropout, seed=[seed, 1]) if reg.dropout or reg.input_dropout else None
    if not resume_optimizer:
        optimizer.reset()
    history = History()
    best_acc, best_theta, waited = -1.0, None, 0

    for epoch in range(1, epochs + 1):
        lr = optimizer.lr if schedule is None else float(schedule(epoch - 1))
        start = time.perf_counter()
        order = rng.permutation(m)
        total_loss, correct = 0.0, 0
        for i, first in enumerate(range(0, m, batch_size), start=1):
            idx = order[first : first + batch_size]
            X_batch, Y_batch = X[idx], Y[idx]  # (b, n_0), (b, n_L)
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    aL = net.forward(X_batch, dropout)
                    cost = net.cost(Y_batch)
                    if not math.isfinite(cost):
                        raise FloatingPointError(f"loss = {cost}")
                    net.backward(Y_batch)
                    if reg.weight_decay:
                        add_weight_decay(net, reg.weight_decay)
                    optimizer.step(net.theta, net.grad, lr)
            except FloatingPointError as err:
                raise TrainingDiverged(
                    f"training diverged at epoch {epoch}, batch {i}: {err}. Either the learning rate "
                    f"(eta = {lr:g}) is too large for this network, or its initial weights are so large "
                    f"(init={net.init!r}) that the pre-activations z overflow; try a smaller rate or a "
                    f"scaled initialisation such as 'he' or 'lecun'."
                ) from None
            if reg.max_norm is not None:
                constrain_max_norm(net, reg.max_norm)
            total_loss += cost * len(idx)
            correct += int(np.count_nonzero(aL.argmax(axis=1) == y[idx]))
        seconds = time.perf_counter() - start

        history.epoch.append(epoch)
        history.loss.append(total_loss / m)
        history.train_acc.append(correct / m)
        history.lr.append(lr)
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
            if val_acc > best_acc:  # strictly better: a tie is no improvement
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

    if best_theta is not None:
        net.theta[...] = best_theta
        if verbose:
            print(f"restored the parameters of epoch {history.best_epoch} (val acc {best_acc:.4f})", flush=True)
    return history
