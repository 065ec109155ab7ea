"""The gradient check (bplab.engine.gradcheck): passes on correct backpropagation,
fails on a wrong one."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest

from bplab.engine.activations import HIDDEN_ACTIVATIONS
from bplab.engine.gradcheck import (
    MIN_PER_LAYER,
    TOLERANCE,
    check_gradients,
    check_next_batch,
)
from bplab.engine.losses import LOSSES
from bplab.engine.network import BackwardPass, Network
from bplab.experiment import Session, examples_dir, load_experiment

Array = np.ndarray
PAIRINGS = [(out, name) for name, loss in LOSSES.items() for out in loss.outputs]
BOUND = 1e-6  # what every correct case must reach


def _targets(rng: np.random.Generator, out_act: str, loss: str, batch: int,
             n_out: int) -> Array:
    if loss == "softmax_cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, batch)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (batch, n_out)).astype(np.float64)
    if out_act in ("sigmoid", "tanh"):
        return rng.uniform(0.05 if out_act == "sigmoid" else -0.95, 0.95, (batch, n_out))
    return rng.normal(0.0, 1.0, (batch, n_out))


def random_case(hidden_act: str, out_act: str, loss: str, reduction: str = "mean",
                dtype: str = "float64") -> tuple[Network, Array, Array]:
    rng = np.random.default_rng(zlib.crc32(repr((hidden_act, out_act, loss)).encode()))
    n_out = 3 if out_act == "softmax" else 2
    sizes = [3, 5, 4, n_out]
    net = Network(sizes, [hidden_act, hidden_act, out_act], loss, reduction, dtype)
    net.set_parameters([rng.normal(0.0, 0.8, (a, c)) for a, c in itertools.pairwise(sizes)],
                       [rng.normal(0.0, 0.5, c) for c in sizes[1:]])
    x = rng.normal(0.0, 1.0, (7, sizes[0]))
    return net, x, _targets(rng, out_act, loss, len(x), n_out)


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.stem)
def test_every_example_passes(path):
    session = Session(load_experiment(path))
    for _ in range(2):  # the fresh network, then one trained a little
        checks = check_next_batch(session.trainer)
        assert [c.layer for c in checks] == list(range(1, session.network.n_layers + 1))
        for c in checks:
            assert c.checked == c.total > 0  # small nets: every parameter is compared
            assert c.max_error < BOUND, (path.stem, c)
        session.trainer.run_epochs(20)


@pytest.mark.parametrize(("out_act", "loss"), PAIRINGS, ids=[f"{o}-{lo}" for o, lo in PAIRINGS])
@pytest.mark.parametrize("hidden_act", HIDDEN_ACTIVATIONS)
def test_random_networks_pass(hidden_act, out_act, loss):
    net, x, t = random_case(hidden_act, out_act, loss)
    for reduction, reg, rate in (("mean", "none", 0.0), ("sum", "l2", 0.3), ("mean", "l1", 0.1)):
        net.reduction = reduction
        checks = check_gradients(net, x, t, reg, rate)
        for c in checks:
            assert c.checked >= c.total - 2  # kinks are rare: nearly everything is compared
            assert c.max_error < BOUND, (reduction, reg, c)


def test_a_float32_network_is_checked_in_float64_and_left_alone():
    net, x, t = random_case("tanh", "sigmoid", "binary_cross_entropy", dtype="float32")
    before = [w.copy() for w in net.W]
    checks = check_gradients(net, x, t)
    assert all(c.max_error < BOUND for c in checks)
    assert net.dtype == np.float32 and all(w.dtype == np.float32 for w in net.W)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.W, strict=True))


def test_a_wrong_gradient_is_caught_in_its_layer(monkeypatch):
    net, x, t = random_case("sigmoid", "linear", "squared_error")
    right = Network.backward

    def forgets_a_derivative(self: Network, fp, y) -> BackwardPass:
        # A classic slip: the hidden δ without f′(net) in layer 1.
        bp = right(self, fp, y)
        d = np.dot(bp.delta[1], self.W[1].T)
        grads = list(bp.grads)
        grads[0], grads[1] = np.dot(fp.h[0].T, d), d.sum(axis=0)
        return BackwardPass(bp.delta, grads)

    monkeypatch.setattr(Network, "backward", forgets_a_derivative)
    checks = check_gradients(net, x, t)
    assert checks[0].max_error > 0.1  # wrong by a factor f′ = h(1 − h) ≤ ¼
    assert not checks[0].passed()
    assert checks[1].passed() and checks[2].passed()  # the layers after it are still right
    worst = checks[0]
    assert worst.worst_param in "wb"
    array = net.W[0] if worst.worst_param == "w" else net.b[0]
    assert len(worst.worst_index) == array.ndim  # an index into that array
    assert all(0 <= i < n for i, n in zip(worst.worst_index, array.shape, strict=True))
    assert abs(worst.worst_backprop - worst.worst_numeric) > 0.1 * abs(worst.worst_numeric)


def test_a_slightly_wrong_gradient_still_fails(monkeypatch):
    net, x, t = random_case("tanh", "tanh", "squared_error")
    right = Network.backward

    def off_by_a_little(self: Network, fp, y) -> BackwardPass:
        bp = right(self, fp, y)
        grads = list(bp.grads)
        grads[4] = grads[4] * (1.0 + 1e-4)  # the output weights, 0.01% too large
        return BackwardPass(bp.delta, grads)

    monkeypatch.setattr(Network, "backward", off_by_a_little)
    checks = check_gradients(net, x, t)
    assert checks[2].weight_error > TOLERANCE and checks[2].bias_error < BOUND
    assert checks[0].passed() and checks[1].passed()


def test_a_stencil_across_a_relu_kink_is_skipped_not_failed():
    net = Network([1, 2, 1], ["relu", "linear"], "squared_error")
    # neuron 0's net is 1e-5 for x = 1: the stencil (±2·10⁻⁴) crosses 0
    net.set_parameters([np.array([[1.0, 0.5]]), np.array([[1.0], [1.0]])],
                       [np.array([-1.0 + 1e-5, 0.2]), np.array([0.0])])
    checks = check_gradients(net, np.array([[1.0]]), np.array([[3.0]]))
    assert checks[0].skipped == 2  # w and b into neuron 0
    assert checks[0].checked == 2 and checks[0].passed()


def test_big_layers_are_sampled():
    net = Network([20, 30, 1], ["tanh", "linear"])
    rng = np.random.default_rng(0)
    net.set_parameters([rng.normal(0, 0.3, (20, 30)), rng.normal(0, 0.3, (30, 1))],
                       [rng.normal(0, 0.1, 30), np.zeros(1)])
    x, t = rng.normal(size=(4, 20)), rng.normal(size=(4, 1))
    checks = check_gradients(net, x, t, max_per_layer=50)
    assert (checks[0].checked, checks[0].total) == (50, 630)
    assert (checks[1].checked, checks[1].total) == (31, 31)
    assert all(c.passed() for c in checks)


def test_big_nets_are_sampled_by_the_work_a_check_takes():
    net = Network([3, 40, 40, 1], ["tanh", "tanh", "linear"])
    rng = np.random.default_rng(1)
    net.set_parameters([rng.normal(0, 0.2, w.shape) for w in net.W],
                       [rng.normal(0, 0.1, b.shape) for b in net.b])
    x, t = rng.normal(size=(10, 3)), rng.normal(size=(10, 1))
    checks = check_gradients(net, x, t, work_per_layer=1e6)
    assert [c.checked for c in checks] == [MIN_PER_LAYER, MIN_PER_LAYER, 41]
    assert all(c.passed() for c in checks)
    every = check_gradients(net, x, t, max_per_layer=None, work_per_layer=None)
    assert [c.checked + c.skipped for c in every] == [160, 1640, 41]


def test_non_finite_weights_are_refused_with_a_reason():
    net, x, t = random_case("relu", "linear", "squared_error")
    net.W[1][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"cannot check the gradients.*NaN"):
        check_gradients(net, x, t)
