"""nnlib.Recipe: the one way to build a run from settings (issue 11, item 5)."""

import numpy as np
import pytest

import nnlib
import nnlib.recipes
from nnlib.recipes import BEST, Recipe

SMALL = Recipe(sizes=(6, 5, 3), epochs=2, batch_size=10, lr=0.1)


def data(m=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, 6)).astype(np.float32), rng.integers(0, 3, m)


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(init="xavier_uniform"), r"xavier_uniform"),
        (dict(hidden="softmax"), r"softmax couples a whole layer"),
        (dict(loss="cross_entropy", output="sigmoid"), r"needs a 'softmax' output layer"),
        (dict(dtype="float16"), r"dtype must be float32 or float64, got float16"),
        (dict(sizes=(6,)), r"sizes"),
        (dict(optimizer="adam", momentum=0.9), r"momentum is a setting of 'sgd', not of 'adam'"),
        (dict(schedule="step"), r"unknown schedule 'step'"),
        (dict(lr=0.0), r"learning rate"),
        (dict(dropout=1.0), r"dropout"),
        (dict(epochs=0), r"epochs must be an integer >= 1, got 0"),
        (dict(batch_size=2.5), r"batch_size must be an integer >= 1, got 2.5"),
        (dict(seed=-1), r"seed must be an integer >= 0, got -1"),
    ],
)
def test_a_bad_setting_fails_when_the_recipe_is_made(changes, message):
    with pytest.raises(ValueError, match=message):
        SMALL.replace(**changes)


def test_making_a_recipe_builds_no_network(monkeypatch):
    """Checking a recipe draws no weights (BEST's would be 1.9 million)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a Network was built")

    monkeypatch.setattr(nnlib.recipes, "Network", refuse)
    assert BEST.replace(seed=1).seed == 1


def test_train_builds_the_recipes_network_and_reproduces():
    X, y = data()
    net, history = SMALL.train(X, y, verbose=False)
    assert net.sizes == [6, 5, 3] and net.dtype == np.float32 and net.hidden.name == "relu"
    assert len(history) == SMALL.epochs
    again, _ = SMALL.train(X, y, verbose=False)
    np.testing.assert_array_equal(net.theta, again.theta)
    other, _ = SMALL.replace(seed=1).train(X, y, verbose=False)
    assert not np.array_equal(net.theta, other.theta)


def test_a_cosine_recipe_trains_with_falling_rates():
    X, y = data()
    _, history = SMALL.replace(schedule="cosine", epochs=3).train(X, y, verbose=False)
    assert history.lr[0] == pytest.approx(SMALL.lr) and history.lr[0] > history.lr[1] > history.lr[2] > 0


def test_a_recipe_holds_a_networks_settings_with_their_defaults():
    """Recipe's network settings are NetworkSettings' fields: the same names, defaults and checks."""
    from dataclasses import fields

    from nnlib.network import NetworkSettings

    network_fields = [(f.name, f.default) for f in fields(NetworkSettings)]
    assert [(f.name, f.default) for f in fields(Recipe)][: len(network_fields)] == network_fields
    assert SMALL.network_kwargs() == NetworkSettings((6, 5, 3)).network_kwargs()
    assert SMALL.network().settings == NetworkSettings((6, 5, 3))


def test_network_defaults_are_the_modern_network():
    net = nnlib.Network([4, 3])
    assert (
        repr(net) == "Network([4, 3], hidden='relu', output='softmax', loss='cross_entropy', init='he', dtype=float32)"
    )


def test_a_recipes_schedule_owns_its_learning_rate():
    assert SMALL.new_schedule()(5) == SMALL.lr
    cosine = SMALL.replace(schedule="cosine", epochs=4).new_schedule()
    assert (cosine(0), cosine.epochs) == (SMALL.lr, 4)
