"""Optimizers against hand-computed updates, learning-rate changes, state loading.

Two parameters (a vector and a 1×1 matrix) get two gradient steps each; the
expected numbers are worked out by hand below from PyTorch's conventions
(see ``bplab.engine.optimizers``), as literals where they are exact and as
the scalar formula otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from bplab.engine import Network, Split, Trainer, make_optimizer
from bplab.engine.optimizers import OPTIMIZERS, Optimizer

Array = np.ndarray
LR = 0.1
P0 = ([1.0, -2.0], [[3.0]])
G1 = ([0.5, -1.0], [[-4.0]])
G2 = ([0.25, 2.0], [[1.0]])


def two_steps(name: str, **hyper: float) -> tuple[list[Array], list[Array], Optimizer]:
    params = [np.array(p) for p in P0]
    opt = make_optimizer(name, params, LR, **hyper)
    opt.step([np.array(g) for g in G1])
    after_one = [p.copy() for p in params]
    opt.step([np.array(g) for g in G2])
    return after_one, params, opt


def assert_params(actual: list[Array], expected: tuple) -> None:
    for a, e in zip(actual, expected, strict=True):
        np.testing.assert_allclose(a, np.array(e), rtol=1e-12, atol=1e-15)


def test_sgd_by_hand() -> None:
    # p ← p − η g
    one, two, opt = two_steps("sgd")
    assert_params(one, ([0.95, -1.9], [[3.4]]))
    assert_params(two, ([0.925, -2.1], [[3.3]]))
    assert opt.t == 2 and opt.state == {}


def test_momentum_by_hand() -> None:
    # v ← 0.9 v + g; p ← p − η v.  v1 = g1; v2 = 0.9 g1 + g2 = [0.7, 1.1], [[-2.6]]
    one, two, opt = two_steps("momentum")
    assert_params(one, ([0.95, -1.9], [[3.4]]))
    assert_params(two, ([0.88, -2.01], [[3.66]]))
    assert_params(opt.state["velocity"], ([0.7, 1.1], [[-2.6]]))


def test_nesterov_by_hand() -> None:
    # v ← 0.9 v + g; p ← p − η (g + 0.9 v).
    # step 1: g + 0.9 v = 1.9 g1 = [0.95, -1.9], [[-7.6]]
    # step 2: v2 = [0.7, 1.1], [[-2.6]]; g2 + 0.9 v2 = [0.88, 2.99], [[-1.34]]
    one, two, _ = two_steps("nesterov")
    assert_params(one, ([0.905, -1.81], [[3.76]]))
    assert_params(two, ([0.817, -2.109], [[3.894]]))


def test_momentum_coefficient_is_used() -> None:
    # μ = 0.5: v2 = 0.5 g1 + g2 = [0.5, 1.5], [[-1.0]]
    _, two, _ = two_steps("momentum", momentum=0.5)
    assert_params(two, ([0.95 - 0.05, -1.9 - 0.15], [[3.4 + 0.1]]))


def test_rmsprop_by_hand() -> None:
    # s ← 0.9 s + 0.1 g²; p ← p − η g / (√s + 1e-8)
    # s1 = 0.1 g1² = [0.025, 0.1], [[1.6]]
    # s2 = 0.9 s1 + 0.1 g2² = [0.02875, 0.49], [[1.54]]
    eps = 1e-8
    one, two, opt = two_steps("rmsprop")
    p1 = ([1.0 - 0.1 * 0.5 / (math.sqrt(0.025) + eps), -2.0 + 0.1 * 1.0 / (math.sqrt(0.1) + eps)],
          [[3.0 + 0.1 * 4.0 / (math.sqrt(1.6) + eps)]])
    assert_params(one, p1)
    p2 = ([p1[0][0] - 0.1 * 0.25 / (math.sqrt(0.02875) + eps),
           p1[0][1] - 0.1 * 2.0 / (0.7 + eps)],
          [[p1[1][0][0] - 0.1 * 1.0 / (math.sqrt(1.54) + eps)]])
    assert_params(two, p2)
    assert_params(opt.state["square_avg"], ([0.02875, 0.49], [[1.54]]))


def test_adam_by_hand() -> None:
    # m ← 0.9 m + 0.1 g;  v ← 0.999 v + 0.001 g²
    # p ← p − η (m / (1 − 0.9^t)) / (√(v / (1 − 0.999^t)) + 1e-8)
    eps = 1e-8
    one, two, opt = two_steps("adam")
    # t = 1: the bias-corrected m and v are g and g², so each step is ≈ η·sign(g).
    p1 = ([1.0 - 0.1 * 0.5 / (0.5 + eps), -2.0 + 0.1 * 1.0 / (1.0 + eps)],
          [[3.0 + 0.1 * 4.0 / (4.0 + eps)]])
    assert_params(one, p1)
    # t = 2: m2 = [0.07, 0.11], [[-0.26]]; v2 = [0.00031225, 0.004999], [[0.016984]]
    c1, c2 = 1.0 - 0.81, 1.0 - 0.998001

    def upd(m: float, v: float) -> float:
        return 0.1 * (m / c1) / (math.sqrt(v / c2) + eps)

    p2 = ([p1[0][0] - upd(0.07, 0.00031225), p1[0][1] - upd(0.11, 0.004999)],
          [[p1[1][0][0] - upd(-0.26, 0.016984)]])
    assert_params(two, p2)
    assert_params(opt.state["m"], ([0.07, 0.11], [[-0.26]]))
    assert_params(opt.state["v"], ([0.00031225, 0.004999], [[0.016984]]))
    assert opt.t == 2


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_updates_in_place_and_keep_dtype(name: str) -> None:
    """The network's arrays are updated in place, float32 stays float32."""
    params = [np.array(p, np.float32) for p in P0]
    ids = [id(p) for p in params]
    opt = make_optimizer(name, params, LR)
    for g in (G1, G2):
        opt.step([np.array(x, np.float32) for x in g])
    assert [id(p) for p in opt.params] == ids
    assert all(p.dtype == np.float32 for p in params)
    assert all(a.dtype == np.float32 for arrays in opt.state.values() for a in arrays)
    assert not np.array_equal(params[0], np.array(P0[0], np.float32))


# -- learning-rate changes through the trainer ---------------------------------------
def _tiny_trainer(name: str) -> Trainer:
    net = Network([2, 3, 1], ["tanh", "linear"], "squared_error", "mean")
    rng = np.random.default_rng(4)
    net.set_parameters([rng.normal(size=(2, 3)), rng.normal(size=(3, 1))],
                       [rng.normal(size=3), rng.normal(size=1)])
    x = rng.normal(size=(6, 2))
    t = rng.normal(size=(6, 1))
    return Trainer(net, make_optimizer(name, net.parameters(), 0.1), Split(x, t), batch_size=6,
                   shuffle=False)


def test_set_learning_rate_applies_on_next_step_sgd() -> None:
    tr = _tiny_trainer("sgd")
    net = tr.network
    assert tr.run_steps(1) == 1
    tr.set_learning_rate(0.5)
    assert tr.optimizer.learning_rate == 0.1  # queued, not applied mid-step
    W1, b1 = net.copy_parameters()
    grads = net.backward(net.forward(tr.train.x), tr.train.t).grads
    tr.run_steps(1)
    assert tr.optimizer.learning_rate == 0.5
    expected = [p - 0.5 * g for p, g in zip([W1[0], b1[0], W1[1], b1[1]], grads, strict=True)]
    actual = [net.W[0], net.b[0], net.W[1], net.b[1]]
    assert all(np.array_equal(a, e) for a, e in zip(actual, expected, strict=True))


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_set_learning_rate_equals_changing_it_between_steps(name: str) -> None:
    queued, direct, unchanged = (_tiny_trainer(name) for _ in range(3))
    for tr in (queued, direct, unchanged):
        tr.run_steps(1)
    queued.set_learning_rate(0.3)
    queued.set_learning_rate(0.02)  # the last queued value wins
    direct.optimizer.learning_rate = 0.02
    for tr in (queued, direct, unchanged):
        tr.run_steps(1)
    assert all(np.array_equal(a, b) for a, b in zip(queued.network.W, direct.network.W,
                                                     strict=True))
    assert not np.array_equal(queued.network.W[0], unchanged.network.W[0])


@pytest.mark.parametrize("lr", [0.0, -0.1, 10.5, math.nan, math.inf])
def test_set_learning_rate_rejects_out_of_range(lr: float) -> None:
    tr = _tiny_trainer("sgd")
    with pytest.raises(ValueError, match="learning rate"):
        tr.set_learning_rate(lr)
    tr.run_steps(1)
    assert tr.optimizer.learning_rate == 0.1


# -- construction and state --------------------------------------------------------------
def test_make_optimizer_rejects_bad_arguments() -> None:
    params = [np.zeros(2)]
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("lbfgs", params, 0.1)
    with pytest.raises(ValueError, match="no parameter"):
        make_optimizer("sgd", params, 0.1, momentum=0.9)
    with pytest.raises(ValueError, match="learning rate"):
        make_optimizer("adam", params, 11.0)


def test_load_state_resumes_exactly() -> None:
    """Saving (t, state) after one step and loading it into a fresh optimizer
    continues exactly as if never interrupted (Adam's bias correction needs t)."""
    _, straight, _ = two_steps("adam")
    params = [np.array(p) for p in P0]
    first = make_optimizer("adam", params, LR)
    first.step([np.array(g) for g in G1])
    saved = {k: [a.copy() for a in v] for k, v in first.state.items()}
    resumed = make_optimizer("adam", [p.copy() for p in params], LR)
    resumed.load_state(first.t, saved)
    assert resumed.t == 1
    saved["m"][0][...] = 99.0  # loading copied, it did not alias
    resumed.step([np.array(g) for g in G2])
    assert all(np.array_equal(a, b) for a, b in zip(resumed.params, straight, strict=True))


def _momentum() -> Optimizer:
    return make_optimizer("momentum", [np.zeros(2), np.zeros((1, 1))], LR)


@pytest.mark.parametrize(("state", "match"), [
    ({"v": [np.zeros(2), np.zeros((1, 1))]}, "needs"),  # wrong slot name
    ({}, "needs"),  # missing slot
    ({"velocity": [np.zeros(2)]}, "has 1 arrays, expected 2"),
    ({"velocity": [np.zeros(2), np.zeros((1, 1)), np.zeros(1)]}, "has 3 arrays"),
    ({"velocity": [np.zeros(3), np.zeros((1, 1))]}, r"shape \(3,\)"),
    ({"velocity": [np.ones(2), np.zeros((1, 2))]}, r"shape \(1, 2\)"),
    ({"velocity": [np.zeros((2, 1)), np.zeros((1, 1))]}, r"shape \(2, 1\)"),
])
def test_load_state_rejects_mismatches(state: dict, match: str) -> None:
    opt = _momentum()
    with pytest.raises(ValueError, match=match):
        opt.load_state(7, state)
    # A rejected state leaves the optimizer as it was, not half-loaded.
    assert opt.t == 0
    assert all(not a.any() for a in opt.state["velocity"])


def test_load_state_rejects_extra_slots() -> None:
    with pytest.raises(ValueError, match="needs"):
        make_optimizer("sgd", [np.zeros(2)], LR).load_state(1, {"velocity": [np.zeros(2)]})
    with pytest.raises(ValueError, match="needs"):
        make_optimizer("adam", [np.zeros(2)], LR).load_state(1, {"m": [np.zeros(2)]})
    sgd = make_optimizer("sgd", [np.zeros(2)], LR)
    sgd.load_state(5, {})
    assert sgd.t == 5
