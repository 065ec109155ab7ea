"""The hidden space: the training points as a hidden layer sees them, and the input plane's
grid bent by the layers below it (ConvNetJS's 2-D demo).

Qt-free; a view plots ``HiddenSpace.points`` coloured by ``labels`` and draws
each row of ``grid_lines`` as a polyline.  Two coordinates per point: the
outputs of two chosen neurons of the layer, or the layer's first two
principal components.  Like the other grid evaluations it reads the live
weights: call it on the worker thread between steps (and publish the
arrays), or while training is paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bplab.experiment.session import Session

Array = np.ndarray

GRID_LINES = 11  # lines of the input plane in each direction
LINE_SAMPLES = 60  # points along each line: enough for the bends to look smooth


@dataclass(frozen=True, eq=False)
class Projection:
    """How a layer's outputs h (n, n_neurons) become 2-D coordinates.

    ``neurons`` set: the outputs of those two neurons, as they are.  Otherwise
    principal components: ``(h − origin) @ axes``.
    """

    layer: int  # 1-based hidden layer (h[layer] in bplab.engine.network's notation)
    n_neurons: int  # the layer's width
    neurons: tuple[int, int] | None = None  # 0-based neuron numbers within the layer
    origin: Array | None = None  # (n_neurons,): the training points' mean output
    axes: Array | None = None  # (n_neurons, 2): unit directions of the first two components
    explained: tuple[float, float] = (float("nan"), float("nan"))  # variance share of each

    def apply(self, h: Array) -> Array:
        """(n, 2) float64 coordinates of the layer outputs ``h``."""
        h = np.asarray(h, np.float64)
        if self.neurons is not None:
            return h[:, list(self.neurons)]
        assert self.origin is not None and self.axes is not None
        return (h - self.origin) @ self.axes

    @property
    def axis_names(self) -> tuple[str, str]:
        """How to label the axes: 'h2,1' is neuron 1 (from 1) of hidden layer 2; else PC 1/2."""
        if self.neurons is not None:
            a, b = self.neurons
            return f"h{self.layer},{a + 1}", f"h{self.layer},{b + 1}"
        return "PC 1", "PC 2"


@dataclass(frozen=True, eq=False)
class HiddenSpace:
    """Arrays ready to plot, all float64 in the projection's coordinates."""

    points: Array  # (n_train, 2): the training points
    labels: Array  # (n_train,): their class numbers (or regression targets), for colours
    grid_lines: Array  # (n_lines, samples, 2): images of the input grid; n_lines 0 unless 2-D
    input_lines: Array  # (n_lines, samples, 2): the same lines in the input plane
    projection: Projection

    @property
    def axis_names(self) -> tuple[str, str]:
        return self.projection.axis_names


def layer_outputs(session: Session, x: Array, layer: int) -> Array:
    """h[layer] for the raw points ``x`` (the engine's own forward pass)."""
    with np.errstate(all="ignore"):
        return session.network.forward(session.inputs(x)).h[layer]


def check_layer(session: Session, layer: int) -> int:
    n_hidden = len(session.network.sizes) - 2
    if n_hidden == 0:
        raise ValueError("the network has no hidden layer; add one to see a hidden space")
    if not 1 <= int(layer) <= n_hidden:
        raise ValueError(f"choose a hidden layer from 1 to {n_hidden}, got {layer}")
    return int(layer)


def neuron_projection(session: Session, layer: int, neurons: tuple[int, int]) -> Projection:
    layer = check_layer(session, layer)
    width = session.network.sizes[layer]
    a, b = (int(n) for n in neurons)
    if not (0 <= a < width and 0 <= b < width) or a == b:
        raise ValueError(f"choose two different neurons from 0 to {width - 1} of hidden layer "
                         f"{layer}, got {neurons}")
    return Projection(layer, width, neurons=(a, b))


def pca_projection(h: Array, layer: int) -> Projection:
    """The first two principal components of the outputs ``h`` (n, n_neurons), by SVD.

    Each axis is signed so that its largest entry is positive: the same data
    gives the same picture, not a mirrored one.  A one-neuron layer gets a
    zero second axis.
    """
    h = np.asarray(h, np.float64)
    width = h.shape[1]
    origin = h.mean(axis=0)
    _, s, vt = np.linalg.svd(h - origin, full_matrices=False)
    axes = np.zeros((width, 2))
    n_axes = min(2, len(vt))
    axes[:, :n_axes] = vt[:n_axes].T
    for c in range(n_axes):
        if axes[np.argmax(np.abs(axes[:, c])), c] < 0:
            axes[:, c] = -axes[:, c]
    variance = s**2
    total = float(variance.sum())
    shares = [float(variance[c]) / total if total > 0 and c < len(s) else 0.0 for c in range(2)]
    return Projection(layer, width, origin=origin, axes=axes,
                      explained=(shares[0], shares[1]))


def input_grid_lines(session: Session, lines: int = GRID_LINES,
                     samples: int = LINE_SAMPLES) -> Array:
    """(2·lines, samples, 2) raw points on a regular grid of the input plane: ``lines``
    lines of constant x1, then ``lines`` of constant x2; empty unless the data is 2-D."""
    plane = session.plane
    if plane is None:
        return np.zeros((0, samples, 2))
    xs = np.linspace(plane.xmin, plane.xmax, lines)
    ys = np.linspace(plane.ymin, plane.ymax, lines)
    along_y = np.linspace(plane.ymin, plane.ymax, samples)
    along_x = np.linspace(plane.xmin, plane.xmax, samples)
    vertical = np.stack([np.column_stack([np.full(samples, x), along_y]) for x in xs])
    horizontal = np.stack([np.column_stack([along_x, np.full(samples, y)]) for y in ys])
    return np.concatenate([vertical, horizontal])


def hidden_space(session: Session, layer: int, neurons: tuple[int, int] | None = None,
                 projection: Projection | None = None, lines: int = GRID_LINES,
                 samples: int = LINE_SAMPLES) -> HiddenSpace:
    """The training points and the input grid in hidden layer ``layer`` (1-based).

    ``neurons``: two 0-based neuron numbers of the layer to use as coordinates;
    None: the first two principal components of the training points' outputs,
    computed in this call and applied to the grid lines too.  Pass the
    ``projection`` of an earlier call instead to keep the axes still while the
    network trains (it must be for the same layer and width).
    """
    layer = check_layer(session, layer)
    h = layer_outputs(session, session.train_set.x, layer)
    if projection is None:
        projection = (neuron_projection(session, layer, neurons) if neurons is not None
                      else pca_projection(h, layer))
    elif (projection.layer, projection.n_neurons) != (layer, h.shape[1]):
        raise ValueError(f"this projection is for hidden layer {projection.layer} of "
                         f"{projection.n_neurons} neurons, not layer {layer} of {h.shape[1]}")
    raw_lines = input_grid_lines(session, lines, samples)
    n_lines = len(raw_lines)
    if n_lines:
        flat = layer_outputs(session, raw_lines.reshape(-1, 2), layer)
        grid = projection.apply(flat).reshape(n_lines, samples, 2)
    else:
        grid = np.zeros((0, samples, 2))
    labels = session.train_set.y
    return HiddenSpace(points=projection.apply(h), labels=labels.copy(), grid_lines=grid,
                       input_lines=raw_lines, projection=projection)
