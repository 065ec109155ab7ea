"""The regularizers' table: one penalty and one gradient per name, unknown names refused."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.engine import regularizers
from bplab.engine.optimizers import make_optimizer


def _weights() -> list[np.ndarray]:
    return [np.array([[0.5, -2.0], [0.0, 3.0]]), np.array([[-1.5], [0.25]])]


@pytest.mark.parametrize("name", ["l3", "L2", "", "dropout"])
def test_an_unknown_name_is_refused_by_every_entry_point(name: str) -> None:
    W = _weights()
    dW = [np.ones_like(w) for w in W]
    for call in (lambda: regularizers.add_gradient(name, 0.1, W, dW),
                 lambda: regularizers.penalty(name, 0.1, W),
                 lambda: regularizers.check(name, 0.1)):
        with pytest.raises(ValueError, match=r"unknown regularization .*none, l1, l2"):
            call()
    assert all(np.array_equal(g, np.ones_like(g)) for g in dW)  # nothing was added


def test_every_name_has_one_penalty_and_its_gradient() -> None:
    assert set(regularizers.REGULARIZERS) == set(regularizers.TABLE) == {"none", "l1", "l2"}
    W = _weights()
    rate = 0.3
    expected = {
        "none": (0.0, [np.zeros_like(w) for w in W]),
        "l1": (rate * sum(np.abs(w).sum() for w in W), [rate * np.sign(w) for w in W]),
        "l2": (rate * 0.5 * sum((w * w).sum() for w in W), [rate * w for w in W]),
    }
    for name, (value, grads) in expected.items():
        assert regularizers.penalty(name, rate, W) == pytest.approx(value, rel=1e-15)
        dW = [np.zeros_like(w) for w in W]
        regularizers.add_gradient(name, rate, W, dW)
        for got, want in zip(dW, grads, strict=True):
            np.testing.assert_array_equal(got, want)


def test_l1_pushes_a_weight_across_zero_without_clamping() -> None:
    """sign(w) as the gradient, no clamp at zero (TF Playground would stop at 0)."""
    w = np.array([[0.01]])
    dW = [np.zeros_like(w)]
    regularizers.add_gradient("l1", 1.0, [w], dW)
    make_optimizer("sgd", [w], 0.05).step(dW)
    assert w[0, 0] == pytest.approx(0.01 - 0.05)
    zero = np.array([[0.0]])
    dz = [np.zeros_like(zero)]
    regularizers.add_gradient("l1", 1.0, [zero], dz)
    assert dz[0][0, 0] == 0.0  # sign(0) = 0: a weight at zero gets no push
