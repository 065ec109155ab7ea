"""The sharpness estimate (bplab.engine.curvature) against exact Hessians."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.engine.curvature import sharpness
from bplab.engine.network import Network


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_a_linear_model_s_sharpness_is_the_top_eigenvalue_of_its_hessian(reduction):
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(40, 3)) * [1.0, 3.0, 0.5], rng.normal(size=(40, 1))
    net = Network([3, 1], ["linear"], "squared_error", reduction)
    net.set_parameters([rng.normal(size=(3, 1))], [np.zeros(1)])
    design = np.column_stack([x, np.ones(len(x))])  # the loss is quadratic in (w, b)
    hessian = design.T @ design / (len(x) if reduction == "mean" else 1)
    assert sharpness(net, x, t) == pytest.approx(np.linalg.eigvalsh(hessian).max(), rel=0.02)


def test_a_network_with_curvature_gives_a_positive_estimate_and_stays_unchanged():
    rng = np.random.default_rng(1)
    net = Network([2, 4, 1], ["tanh", "sigmoid"], "binary_cross_entropy")
    net.set_parameters([rng.normal(size=(2, 4)), rng.normal(size=(4, 1))],
                       [np.zeros(4), np.zeros(1)])
    before = [p.copy() for p in net.parameters()]
    x, t = rng.normal(size=(30, 2)), rng.integers(0, 2, (30, 1)).astype(float)
    lam = sharpness(net, x, t)
    assert lam is not None and lam > 0
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters(), strict=True))


def test_a_flat_loss_has_no_sharpness():
    # a sigmoid saturated far beyond rounding: ŷ is exactly 1, every gradient exactly 0
    net = Network([1, 1], ["sigmoid"], "binary_cross_entropy")
    net.b[0][0] = 800.0
    assert sharpness(net, np.zeros((5, 1)), np.ones((5, 1))) is None
