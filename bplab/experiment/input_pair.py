"""The decision boundary of data with more than two inputs: a chosen pair of inputs on the
axes, every other input held at its training mean.

Qt-free: the boundary view draws ``PairGrid.values`` as it draws
``Session.output_grid`` and says which inputs are held, and at what.  It reads
the live weights: call it on the worker thread between steps, or while
training is paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bplab.experiment.session import GRID_RESOLUTION, Plane

if TYPE_CHECKING:
    from bplab.experiment.session import Session

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class PairGrid:
    """The network's output over a grid of two raw inputs.

    ``values[k, iy, ix]`` is output neuron ``k`` at x = column ``pair[0]``'s
    ``ix``-th grid value and y = column ``pair[1]``'s ``iy``-th (rows grow with
    y, as in ``Session.output_grid``), from ``extent`` = (xmin, xmax, ymin,
    ymax) in the data's own units.  ``held`` maps each other input column's
    name to the value it is held at (its mean over the training points); it
    is empty for 2-D data.
    """

    values: Array  # (n_outputs, resolution, resolution)
    extent: tuple[float, float, float, float]
    pair: tuple[int, int]  # raw input columns on the x and y axes
    names: tuple[str, str]  # their names
    held: dict[str, float]  # other column name -> its training mean
    train_points: Array  # (n_train, 2): the training points' values of the pair
    test_points: Array  # (n_test, 2)

    @property
    def plane(self) -> Plane:
        return Plane(*self.extent)


def raw_column_names(session: Session) -> list[str]:
    """Names of the raw input columns: the data's own (a CSV header's), else x1, x2, …"""
    d = session.dataset.x.shape[1]
    return list(session.dataset.columns) or [f"x{i + 1}" for i in range(d)]


def _span(values: Array) -> tuple[float, float]:
    # plane_for's rule: the data's range with a quarter of it (at least 0.5) on each side
    lo, hi = float(values.min()), float(values.max())
    margin = max((hi - lo) * 0.25, 0.5)
    return lo - margin, hi + margin


def pair_plane(session: Session, pair: tuple[int, int]) -> Plane:
    """The part of the (pair[0], pair[1]) plane to show: the view's plane for 2-D data."""
    i, j = pair
    if session.plane is not None and (i, j) == (0, 1):
        return session.plane
    if session.plane is not None and (i, j) == (1, 0):
        p = session.plane
        return Plane(p.ymin, p.ymax, p.xmin, p.xmax)
    x = session.dataset.x
    return Plane(*_span(x[:, i]), *_span(x[:, j]))


def check_pair(session: Session, pair: tuple[int, int]) -> tuple[int, int]:
    d = session.dataset.x.shape[1]
    if d < 2:
        raise ValueError("the data has one input column; a boundary needs two")
    i, j = (int(v) for v in pair)
    if not (0 <= i < d and 0 <= j < d) or i == j:
        raise ValueError(f"choose two different input columns from 0 to {d - 1}, got {pair}")
    return i, j


def pair_inputs(session: Session, pair: tuple[int, int], plane: Plane,
                resolution: int) -> Array:
    """Network inputs on the grid: the pair varies, the other raw columns sit at their
    training mean; features and standardisation as for any point."""
    i, j = pair
    grid = plane.grid(resolution)
    raw = np.repeat(session.train_set.x.mean(axis=0)[None, :], len(grid), axis=0)
    raw[:, i], raw[:, j] = grid[:, 0], grid[:, 1]
    return session.inputs(raw)


def pair_grid(session: Session, pair: tuple[int, int] = (0, 1),
              resolution: int = GRID_RESOLUTION, inputs: Array | None = None) -> PairGrid:
    """The output over ``resolution`` × ``resolution`` values of the input columns ``pair``.

    ``inputs``: the grid's network inputs (``pair_inputs``) when the caller keeps them.
    """
    pair = check_pair(session, pair)
    plane = pair_plane(session, pair)
    if inputs is None:
        inputs = pair_inputs(session, pair, plane, resolution)
    with np.errstate(all="ignore"):
        out = session.network.predict(inputs)
    values = np.ascontiguousarray(out.T).reshape(out.shape[1], resolution, resolution)
    names = raw_column_names(session)
    means = session.train_set.x.mean(axis=0)
    held = {names[c]: float(means[c]) for c in range(len(names)) if c not in pair}
    i, j = pair
    return PairGrid(values=values, extent=(plane.xmin, plane.xmax, plane.ymin, plane.ymax),
                    pair=pair, names=(names[i], names[j]), held=held,
                    train_points=session.train_set.x[:, [i, j]],
                    test_points=session.test_set.x[:, [i, j]])
