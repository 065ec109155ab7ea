"""Plain gradient descent runs as one fused step: bit for bit the three named parts."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.engine import (
    HIDDEN_ACTIVATIONS,
    Network,
    Split,
    Trainer,
    initial_parameters,
    make_optimizer,
    targets,
)
from bplab.engine.trainer import _gradient_descent_step

OUTPUTS = [("tanh", "squared_error"), ("sigmoid", "binary_cross_entropy"),
           ("softmax", "softmax_cross_entropy"), ("linear", "squared_error")]


def trainer(hidden: str, output: str, loss: str, reduction: str, dtype: str,
            optimizer: str = "sgd", regularization: str = "none") -> Trainer:
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1.5, (23, 3))
    labels = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    if output == "linear":
        t, labels = x[:, :1] - x[:, 2:], None
    else:
        t = targets.encode(labels, "classification", 2, output)
    sizes = [3, 5, 4, t.shape[1]]
    net = Network(sizes, [hidden, hidden, output], loss, reduction, dtype)
    net.set_parameters(*initial_parameters("glorot", sizes, 3))
    params = [p for pair in zip(net.W, net.b, strict=True) for p in pair]
    return Trainer(net, make_optimizer(optimizer, params, 0.01), Split(x, t, labels),
                   batch_size=7, seed=2, record_every=10**6, regularization=regularization,
                   regularization_rate=0.01 if regularization != "none" else 0.0)


def reference_steps(tr: Trainer, n: int) -> None:
    """The three named parts, one mini-batch at a time, as the general path does them."""
    net = tr.network
    for _ in range(n):
        x, t = tr._next_batch()
        fp = net.forward(x)
        tr.optimizer.step(net.backward(fp, t).grads)
        tr.step += 1
        if tr.position >= len(tr.train.x):
            tr._finish_epoch()


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("output", "loss"), OUTPUTS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_fused_step_equals_forward_backward_update(hidden: str, output: str, loss: str,
                                                      reduction: str, dtype: str) -> None:
    fused, general = (trainer(hidden, output, loss, reduction, dtype) for _ in range(2))
    assert _gradient_descent_step(fused) is not None
    with np.errstate(all="ignore"):
        assert fused.run_steps(11) == 11  # a partial batch every fourth step
        reference_steps(general, 11)
    for a, b in zip(fused.network.W + fused.network.b,
                    general.network.W + general.network.b, strict=True):
        assert a.dtype == b.dtype
        assert np.isfinite(a).all() and np.array_equal(a, b)
    assert fused.optimizer.t == general.optimizer.t == 11
    assert fused.step == 11


@pytest.mark.parametrize(("optimizer", "regularization"), [("momentum", "none"),
                                                           ("adam", "none"), ("sgd", "l2")])
def test_other_optimizers_and_penalties_take_the_general_path(optimizer: str,
                                                              regularization: str) -> None:
    tr = trainer("tanh", "tanh", "squared_error", "mean", "float64", optimizer, regularization)
    assert _gradient_descent_step(tr) is None
