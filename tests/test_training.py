"""fit: reproducibility, History, divergence, and the bad-input table of issue 6."""

import math
import re

import numpy as np
import pytest

from nnlib import SGD, Adam, Network, Regularization, TrainingDiverged, fit, one_hot, train_step
from nnlib.optimizers import make_optimizer
from nnlib.schedules import Constant, Cosine

N_IN, N_OUT = 6, 3


def data(m=60, seed=0):
    """A small learnable problem: the label is the argmax of three fixed linear scores."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, N_IN))
    y = (X @ rng.normal(size=(N_IN, N_OUT))).argmax(axis=1)
    return X, y


def make_net(seed=0, **kwargs):
    kwargs = {"dtype": "float64", **kwargs}  # the default network, in float64
    return Network([N_IN, 8, N_OUT], seed=seed, **kwargs)


def train(net_seed=0, fit_seed=0, optimizer=None, **kwargs):
    X, y = data()
    X_val, y_val = data(30, seed=1)
    net = make_net(net_seed)
    history = fit(
        net,
        X,
        y,
        epochs=4,
        batch_size=16,
        optimizer=optimizer or Adam(lr=0.01),
        validation_data=(X_val, y_val),
        seed=fit_seed,
        regularization=Regularization(dropout=0.2),
        verbose=False,
        **kwargs,
    )
    return net, history


def comparable(history):
    """Everything in a History except the wall-clock seconds."""
    return (
        history.epoch,
        history.loss,
        history.train_acc,
        history.val_loss,
        history.val_acc,
        history.lr,
        history.best_epoch,
        history.stopped_early,
    )


# ---------------------------------------------------------------- reproducibility
def test_same_seed_same_initial_weights():
    np.testing.assert_array_equal(make_net(5).theta, make_net(5).theta)
    assert not np.array_equal(make_net(5).theta, make_net(6).theta)


def test_same_seeds_same_weights_and_history():
    net_a, hist_a = train()
    net_b, hist_b = train()
    np.testing.assert_array_equal(net_a.theta, net_b.theta)
    assert comparable(hist_a) == comparable(hist_b)


@pytest.mark.parametrize("which", ["net_seed", "fit_seed"])
def test_different_seed_different_result(which):
    net_a, hist_a = train()
    net_b, hist_b = train(**{which: 1})
    assert not np.array_equal(net_a.theta, net_b.theta)
    assert hist_a.loss != hist_b.loss


def test_history_records_every_epoch():
    _, history = train(evaluate_train=True)
    assert history.epoch == [1, 2, 3, 4] and len(history) == 4
    for series in (
        history.loss,
        history.train_acc,
        history.val_loss,
        history.val_acc,
        history.train_loss_full,
        history.train_acc_full,
        history.lr,
        history.seconds,
    ):
        assert len(series) == 4 and all(math.isfinite(v) for v in series)
    assert all(0 <= a <= 1 for a in history.train_acc + history.val_acc)
    assert history.lr == [0.01] * 4
    assert history.best_epoch == 1 + int(np.argmax(history.val_acc))
    assert history.total_seconds == pytest.approx(sum(history.seconds))


class Frozen(SGD):
    """An optimizer that leaves the parameters as they are."""

    def step(self, theta, grad, lr=None):
        pass


def test_running_loss_and_accuracy_count_every_sample_once():
    """With the parameters frozen, the epoch's running means are those of one clean pass.

    60 samples in batches of 16 end with a partial batch of 12; the batches come in shuffled
    order, so a prediction compared with the wrong label would show.
    """
    X, y = data()
    net = make_net()
    history = fit(net, X, y, epochs=2, batch_size=16, optimizer=Frozen(), verbose=False)
    loss, acc = net.evaluate(X, y)
    assert 0.1 < acc < 0.9  # not trivially all right or all wrong
    assert history.train_acc == [acc, acc]
    assert history.loss == pytest.approx([loss, loss], rel=1e-12)


def test_training_learns():
    X, y = data()
    net = make_net()
    history = fit(net, X, y, epochs=30, batch_size=10, optimizer=SGD(lr=0.1, momentum=0.9), verbose=False)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert net.accuracy(X, y) > 0.9


def test_verbose_prints_one_line_per_epoch(capsys):
    X, y = data()
    fit(make_net(), X, y, epochs=3, batch_size=20, validation_data=data(30, seed=1))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("epoch   1/3  loss ") and "train acc" in lines[0] and "val acc" in lines[0]
    assert lines[-1].endswith(" s)")


def test_schedule_sets_the_learning_rate_each_epoch():
    X, y = data()
    history = fit(make_net(), X, y, epochs=3, optimizer=SGD(lr=1.0), schedule=lambda e: 0.1 / (e + 1), verbose=False)
    assert history.lr == pytest.approx([0.1, 0.05, 0.1 / 3])


@pytest.mark.parametrize("rate", [0.0, -0.1, float("nan"), float("inf"), "0.1", None])
def test_a_schedules_rate_is_checked(rate):
    X, y = data()
    with pytest.raises(ValueError, match=r"the rate .* gives at epoch 1 must be a positive number"):
        fit(make_net(), X, y, epochs=3, schedule=lambda e: 0.1 if e == 0 else rate, verbose=False)


def test_without_a_schedule_the_optimizers_rate_is_a_constant_schedule():
    X, y = data()
    net_a, net_b = make_net(), make_net()
    history = fit(net_a, X, y, epochs=2, optimizer=SGD(lr=0.3), verbose=False)
    fit(net_b, X, y, epochs=2, optimizer=SGD(lr=0.3), schedule=Constant(0.3), verbose=False)
    np.testing.assert_array_equal(net_a.theta, net_b.theta)
    assert history.lr == [0.3, 0.3]


def test_fit_is_train_step_on_each_shuffled_batch():
    """fit's documented step is train_step: the same steps taken by hand give the same parameters."""
    X, y = data()
    net, by_hand = make_net(), make_net()
    reg = Regularization(weight_decay=1e-3, max_norm=1.0)
    fit(net, X, y, epochs=2, batch_size=16, optimizer=SGD(lr=0.2, momentum=0.5), regularization=reg, verbose=False)
    optimizer, rng, Y = SGD(lr=0.2, momentum=0.5), np.random.default_rng(0), one_hot(y, N_OUT)
    for _ in range(2):
        order = rng.permutation(len(X))
        for first in range(0, len(X), 16):
            idx = order[first : first + 16]
            train_step(by_hand, X[idx], Y[idx], optimizer, 0.2, reg)
    np.testing.assert_array_equal(net.theta, by_hand.theta)


def test_early_stopping_restores_the_best_parameters():
    X, y = data()
    X_val, y_val = data(30, seed=1)
    net = make_net()
    history = fit(
        net,
        X,
        y,
        epochs=50,
        batch_size=10,
        optimizer=SGD(lr=0.5),
        validation_data=(X_val, y_val),
        early_stopping=2,
        verbose=False,
    )
    assert history.stopped_early and len(history) < 50
    assert len(history) == history.best_epoch + 2
    assert net.evaluate(X_val, y_val)[1] == max(history.val_acc)


def test_early_stopping_counts_a_tie_as_no_improvement():
    """With frozen parameters the validation accuracy is the same every epoch: epoch 1 stays the best,
    and training stops after the patience (a >= comparison would never stop)."""
    X, y = data()
    history = fit(
        make_net(),
        X,
        y,
        epochs=20,
        optimizer=Frozen(),
        validation_data=data(30, seed=1),
        early_stopping=3,
        verbose=False,
    )
    assert history.best_epoch == 1 and history.stopped_early
    assert len(history) == 4


def test_an_optimizer_built_from_settings_is_the_same_optimizer():
    X, y = data()
    net_a, net_b = make_net(), make_net()
    fit(net_a, X, y, epochs=2, optimizer=make_optimizer("adam", lr=0.01), verbose=False)
    fit(net_b, X, y, epochs=2, optimizer=Adam(lr=0.01), verbose=False)
    np.testing.assert_array_equal(net_a.theta, net_b.theta)


@pytest.mark.parametrize("optimizer_class", [Adam, lambda lr: SGD(lr=lr, momentum=0.9)])
def test_a_reused_optimizer_starts_afresh_in_a_new_fit(optimizer_class):
    """Reusing an optimizer for a second network trains it exactly as a new optimizer would."""
    X, y = data()
    shared = optimizer_class(lr=0.01)
    fit(make_net(seed=1), X, y, epochs=2, optimizer=shared, verbose=False)
    net_reused, net_fresh = make_net(), make_net()
    fit(net_reused, X, y, epochs=2, optimizer=shared, verbose=False)
    fit(net_fresh, X, y, epochs=2, optimizer=optimizer_class(lr=0.01), verbose=False)
    np.testing.assert_array_equal(net_reused.theta, net_fresh.theta)


def test_resume_optimizer_continues_its_state():
    X, y = data()
    adam, net = Adam(lr=0.01), make_net()
    fit(net, X, y, epochs=1, batch_size=20, optimizer=adam, verbose=False)
    assert adam.t == 3
    fit(net, X, y, epochs=1, batch_size=20, optimizer=adam, resume_optimizer=True, verbose=False)
    assert adam.t == 6
    fit(net, X, y, epochs=1, batch_size=20, optimizer=adam, verbose=False)
    assert adam.t == 3


def test_a_schedule_leaves_the_optimizer_unchanged():
    X, y = data()
    optimizer = SGD(lr=1.0)
    history = fit(make_net(), X, y, epochs=3, optimizer=optimizer, schedule=Cosine(0.1, 3), verbose=False)
    assert history.lr == pytest.approx([0.1, 0.075, 0.025])
    assert optimizer.lr == 1.0


def test_fit_refuses_an_optimizer_given_by_name():
    X, y = data()
    with pytest.raises(ValueError, match=r"optimizer must be an Optimizer such as nnlib.SGD\(lr=0.1\).*got 'adam'"):
        fit(make_net(), X, y, optimizer="adam")


# ---------------------------------------------------------------- divergence
def test_exploding_training_stops_naming_epoch_and_batch():
    X, y = data()
    net = make_net(output="identity", loss="mse")
    with pytest.raises(
        TrainingDiverged,
        match=r"training diverged at epoch \d+, batch \d+: .*"
        r"the learning rate \(eta = 1e\+06\) is too large",
    ):
        fit(net, X * 100, y, epochs=5, batch_size=8, optimizer=SGD(lr=1e6), verbose=False)


def test_a_nan_loss_is_caught_even_without_overflow(monkeypatch):
    X, y = data()
    net = make_net()
    calls, value = [], net.loss.value

    def nan_on_third_batch(z, a, Y):
        calls.append(1)
        return float("nan") if len(calls) == 3 else value(z, a, Y)

    monkeypatch.setattr(net.loss, "value", nan_on_third_batch)
    with pytest.raises(TrainingDiverged, match=r"epoch 1, batch 3: loss = nan.*smaller"):
        fit(net, X, y, epochs=2, batch_size=10, verbose=False)


@pytest.mark.parametrize("row", [4095, 4096, 9001])
def test_non_finite_input_is_found_in_any_row(row):
    """The row and column named are those of the first non-finite value in X."""
    X, y = data(m=10_000)
    X[row, 4] = np.inf
    with pytest.raises(ValueError, match=rf"X \(train\) holds a non-finite value inf at row {row}, column 4"):
        fit(make_net(), X, y, verbose=False)


def test_training_diverged_is_a_floating_point_error():
    assert issubclass(TrainingDiverged, FloatingPointError)


# ---------------------------------------------------------------- the bad-input table
BAD_FIT_INPUTS = {
    # name: (function of (net, X, y) that calls fit, regex the message must match)
    "X with NaN": (
        lambda net, X, y: fit(net, np.where(np.arange(X.size).reshape(X.shape) == 9, np.nan, X), y),
        r"X \(train\) holds a non-finite value nan at row 1, column 3",
    ),
    "X with inf": (
        lambda net, X, y: fit(net, np.where(np.arange(X.size).reshape(X.shape) == 0, -np.inf, X), y),
        r"X \(train\) holds a non-finite value -inf at row 0, column 0",
    ),
    "validation X with NaN": (
        lambda net, X, y: fit(net, X, y, validation_data=(X * np.nan, y)),
        r"X \(validation\) holds a non-finite value nan",
    ),
    "X too narrow": (
        lambda net, X, y: fit(net, X[:, :5], y),
        r"X \(train\) has shape \(60, 5\), but this network expects \(m, 6\)",
    ),
    "X one-dimensional": (
        lambda net, X, y: fit(net, X[0], y),
        r"X \(train\) has shape \(6,\), but this network expects \(m, 6\)",
    ),
    "X strings": (lambda net, X, y: fit(net, X.astype(str), y), r"X \(train\) must hold real numbers, got dtype <U"),
    "validation X too wide": (
        lambda net, X, y: fit(net, X, y, validation_data=(np.hstack([X, X]), y)),
        r"X \(validation\) has shape \(60, 12\), but this network expects \(m, 6\)",
    ),
    "label too large": (
        lambda net, X, y: fit(net, X, np.where(np.arange(len(y)) == 4, 3, y)),
        r"y \(train\) holds label 3, outside 0..2",
    ),
    "negative label": (lambda net, X, y: fit(net, X, -np.ones_like(y)), r"y \(train\) holds label -1, outside 0..2"),
    "labels one-hot": (
        lambda net, X, y: fit(net, X, one_hot(y, 3)),
        r"y \(train\) must be a 1-D array of integer class labels, got shape \(60, 3\)",
    ),
    "labels a column": (
        lambda net, X, y: fit(net, X, y[:, None]),
        r"y \(train\) must be a 1-D array .* got shape \(60, 1\)",
    ),
    "labels float non-integer": (
        lambda net, X, y: fit(net, X, y + 0.5),
        r"y \(train\) must hold integer class labels, got dtype float64",
    ),
    "labels NaN": (
        lambda net, X, y: fit(net, X, np.full(len(y), np.nan)),
        r"y \(train\) must hold integer class labels",
    ),
    "fewer labels than rows": (
        lambda net, X, y: fit(net, X, y[:-1]),
        r"X \(train\) has 60 rows but y \(train\) has 59 labels",
    ),
    "optimizer a name": (
        lambda net, X, y: fit(net, X, y, optimizer="rmsprop"),
        r"optimizer must be an Optimizer .* got 'rmsprop'",
    ),
    "regularization a dict": (
        lambda net, X, y: fit(net, X, y, regularization={"dropout": 0.5}),
        r"regularization must be a nnlib.Regularization",
    ),
    "empty data": (lambda net, X, y: fit(net, X[:0], y[:0]), r"X \(train\) and y \(train\) are empty"),
    "early stopping without validation": (
        lambda net, X, y: fit(net, X, y, early_stopping=3),
        r"early_stopping needs validation_data",
    ),
}


@pytest.mark.parametrize("call, message", list(BAD_FIT_INPUTS.values()), ids=list(BAD_FIT_INPUTS))
def test_fit_refuses_bad_input(call, message):
    X, y = data()
    net = make_net()
    before = net.theta.copy()
    with pytest.raises(ValueError, match=message):
        call(net, X, y)
    np.testing.assert_array_equal(net.theta, before)  # refused before touching the weights


def test_float_labels_that_are_whole_numbers_are_accepted():
    X, y = data()
    fit(make_net(), X, y.astype(np.float64), epochs=1, verbose=False)


BAD_COUNTS = [0, -1, 1.5, float("nan"), float("inf"), "10", True]


@pytest.mark.parametrize(
    "name, value",
    [
        (name, value)
        for name in ("epochs", "batch_size", "early_stopping")
        for value in BAD_COUNTS + ([None] if name != "early_stopping" else [])
    ],
)
def test_counts_must_be_positive_integers(name, value):
    X, y = data()
    extra = {"validation_data": data(30, seed=1)} if name == "early_stopping" else {}
    with pytest.raises(ValueError, match=rf"{name} must be an integer >= 1, got {re.escape(repr(value))}"):
        fit(make_net(), X, y, verbose=False, **{name: value}, **extra)


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", None])
def test_learning_rate_must_be_positive(lr):
    with pytest.raises(ValueError, match=rf"learning rate must be a positive number, got {lr!r}"):
        SGD(lr=lr)


@pytest.mark.parametrize(
    "sizes, message",
    [
        ([6, 0, 3], r"sizes\[1\] = 0"),
        ([6, -1, 3], r"sizes\[1\] = -1"),
        ([6, 2.5, 3], r"sizes\[1\] = 2.5"),
        ([6, "10", 3], r"sizes\[1\] = '10'"),
        ([6, True, 3], r"sizes\[1\] = True"),
        ([6, None, 3], r"sizes\[1\] = None"),
        ([6.0, 4, 3], r"sizes\[0\] = 6.0"),
    ],
)
def test_layer_sizes_must_be_positive_integers(sizes, message):
    with pytest.raises(ValueError, match=r"layer sizes must be positive integers; " + message):
        Network(sizes)


@pytest.mark.parametrize("sizes", [[], [784], "784", 784, None])
def test_at_least_two_layer_sizes(sizes):
    with pytest.raises(
        ValueError, match=r"sizes must list at least two layer sizes \[n_0, ..., n_L\], got " + re.escape(repr(sizes))
    ):
        Network(sizes)


def test_numpy_integer_sizes_are_fine():
    assert Network(np.array([6, 8, 3])).sizes == [6, 8, 3]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(hidden="swish"), r"unknown activation 'swish'; valid names are: identity, relu, sigmoid, softmax, tanh"),
        (
            dict(output="sigmod"),
            r"unknown activation 'sigmod'; valid names are: identity, relu, sigmoid, softmax, tanh",
        ),
        (dict(loss="hinge"), r"unknown loss 'hinge'; valid names are: binary_cross_entropy, cross_entropy, mse"),
        (dict(init="glorot"), r"unknown initialisation 'glorot'; valid names are: normal, lecun, xavier, he"),
        (dict(init=None), r"unknown initialisation None; valid names are: normal, lecun, xavier, he"),
        (dict(output="sigmoid", loss="cross_entropy"), r"loss 'cross_entropy' needs a 'softmax' output layer"),
        (dict(output="softmax", loss="binary_cross_entropy"), r"needs a 'sigmoid' output layer"),
        (dict(hidden="softmax"), r"softmax couples a whole layer; use it as the output activation only"),
        (dict(dtype=np.int32), r"dtype must be float32 or float64, got int32"),
    ],
)
def test_network_refuses_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network([6, 8, 3], **kwargs)


# ---------------------------------------------------------------- predict and evaluate
@pytest.mark.parametrize("method", ["predict", "predict_proba", "accuracy", "evaluate"])
def test_predict_and_evaluate_refuse_nan_and_wrong_width(method):
    """A NaN pixel would give a meaningless class with no warning: predict refuses it, like fit."""
    X, y = data()
    net = make_net()
    call = getattr(net, method)
    args = (y,) if method in ("accuracy", "evaluate") else ()
    X_nan = X.copy()
    X_nan[7, 2] = np.nan
    with pytest.raises(ValueError, match=r"X holds a non-finite value nan at row 7, column 2"):
        call(X_nan, *args)
    with pytest.raises(ValueError, match=r"X has shape \(60, 7\), but this network expects \(m, 6\)"):
        call(np.hstack([X, X[:, :1]]), *args)


def test_evaluate_refuses_bad_labels():
    X, y = data()
    with pytest.raises(ValueError, match=r"holds label 5, outside 0..2"):
        make_net().evaluate(X, np.full(len(y), 5))


@pytest.mark.parametrize("which, names", [(None, ("X", "y")), ("validation", ("X (validation)", "y (validation)"))])
def test_check_labelled_names_the_data_set_in_every_message(which, names):
    """fit, evaluate and accuracy share Network.check_labelled; its messages name the data set they are about."""
    X, y = data()
    net = make_net()
    X_name, y_name = (re.escape(name) for name in names)
    with pytest.raises(ValueError, match=rf"^{X_name} has 60 rows but {y_name} has 59 labels$"):
        net.check_labelled(X, y[:-1], which)
    with pytest.raises(ValueError, match=rf"^{X_name} and {y_name} are empty"):
        net.check_labelled(X[:0], y[:0], which)
    with pytest.raises(ValueError, match=rf"^{y_name} holds label 3, outside 0..2$"):
        net.check_labelled(X, np.full(len(y), 3), which)
    checked_X, checked_y = net.check_labelled(X.astype(np.float32), y.astype(np.float64), which)
    assert checked_X.dtype == net.dtype and checked_y.dtype == np.int64


def test_evaluate_and_accuracy_refuse_empty_data():
    X, y = data()
    for call in (make_net().evaluate, make_net().accuracy):
        with pytest.raises(ValueError, match=r"X and y are empty"):
            call(X[:0], y[:0])


def test_predict_in_chunks_equals_predict_at_once():
    X, _ = data(m=101)
    net = make_net()
    np.testing.assert_allclose(net.predict_proba(X, batch_size=10), net.predict_proba(X), rtol=1e-13)


@pytest.mark.parametrize("labels", ["column", "one-hot", "too short"])
def test_accuracy_refuses_labels_that_fit_refuses(labels):
    """A column of labels would broadcast against the predictions and give a meaningless number."""
    X, y = data()
    bad = {"column": y[:, None], "one-hot": one_hot(y, 3), "too short": y[:-1]}[labels]
    with pytest.raises(ValueError, match=r"must be a 1-D array of integer class labels|has 60 rows but y has 59"):
        make_net().accuracy(X, bad)


def test_accuracy_and_evaluate_count_every_sample():
    """Every prediction right but the last one: exactly (m - 1) / m, in one chunk or several."""
    X, _ = data(m=101)
    net = make_net()
    y = net.predict(X)
    y[-1] = (y[-1] + 1) % N_OUT
    assert net.accuracy(X, y) == 100 / 101
    assert net.evaluate(X, y)[1] == 100 / 101
    assert net.evaluate(X, y, batch_size=10)[1] == 100 / 101
    assert net.evaluate(X, y, batch_size=10)[0] == pytest.approx(net.evaluate(X, y)[0], rel=1e-12)


@pytest.mark.parametrize(
    "init, names_init",
    [("he", False), ("lecun", False), ("normal", True)],
)
def test_the_divergence_message_names_the_initialisation_only_when_it_is_not_scaled(init, names_init):
    X, y = data()
    net = make_net(output="identity", loss="mse", init=init)
    with pytest.raises(TrainingDiverged, match="smaller rate") as caught:
        fit(net, X * 100, y, epochs=5, batch_size=8, optimizer=SGD(lr=1e6), verbose=False)
    assert ("scaled initialisation such as" in str(caught.value)) == names_init
    assert f"init={init!r}" in str(caught.value)
