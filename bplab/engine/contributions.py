"""Per-sample contributions to one weight's gradient, and how they make the update.

For a mini-batch of N samples the engine computes ``∂L/∂w_ji = Σₙ δ_j⁽ⁿ⁾ h_i⁽ⁿ⁾``,
where the δ of a ``"mean"`` loss already carries the factor 1/N.  So each
sample adds one *term* to the gradient: its own gradient ``∂Lₙ/∂w = δ_j h_i``
(δ of that sample's loss alone), divided by N for ``"mean"`` and as it is for
``"sum"``.  ``contributions(...)`` returns those numbers for one weight (or
bias) and what follows from them: the regularization term (added once per
step, not per sample), the gradient the optimizer gets, and the update it
makes.  With plain gradient descent the update is ``−η ×`` the gradient, so
each sample's share of the update is ``−η ×`` its term; other optimizers mix
the gradient with their state and have no per-sample shares.

The terms are the engine's own products ``δ_j⁽ⁿ⁾ h_i⁽ⁿ⁾``; their sum equals the
engine's gradient up to the rounding of the summation order (BLAS adds in
its own order): within ``1e-15 · Σₙ |term|``.

Indices as in the step-through: ``layer`` is the node layer 1 … L, ``neuron``
the ``j`` of ``w_ji`` (0-based) and ``source`` its ``i``, so the weight is the
engine's ``W[layer - 1][source, neuron]``; ``source=None`` means the bias
``b[layer - 1][neuron]``.  NumPy only; nothing given is changed.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from bplab.engine import regularizers
from bplab.engine.network import Network
from bplab.engine.optimizers import GradientDescent, Optimizer
from bplab.engine.trainer import Trainer

Array = np.ndarray


@dataclass(frozen=True)
class Contributions:
    """How the samples of a mini-batch make one parameter's gradient and update."""

    layer: int  # node layer 1 … L
    neuron: int  # j: the neuron the weight leads into (0-based)
    source: int | None  # i: the neuron it comes from in layer - 1; None for the bias b_j
    reduction: str  # "mean" or "sum": how the per-sample losses make the batch loss
    per_sample: Array  # (N,) each sample's own gradient ∂Lₙ/∂w = δ_j h_i (δ_j for a bias)
    terms: Array  # (N,) each sample's term of the batch gradient: per_sample / N or as is
    data_gradient: float  # the engine's ∂L/∂w of the batch's data loss (≈ Σ terms)
    penalty_gradient: float  # the regularization's part (once per step; 0 for biases)
    gradient: float  # data + penalty: what the optimizer receives (the engine's value)
    learning_rate: float
    optimizer: str  # the optimizer's name
    old_value: float  # the parameter before the step
    new_value: float  # the parameter after the step (the engine's update on a copy)
    update_shares: Array | None  # (N,) −η × term per sample, plain gradient descent only

    @property
    def batch_size(self) -> int:
        return len(self.terms)

    @property
    def terms_sum(self) -> float:
        """Σₙ terms, summed exactly (math.fsum) then rounded once."""
        return math.fsum(self.terms.tolist())

    @property
    def update(self) -> float:
        """new_value − old_value."""
        return self.new_value - self.old_value

    @property
    def penalty_update(self) -> float | None:
        """−η × the regularization's part, with plain gradient descent; else None."""
        if self.update_shares is None:
            return None
        return -self.learning_rate * self.penalty_gradient


def contributions(
    network: Network,
    optimizer: Optimizer,
    x: Array,
    t: Array,
    layer: int,
    neuron: int,
    source: int | None = None,
    regularization: str = "none",
    regularization_rate: float = 0.0,
) -> Contributions:
    """The per-sample terms of one parameter's gradient for the batch (x, t), and its update.

    ``optimizer`` must be the one that updates ``network``'s parameters; a
    copy takes the step, so neither is changed.
    """
    if not 1 <= layer <= network.n_layers:
        raise ValueError(f"layer must be 1 to {network.n_layers}, not {layer}")
    n_in, n_out = network.W[layer - 1].shape
    if not 0 <= neuron < n_out or (source is not None and not 0 <= source < n_in):
        raise ValueError(f"layer {layer} has weights from {n_in} neurons into {n_out}; "
                         f"there is no w from {source} into {neuron}")
    x = np.asarray(x, network.dtype)
    t = np.asarray(t, network.dtype)
    k = layer - 1
    with np.errstate(all="ignore"):
        fp = network.forward(x)
        bp = network.backward(fp, t)
        # Each sample's own δ: the same backward pass with a "sum" reduction divides by nothing.
        own = _sum_reduced(network)
        own_delta = own.backward(fp, t).delta[k][:, neuron]
        d = bp.delta[k][:, neuron]
        if source is None:
            terms, per_sample = d.copy(), own_delta.copy()
            data_gradient = float(bp.db[k][neuron])
        else:
            h = fp.h[k][:, source]
            terms, per_sample = d * h, own_delta * h
            data_gradient = float(bp.dW[k][source, neuron])
        grads = bp.grads
        # Exactly Trainer.train_step: the penalty's gradient joins the weights' gradients.
        regularizers.add_gradient(regularization, regularization_rate, network.W, bp.dW)
        penalty = 0.0
        if source is not None and regularization != "none" and regularization_rate != 0.0:
            reg = regularizers.get_regularizer(regularization)
            penalty = float(regularization_rate * reg.gradient(network.W[k])[source, neuron])
        p = 2 * k + (1 if source is None else 0)
        index = (neuron,) if source is None else (source, neuron)
        gradient = float(grads[p][index])
        after = copy.deepcopy(optimizer)  # its params are copies: the network stays as it is
        after.step(grads)
    lr = float(optimizer.learning_rate)
    plain = type(optimizer) is GradientDescent
    return Contributions(
        layer=layer, neuron=neuron, source=source, reduction=network.reduction,
        per_sample=np.asarray(per_sample, np.float64), terms=np.asarray(terms, np.float64),
        data_gradient=data_gradient, penalty_gradient=penalty,
        gradient=gradient, learning_rate=lr, optimizer=optimizer.name,
        old_value=float(optimizer.params[p][index]), new_value=float(after.params[p][index]),
        update_shares=-lr * np.asarray(terms, np.float64) if plain else None)


def _sum_reduced(network: Network) -> Network:
    """A network sharing ``network``'s arrays whose loss is summed, not averaged."""
    twin = copy.copy(network)  # shallow: the same W and b lists, no copies
    twin.reduction = "sum"
    return twin


def next_batch_contributions(trainer: Trainer, layer: int, neuron: int,
                             source: int | None = None) -> Contributions:
    """``contributions`` for the mini-batch the trainer trains on next; nothing moves."""
    trainer.apply_pending()  # a queued learning rate applies before the step, as in the step
    _, x, t = trainer.next_batch()
    return contributions(trainer.network, trainer.optimizer, x, t, layer, neuron, source,
                         trainer.regularization, trainer.regularization_rate)
