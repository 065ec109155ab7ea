"""One explained training step cut into the stages the graph animates.

``build_stages(walkthrough)`` orders the step as it happens: the forward pass
layer by layer (each node's ``net`` and ``h`` for the followed sample, the
links into the layer carrying the signal), the loss at the output, the
backward pass from the output down (each node's ``δ``, each link's and bias's
``∂L/∂w`` for the mini-batch as the loss reduces it), then the update (each
link's and bias's change).  Every number is an element of the walkthrough's
``StepArrays``, the engine's own arrays; nothing is computed again except the
change, which is the new value minus the old one.

``line_index`` finds the walkthrough line that explains what a click on the
graph points at during a stage.  Qt-free: NumPy only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bplab.experiment.walkthrough import Line, StepArrays, Walkthrough

Array = np.ndarray
Predicate = Callable[[Line], bool]

STAGE_KINDS = ("forward", "loss", "backward", "update")
LINK_QUANTITY = {"forward": "weight", "backward": "gradient", "update": "change"}


@dataclass(frozen=True, slots=True)
class NodeNumbers:
    """The numbers one node shows during a stage, e.g. (("net", −0.35), ("h", 0.41))."""

    layer: int  # node layer: 0 = inputs, L = output
    neuron: int
    values: tuple[tuple[str, float], ...]  # (quantity, the engine's value), in display order

    def value(self, name: str) -> float:
        return dict(self.values)[name]


@dataclass(frozen=True, slots=True)
class LinkNumbers:
    """One value per link of a weight layer and per bias it feeds."""

    layer: int  # weight layer: links from node layer ``layer`` to ``layer + 1``
    weights: Array  # (n_in, n_out), as W[layer]: the weight, ∂L/∂w or Δw
    biases: Array  # (n_out,), as b[layer]


@dataclass(frozen=True, slots=True)
class Stage:
    kind: str  # one of STAGE_KINDS
    layer: int  # node layer it is about (the output for the loss; -1 for the update)
    n_layers: int  # L, the output's node layer
    nodes: tuple[NodeNumbers, ...]
    links: tuple[LinkNumbers, ...]  # the links that light up, with their values
    sample_loss: float | None = None  # the loss stage: the followed sample's loss
    batch_loss: float | None = None  # and the mini-batch's, reduced as the loss defines

    @property
    def quantity(self) -> str:
        """What the links' values are: "weight", "gradient", "change" (or "")."""
        return LINK_QUANTITY.get(self.kind, "")

    def node(self, layer: int, neuron: int) -> NodeNumbers | None:
        for n in self.nodes:
            if n.layer == layer and n.neuron == neuron:
                return n
        return None

    def link_layer(self, layer: int) -> LinkNumbers | None:
        for links in self.links:
            if links.layer == layer:
                return links
        return None


def build_stages(wt: Walkthrough) -> list[Stage]:
    """Forward 1..L, the loss, backward L..1, the update; see the module docstring."""
    a = wt.arrays
    if a is None:
        raise ValueError("this walkthrough carries no arrays; make it with explain_step")
    L, s = len(a.net), wt.sample
    stages = [_forward(a, layer, L, s) for layer in range(1, L + 1)]
    stages.append(_loss(a, L, s))
    stages += [_backward(a, layer, L, s) for layer in range(L, 0, -1)]
    stages.append(_update(wt, a, L))
    return stages


def _forward(a: StepArrays, layer: int, L: int, s: int) -> Stage:
    nodes = []
    if layer == 1:  # the signal starts at the inputs
        nodes += [NodeNumbers(0, i, (("x", float(v)),)) for i, v in enumerate(a.h[0][s])]
    net, h = a.net[layer - 1][s], a.h[layer][s]
    nodes += [NodeNumbers(layer, j, (("net", float(net[j])), ("h", float(h[j]))))
              for j in range(len(net))]
    links = (LinkNumbers(layer - 1, a.old_W[layer - 1], a.old_b[layer - 1]),)
    return Stage("forward", layer, L, tuple(nodes), links)


def _loss(a: StepArrays, L: int, s: int) -> Stage:
    nodes = tuple(NodeNumbers(L, k, (("ŷ", float(a.h[L][s, k])),))
                  for k in range(a.h[L].shape[1]))
    return Stage("loss", L, L, nodes, (), float(a.per_sample_loss[s]), float(a.batch_loss))


def _backward(a: StepArrays, layer: int, L: int, s: int) -> Stage:
    d = a.delta[layer - 1][s]
    nodes = tuple(NodeNumbers(layer, j, (("δ", float(d[j])),)) for j in range(len(d)))
    links = (LinkNumbers(layer - 1, a.dW[layer - 1], a.db[layer - 1]),)
    return Stage("backward", layer, L, nodes, links)


def _update(wt: Walkthrough, a: StepArrays, L: int) -> Stage:
    links = tuple(LinkNumbers(k, wt.new_W[k] - a.old_W[k], wt.new_b[k] - a.old_b[k])
                  for k in range(L))
    return Stage("update", -1, L, (), links)


# -- from a click on the graph to the equation that explains it ---------------------------
def line_index(stage: Stage, lines: Sequence[Line], kind: str, layer: int, index: int,
               j: int = -1) -> int | None:
    """The line of ``lines`` (``Walkthrough.lines()``) about a graph element at a stage.

    ``kind``, ``layer``, ``index``, ``j`` are as NetworkView's targets: a node
    (node layer, neuron), a link (weight layer, i, j) or a bias (weight layer,
    neuron).  None when the walkthrough does not write that element out (big
    layers show their first neurons only) or the stage says nothing about it.
    """
    if kind == "node":
        want = _node_line(stage, layer, index)
    elif kind == "link":
        want = _link_line(stage, layer + 1, j, i=index)
    elif kind == "bias":
        want = _link_line(stage, layer + 1, index, i=None)
    else:
        return None
    if want is None:
        return None
    for k, line in enumerate(lines):
        if want(line):
            return k
    return None


def _node_line(stage: Stage, layer: int, neuron: int) -> Predicate | None:
    if stage.kind == "forward":
        return lambda ln: ln.kind == "forward" and ln.layer == layer and ln.neuron == neuron
    if stage.kind == "loss":
        if layer != stage.n_layers:
            return None
        return lambda ln: ln.kind == "loss" and ln.neuron == -1  # the sample's loss first
    if stage.kind == "backward":
        return lambda ln: ln.kind == "backward" and ln.layer == layer and ln.neuron == neuron
    if stage.kind == "update":
        return lambda ln: (ln.kind == "update" and ln.layer == layer and ln.neuron == neuron
                           and ln.param == "b" and not ln.state)
    return None


def _link_line(stage: Stage, layer: int, neuron: int, i: int | None) -> Predicate | None:
    """The line about weight w_ji (``i`` given) or bias b_j into neuron ``neuron``."""
    param, source = ("b", -1) if i is None else ("w", i)
    if stage.kind == "forward":  # the weight and the bias enter through net_j
        return lambda ln: (ln.kind == "forward" and ln.layer == layer and ln.neuron == neuron
                           and ln.symbol.startswith("net"))
    if stage.kind in ("backward", "update"):
        line_kind = "gradient" if stage.kind == "backward" else "update"
        return lambda ln: (ln.kind == line_kind and ln.layer == layer and ln.neuron == neuron
                           and ln.param == param and ln.source == source and not ln.state)
    return None
