r"""Draw a fully connected network from its layer sizes.

``draw_network([6, 4, 3])`` draws every neuron and every connection.  Layers wider than
``max_neurons`` (MNIST's 784 inputs, say) are drawn as their first and last few neurons
with a vertical ellipsis between them, and the label under each layer gives its true size,
so an MNIST-sized network stays readable: [784, 100, 10] draws 30 circles and 200 lines,
not 894 circles and 79,400 lines.

Neurons are numbered from 0 in each layer, as in the code: the line from neuron k of layer
l-1 to neuron j of layer l is the weight w^l_{jk}, ``W[l][j, k]``.
"""

from __future__ import annotations

import numpy as np

from .checks import layer_sizes, positive_int


def _shown_neurons(n, max_neurons):
    """Indices of the neurons drawn for a layer of n, and whether an ellipsis is drawn.

    Returns ``(indices, gap)``: ``gap`` is the position in ``indices`` before which the
    ellipsis goes (None when every neuron is drawn).
    """
    if n <= max_neurons:
        return list(range(n)), None
    head = (max_neurons + 1) // 2
    tail = max_neurons - head
    return list(range(head)) + list(range(n - tail, n)), head


def draw_network(
    sizes,
    ax=None,
    max_neurons=10,
    layer_names=None,
    highlight=None,
    show_indices=True,
    title=None,
    radius=0.3,
    layer_gap=3.0,
    edge_alpha=None,
):
    r"""Draw a fully connected network with ``sizes = [n_0, n_1, ..., n_L]``.

    Parameters
    ----------
    sizes : list of positive int
    ax : Matplotlib Axes to draw on (a new figure sized to the network if None)
    max_neurons : at most this many neurons are drawn per layer (>= 2); wider layers show
        their first and last neurons around a vertical ellipsis
    layer_names : one string per layer (default: 'input', 'hidden 1', ..., 'output', or just
        'hidden' when there is one hidden layer)
    highlight : a list of (l, j, k) weights w^l_{jk} to draw in colour and label;
        both neurons must be among those drawn
    show_indices : write each neuron's index j inside its circle
    title : the axes title
    radius, layer_gap : circle radius and horizontal distance between layers (data units;
        neighbouring neurons are 1 apart)
    edge_alpha : opacity of the connections (default: lighter the more there are)

    Returns the Axes.  The neurons are ``matplotlib.patches.Circle`` patches with gid
    'neuron', all connections one ``LineCollection`` with gid 'edges', the highlighted weights
    lines with gid 'highlight', the ellipses texts with gid 'ellipsis' and the layer labels
    texts with gid 'layer-label'.  Bad ``sizes`` raise the ValueError that ``Network(sizes)``
    raises (``nnlib.checks.layer_sizes``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle

    sizes = layer_sizes(sizes)
    max_neurons = positive_int(max_neurons, "max_neurons", minimum=2)
    L = len(sizes) - 1
    if layer_names is None:
        layer_names = ["input"] + [f"hidden {l}" if L > 2 else "hidden" for l in range(1, L)] + ["output"]
    if len(layer_names) != len(sizes):
        raise ValueError(f"layer_names has {len(layer_names)} names for {len(sizes)} layers")

    # y position of every drawn neuron, layer by layer, centred on y = 0, neuron 0 on top
    shown, positions, ellipses = [], [], []
    for n in sizes:
        idx, gap = _shown_neurons(n, max_neurons)
        slots = len(idx) + (gap is not None)
        ys = (slots - 1) / 2.0 - np.arange(slots, dtype=float)
        if gap is not None:
            ellipses.append(ys[gap])
            ys = np.delete(ys, gap)
        else:
            ellipses.append(None)
        shown.append(idx)
        positions.append(dict(zip(idx, ys)))
    tallest = max(len(idx) + (e is not None) for idx, e in zip(shown, ellipses))

    if ax is None:  # about 2.2 inches per layer and 0.62 per drawn row of neurons, plus room for the labels
        _, ax = plt.subplots(figsize=(1.6 + 2.2 * (L + 1), 1.4 + 0.62 * tallest))

    # connections: one LineCollection for all of them
    segments = []
    for l in range(1, L + 1):
        x0, x1 = (l - 1) * layer_gap, l * layer_gap
        for j in shown[l]:
            for k in shown[l - 1]:
                segments.append(((x0 + radius, positions[l - 1][k]), (x1 - radius, positions[l][j])))
    if edge_alpha is None:
        edge_alpha = float(np.clip(6.0 / np.sqrt(max(len(segments), 1)), 0.15, 0.8))
    edges = LineCollection(segments, colors="0.45", linewidths=0.7, alpha=edge_alpha, zorder=1)
    edges.set_gid("edges")
    ax.add_collection(edges)

    for l, (w_l, j, k) in enumerate(highlight or []):
        if not 1 <= w_l <= L or j not in positions[w_l] or k not in positions[w_l - 1]:
            raise ValueError(
                f"highlight ({w_l}, {j}, {k}): w^{w_l}_{{{j}{k}}} is not among the drawn "
                f"connections of a network of sizes {sizes}"
            )
        x0, x1 = (w_l - 1) * layer_gap + radius, w_l * layer_gap - radius
        y0, y1 = positions[w_l - 1][k], positions[w_l][j]
        color = f"C{(l + 3) % 10}"
        ax.plot([x0, x1], [y0, y1], color=color, linewidth=2.2, linestyle="-", marker="", zorder=2, gid="highlight")
        t = 0.35
        ax.text(
            x0 + t * (x1 - x0),
            y0 + t * (y1 - y0) + 0.28,
            f"$w^{{{w_l}}}_{{{j}{k}}}$" if j < 10 and k < 10 else f"$w^{{{w_l}}}_{{{j},{k}}}$",
            color=color,
            fontsize=12,
            ha="center",
            va="bottom",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )

    colours = ["#cfe2f3"] + ["#fce5cd"] * (L - 1) + ["#d9ead3"]
    for l in range(L + 1):
        x = l * layer_gap
        small = max(shown[l]) < 100
        for j, y in positions[l].items():
            circle = Circle((x, y), radius, facecolor=colours[l], edgecolor="0.2", linewidth=1.0, zorder=3)
            circle.set_gid("neuron")
            ax.add_patch(circle)
            if show_indices:
                ax.text(x, y, str(j), ha="center", va="center", fontsize=8 if small else 6, zorder=4)
        if ellipses[l] is not None:
            ax.text(x, ellipses[l], "\u22ee", ha="center", va="center", fontsize=16, zorder=4, gid="ellipsis")
        top = (tallest - 1) / 2.0 + 0.75
        ax.text(
            x,
            top,
            f"{layer_names[l]}\n$n_{{{l}}} = {sizes[l]}$",
            ha="center",
            va="bottom",
            fontsize=10,
            gid="layer-label",
        )

    ax.set_xlim(-layer_gap / 2, L * layer_gap + layer_gap / 2)
    ax.set_ylim(-(tallest - 1) / 2.0 - 0.8, (tallest - 1) / 2.0 + 2.0)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def example_weights(sizes, max_neurons=10):
    r"""Two weights worth labelling in ``draw_network(sizes, highlight=...)``, as (l, j, k) for w^l_{jk}.

    For the course's 6-4-3 example they are w^1_{25} (input 5 to hidden neuron 2) and w^2_{01}
    (hidden neuron 1 to output 0); for other sizes, the nearest weights to those whose two neurons
    are both drawn (a layer wider than ``max_neurons`` shows only its first and last neurons).
    """
    sizes = layer_sizes(sizes)
    max_neurons = positive_int(max_neurons, "max_neurons", minimum=2)
    L = len(sizes) - 1

    def drawn(l, preferred):
        """The drawn neuron of layer l with the largest index not above ``preferred``."""
        return max(i for i in _shown_neurons(sizes[l], max_neurons)[0] if i <= preferred)

    weights = [(1, drawn(1, 2), drawn(0, 5)), (L, drawn(L, 0), drawn(L - 1, 1))]
    return weights[:1] if weights[0] == weights[1] else weights


__all__ = ["draw_network", "example_weights"]
