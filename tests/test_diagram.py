"""nnlib.diagram.draw_network: what it draws for small and MNIST-sized networks."""

import re

import matplotlib
import matplotlib.pyplot as plt
import pytest

from nnlib import Network
from nnlib.diagram import draw_network, example_weights

matplotlib.use("Agg")  # no window: draw in memory


def _count(ax, gid):
    return sum(1 for artist in ax.get_children() if artist.get_gid() == gid)


def _labels(ax):
    return [t.get_text() for t in ax.texts if t.get_gid() == "layer-label"]


def test_small_network_draws_every_neuron_and_connection():
    ax = draw_network([6, 4, 3])
    assert _count(ax, "neuron") == 6 + 4 + 3
    edges = next(a for a in ax.get_children() if a.get_gid() == "edges")
    assert len(edges.get_segments()) == 6 * 4 + 4 * 3
    assert _count(ax, "ellipsis") == 0
    assert [label.split("\n")[1] for label in _labels(ax)] == ["$n_{0} = 6$", "$n_{1} = 4$", "$n_{2} = 3$"]
    plt.close(ax.figure)


def test_mnist_sized_network_stays_readable():
    ax = draw_network([784, 100, 10], max_neurons=10)
    assert _count(ax, "neuron") == 10 + 10 + 10  # not 894 circles
    edges = next(a for a in ax.get_children() if a.get_gid() == "edges")
    assert len(edges.get_segments()) == 10 * 10 + 10 * 10  # not 79,400 lines
    assert _count(ax, "ellipsis") == 2  # the input and hidden layers are elided
    assert any("784" in label for label in _labels(ax))  # the true size is still written
    plt.close(ax.figure)


def test_highlighted_weight_is_labelled():
    ax = draw_network([6, 4, 3], highlight=[(1, 2, 5)])
    assert "$w^{1}_{25}$" in [t.get_text() for t in ax.texts]
    plt.close(ax.figure)


@pytest.mark.parametrize(
    "sizes, message",
    [
        ([6], "sizes must list at least two layer sizes [n_0, ..., n_L], got [6]"),
        ("643", "sizes must list at least two layer sizes [n_0, ..., n_L], got '643'"),
        (784, "sizes must list at least two layer sizes [n_0, ..., n_L], got 784"),
        ([6, 0, 3], "layer sizes must be positive integers; sizes[1] = 0 in [6, 0, 3]"),
        ([6, 2.5, 3], "layer sizes must be positive integers; sizes[1] = 2.5 in [6, 2.5, 3]"),
        ([6, 4, True], "layer sizes must be positive integers; sizes[2] = True in [6, 4, True]"),
    ],
)
def test_bad_sizes_are_refused_as_network_refuses_them(sizes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        draw_network(sizes)
    with pytest.raises(ValueError, match=re.escape(message)):
        Network(sizes)  # the same check, the same words


@pytest.mark.parametrize("max_neurons", [1, 0, 2.0, True, "10"])
def test_bad_max_neurons_is_refused(max_neurons):
    with pytest.raises(ValueError, match=re.escape(f"max_neurons must be an integer >= 2, got {max_neurons!r}")):
        draw_network([6, 4, 3], max_neurons=max_neurons)


def test_smallest_max_neurons_draws_first_and_last_neuron():
    ax = draw_network([6, 4, 3], max_neurons=2)
    assert _count(ax, "neuron") == 2 + 2 + 2 and _count(ax, "ellipsis") == 3
    plt.close(ax.figure)


def test_highlight_of_a_hidden_neuron_is_refused():
    with pytest.raises(ValueError, match="not among the drawn"):
        draw_network([784, 100, 10], highlight=[(1, 50, 3)])


@pytest.mark.parametrize(
    "sizes, weights",
    [
        ([6, 4, 3], [(1, 2, 5), (2, 0, 1)]),  # notebook 01's example: w^1_25 and w^2_01
        ([784, 30, 10], [(1, 2, 4), (2, 0, 1)]),  # input 5 is hidden behind the ellipsis: input 4 instead
        ([4, 5, 2], [(1, 2, 3), (2, 0, 1)]),
        ([1, 1], [(1, 0, 0)]),  # one weight only, labelled once
        ([3, 2, 2, 2], [(1, 1, 2), (3, 0, 1)]),
    ],
)
def test_example_weights_are_drawn_and_labelled(sizes, weights):
    assert example_weights(sizes) == weights
    ax = draw_network(sizes, highlight=example_weights(sizes))  # refuses a weight that is not drawn
    assert _count(ax, "highlight") == len(weights)
    plt.close(ax.figure)
