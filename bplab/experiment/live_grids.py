"""The grids of a snapshot (every neuron's output over the input plane), within a time budget.

A small net's grids cost a millisecond or two, and every snapshot computes
them whole, as ``make_snapshot`` does.  A big net's cost far more than a frame
may (10 hidden layers of 256 tanh neurons: about 2 s for the 100×100 output
grid alone), so ``LiveGrids`` keeps the last grids and brings a piece of them
up to date per snapshot, within ``seconds`` of CPU time:

* the output grid (the decision boundary) at ``GRID_RESOLUTION``, and the
  other neurons' grids at the coarser ``grid_resolution(sizes)``, are each
  swept row by row, both at the same pace;
* rows are visited interlaced (0, 64, 32, 96, 16, …) rather than top to
  bottom, so every part of the picture follows the training evenly; and
  during the first sweep each row computed also stands in for the rows below
  it not computed yet, so a new network shows a coarse picture at once that
  sharpens as the sweep goes on;
* the work is cut into pieces of whole points, sized from the measured cost
  per point, so one piece never takes much longer than the budget.

Once training stops, ``refine`` finishes the sweep with the final weights, a
piece at a time, so the picture a paused window shows is exact.  Everything
is computed from the weights a snapshot copied, never from the live network:
the refinement may go on while the GUI thread changes the session.

No Qt here: the worker calls it in its thread, tests call it directly.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

import numpy as np

from bplab.experiment.costs import grids_seconds, point_seconds
from bplab.experiment.session import GRID_RESOLUTION, Session
from bplab.experiment.snapshot import Snapshot, frozen, grid_resolution, take_snapshot

Array = np.ndarray

GRID_SECONDS = 0.010  # CPU time one snapshot may spend on grids (a big net's share)
REFINE_SECONDS = 0.040  # CPU time per piece once training stopped (refine)
MIN_POINTS = 8  # the smallest piece


def interlaced(n: int) -> list[int]:
    """0 … n−1, coarse to fine: 0, then every 64th, every 32nd not yet listed, …"""
    step = 1 << max(0, (n - 1).bit_length() - 1)
    order: list[int] = []
    seen = set()
    while step >= 1:
        for r in range(0, n, step):
            if r not in seen:
                seen.add(r)
                order.append(r)
        step //= 2
    return order


def first_spans(order: list[int], n: int) -> dict[int, int]:
    """For the first sweep: how many rows each row stands for until a finer one comes
    (the distance to the next row already listed below it)."""
    spans: dict[int, int] = {}
    listed: list[int] = []
    for r in order:
        below = [q for q in listed if q > r]
        spans[r] = (min(below) if below else n) - r
        listed.append(r)
    return spans


class _Sweep:
    """One grid of points swept in interlaced rows: the neuron grids or the output grid."""

    def __init__(self, inputs: Array, resolution: int, layers: list[int],
                 sizes: Sequence[int], dtype: np.dtype) -> None:
        self.res = resolution
        # (n_features, res²): point-major rows of the plane grid, made neuron-major once
        self.inputs_t = np.ascontiguousarray(np.asarray(inputs, dtype).T)
        self.layers = layers  # which layers' outputs are kept (1 … L)
        self.order = interlaced(resolution)
        self.spans = first_spans(self.order, resolution)
        self.first = True  # still in the first sweep: rows stand in for the ones below
        self.position = 0  # index into order × res + column: the next point to compute
        self.total = resolution * resolution
        self.fresh = 0  # points computed with the current weights
        self.grids = {layer: np.zeros((sizes[layer], resolution, resolution))
                      for layer in layers}
        self.seconds_per_point = point_seconds(sizes)  # refined by measurement

    def next_segments(self, k: int) -> list[tuple[int, int, int, int]]:
        """The next ``k`` points as (row, first column, end column, rows filled),
        advancing the cursor.  During the first sweep a row also fills the rows below
        it that are not computed yet; after it, only itself."""
        segments = []
        res = self.res
        while k > 0:
            slot, col = divmod(self.position, res)
            take = min(k, res - col)
            row = self.order[slot]
            segments.append((row, col, col + take, self.spans[row] if self.first else 1))
            k -= take
            self.position += take
            if self.position >= self.total:
                self.position = 0
                self.first = False
        return segments

    def compute(self, k: int, weights: Sequence[Array], biases: Sequence[Array],
                activations: Sequence) -> int:
        """Compute the next ``k`` points (at most one sweep); returns how many."""
        segments = self.next_segments(min(k, self.total))
        idx = np.concatenate([np.arange(r * self.res + c0, r * self.res + c1)
                              for r, c0, c1, _ in segments])
        outs = neuron_outputs(weights, biases, activations, self.inputs_t[:, idx],
                              keep=self.layers)
        pos = 0
        for r, c0, c1, span in segments:
            n = c1 - c0
            for layer in self.layers:
                self.grids[layer][:, r:r + span, c0:c1] = outs[layer][:, None, pos:pos + n]
            pos += n
        self.fresh = min(self.total, self.fresh + len(idx))
        return len(idx)

    def compute_all(self, weights: Sequence[Array], biases: Sequence[Array],
                    activations: Sequence) -> None:
        """Every point at once, in plain order (a small net, every snapshot): the
        grids are the forward pass's own fresh arrays, never written again."""
        outs = neuron_outputs(weights, biases, activations, self.inputs_t, keep=self.layers)
        res = self.res
        self.grids = {layer: out.reshape(len(out), res, res) for layer, out in outs.items()}
        self.first, self.position, self.fresh = False, 0, self.total

    def complete(self) -> bool:
        return self.fresh >= self.total


def neuron_outputs(weights: Sequence[Array], biases: Sequence[Array], activations: Sequence,
                   xt: Array, keep: Sequence[int]) -> dict[int, Array]:
    """Neuron-major outputs of the layers in ``keep`` for the points ``xt`` (one column
    each), as ``Network.neuron_outputs`` computes them, from given weights rather
    than the live ones."""
    out = xt
    kept: dict[int, Array] = {}
    with np.errstate(all="ignore"):
        for layer, (W, b, act) in enumerate(zip(weights, biases, activations, strict=True),
                                            start=1):
            z = np.dot(W.T, out)
            z += b[:, None]
            out = act.value(z.T).T.copy() if act.name == "softmax" else act.value(z)
            if layer in keep:
                kept[layer] = out
    return kept


class LiveGrids:
    """The grids of one session's snapshots; see the module docstring."""

    def __init__(self, session: Session, seconds: float = GRID_SECONDS,
                 points: int | None = None,
                 clock: Callable[[], float] = time.thread_time) -> None:
        net = session.network
        self.sizes = list(net.sizes)
        self.activations = list(net.activations)
        self.dtype = net.dtype
        self.seconds = seconds
        self._points = points  # fixed points per piece (tests); None: sized by the budget
        self._clock = clock
        self._weights: tuple[Array, ...] | None = None
        self._biases: tuple[Array, ...] | None = None
        self._sweeps: list[_Sweep] = []
        self._features: Array | None = None  # layer 0's grid, which never changes
        # Decided once, from the cost model rather than from timing, so that a small
        # net's snapshots always hold exact grids, however busy the machine is.
        self.whole = grids_seconds(self.sizes) <= seconds
        if session.plane is None:
            return  # no plane, no grids
        n_layers = len(self.sizes) - 1
        res = grid_resolution(self.sizes)
        inputs = session.inputs(session.plane.grid(res))
        self._features = frozen([np.ascontiguousarray(inputs.T).reshape(self.sizes[0], res,
                                                                         res)])[0]
        neurons = list(range(1, n_layers + 1 if res == GRID_RESOLUTION else n_layers))
        if neurons:
            self._sweeps.append(_Sweep(inputs, res, neurons, self.sizes, self.dtype))
        if res != GRID_RESOLUTION:  # the boundary keeps its full resolution
            out = session.inputs(session.plane.grid(GRID_RESOLUTION))
            self._sweeps.append(_Sweep(out, GRID_RESOLUTION, [n_layers], self.sizes, self.dtype))

    # -- state -------------------------------------------------------------
    def complete(self) -> bool:
        """Every grid value was computed from the weights given last."""
        return all(s.complete() for s in self._sweeps)

    def set_weights(self, weights: Sequence[Array], biases: Sequence[Array]) -> None:
        """The weights the next pieces are computed from (read-only copies, kept as they are)."""
        new = (*weights, *biases)
        old = () if self._weights is None else (*self._weights, *self._biases)
        # The same snapshot's arrays again (refine), or, for a big net, equal ones.
        same = len(old) == len(new) and (
            all(a is b for a, b in zip(new, old, strict=True))
            or (not self.whole and all(np.array_equal(a, b, equal_nan=True)
                                      for a, b in zip(new, old, strict=True))))
        self._weights, self._biases = tuple(weights), tuple(biases)
        if not same:
            for s in self._sweeps:
                s.fresh = 0

    # -- work --------------------------------------------------------------
    def advance(self, seconds: float | None = None) -> None:
        """Compute the next pieces, about ``seconds`` of CPU time (all, if that is cheaper)."""
        if self._weights is None or not self._sweeps:
            return
        if self.whole:  # cheap: everything, every time
            for sweep in self._sweeps:
                sweep.compute_all(self._weights, self._biases, self.activations)
            return
        budget = self.seconds if seconds is None else seconds
        costs = [s.seconds_per_point * s.total for s in self._sweeps]
        whole = sum(costs)
        for sweep, cost in zip(self._sweeps, costs, strict=True):
            if self._points is not None:
                k = self._points
            else:  # both sweeps advance by the same share of themselves
                k = max(MIN_POINTS, int(budget * (cost / whole) / sweep.seconds_per_point))
            k = min(k, sweep.total)
            start = self._clock()
            sweep.compute(k, self._weights, self._biases, self.activations)
            spent = self._clock() - start
            if spent > 0 and self._points is None:
                # Smoothed: a piece that the scheduler interrupted must not halve the next.
                sweep.seconds_per_point = 0.5 * sweep.seconds_per_point + 0.5 * spent / k

    def grids(self) -> tuple[Array, ...]:
        """Copies of the grids as they stand: per layer (n, res, res), layer 0 = features."""
        if self._features is None:
            return ()
        out: list[Array] = [self._features]  # read-only, never changes
        for sweep in self._sweeps:
            # A small net's grids are new arrays every time; a big net's are written
            # piece by piece, so the views get copies.
            out.extend(sweep.grids.values() if self.whole else
                       (g.copy() for g in sweep.grids.values()))
        return frozen(out)

    # -- snapshots ------------------------------------------------------------
    def snapshot(self, session: Session, history_start: int, steps_per_second: float,
                 running: bool = False) -> Snapshot:
        """take_snapshot, with these grids brought up to date by one budget's work."""
        snap = take_snapshot(session, history_start, steps_per_second, with_grids=False,
                             running=running)
        self.set_weights(snap.weights, snap.biases)
        self.advance()
        return dataclasses.replace(snap, grids=self.grids())

    def refine(self, base: Snapshot, seconds: float = REFINE_SECONDS) -> Snapshot | None:
        """``base`` with more of its grids computed from its own weights; None once exact."""
        self.set_weights(base.weights, base.biases)
        if self.complete():
            return None
        self.advance(seconds)
        return dataclasses.replace(base, grids=self.grids())

    def sweep_fraction(self) -> float:
        """How much of the grids the current weights have computed (1.0: complete)."""
        if not self._sweeps:
            return 1.0
        return min(s.fresh / s.total for s in self._sweeps)
