"""Learning-rate schedules: callables ``schedule(epoch) -> learning rate`` (epoch counts from 0).

``fit`` sets ``optimizer.lr = schedule(epoch)`` at the start of every epoch.
"""
from __future__ import annotations

import math


class Constant:
    def __init__(self, lr):
        self.lr = lr

    def __call__(self, epoch):
        return self.lr

    def __repr__(self):
        return f"Constant({self.lr})"


class StepDecay:
    """lr * factor ** (epoch // every): e.g. halve the rate every 5 epochs."""

    def __init__(self, lr, factor=0.5, every=5):
        self.lr, self.factor, self.every = lr, factor, every

    def __call__(self, epoch):
        return self.lr * self.factor ** (epoch // self.every)

    def __repr__(self):
        return f"StepDecay({self.lr}, factor={self.factor}, every={self.every})"


class ExponentialDecay:
    """lr * gamma ** epoch."""

    def __init__(self, lr, gamma=0.9):
        self.lr, self.gamma = lr, gamma

    def __call__(self, epoch):
        return self.lr * self.gamma ** epoch

    def __repr__(self):
        return f"ExponentialDecay({self.lr}, gamma={self.gamma})"


class Cosine:
    """Half a cosine from ``lr`` at epoch 0 down to ``lr_min`` at epoch ``epochs``."""

    def __init__(self, lr, epochs, lr_min=0.0):
        self.lr, self.epochs, self.lr_min = lr, epochs, lr_min

    def __call__(self, epoch):
        t = min(epoch, self.epochs) / self.epochs
        return self.lr_min + 0.5 * (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * t))

    def __repr__(self):
        return f"Cosine({self.lr}, epochs={self.epochs}, lr_min={self.lr_min})"
