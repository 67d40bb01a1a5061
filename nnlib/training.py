"""The training loop: mini-batch gradient descent with a new shuffle of the data every epoch.

``fit`` prints one line per epoch and returns a :class:`History` for the plots.  Each of its steps is
``train_step``: on a mini-batch (X_batch, Y_batch), the textbook loop in the terms of ``Network``'s contract::

    net.forward(X_batch, dropout)                 # z[l], a[l] for l = 1 .. L
    cost = net.cost(Y_batch)                      # mean cost C of the batch
    net.backward(Y_batch)                         # (BP1)-(BP4): net.grad = dC/dtheta
    add_weight_decay(net, lambda)                 # + lambda W^l in (BP4), if regularised
    optimizer.step(net.theta, net.grad, lr)       # theta <- theta - eta dC/dtheta (or momentum, Adam)
    constrain_max_norm(net, c)                    # if regularised

The learning rate eta of each epoch comes from one object, the schedule (``Constant(optimizer.lr)``
when none is given).  Two hooks let other code join in without changing the loop: ``callbacks``
(``nnlib.callbacks``) watch each batch and epoch and may stop training, and ``transform`` changes
each training mini-batch's inputs before the step (data augmentation, ``nnlib.augment``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .callbacks import Callback
from .checks import positive_int
from .labels import one_hot
from .optimizers import SGD, Optimizer
from .regularization import Dropout, Regularization, add_weight_decay, constrain_max_norm
from .schedules import Constant, check_rate

NO_REGULARIZATION = Regularization()


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


def train_step(net, X_batch, Y_batch, optimizer, lr, regularization=NO_REGULARIZATION, dropout=None):
    """One step of mini-batch gradient descent on the inputs X_batch (b, n_0) with targets Y_batch (b, n_L);
    returns the batch's mean cost C (a float, without the L2 penalty).

    ``lr`` is the learning rate eta, ``regularization`` a ``nnlib.Regularization`` and ``dropout`` a
    ``nnlib.regularization.Dropout`` (None: nothing dropped).  A non-finite cost raises a
    FloatingPointError before any parameter changes.
    """
    reg = regularization
    net.forward(X_batch, dropout)  # z[l], a[l] for l = 1 .. L
    cost = net.cost(Y_batch)  # mean cost C of the batch
    if not math.isfinite(cost):
        raise FloatingPointError(f"loss = {cost}")
    net.backward(Y_batch)  # (BP1)-(BP4): net.grad = dC/dtheta
    if reg.weight_decay:
        add_weight_decay(net, reg.weight_decay)  # + lambda W^l in (BP4)
    optimizer.step(net.theta, net.grad, lr)  # theta <- theta - eta dC/dtheta (or momentum, Adam)
    if reg.max_norm is not None:
        constrain_max_norm(net, reg.max_norm)
    return float(cost)


SCALED_INITS = ("lecun", "xavier", "he")  # initialisations whose variance is scaled to the layer sizes


def _causes(net, lr):
    """What to try when training diverged: only the rate, when the initialisation is already a scaled one."""
    if net.init in SCALED_INITS:
        return (
            f"Its initialisation (init={net.init!r}) is already scaled to the layer sizes, so the learning rate "
            f"(eta = {lr:g}) is too large for this network: try a smaller rate."
        )
    return (
        f"Either the learning rate (eta = {lr:g}) is too large for this network, or its initial weights are so "
        f"large (init={net.init!r}) that the pre-activations z overflow; try a smaller rate or a scaled "
        f"initialisation such as 'he' or 'lecun'."
    )


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
    callbacks=(),
    transform=None,
    verbose=True,
):
    """Train ``net`` on ``X`` (m, n_0) and integer labels ``y`` (m,), one ``train_step`` per mini-batch.

    Parameters
    ----------
    epochs, batch_size : positive int
    optimizer : an Optimizer, e.g. ``SGD(lr=0.5)`` or ``Adam(lr=1e-3)`` (default ``SGD(lr=0.1)``)
    validation_data : (X_val, y_val), evaluated at the end of every epoch
    seed : seeds the per-epoch shuffle, the dropout masks and ``transform``'s generator (each its own
        generator, independent of the initial weights, which the Network's seed sets)
    schedule : callable epoch -> learning rate (see ``nnlib.schedules``), epochs counting from 0; it owns
        the rate during the run.  Default ``Constant(optimizer.lr)``.  The optimizer is not changed.
    regularization : a ``nnlib.Regularization`` (weight decay, dropout, max-norm), or None
    early_stopping : patience in epochs: stop when the validation accuracy has not risen above its
        best for that many epochs, and restore the parameters of the best epoch
    evaluate_train : also evaluate on the whole training set after each epoch
    resume_optimizer : False (default): the optimizer's state (momentum, Adam's moments and step count)
        starts from zero, as for a new run.  True: continue from the state a previous ``fit`` left
        (to train the same network on, as if in one run)
    callbacks : ``nnlib.callbacks.Callback`` objects, called after each batch and epoch (their
        ``on_epoch_end`` may stop training by returning True); see ``nnlib.callbacks``
    transform : None, or ``transform(X_b, rng) -> X_b`` applied to the inputs of every training
        mini-batch before its step (never to validation data); ``rng`` is a numpy Generator seeded
        from ``seed``; it must return an array of X_b's shape
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
    schedule = Constant(optimizer.lr) if schedule is None else schedule
    if not callable(schedule):
        raise ValueError(f"schedule must be a function of the epoch such as nnlib.schedules.Cosine, got {schedule!r}")
    reg = NO_REGULARIZATION if regularization is None else regularization
    if not isinstance(reg, Regularization):
        raise ValueError(f"regularization must be a nnlib.Regularization, got {regularization!r}")
    callbacks = list(callbacks)
    for callback in callbacks:
        if not isinstance(callback, Callback):
            raise ValueError(f"callbacks must be nnlib.callbacks.Callback objects, got {callback!r}")
    if transform is not None and not callable(transform):
        raise ValueError(f"transform must be a function transform(X_batch, rng) -> X_batch, got {transform!r}")
    # the data are checked once, here: every epoch then uses them as they are
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
    dropout = Dropout(reg.dropout, reg.input_dropout, seed=[seed, 1]) if reg.dropout or reg.input_dropout else None
    transform_rng = np.random.default_rng([seed, 2])
    if not resume_optimizer:
        optimizer.reset()
    history = History()
    best_acc, best_theta, waited = -1.0, None, 0
    n_batches = -(-m // batch_size)
    for callback in callbacks:
        callback.on_train_begin(dict(epochs=epochs, batches_per_epoch=n_batches, n_train=m))

    for epoch in range(1, epochs + 1):
        lr = schedule(epoch - 1)  # the learning rate eta of this epoch; a schedule counts epochs from 0
        lr = check_rate(lr, f"the rate {schedule!r} gives at epoch {epoch - 1}")
        start = time.perf_counter()
        order = rng.permutation(m)
        total_loss, correct = 0.0, 0
        for i, first in enumerate(range(0, m, batch_size), start=1):
            idx = order[first : first + batch_size]
            X_batch, Y_batch = X[idx], Y[idx]  # (b, n_0), (b, n_L)
            if transform is not None:
                X_batch = _transformed(transform, X_batch, transform_rng)
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    cost = train_step(net, X_batch, Y_batch, optimizer, lr, reg, dropout)
            except FloatingPointError as err:
                raise TrainingDiverged(
                    f"training diverged at epoch {epoch}, batch {i}: {err}. " + _causes(net, lr)
                ) from None
            total_loss += cost * len(idx)
            correct += int(np.count_nonzero(net.a[net.L].argmax(axis=1) == y[idx]))
            for callback in callbacks:
                callback.on_batch_end(epoch, i, cost)
        seconds = time.perf_counter() - start

        history.epoch.append(epoch)
        history.loss.append(total_loss / m)
        history.train_acc.append(correct / m)
        history.lr.append(lr)
        history.seconds.append(seconds)
        line = f"epoch {epoch:>3}/{epochs}  loss {total_loss / m:.4f}  train acc {correct / m:.4f}"
        if evaluate_train:
            train_loss_full, train_acc_full = net.evaluate(X, y, checked=True)
            history.train_loss_full.append(train_loss_full)
            history.train_acc_full.append(train_acc_full)
        if validation_data is not None:
            val_loss, val_acc = net.evaluate(X_val, y_val, checked=True)
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
        stopped_by = [callback for callback in callbacks if callback.on_epoch_end(epoch, history)]
        if stopped_by and verbose:
            print(f"stopped by {', '.join(map(repr, stopped_by))}", flush=True)
        if early_stopping is not None and waited >= early_stopping:
            stopped_by.append("early stopping")
            if verbose:
                print(f"early stop: no better validation accuracy for {early_stopping} epochs", flush=True)
        if stopped_by:
            history.stopped_early = True
            break

    if best_theta is not None:
        net.theta[...] = best_theta
        if verbose:
            print(f"restored the parameters of epoch {history.best_epoch} (val acc {best_acc:.4f})", flush=True)
    for callback in callbacks:
        callback.on_train_end(history)
    return history


def _transformed(transform, X_batch, rng):
    """``transform(X_batch, rng)``, or a ValueError naming the transform when its output has another shape."""
    out = transform(X_batch, rng)
    if np.shape(out) != X_batch.shape:
        raise ValueError(
            f"transform {getattr(transform, '__name__', repr(transform))} returned an array of shape "
            f"{np.shape(out)} for a batch of shape {X_batch.shape}: it must return the batch's shape"
        )
    return out
