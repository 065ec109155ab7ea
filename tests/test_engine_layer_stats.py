"""Per-layer statistics and the epoch's gradient averages (layer_stats, gradient_flow)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bplab.engine.gradient_flow import GradientAccumulator
from bplab.engine.layer_stats import (
    SATURATED_SHARE,
    SATURATION_NET,
    gradient_norm_ratio,
    histogram,
    layer_histograms,
    layer_stats,
)
from bplab.engine.network import Network
from bplab.engine.optimizers import make_optimizer
from bplab.engine.trainer import Split, Trainer
from bplab.experiment import Session, default_experiment


def _net(acts: list[str], sizes: list[int], seed: int = 0, reduction: str = "mean") -> Network:
    rng = np.random.default_rng(seed)
    net = Network(sizes, acts, "squared_error", reduction)
    net.set_parameters([rng.normal(0, 1, (a, c)) for a, c in itertools.pairwise(sizes)],
                       [rng.normal(0, 0.1, c) for c in sizes[1:]])
    return net


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_norms_and_deltas_are_the_engine_s(reduction):
    net = _net(["tanh", "relu", "linear"], [2, 5, 4, 1], reduction=reduction)
    rng = np.random.default_rng(1)
    x, t = rng.normal(size=(12, 2)), rng.normal(size=(12, 1))
    stats = layer_stats(net, x, t)
    bp = net.backward(net.forward(x), t)
    scale = 12 if reduction == "mean" else 1
    for k, s in enumerate(stats):
        assert s.layer == k + 1 and s.n_neurons == net.sizes[k + 1]
        assert s.gradient_norm == pytest.approx(np.sqrt((bp.dW[k] ** 2).sum()), rel=1e-14)
        assert s.bias_gradient_norm == pytest.approx(np.sqrt((bp.db[k] ** 2).sum()), rel=1e-14)
        assert s.mean_abs_delta == pytest.approx(np.abs(bp.delta[k]).mean() * scale, rel=1e-14)
        assert s.weight_norm == pytest.approx(np.linalg.norm(net.W[k]))
    assert gradient_norm_ratio(stats) == stats[0].gradient_norm / stats[-1].gradient_norm


def test_dead_relus_are_those_off_on_every_point():
    net = _net(["relu", "linear"], [2, 4, 1])
    net.b[0][:] = [-100.0, 0.0, 0.0, -100.0]  # neurons 0 and 3 never switch on
    x = np.random.default_rng(2).normal(size=(50, 2))
    s = layer_stats(net, x, np.zeros((50, 1)))[0]
    assert s.dead == (0, 3) and s.dead_share == 0.5 and s.saturated == ()
    net.b[0][0] = 0.0  # now on for about half the points
    assert layer_stats(net, x, np.zeros((50, 1)))[0].dead == (3,)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_saturated_units_are_beyond_the_threshold_on_most_points(act):
    net = Network([1, 3, 1], [act, "linear"])
    limit = SATURATION_NET[act]
    x = np.linspace(0.0, 1.0, 100).reshape(-1, 1)  # net = w·x + b
    # neuron 0: |net| > limit everywhere; 1: on the upper half of the points; 2: nowhere
    net.set_parameters([np.array([[1.0, 2 * limit, 0.1]]), np.ones((3, 1))],
                       [np.array([limit + 0.5, 0.0, 0.0]), np.zeros(1)])
    s = layer_stats(net, x, np.zeros((100, 1)))[0]
    assert s.saturated == (0,)
    assert s.saturated_shares[0] == 1.0 and s.saturated_shares[1] == 0.5 < SATURATED_SHARE
    assert s.saturated_shares[2] == 0.0
    assert s.inactive_share == pytest.approx(1 / 3)


def test_histograms_count_every_value():
    net = _net(["tanh", "sigmoid"], [2, 6, 1])
    x = np.random.default_rng(3).normal(size=(40, 2))
    hists = layer_histograms(net, x, bins=10)
    assert [h.layer for h in hists] == [1, 2]
    assert hists[0].weights.counts.sum() == 12 and hists[0].biases.counts.sum() == 6
    assert hists[0].outputs.counts.sum() == 40 * 6 and hists[1].outputs.counts.sum() == 40
    assert len(hists[0].outputs.edges) == 11
    assert hists[1].outputs.edges[0] >= 0.0 and hists[1].outputs.edges[-1] <= 1.0  # sigmoid
    flat = histogram(np.array([2.0, 2.0, np.nan]), bins=4)
    assert flat.counts.sum() == 2 and flat.edges[0] == 1.5 and flat.edges[-1] == 2.5


# -- the epoch's gradient averages ----------------------------------------------------------
def _trainer(batch: int, reg: str = "none", dtype: str = "float64") -> Trainer:
    rng = np.random.default_rng(4)
    net = Network([2, 3, 1], ["tanh", "tanh"], dtype=dtype)
    net.set_parameters([rng.normal(0, 1, (2, 3)), rng.normal(0, 1, (3, 1))],
                       [np.zeros(3), np.zeros(1)])
    opt = make_optimizer("momentum", net.parameters(), 0.05)
    x = rng.normal(size=(23, 2))
    return Trainer(net, opt, Split(x, np.sign(x[:, :1] * x[:, 1:])), batch_size=batch,
                   regularization=reg, regularization_rate=0.01 if reg != "none" else 0.0)


@pytest.mark.parametrize(("batch", "reg", "dtype"),
                         [(5, "none", "float64"), (23, "l2", "float64"), (4, "l1", "float32")])
def test_the_averages_are_the_hand_average_of_each_epoch_s_gradients(batch, reg, dtype):
    tr = _trainer(batch, reg, dtype)
    seen: list[tuple[int, list[np.ndarray]]] = []
    step = tr.optimizer.step

    def spy(grads: list[np.ndarray]) -> None:  # what the optimizer gets, epoch by epoch
        seen.append((tr.epoch, [g.astype(np.float64) for g in grads]))
        step(grads)

    tr.optimizer.step = spy  # type: ignore[method-assign]
    acc = GradientAccumulator(tr.network)
    acc.attach(tr)
    tr.run_epochs(2)
    assert acc.last is not None and acc.last.epoch == 2
    epoch_two = [g for e, g in seen if e == 1]
    assert acc.last.batches == len(epoch_two) == tr.steps_per_epoch()
    for k in range(2):
        hand_w = sum(np.abs(g[2 * k]) for g in epoch_two) / len(epoch_two)
        hand_b = sum(np.abs(g[2 * k + 1]) for g in epoch_two) / len(epoch_two)
        np.testing.assert_allclose(acc.last.weights[k], hand_w, rtol=1e-15, atol=0)
        np.testing.assert_allclose(acc.last.biases[k], hand_b, rtol=1e-15, atol=0)
    assert acc.last.layer_means()[0] == pytest.approx(float(acc.last.weights[0].mean()))


def test_a_published_epoch_is_never_changed_and_detaching_stops_the_reports():
    tr = _trainer(5)
    acc = GradientAccumulator(tr.network)
    acc.attach(tr)
    tr.run_epochs(1)
    first = acc.last
    kept = [w.copy() for w in first.weights]
    tr.run_steps(2)  # half an epoch: nothing new is published
    assert acc.last is first and acc.batches == 2
    tr.run_epochs(1)
    assert acc.last is not first and acc.last.epoch == 2
    assert all(np.array_equal(a, b) for a, b in zip(kept, first.weights, strict=True))
    acc.detach()
    assert tr.gradient_observer is None
    tr.run_epochs(1)
    assert acc.last.epoch == 2


def test_a_session_without_an_accumulator_trains_the_same():
    a, b = Session(default_experiment()), Session(default_experiment())
    GradientAccumulator(b.network).attach(b.trainer)
    a.trainer.run_epochs(3)
    b.trainer.run_epochs(3)
    assert all(np.array_equal(p, q) for p, q in
               zip(a.network.parameters(), b.network.parameters(), strict=True))
