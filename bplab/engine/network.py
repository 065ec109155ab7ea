"""The multilayer perceptron: forward pass, backward pass, grid evaluation.

Notation follows the article.  For layer ``l`` (1-based, the input is layer 0):

* ``W[l-1]`` has shape ``(n_in, n_out)``: ``W[l-1][i, j]`` is the weight
  ``w_ji`` from neuron ``i`` of the previous layer to neuron ``j``;
* ``b[l-1]`` has shape ``(n_out,)``;
* ``net[l-1] = h[l-1] @ W[l-1] + b[l-1]`` and ``h[l] = f_l(net[l-1])``
  (``h[0]`` is the input batch ``x``);
* ``delta[l-1] = ∂L/∂net[l-1]`` and the gradients ``dW``, ``db`` have the
  shapes of ``W`` and ``b``.

Rows are samples, so every array of a pass is ``(batch, neurons)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bplab.engine.activations import (
    HIDDEN_ACTIVATIONS,
    OUTPUT_ACTIVATIONS,
    Activation,
    get_activation,
)
from bplab.engine.losses import Loss, check_pairing, get_loss

Array = np.ndarray
dot = np.dot  # module-level alias: one attribute lookup less per product

MAX_HIDDEN_LAYERS = 10
MAX_NEURONS = 256
DTYPES = {"float64": np.float64, "float32": np.float32}


@dataclass(slots=True)
class ForwardPass:
    """What the forward pass keeps for backpropagation and for the views."""

    net: list[Array]  # pre-activations, one (batch, n) array per layer
    h: list[Array]  # outputs; h[0] is the input, h[-1] the prediction ŷ

    @property
    def y_hat(self) -> Array:
        return self.h[-1]


@dataclass(slots=True)
class BackwardPass:
    delta: list[Array]  # ∂L/∂net per layer, (batch, n)
    grads: list[Array]  # [∂L/∂W_1, ∂L/∂b_1, ∂L/∂W_2, ...]: the optimizer's parameter order

    @property
    def dW(self) -> list[Array]:
        """∂L/∂W per layer, shaped like W."""
        return self.grads[0::2]

    @property
    def db(self) -> list[Array]:
        """∂L/∂b per layer, shaped like b."""
        return self.grads[1::2]


def validate_architecture(
    n_inputs: int, hidden: Sequence[int], activations: Sequence[str], n_outputs: int,
    output_activation: str,
) -> None:
    """Raise ValueError naming the first thing wrong with an architecture."""
    if not 1 <= n_inputs <= MAX_NEURONS:
        raise ValueError(f"the network needs 1 to {MAX_NEURONS} inputs, not {n_inputs}")
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, not {len(hidden)}")
    if len(activations) != len(hidden):
        raise ValueError(
            f"{len(hidden)} hidden layers need {len(hidden)} activations, got {len(activations)}"
        )
    for i, (size, act) in enumerate(zip(hidden, activations, strict=True), start=1):
        if not 1 <= int(size) <= MAX_NEURONS:
            raise ValueError(f"hidden layer {i} needs 1 to {MAX_NEURONS} neurons, not {size}")
        if act not in HIDDEN_ACTIVATIONS:
            raise ValueError(
                f"hidden layer {i}: activation {act!r} is not one of "
                f"{', '.join(HIDDEN_ACTIVATIONS)}"
            )
    if not 1 <= n_outputs <= MAX_NEURONS:
        raise ValueError(f"the network needs 1 to {MAX_NEURONS} outputs, not {n_outputs}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output activation {output_activation!r} is not one of {', '.join(OUTPUT_ACTIVATIONS)}"
        )
    if output_activation == "softmax" and n_outputs < 2:
        raise ValueError("a softmax output needs at least 2 output neurons")


class Network:
    """A fully connected feed-forward network with one activation per layer."""

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[str],
        loss: str = "squared_error",
        reduction: str = "mean",
        dtype: str = "float64",
    ) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError("a network needs at least an input and an output layer")
        validate_architecture(sizes[0], sizes[1:-1], list(activations[:-1]), sizes[-1],
                              activations[-1])
        check_pairing(loss, activations[-1])
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction must be 'mean' or 'sum', not {reduction!r}")
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, not {dtype!r}")
        self.sizes: list[int] = sizes  # neurons per layer, input first
        self.activation_names: list[str] = list(activations)  # one per non-input layer
        self.activations: list[Activation] = [get_activation(a) for a in activations]
        self.loss_name = loss
        self.loss: Loss = get_loss(loss)
        self.reduction = reduction  # "mean" or "sum" over the batch
        self.dtype = DTYPES[dtype]
        self.W: list[Array] = [np.zeros((a, b), self.dtype) for a, b in itertools.pairwise(sizes)]
        self.b: list[Array] = [np.zeros(b, self.dtype) for b in sizes[1:]]

    # -- shape -------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers + output)."""
        return len(self.W)

    @property
    def dtype_name(self) -> str:
        return "float32" if self.dtype == np.float32 else "float64"

    def set_parameters(self, W: Sequence[Array], b: Sequence[Array]) -> None:
        """Copy weights in, checking every shape."""
        if len(W) != self.n_layers or len(b) != self.n_layers:
            raise ValueError(f"expected {self.n_layers} weight layers, got {len(W)}/{len(b)}")
        for i, (w_new, b_new) in enumerate(zip(W, b, strict=True)):
            w_new, b_new = np.asarray(w_new), np.asarray(b_new)
            if w_new.shape != self.W[i].shape or b_new.shape != self.b[i].shape:
                raise ValueError(
                    f"layer {i + 1}: weights must be {self.W[i].shape} and biases "
                    f"{self.b[i].shape}, found {w_new.shape} and {b_new.shape}"
                )
            if not (np.all(np.isfinite(w_new)) and np.all(np.isfinite(b_new))):
                raise ValueError(f"layer {i + 1}: weights contain NaN or infinity")
            self.W[i][...] = w_new
            self.b[i][...] = b_new

    def parameters(self) -> list[Array]:
        """``[W1, b1, W2, b2, …]``: the live arrays, in the order of the optimizer and of
        ``BackwardPass.grads``."""
        return [p for pair in zip(self.W, self.b, strict=True) for p in pair]

    def copy_parameters(self) -> tuple[list[Array], list[Array]]:
        return [w.copy() for w in self.W], [b.copy() for b in self.b]

    # -- passes --------------------------------------------------------------
    # np.dot rather than @ in the passes: same BLAS call and bits for 2-D
    # arrays, but about 0.3 µs less dispatch per product, some 8% of a step
    # of the article's 2-2-1 network.
    def forward(self, x: Array) -> ForwardPass:
        return ForwardPass(*self._forward(x))

    def _forward(self, x: Array) -> tuple[list[Array], list[Array]]:
        # (net, h) without the ForwardPass wrapper: the trainer's step uses
        # the lists directly, one object less per mini-batch.
        h = [x]
        net = []
        for W, b, act in zip(self.W, self.b, self.activations, strict=True):
            z = dot(x, W)
            z += b  # in place: one array per layer less
            net.append(z)
            x = act.value(z)
            h.append(x)
        return net, h

    def predict(self, x: Array) -> Array:
        out = np.asarray(x, self.dtype)
        for W, b, act in zip(self.W, self.b, self.activations, strict=True):
            out = act.value(dot(out, W) + b)
        return out

    def loss_value(self, fp: ForwardPass, y: Array) -> float:
        """The data loss of a forward pass (no regularization term)."""
        per_sample = self.loss.per_sample(fp.net[-1], fp.y_hat, y)
        total = float(per_sample.sum())
        return total / len(per_sample) if self.reduction == "mean" else total

    def backward(self, fp: ForwardPass, y: Array) -> BackwardPass:
        """Backpropagate from the loss: δ at the output, then δ_j layer by layer."""
        return BackwardPass(*self._backward(fp.net, fp.h, y))

    def _backward(self, net_: list[Array], h: list[Array],
                  y: Array) -> tuple[list[Array], list[Array]]:
        # (delta, grads) without the BackwardPass wrapper, as _forward.
        # Kept lean: this runs once per mini-batch and small nets are bound by
        # Python overhead, not arithmetic.
        n = self.n_layers
        delta: list[Array] = [None] * n  # type: ignore[list-item]
        grads: list[Array] = [None] * (2 * n)  # type: ignore[list-item]
        W, acts = self.W, self.activations
        d = self.loss.output_delta(net_[-1], h[-1], y, acts[-1])
        if self.reduction == "mean":
            d = d / len(y)
        for layer in range(n - 1, -1, -1):
            delta[layer] = d
            grads[2 * layer] = dot(h[layer].T, d)
            grads[2 * layer + 1] = d.sum(axis=0)
            if layer:
                d = dot(d, W[layer].T)
                d *= acts[layer - 1].derivative(net_[layer - 1], h[layer])
        return delta, grads

    # -- views -----------------------------------------------------------
    def neuron_outputs(self, x: Array) -> list[Array]:
        """Every neuron's output for the points ``x``, neuron-major.

        Returns one ``(n_neurons, n_points)`` array per layer, input layer
        first, so that each row is ready to be reshaped into a heatmap.
        """
        xt = np.ascontiguousarray(np.asarray(x, self.dtype).T)
        outs = [xt]
        for W, b, act in zip(self.W, self.b, self.activations, strict=True):
            z = dot(W.T, outs[-1])
            z += b[:, None]
            if act.name == "softmax":
                outs.append(act.value(z.T).T.copy())
            else:
                outs.append(act.value(z))
        return outs
