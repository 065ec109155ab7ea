"""Backpropagation against finite differences, for every activation/loss pairing.

The objective is the training objective, ``loss_value + penalty``; the
analytic gradient is ``Network.backward`` plus ``regularizers.add_gradient``.

The numerical gradient is the fourth-order central difference
``(-f(p+2h) + 8f(p+h) - 8f(p-h) + f(p-2h)) / 12h`` with ``h = 1e-4``: its
truncation error (~h⁴) is negligible and its rounding error is about
``2e-12·|L|``, so a relative error of 1e-6 is a meaningful bar and is never
loosened.  Components much smaller than the loss cannot be resolved relatively
by any difference quotient, so the relative error's denominator is floored at
``1e-4·max(1, |L|)``: such components are held to an absolute ``1e-10·max(1, |L|)``.

ReLU and leaky ReLU have a kink at 0 and ELU a jump in its second derivative
there, so the random cases keep every hidden pre-activation at least
``MARGIN`` away from 0, which is 20× more than any stencil point can move it,
and every stencil point is checked not to have crossed a kink (a crossing
fails the test instead of being compared).  L1 weights are kept away from 0
the same way (every weight has |w| >= 0.15).
"""

from __future__ import annotations

import itertools
import warnings
import zlib
from collections.abc import Callable

import numpy as np
import pytest

from bplab.engine import regularizers
from bplab.engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from bplab.engine.losses import LOSSES, check_pairing
from bplab.engine.network import ForwardPass, Network

Array = np.ndarray

TOL = 1e-6  # relative error, never weakened
STEP = 1e-4  # finite-difference step
MARGIN = 0.02  # smallest |pre-activation| allowed in a hidden layer
RATE = 0.1  # regularization rate
N_IN = 3
HIDDEN = [4, 3]

# Every output activation each loss accepts: (output activation, loss).
PAIRINGS = [(out, name) for name, loss in LOSSES.items() for out in loss.outputs]


def _seed(*parts: object) -> int:
    # A stable seed per test id (hash() is salted per process).
    return zlib.crc32(repr(parts).encode())


def _targets(rng: np.random.Generator, out_act: str, loss: str, batch: int, n_out: int) -> Array:
    if loss == "softmax_cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, batch)]
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, (batch, n_out)).astype(np.float64)
    if out_act == "sigmoid":
        return rng.uniform(0.0, 1.0, (batch, n_out))
    if out_act == "tanh":
        return rng.uniform(-1.0, 1.0, (batch, n_out))
    return rng.normal(0.0, 1.0, (batch, n_out))


def make_case(hidden_act: str, out_act: str, loss: str, reduction: str, batch: int,
              seed: int) -> tuple[Network, Array, Array]:
    """A random 3-4-3-k network whose hidden pre-activations avoid 0."""
    # The second hidden layer uses the next activation in the list, so each
    # network mixes two activations and each activation appears in both places.
    second = HIDDEN_ACTIVATIONS[(HIDDEN_ACTIVATIONS.index(hidden_act) + 1)
                                % len(HIDDEN_ACTIVATIONS)]
    n_out = 3 if out_act == "softmax" else 2
    sizes = [N_IN, *HIDDEN, n_out]
    net = Network(sizes, [hidden_act, second, out_act], loss, reduction)
    rng = np.random.default_rng(seed)
    for _ in range(500):
        W = [rng.choice([-1.0, 1.0], (a, c)) * rng.uniform(0.15, 1.0, (a, c))
             for a, c in itertools.pairwise(sizes)]
        b = [rng.normal(0.0, 0.5, c) for c in sizes[1:]]
        x = rng.normal(0.0, 1.0, (batch, N_IN))
        net.set_parameters(W, b)
        fp = net.forward(x)
        if all(np.abs(z).min() > MARGIN for z in fp.net[:-1]):
            return net, x, _targets(rng, out_act, loss, batch, n_out)
    raise AssertionError("could not draw a case away from the kinks")  # pragma: no cover


def objective(net: Network, x: Array, t: Array, reg: str) -> float:
    return net.loss_value(net.forward(x), t) + regularizers.penalty(reg, RATE, net.W)


def kink_pattern(net: Network, x: Array) -> list[Array]:
    return [z > 0 for z in net.forward(x).net[:-1]]


def stencil(f: Callable[[float], float], orig: float) -> float:
    """Fourth-order central difference of f at orig."""
    fp2, fp1, fm1, fm2 = (f(orig + k * STEP) for k in (2.0, 1.0, -1.0, -2.0))
    return (-fp2 + 8.0 * fp1 - 8.0 * fm1 + fm2) / (12.0 * STEP)


def numeric_gradients(net: Network, x: Array, t: Array, reg: str) -> list[Array]:
    base = kink_pattern(net, x)
    grads = []
    for p in net.parameters():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            orig = p[idx]

            def f(value: float, p: Array = p, idx: tuple = idx) -> float:
                p[idx] = value
                pattern = kink_pattern(net, x)
                assert all(np.array_equal(a, b) for a, b in zip(pattern, base, strict=True)), \
                    "a stencil point crossed a kink; the case generator is broken"
                return objective(net, x, t, reg)

            g[idx] = stencil(f, orig)
            p[idx] = orig
        grads.append(g)
    return grads


def max_relative_error(analytic: list[Array], numeric: list[Array], scale: float) -> float:
    floor = 1e-4 * max(1.0, abs(scale))
    worst = 0.0
    for a, n in zip(analytic, numeric, strict=True):
        assert a.shape == n.shape
        denom = np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
        worst = max(worst, float(np.max(np.abs(a - n) / denom)))
    return worst


@pytest.mark.parametrize("batch", [1, 5, 16])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("reg", ["none", "l1", "l2"])
@pytest.mark.parametrize(("out_act", "loss"), PAIRINGS, ids=[f"{o}-{lo}" for o, lo in PAIRINGS])
@pytest.mark.parametrize("hidden_act", HIDDEN_ACTIVATIONS)
def test_gradient_matches_finite_differences(
    hidden_act: str, out_act: str, loss: str, reg: str, reduction: str, batch: int
) -> None:
    net, x, t = make_case(hidden_act, out_act, loss, reduction, batch,
                          _seed(hidden_act, out_act, loss, reg, reduction, batch))
    assert net.dtype == np.float64

    fp = net.forward(x)
    bp = net.backward(fp, t)
    regularizers.add_gradient(reg, RATE, net.W, bp.dW)  # in place, into bp.grads
    analytic = [g.copy() for g in bp.grads]

    numeric = numeric_gradients(net, x, t, reg)
    value = objective(net, x, t, reg)
    err = max_relative_error(analytic, numeric, value)
    assert err < TOL, f"max relative error {err:.3g} (objective {value:.6g})"


def _loss_from_layer(net: Network, layer: int, z: Array, t: Array) -> float:
    """The data loss when layer ``layer``'s pre-activation is replaced by ``z``."""
    nets, h = [z], net.activations[layer].value(z)
    for W, b, act in zip(net.W[layer + 1:], net.b[layer + 1:], net.activations[layer + 1:],
                         strict=True):
        nets.append(h @ W + b)
        h = act.value(nets[-1])
    return net.loss_value(ForwardPass(nets, [h]), t)


@pytest.mark.parametrize(("hidden_act", "out_act", "loss", "reduction"), [
    ("tanh", "softmax", "softmax_cross_entropy", "mean"),
    ("sigmoid", "sigmoid", "binary_cross_entropy", "sum"),
    ("relu", "linear", "squared_error", "mean"),
])
def test_deltas_match_finite_differences(hidden_act: str, out_act: str, loss: str,
                                         reduction: str) -> None:
    """δ = ∂L/∂net per layer, and dW, db are built from it."""
    net, x, t = make_case(hidden_act, out_act, loss, reduction, 5,
                          _seed("delta", hidden_act, out_act))
    fp = net.forward(x)
    bp = net.backward(fp, t)
    value = net.loss_value(fp, t)
    assert len(bp.delta) == net.n_layers
    for layer, z0 in enumerate(fp.net):
        assert bp.delta[layer].shape == z0.shape
        numeric = np.zeros_like(z0)
        for idx in np.ndindex(z0.shape):
            def f(v: float, idx: tuple = idx, layer: int = layer, z0: Array = z0) -> float:
                z = z0.copy()
                z[idx] = v
                return _loss_from_layer(net, layer, z, t)

            numeric[idx] = stencil(f, z0[idx])
        err = max_relative_error([bp.delta[layer]], [numeric], value)
        assert err < TOL, f"layer {layer + 1}: max relative error {err:.3g}"
        # The parameter gradients are the deltas pushed through the layer input.
        np.testing.assert_allclose(bp.dW[layer], fp.h[layer].T @ bp.delta[layer], rtol=1e-13)
        np.testing.assert_allclose(bp.db[layer], bp.delta[layer].sum(axis=0), rtol=1e-13)
    assert bp.dW == bp.grads[0::2] and bp.db == bp.grads[1::2]


def test_pairings_cover_every_output_activation() -> None:
    outs = {o for o, _ in PAIRINGS}
    assert outs == {"linear", "sigmoid", "tanh", "softmax"}
    assert ("softmax", "softmax_cross_entropy") in PAIRINGS
    assert all(lo == "softmax_cross_entropy" for o, lo in PAIRINGS if o == "softmax")


@pytest.mark.parametrize(("out_act", "loss"), [
    ("softmax", "squared_error"), ("linear", "binary_cross_entropy"),
    ("tanh", "softmax_cross_entropy"), ("sigmoid", "softmax_cross_entropy"),
])
def test_invalid_pairings_are_rejected(out_act: str, loss: str) -> None:
    with pytest.raises(ValueError, match="output activation"):
        check_pairing(loss, out_act)
    with pytest.raises(ValueError):
        Network([2, 3, 2], ["tanh", out_act], loss)


def test_softmax_needs_two_outputs() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        Network([2, 3, 1], ["tanh", "softmax"], "softmax_cross_entropy")


@pytest.mark.parametrize("name", sorted(set(HIDDEN_ACTIVATIONS) | {"softmax"}))
def test_activations_leave_their_inputs_alone(name: str) -> None:
    """The forward pass keeps both net and h, so activations (computed in
    place for speed) must write only to arrays they allocated."""
    act = ACTIVATIONS[name]
    net = np.random.default_rng(1).normal(0.0, 3.0, (7, 4))
    net_copy = net.copy()
    h = act.value(net)
    h_copy = h.copy()
    if name != "linear":  # linear returns net itself, which is fine: nobody writes to h
        assert not np.shares_memory(h, net)
    np.testing.assert_array_equal(net, net_copy)
    if name != "softmax":
        d = act.derivative(net, h)
        assert not np.shares_memory(d, net) and not np.shares_memory(d, h)
        np.testing.assert_array_equal(net, net_copy)
        np.testing.assert_array_equal(h, h_copy)


def test_activation_formulas_bit_for_bit() -> None:
    """The fast in-place forms equal the textbook one-liners exactly."""
    z = np.random.default_rng(2).normal(0.0, 4.0, (50, 6))
    sig = ACTIVATIONS["sigmoid"]
    h = sig.value(z)
    assert np.array_equal(h, 1 / (1 + np.exp(-z)))  # the article's sigmoid
    assert np.array_equal(sig.derivative(z, h), h * (1 - h))
    th = ACTIVATIONS["tanh"]
    h = th.value(z)
    assert np.array_equal(th.derivative(z, h), 1.0 - h * h)
    shifted = z - z.max(axis=1, keepdims=True)
    assert np.array_equal(ACTIVATIONS["softmax"].value(z),
                          np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True))


def test_sigmoid_saturates_without_warnings() -> None:
    z = np.array([[-1e4, -800.0, -700.0, 0.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = ACTIVATIONS["sigmoid"].value(z)
    assert np.all(np.isfinite(h)) and np.all((h >= 0.0) & (h <= 1.0))
    assert h[0, 0] < 1e-300 and h[0, 3] == 0.5 and h[0, -1] == 1.0
