"""The sharpness of the loss: the largest eigenvalue of its Hessian, by power iteration.

Plain gradient descent on a quadratic is stable only while ``η·λ_max < 2``
(with momentum μ: ``η·λ_max < 2(1 + μ)``), so ``λ_max`` says how large a
learning rate the loss surface allows here.  The training doctor uses it to
tell a learning rate that is too high or too small from other trouble.

Hessian-vector products are central differences of backpropagation's
gradient, ``Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε``, on a float64 copy of the
network; ``ITERATIONS`` power-iteration steps from a seeded random vector
give an estimate good to a few per cent, enough to name an order of
magnitude.  The loss is the data loss of the batch, reduced as the network
says.  NumPy only; the network is not changed.
"""

from __future__ import annotations

import math

import numpy as np

from bplab.engine.gradcheck import float64_copy
from bplab.engine.network import Network

Array = np.ndarray

ITERATIONS = 30  # power-iteration steps at most
EPSILON = 1e-4  # length of the finite-difference step along the unit vector v
CONVERGED = 1e-3  # stop when λ changes by less than this share between steps


def _gradient(net: Network, x: Array, t: Array) -> Array:
    return np.concatenate([g.ravel() for g in net.backward(net.forward(x), t).grads])


def sharpness(network: Network, x: Array, t: Array, *, iterations: int = ITERATIONS,
              seed: int = 0) -> float | None:
    """Estimate the Hessian's largest eigenvalue λ_max for the batch (x, t).

    Returns None when the dominant eigenvalue is not positive (a saddle or a
    flat region: no step size limit to speak of) or the numbers are not finite.
    """
    net = float64_copy(network)
    x = np.asarray(x, np.float64)
    t = np.asarray(t, np.float64)
    params = net.parameters()
    theta = np.concatenate([p.ravel() for p in params])

    def put(flat: Array) -> None:
        at = 0
        for p in params:
            p[...] = flat[at:at + p.size].reshape(p.shape)
            at += p.size

    def hessian_times(v: Array) -> Array:
        put(theta + EPSILON * v)
        plus = _gradient(net, x, t)
        put(theta - EPSILON * v)
        minus = _gradient(net, x, t)
        return (plus - minus) / (2.0 * EPSILON)

    v = np.random.default_rng(seed).normal(size=theta.size)
    v /= np.linalg.norm(v)
    lam = math.nan
    with np.errstate(all="ignore"):
        try:
            for _ in range(iterations):
                hv = hessian_times(v)
                new = float(v @ hv)
                norm = float(np.linalg.norm(hv))
                if not (math.isfinite(new) and math.isfinite(norm)) or norm == 0.0:
                    return None
                v = hv / norm
                done = abs(new - lam) <= CONVERGED * abs(new)
                lam = new
                if done:
                    break
        finally:
            put(theta)
    return lam if lam > 0 else None
