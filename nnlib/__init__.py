"""nnlib: the small NumPy neural-network library the course builds and uses.

Modules, one job each:

* ``nnlib.checks``         argument checks shared by the modules below
* ``nnlib.data``           IDX reading, MNIST loading, train/validation split
* ``nnlib.labels``         checking class labels, one-hot encoding
* ``nnlib.activations``    sigmoid, tanh, ReLU, identity, softmax and their derivatives
* ``nnlib.losses``         MSE and cross-entropy: value and output-layer error delta^L
* ``nnlib.initializers``   normal, LeCun, Xavier (Glorot) and He initialisation
* ``nnlib.network``        the fully connected network: parameters, forward, backward, predict
* ``nnlib.optimizers``     SGD (with momentum) and Adam
* ``nnlib.schedules``      learning-rate schedules
* ``nnlib.regularization`` L2 weight decay, dropout, max-norm
* ``nnlib.training``       ``fit``: the training loop (one ``train_step`` per mini-batch) and its History
* ``nnlib.callbacks``      ``Callback``: code ``fit`` calls after each batch and epoch (plots, stopping)
* ``nnlib.recipes``        a run described by its settings (``Recipe``), and the course's best network (``BEST``)
* ``nnlib.train_best``     ``python -m nnlib.train_best``: trains ``BEST`` and saves it to data/models/
* ``nnlib.experiments``    one experiment over several seeds: its spread, and claims that hold for every seed
* ``nnlib.exercises``      the checks of the notebooks' exercises
* ``nnlib.gradcheck``      central-difference gradient checking
* ``nnlib.io``             save / load a network to one .npz file
* ``nnlib.metrics``        accuracy, confusion matrix, calibration (reliability bins, ECE), confident mistakes
* ``nnlib.plotting``       plots shared by the notebooks (learning curves, digits, evaluation)
* ``nnlib.diagram``        ``draw_network``: a diagram of any list of layer sizes
"""

from .activations import Identity, ReLU, Sigmoid, Softmax, Tanh, get_activation
from .data import data_dir, load_mnist, read_idx, train_val_split
from .gradcheck import gradient_check, numerical_gradient
from .io import load, save
from .labels import check_labels, one_hot
from .losses import MSE, BinaryCrossEntropy, CrossEntropy, get_loss
from .network import Network, NetworkSettings
from .optimizers import SGD, Adam, make_optimizer
from .recipes import Recipe
from .regularization import Regularization
from .training import History, TrainingDiverged, fit, train_step

__version__ = "0.2.0"  # the one place the version is written (pyproject.toml reads it)

__all__ = [
    "data_dir",
    "load_mnist",
    "check_labels",
    "one_hot",
    "read_idx",
    "train_val_split",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "Identity",
    "Softmax",
    "get_activation",
    "MSE",
    "BinaryCrossEntropy",
    "CrossEntropy",
    "get_loss",
    "Network",
    "NetworkSettings",
    "SGD",
    "Adam",
    "make_optimizer",
    "Regularization",
    "Recipe",
    "fit",
    "train_step",
    "History",
    "TrainingDiverged",
    "gradient_check",
    "numerical_gradient",
    "save",
    "load",
]
