"""nnlib: the small NumPy neural-network library the course builds and uses.

Modules, one job each:

* ``nnlib.data``         IDX reading, MNIST loading, one-hot labels, train/validation split
* ``nnlib.activations``  sigmoid, tanh, ReLU, identity, softmax and their derivatives
* ``nnlib.losses``       MSE and cross-entropy: value and output-layer error delta^L
* ``nnlib.initializers`` normal, Xavier and He initialisation
* ``nnlib.network``      the fully connected network: forward and backward
* ``nnlib.optimizers``   SGD (momentum, weight decay) and Adam
* ``nnlib.schedules``    learning-rate schedules
* ``nnlib.training``     ``fit``: the training loop and its History
* ``nnlib.gradcheck``    central-difference gradient checking
* ``nnlib.io``           save / load a network to one .npz file
* ``nnlib.plotting``     plots shared by the notebooks (learning curves, digits, evaluation)
* ``nnlib.diagram``      ``draw_network``: a diagram of any list of layer sizes
"""
from .activations import ReLU, Sigmoid, Softmax, Tanh, Identity, get_activation
from .data import DATA_DIR, load_mnist, one_hot, read_idx, train_val_split
from .gradcheck import gradient_check, numerical_gradient
from .io import load, save
from .losses import MSE, BinaryCrossEntropy, CrossEntropy, get_loss
from .network import Network
from .optimizers import SGD, Adam
from .training import History, TrainingDiverged, fit

__version__ = "0.1.0"

__all__ = [
    "DATA_DIR", "load_mnist", "one_hot", "read_idx", "train_val_split",
    "Sigmoid", "Tanh", "ReLU", "Identity", "Softmax", "get_activation",
    "MSE", "BinaryCrossEntropy", "CrossEntropy", "get_loss",
    "Network", "SGD", "Adam", "fit", "History", "TrainingDiverged",
    "gradient_check", "numerical_gradient", "save", "load",
]
