"""nnlib.diagram.draw_network: what it draws for small and MNIST-sized networks."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnlib.diagram import draw_network  # noqa: E402


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
    assert _count(ax, "neuron") == 10 + 10 + 10          # not 894 circles
    edges = next(a for a in ax.get_children() if a.get_gid() == "edges")
    assert len(edges.get_segments()) == 10 * 10 + 10 * 10  # not 79,400 lines
    assert _count(ax, "ellipsis") == 2                     # the input and hidden layers are elided
    assert any("784" in label for label in _labels(ax))   # the true size is still written
    plt.close(ax.figure)


def test_highlighted_weight_is_labelled():
    ax = draw_network([6, 4, 3], highlight=[(1, 2, 5)])
    assert "$w^{1}_{25}$" in [t.get_text() for t in ax.texts]
    plt.close(ax.figure)


@pytest.mark.parametrize("sizes", [[6], [6, 0, 3], [6, 2.5, 3], "643"])
def test_bad_sizes_are_refused(sizes):
    with pytest.raises(ValueError, match="sizes"):
        draw_network(sizes)


def test_highlight_of_a_hidden_neuron_is_refused():
    with pytest.raises(ValueError, match="not among the drawn"):
        draw_network([784, 100, 10], highlight=[(1, 50, 3)])
