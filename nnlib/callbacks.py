"""Callbacks: code that ``fit`` runs at fixed points of training, to watch it or to stop it.

Subclass ``Callback``, override the methods you need (each is a no-op here) and pass instances
to ``fit(..., callbacks=[...])``.  ``fit`` calls them in this order::

    on_train_begin(info)                  once; info = dict(epochs=..., batches_per_epoch=..., n_train=...)
    on_batch_end(epoch, batch, loss)      after every optimizer step; epoch and batch count from 1,
                                          loss is that batch's mean cost (a float)
    on_epoch_end(epoch, history)          after the epoch's numbers are appended to ``history``
                                          (history.loss[-1], history.train_acc[-1], and history.val_loss[-1],
                                          history.val_acc[-1] with validation data); return True to stop
                                          training (then history.stopped_early is True)
    on_train_end(history)                 once, at the end

A callback only watches unless it returns True from ``on_epoch_end``: with or without callbacks,
``fit`` trains to the same numbers.
"""

from __future__ import annotations


class Callback:
    """Base class: every method does nothing."""

    def on_train_begin(self, info):
        """Called once before the first epoch; ``info`` holds epochs, batches_per_epoch and n_train."""

    def on_batch_end(self, epoch, batch, loss):
        """Called after each optimizer step with the batch's mean cost ``loss``."""

    def on_epoch_end(self, epoch, history):
        """Called after each epoch, once ``history`` holds its numbers; return True to stop training."""

    def on_train_end(self, history):
        """Called once when training ends (after early stopping restored the best parameters)."""
