"""Per-sample contributions to one weight's gradient (bplab.engine.contributions)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bplab.engine.contributions import contributions, next_batch_contributions
from bplab.engine.network import Network
from bplab.engine.optimizers import make_optimizer
from bplab.experiment import Session, default_experiment, examples_dir, load_experiment

Array = np.ndarray


def _net(reduction: str, dtype: str = "float64") -> tuple[Network, Array, Array]:
    rng = np.random.default_rng(7)
    net = Network([3, 4, 2], ["tanh", "sigmoid"], "squared_error", reduction, dtype)
    net.set_parameters([rng.normal(0, 0.7, (3, 4)), rng.normal(0, 0.7, (4, 2))],
                       [rng.normal(0, 0.3, 4), rng.normal(0, 0.3, 2)])
    return net, rng.normal(size=(10, 3)), rng.uniform(0, 1, (10, 2))


def _close(total: float, terms: Array, exact: float) -> None:
    # the terms' sum equals the engine's gradient up to the order of summation
    assert abs(total - exact) <= 1e-15 * float(np.abs(terms).sum()), (total, exact)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_the_terms_add_up_to_the_engine_s_gradient(reduction):
    net, x, t = _net(reduction)
    opt = make_optimizer("sgd", net.parameters(), 0.1)
    bp = net.backward(net.forward(x), t)
    for layer in (1, 2):
        n_in, n_out = net.W[layer - 1].shape
        for j in range(n_out):
            for i in [*range(n_in), None]:
                c = contributions(net, opt, x, t, layer, j, i)
                exact = (bp.db[layer - 1][j] if i is None else bp.dW[layer - 1][i, j])
                assert c.data_gradient == exact == c.gradient  # bit for bit: the engine's
                _close(c.terms_sum, c.terms, exact)
                # each sample's own gradient, reduced as the loss says
                n = len(x)
                reduced = c.per_sample / n if reduction == "mean" else c.per_sample
                np.testing.assert_allclose(reduced, c.terms, rtol=1e-14, atol=0)
                assert c.batch_size == n and c.reduction == reduction


def test_each_sample_s_own_gradient_is_the_gradient_of_that_sample_alone():
    net, x, t = _net("mean")
    opt = make_optimizer("sgd", net.parameters(), 0.1)
    c = contributions(net, opt, x, t, layer=1, neuron=2, source=1)
    for n in range(len(x)):
        alone = net.backward(net.forward(x[n:n + 1]), t[n:n + 1]).dW[0][1, 2]
        assert c.per_sample[n] == pytest.approx(alone, rel=1e-14, abs=1e-300)


def test_the_update_of_plain_gradient_descent_is_the_sum_of_the_samples_shares():
    net, x, t = _net("mean")
    opt = make_optimizer("sgd", net.parameters(), 0.5)
    before = [p.copy() for p in net.parameters()]
    c = contributions(net, opt, x, t, layer=2, neuron=1, source=3, regularization="l2",
                      regularization_rate=0.1)
    assert c.penalty_gradient == pytest.approx(0.1 * net.W[1][3, 1], rel=1e-15)
    assert c.gradient == pytest.approx(c.data_gradient + c.penalty_gradient, rel=1e-15)
    # the optimizer's step, taken on a copy: the network did not move
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert c.old_value == net.W[1][3, 1]
    assert c.new_value == net.W[1][3, 1] - 0.5 * c.gradient
    assert c.update_shares is not None
    shares = math.fsum([*c.update_shares.tolist(), c.penalty_update])
    assert shares == pytest.approx(c.update, rel=1e-12)


def test_other_optimizers_give_the_update_but_no_shares():
    net, x, t = _net("sum")
    opt = make_optimizer("adam", net.parameters(), 0.01)
    c = contributions(net, opt, x, t, layer=1, neuron=0, source=0)
    assert c.update_shares is None and c.penalty_update is None
    assert c.optimizer == "adam"
    # Adam's first step is −η·sign(g) (up to its ε)
    assert c.update == pytest.approx(-0.01 * np.sign(c.gradient), rel=1e-6)


def test_bad_indices_say_what_exists():
    net, x, t = _net("mean")
    opt = make_optimizer("sgd", net.parameters(), 0.1)
    with pytest.raises(ValueError, match="layer must be 1 to 2"):
        contributions(net, opt, x, t, layer=3, neuron=0)
    with pytest.raises(ValueError, match="from 3 neurons into 4"):
        contributions(net, opt, x, t, layer=1, neuron=4, source=0)


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json"))[:3], ids=lambda p: p.stem)
def test_the_next_batch_of_a_session_is_the_step_s_batch(path):
    session = Session(load_experiment(path))
    tr = session.trainer
    c = next_batch_contributions(tr, layer=1, neuron=0, source=0)
    before = float(session.network.W[0][0, 0])
    tr.run_steps(1)  # the real step
    assert float(session.network.W[0][0, 0]) == c.new_value
    assert c.old_value == before
    _close(c.terms_sum, c.terms, c.data_gradient)


def test_a_float32_network_gives_float32_arithmetic_in_float64_arrays():
    exp = default_experiment()
    exp.training.dtype = "float32"
    session = Session(exp)
    c = next_batch_contributions(session.trainer, layer=3, neuron=0, source=1)
    assert c.terms.dtype == np.float64
    session.trainer.run_steps(1)
    assert float(session.network.W[2][1, 0]) == c.new_value
