"""Learning-rate schedules: callables ``schedule(epoch) -> learning rate``, epoch counting from 0.

``fit(..., schedule=s)`` trains epoch e (e = 0, 1, ...) with the rate ``s(e)``, passed to each
optimizer step; the optimizer itself is not changed.
"""

from __future__ import annotations

import math

from .checks import non_negative_number, positive_int, positive_number


def check_rate(rate, name="learning rate"):
    """A learning rate: a finite number > 0, as a float; ``fit`` checks each rate a schedule returns."""
    return positive_number(rate, name)


class Constant:
    """lr at every epoch."""

    def __init__(self, lr):
        self.lr = positive_number(lr, "lr")

    def __call__(self, epoch):
        return self.lr

    def __repr__(self):
        return f"Constant({self.lr})"


class StepDecay:
    """lr * factor ** (epoch // every): e.g. halve the rate every 5 epochs."""

    def __init__(self, lr, factor=0.5, every=5):
        self.lr = positive_number(lr, "lr")
        self.factor = positive_number(factor, "factor")
        self.every = positive_int(every, "every")

    def __call__(self, epoch):
        return self.lr * self.factor ** (epoch // self.every)

    def __repr__(self):
        return f"StepDecay({self.lr}, factor={self.factor}, every={self.every})"


class ExponentialDecay:
    """lr * gamma ** epoch."""

    def __init__(self, lr, gamma=0.9):
        self.lr = positive_number(lr, "lr")
        self.gamma = positive_number(gamma, "gamma")

    def __call__(self, epoch):
        return self.lr * self.gamma**epoch

    def __repr__(self):
        return f"ExponentialDecay({self.lr}, gamma={self.gamma})"


class Cosine:
    """Half a cosine from ``lr`` at epoch 0 down to ``lr_min`` at epoch ``epochs`` (and ``lr_min`` after it):

    lr(e) = lr_min + (lr - lr_min) (1 + cos(pi e / epochs)) / 2.

    Trained for ``epochs`` epochs (e = 0 .. epochs - 1), the last epoch still has a rate above lr_min.
    """

    def __init__(self, lr, epochs, lr_min=0.0):
        self.lr = positive_number(lr, "lr")
        self.epochs = positive_int(epochs, "epochs")
        self.lr_min = non_negative_number(lr_min, "lr_min")
        if self.lr_min > self.lr:
            raise ValueError(f"lr_min ({lr_min!r}) must not exceed lr ({lr!r})")

    def __call__(self, epoch):
        t = min(epoch, self.epochs) / self.epochs
        return self.lr_min + 0.5 * (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * t))

    def __repr__(self):
        return f"Cosine({self.lr}, epochs={self.epochs}, lr_min={self.lr_min})"
