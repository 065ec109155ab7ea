"""The training loop: the article's example bit for bit, history, stopping,
divergence, dtypes, the neuron views, and the initialisers."""

from __future__ import annotations

import itertools
import math
import threading
import time
import warnings
from collections.abc import Iterator

import numpy as np
import pytest
from article_code import article_loop

from bplab.engine import (
    Network,
    Split,
    Trainer,
    initial_parameters,
    make_optimizer,
    targets,
)

Array = np.ndarray


@pytest.fixture
def global_numpy_rng() -> Iterator[None]:
    """The article seeds NumPy's global generator; leave it as it was."""
    state = np.random.get_state()
    yield
    np.random.set_state(state)


# -- the article's XOR example ---------------------------------------------------
ARTICLE_EPOCHS = 10_000


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def article_trainer(record_every: int = 1) -> Trainer:
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"], "squared_error", "sum")
    net.set_parameters(*initial_parameters("article", net.sizes, 1))
    opt = make_optimizer("sgd", net.parameters(), 0.1)
    return Trainer(net, opt, Split(XOR_X, XOR_Y), batch_size=4, shuffle=False,
                   record_every=record_every)


@pytest.fixture(scope="module")
def article_reference() -> tuple[Array, Array, Array, Array]:
    state = np.random.get_state()
    try:
        return article_loop(ARTICLE_EPOCHS)
    finally:
        np.random.set_state(state)


def test_article_example_bit_for_bit(article_reference: tuple) -> None:
    W1, b1, W2, b2 = article_reference
    tr = article_trainer()
    assert tr.run_epochs(ARTICLE_EPOCHS) == ARTICLE_EPOCHS
    net = tr.network
    assert tr.step == ARTICLE_EPOCHS and tr.status == "ready"
    for got, want in zip([net.W[0], net.b[0], net.W[1], net.b[1]], [W1, b1, W2, b2],
                         strict=True):
        assert np.array_equal(got, want), (got, want)
    # The recorded sum is the article's ½Σ(y − ŷ)² of the final weights, the loss
    # per point that sum over its four points.
    out = 1 / (1 + np.exp(-(np.dot(1 / (1 + np.exp(-(np.dot(XOR_X, W1) + b1))), W2) + b2)))
    assert tr.history.train_loss_sum[-1] == 0.5 * np.sum((XOR_Y - out) ** 2)
    assert tr.history.train_loss[-1] == 0.5 * np.sum((XOR_Y - out) ** 2) / 4
    # Epoch 0 (the initial weights) and then every epoch.
    assert len(tr.history) == ARTICLE_EPOCHS + 1 and tr.history.epoch[-1] == ARTICLE_EPOCHS
    assert tr.history.epoch[0] == 0
    # With seed 1 and η = 0.1, 10,000 epochs only get part of the way (ŷ ≈
    # 0.06, 0.66, 0.66, 0.67); the loss still falls throughout.
    assert tr.history.train_loss[-1] < 0.5 * tr.history.train_loss[0]


def test_record_every_changes_history_not_training(article_reference: tuple) -> None:
    tr = article_trainer(record_every=100)
    tr.run_epochs(ARTICLE_EPOCHS)
    assert np.array_equal(tr.network.W[0], article_reference[0])
    assert np.array_equal(tr.network.b[1], article_reference[3])
    assert tr.history.epoch == list(range(0, ARTICLE_EPOCHS + 1, 100))
    every = article_trainer()
    every.run_epochs(300)
    assert tr.history.train_loss[:4] == every.history.train_loss[::100]


def test_record_every_records_the_last_epoch_of_each_run() -> None:
    tr = article_trainer(record_every=100)
    tr.run_epochs(250)
    assert tr.history.epoch == [0, 100, 200, 250]
    tr.run_epochs(50)  # ends on a multiple: recorded once, not twice
    assert tr.history.epoch == [0, 100, 200, 250, 300]
    tr.run_epochs(30)
    assert tr.history.epoch == [0, 100, 200, 250, 300, 330]
    tr.run_steps(100)  # epochs 331..430: run_steps records only on multiples
    assert tr.history.epoch == [0, 100, 200, 250, 300, 330, 400]
    assert len(tr.history.train_loss) == len(tr.history.test_accuracy) == 7


# -- small data sets -------------------------------------------------------------------
def circle_data(n: int, seed: int) -> tuple[Array, Array]:
    """Class 1 inside radius 2, class 0 in the ring 3..5 (a TF Playground circle)."""
    rng = np.random.default_rng(seed)
    inner = n // 2
    r = np.concatenate([rng.uniform(0.0, 2.0, inner), rng.uniform(3.0, 5.0, n - inner)])
    angle = rng.uniform(0.0, 2 * math.pi, n)
    x = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    labels = np.concatenate([np.ones(inner, np.int64), np.zeros(n - inner, np.int64)])
    return x, labels


def circle_trainer(seed: int = 0, init_seed: int = 0, optimizer: str = "sgd",
                   lr: float = 0.03, dtype: str = "float64", batch_size: int = 10,
                   n: int = 200, with_test: bool = True) -> Trainer:
    x, labels = circle_data(n, 11)
    net = Network([2, 8, 1], ["tanh", "tanh"], "squared_error", "mean", dtype)
    net.set_parameters(*initial_parameters("glorot", net.sizes, init_seed))
    t = targets.encode(labels, "classification", 2, "tanh")
    half = n // 2 if with_test else n
    order = np.random.default_rng(5).permutation(n)
    tr_idx, te_idx = order[:half], order[half:]
    train = Split(x[tr_idx], t[tr_idx], labels[tr_idx])
    test = Split(x[te_idx], t[te_idx], labels[te_idx]) if with_test else None
    return Trainer(net, make_optimizer(optimizer, net.parameters(), lr), train, test,
                   batch_size=batch_size, shuffle=True, seed=seed)


def test_same_seed_same_weights_different_seed_differs() -> None:
    a, b, c = circle_trainer(seed=3), circle_trainer(seed=3), circle_trainer(seed=4)
    for tr in (a, b, c):
        tr.run_epochs(5)
    assert all(np.array_equal(p, q) for p, q in zip(a.network.parameters(),
                                                     b.network.parameters(), strict=True))
    assert a.history.train_loss == b.history.train_loss
    assert not np.array_equal(a.network.W[0], c.network.W[0])
    d = circle_trainer(seed=3, init_seed=1)
    d.run_epochs(5)
    assert not np.array_equal(a.network.W[0], d.network.W[0])


def test_epochs_visit_every_sample_once_in_batches() -> None:
    tr = circle_trainer(batch_size=64, n=200, with_test=False)  # 200 = 3·64 + 8
    seen: list[Array] = []
    step = tr.train_step

    def spy(x: Array, t: Array) -> None:
        seen.append(x.copy())
        step(x, t)

    tr.train_step = spy  # type: ignore[method-assign]
    tr.run_epochs(2)
    assert [len(b) for b in seen] == [64, 64, 64, 8] * 2
    assert tr.step == 8 and tr.steps_per_epoch() == 4
    for epoch in (seen[:4], seen[4:]):
        rows = np.concatenate(epoch)
        assert np.array_equal(np.sort(rows, axis=0), np.sort(tr.train.x, axis=0))
    assert not np.array_equal(np.concatenate(seen[:4]), np.concatenate(seen[4:]))  # reshuffled


def test_batch_size_larger_than_the_set_is_clipped() -> None:
    net = Network([2, 3, 1], ["tanh", "linear"])
    x = np.arange(14.0).reshape(7, 2)
    tr = Trainer(net, make_optimizer("sgd", net.parameters(), 0.1), Split(x, x[:, :1]),
                 batch_size=1000)
    assert tr.batch_size == 7 and tr.steps_per_epoch() == 1
    assert tr.run_epochs(3) == 3 and tr.step == 3
    assert Trainer(net, make_optimizer("sgd", net.parameters(), 0.1), Split(x, x[:, :1]),
                   batch_size=0).batch_size == 1


def test_empty_training_set_is_rejected() -> None:
    net = Network([2, 1], ["linear"])
    with pytest.raises(ValueError, match="empty"):
        Trainer(net, make_optimizer("sgd", net.parameters(), 0.1),
                Split(np.zeros((0, 2)), np.zeros((0, 1))))


def test_circle_learns() -> None:
    tr = circle_trainer(optimizer="sgd", lr=0.05)
    before = tr.evaluate()
    tr.run_epochs(150)
    after = tr.history
    assert after.train_loss[-1] < 0.2 * before["train_loss"]
    assert after.test_loss[-1] < 0.25 * before["test_loss"]
    assert after.train_accuracy[-1] >= 0.95 and after.test_accuracy[-1] >= 0.95


def test_metrics_are_loss_and_accuracy_of_the_network() -> None:
    tr = circle_trainer(with_test=True)
    tr.run_epochs(3)
    net = tr.network
    for split, loss, acc in ((tr.train, tr.history.train_loss, tr.history.train_accuracy),
                             (tr.test, tr.history.test_loss, tr.history.test_accuracy)):
        fp = net.forward(split.x)
        assert loss[-1] == net.loss_value(fp, split.t)
        predicted = (fp.y_hat[:, 0] > 0.0).astype(np.int64)  # tanh output: threshold 0
        assert acc[-1] == np.mean(predicted == split.labels)
        assert 0.0 <= acc[-1] <= 1.0


def test_softmax_accuracy_uses_argmax() -> None:
    x, labels = circle_data(60, 2)
    net = Network([2, 6, 2], ["relu", "softmax"], "softmax_cross_entropy")
    net.set_parameters(*initial_parameters("he", net.sizes, 3))
    t = targets.encode(labels, "classification", 2, "softmax")
    tr = Trainer(net, make_optimizer("adam", net.parameters(), 0.01), Split(x, t, labels),
                 batch_size=20)
    tr.run_epochs(2)
    y_hat = net.predict(x)
    assert tr.history.train_accuracy[-1] == np.mean(y_hat.argmax(axis=1) == labels)


def test_regression_has_no_accuracy_and_no_test_means_nan() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2))
    net = Network([2, 4, 1], ["tanh", "linear"])
    net.set_parameters(*initial_parameters("glorot", net.sizes, 0))
    tr = Trainer(net, make_optimizer("sgd", net.parameters(), 0.05),
                 Split(x, x[:, :1] - x[:, 1:]), batch_size=5)
    tr.run_epochs(2)
    h = tr.history
    assert math.isfinite(h.train_loss[-1])
    assert all(math.isnan(v) for v in (h.train_accuracy[-1], h.test_loss[-1],
                                        h.test_accuracy[-1]))
    assert list(h.as_columns()) == ["epoch", "train_loss", "test_loss", "train_accuracy",
                                    "test_accuracy", "train_loss_sum", "test_loss_sum",
                                    "article_mse"]
    assert math.isnan(h.test_loss_sum[-1])


# -- stopping ----------------------------------------------------------------------------
def test_stop_set_during_a_step_stops_after_that_step() -> None:
    tr = circle_trainer(batch_size=10, with_test=False)  # 20 steps per epoch
    step = tr.train_step

    def step_then_stop_from_another_thread(x: Array, t: Array) -> None:
        step(x, t)
        if tr.step == 13:
            setter = threading.Thread(target=tr.stop.set)
            setter.start()
            setter.join()

    tr.train_step = step_then_stop_from_another_thread  # type: ignore[method-assign]
    assert tr.run_epochs(100) == 0
    assert tr.step == 13 and tr.epoch == 0 and tr.position == 130
    reference = circle_trainer(batch_size=10, with_test=False)
    assert reference.run_steps(13) == 13
    assert all(np.array_equal(p, q) for p, q in zip(tr.network.parameters(),
                                                     reference.network.parameters(),
                                                     strict=True))
    # Cleared, training carries on from the same place.
    tr.stop.clear()
    tr.train_step = step  # type: ignore[method-assign]
    assert tr.run_epochs(1) == 1 and tr.step == 20


def test_stop_from_another_thread_while_running() -> None:
    tr = circle_trainer(batch_size=10, with_test=False)
    worker = threading.Thread(target=tr.run_epochs, args=(10**9,), daemon=True)
    worker.start()
    deadline = time.monotonic() + 10
    while tr.step < 50 and time.monotonic() < deadline:
        time.sleep(0.001)
    tr.stop.set()
    worker.join(timeout=10)
    assert not worker.is_alive()
    # Stopped between mini-batches: the counters describe whole steps.
    assert tr.step >= 50
    assert tr.step == tr.epoch * tr.steps_per_epoch() + tr.position // tr.batch_size
    assert tr.run_steps(5) == 0  # still stopped


# -- divergence --------------------------------------------------------------------------
@pytest.mark.parametrize("record_every", [1, 7])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_huge_learning_rate_diverges_quietly(record_every: int, dtype: str,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(0.0, 100.0, (40, 2))
    t = x @ np.array([[3.0], [-2.0]])
    net = Network([2, 4, 1], ["tanh", "linear"], "squared_error", "mean", dtype)
    net.set_parameters(*initial_parameters("glorot", net.sizes, 0))
    tr = Trainer(net, make_optimizer("sgd", net.parameters(), 10.0), Split(x, t),
                 batch_size=8, record_every=record_every)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any NumPy RuntimeWarning fails the test
        done = tr.run_epochs(200)
    assert tr.status == "diverged"
    assert "learning rate" in tr.message and "10" in tr.message
    assert done < 200 and not math.isfinite(tr.history.train_loss[-1])
    assert tr.run_epochs(5) == 0  # a diverged trainer does not go on
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


# -- dtypes ------------------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "nesterov", "rmsprop", "adam"])
def test_float32_network_trains_and_stays_float32(optimizer: str) -> None:
    tr = circle_trainer(optimizer=optimizer, lr=0.01 if optimizer in ("rmsprop", "adam")
                        else 0.05, dtype="float32")
    net = tr.network
    assert tr.train.x.dtype == np.float32 and tr.train.t.dtype == np.float32
    before = tr.evaluate()["train_loss"]
    tr.run_epochs(30)
    assert tr.status == "ready"
    assert all(p.dtype == np.float32 for p in net.parameters())
    fp = net.forward(tr.train.x)
    assert all(a.dtype == np.float32 for a in fp.net + fp.h)
    assert all(g.dtype == np.float32 for g in net.backward(fp, tr.train.t).grads)
    assert net.predict(np.zeros((3, 2))).dtype == np.float32  # float64 input converted
    assert tr.history.train_loss[-1] < 0.7 * before


# -- the views ----------------------------------------------------------------------------
@pytest.mark.parametrize(("sizes", "acts", "loss"), [
    ([2, 5, 4, 3], ["tanh", "relu", "softmax"], "softmax_cross_entropy"),
    ([2, 5, 1], ["sigmoid", "sigmoid"], "binary_cross_entropy"),
    ([3, 6, 2], ["swish", "linear"], "squared_error"),
])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_neuron_outputs_match_forward(sizes: list[int], acts: list[str], loss: str,
                                      dtype: str) -> None:
    net = Network(sizes, acts, loss, dtype=dtype)
    net.set_parameters(*initial_parameters("he", sizes, 2))
    axes = [np.linspace(-3.0, 3.0, k) for k in (20, 15, 4)[:sizes[0]]]
    grid = np.column_stack([g.ravel() for g in np.meshgrid(*axes)])
    outs = net.neuron_outputs(grid)
    fp = net.forward(grid.astype(net.dtype))
    assert len(outs) == len(sizes)
    tol = 1e-12 if dtype == "float64" else 1e-5
    for layer, (out, n) in enumerate(zip(outs, sizes, strict=True)):
        assert out.shape == (n, len(grid))  # neuron-major
        assert out.dtype == net.dtype
        np.testing.assert_allclose(out, fp.h[layer].T, rtol=tol, atol=tol)
    if sizes[0] == 2:  # each row reshapes straight into a heatmap over the grid
        np.testing.assert_array_equal(outs[1][0].reshape(15, 20)[3],
                                      outs[1][0][3 * 20:4 * 20])
    if acts[-1] == "softmax":
        np.testing.assert_allclose(outs[-1].sum(axis=0), 1.0, rtol=tol)


# -- initialisers ----------------------------------------------------------------------
def test_article_initializer_draws_like_np_random_seed(global_numpy_rng: None) -> None:
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    W, b = initial_parameters("article", [2, 2, 1], 1)
    assert np.array_equal(np.random.get_state()[1], before)  # global state untouched
    np.random.seed(1)
    expected = [np.random.randn(2, 2), np.random.randn(2), np.random.randn(2, 1),
                np.random.randn(1)]
    assert all(np.array_equal(a, e) for a, e in zip([W[0], b[0], W[1], b[1]], expected,
                                                     strict=True))


SIZES = [3, 256, 200, 2]


@pytest.mark.parametrize("name", ["article", "uniform", "glorot", "he", "zeros"])
def test_initializer_shapes_and_seeds(name: str) -> None:
    W, b = initial_parameters(name, SIZES, 7)
    assert [w.shape for w in W] == [(3, 256), (256, 200), (200, 2)]
    assert [v.shape for v in b] == [(256,), (200,), (2,)]
    assert all(a.dtype == np.float64 for a in W + b)
    W2, b2 = initial_parameters(name, SIZES, 7)
    assert all(np.array_equal(p, q) for p, q in zip(W + b, W2 + b2, strict=True))
    W3, _ = initial_parameters(name, SIZES, 8)
    assert np.array_equal(W[1], W3[1]) == (name == "zeros")


def test_uniform_is_tf_playground() -> None:
    W, b = initial_parameters("uniform", SIZES, 0)
    for w in W:
        assert w.min() >= -0.5 and w.max() <= 0.5
    assert W[1].min() < -0.49 and W[1].max() > 0.49
    assert abs(W[1].mean()) < 0.01 and abs(W[1].std() - 1 / math.sqrt(12)) < 0.01
    assert all(np.all(v == 0.1) for v in b)


def test_glorot_bounds_and_zero_biases() -> None:
    W, b = initial_parameters("glorot", SIZES, 0)
    for w, (a, c) in zip(W, itertools.pairwise(SIZES), strict=True):
        limit = math.sqrt(6.0 / (a + c))
        assert np.abs(w).max() <= limit
    limit = math.sqrt(6.0 / (256 + 200))
    assert np.abs(W[1]).max() > 0.99 * limit
    assert abs(W[1].std() - limit / math.sqrt(3)) < 0.02 * limit
    assert all(not v.any() for v in b)


def test_he_normal_std_and_zero_biases() -> None:
    W, b = initial_parameters("he", SIZES, 0)
    w = W[1]  # 51,200 draws: the std is within 1% of sqrt(2 / n_in) by far
    assert abs(w.std() / math.sqrt(2.0 / 256) - 1.0) < 0.02
    assert abs(w.mean()) < 0.01 * math.sqrt(2.0 / 256) * 5
    assert all(not v.any() for v in b)


def test_zeros_and_unknown_initializer() -> None:
    W, b = initial_parameters("zeros", [2, 3, 1], 0)
    assert all(not a.any() for a in W + b)
    with pytest.raises(ValueError, match="unknown initializer"):
        initial_parameters("orthogonal", [2, 3, 1], 0)


def test_a_queued_learning_rate_is_in_a_capture_taken_before_the_next_step() -> None:
    from bplab.experiment import Session, default_experiment

    session = Session(default_experiment())
    session.trainer.set_learning_rate(0.5)
    assert session.capture() is not None
    assert session.to_experiment().training.learning_rate == 0.5


def test_restoring_a_position_past_the_training_set_is_refused() -> None:
    import pytest

    from bplab.experiment import Session, default_experiment

    session = Session(default_experiment())
    state = session.capture()
    state.position = len(session.trainer.train.x) + 1
    with pytest.raises(ValueError, match="position"):
        session.restore(state)


def test_parameters_are_the_live_arrays_in_the_gradients_order() -> None:
    from bplab.experiment import Session, default_experiment

    net = Network([3, 4, 2, 1], ["tanh", "relu", "linear"])
    params = net.parameters()
    assert len(params) == 2 * net.n_layers
    for i in range(net.n_layers):
        assert params[2 * i] is net.W[i] and params[2 * i + 1] is net.b[i]
    x = np.ones((5, 3))
    grads = net.backward(net.forward(x), np.zeros((5, 1))).grads
    assert [g.shape for g in grads] == [p.shape for p in params]
    session = Session(default_experiment())  # the optimizer updates the network's own arrays
    opt_params = session.trainer.optimizer.params
    assert all(a is b for a, b in zip(opt_params, session.network.parameters(), strict=True))


def test_a_position_at_the_end_of_the_order_is_refused_and_moves_no_weight() -> None:
    """With momentum an empty batch would still move the weights: such a state is refused."""
    import pytest

    from bplab.experiment import Session, default_experiment

    exp = default_experiment()
    exp.training.optimizer = "momentum"
    trained = Session(exp)
    trained.trainer.run_steps(3)  # a velocity that would keep moving the weights
    state = trained.capture()
    n_train = len(trained.trainer.train.x)
    state.position = n_train
    session = Session(exp)
    W, b = session.network.copy_parameters()
    with pytest.raises(ValueError, match=rf"state\.position: .* 0 to {n_train - 1} .* found "
                                         rf"{n_train}"):
        session.restore(state)
    assert session.trainer.position == 0 and session.trainer.step == 0
    assert all(np.array_equal(x, y) for x, y in zip(W, session.network.W, strict=True))
    assert all(np.array_equal(x, y) for x, y in zip(b, session.network.b, strict=True))
    exp.state = state
    with pytest.raises(ValueError, match=r"state\.position"):
        Session(exp)
