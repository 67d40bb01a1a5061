"""A training run described by its settings, built and trained in one way everywhere.

A :class:`Recipe` holds everything that defines a run: the network (sizes, activations, loss,
initialisation, dtype), the optimizer and its settings, the schedule, the regularisation, the epochs,
the batch size and the seed.  ``recipe.train(X, y)`` builds the network and the optimizer from it and
calls ``nnlib.fit``; ``recipe.replace(lr=0.3)`` is the same recipe with one setting changed.
Notebooks 04 and 06 describe their experiments as recipes, and ``BEST`` is the recipe of the best
network of notebook 08, which ``python -m nnlib.train_best`` trains and saves to ``data/models/``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .checks import positive_int
from .network import Network, NetworkSettings
from .optimizers import make_optimizer
from .regularization import Regularization
from .schedules import Constant, Cosine
from .training import fit

#: schedule name -> the schedule of a recipe; the schedule owns the learning rate while ``fit`` runs
SCHEDULES = {None: lambda recipe: Constant(recipe.lr), "cosine": lambda recipe: Cosine(recipe.lr, recipe.epochs)}


@dataclass(frozen=True)
class Recipe(NetworkSettings):
    """The settings of one training run: a network's (``NetworkSettings``: sizes, hidden, output, loss, init,
    dtype, with their defaults), then the training's (see ``nnlib.fit`` and ``nnlib.optimizers``).

    ``optimizer`` is 'sgd' (with ``momentum``) or 'adam'; ``schedule`` is None (a constant ``lr``) or
    'cosine' (from ``lr`` down towards 0 over the ``epochs``).
    """

    optimizer: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.0
    schedule: str | None = None
    batch_size: int = 32
    epochs: int = 10
    weight_decay: float = 0.0
    dropout: float = 0.0
    input_dropout: float = 0.0
    max_norm: float | None = None
    seed: int = 0

    def __post_init__(self):
        super().__post_init__()  # checks the network's settings, without drawing any weights
        if self.schedule not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.schedule!r}; valid: {', '.join(map(repr, SCHEDULES))}")
        if self.optimizer != "sgd" and self.momentum:
            raise ValueError(f"momentum is a setting of 'sgd', not of {self.optimizer!r}")
        # every other setting is checked by the code that uses it: call those checks now, so that a bad recipe
        # fails here and not in the middle of a run
        self.new_optimizer()
        self.regularization()
        for name in ("epochs", "batch_size"):
            positive_int(getattr(self, name), name)
        positive_int(self.seed, "seed", minimum=0)

    def replace(self, **changes):
        """This recipe with some settings changed, e.g. ``recipe.replace(lr=0.3, seed=1)``."""
        return dataclasses.replace(self, **changes)

    def network(self):
        """A new, untrained network of this recipe."""
        return Network(**self.network_kwargs(), seed=self.seed)

    def new_optimizer(self):
        """A new optimizer of this recipe (``nnlib.optimizers.make_optimizer``)."""
        settings = dict(lr=self.lr, momentum=self.momentum) if self.optimizer == "sgd" else dict(lr=self.lr)
        return make_optimizer(self.optimizer, **settings)

    def new_schedule(self):
        """The learning-rate schedule of this recipe, which sets the rate of every epoch."""
        return SCHEDULES[self.schedule](self)

    def regularization(self):
        return Regularization(
            weight_decay=self.weight_decay,
            dropout=self.dropout,
            input_dropout=self.input_dropout,
            max_norm=self.max_norm,
        )

    def train(self, X, y, validation_data=None, verbose=True, **fit_options):
        """Build the network and train it on (X, y) with ``nnlib.fit``; returns (net, history)."""
        net = self.network()
        history = fit(
            net,
            X,
            y,
            epochs=self.epochs,
            batch_size=self.batch_size,
            optimizer=self.new_optimizer(),
            validation_data=validation_data,
            seed=self.seed,
            schedule=self.new_schedule(),
            regularization=self.regularization(),
            verbose=verbose,
            **fit_options,
        )
        return net, history


#: The best network of notebook 08, chosen on a validation split (see data/models/README.md).
BEST = Recipe(
    sizes=(784, 1024, 1024, 10),
    hidden="relu",
    init="he",
    dtype="float32",
    optimizer="sgd",
    lr=0.1,  # a cosine schedule from 0.1 down towards 0 over the epochs
    momentum=0.9,
    schedule="cosine",
    batch_size=128,
    epochs=20,
    dropout=0.3,  # hidden units dropped with probability 0.3 in training
    input_dropout=0.1,  # input pixels dropped with probability 0.1
    max_norm=3.5,  # each unit's incoming weight vector kept to length <= 3.5
    seed=0,
)
