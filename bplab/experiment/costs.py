"""Rough costs of the work behind the window, from a network's shape alone.

The estimates decide things that must not depend on how busy the machine is
at the moment: whether a snapshot's grids are computed whole every time or a
piece at a time (``live_grids``), and whether the window waits for a Step or a
picture or lets the worker deliver it later (``bplab.gui.worker``).  They are
seconds of CPU time on an unloaded machine of the kind in DESIGN.md; only
their order of magnitude matters.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from bplab.experiment.session import GRID_RESOLUTION, Session
from bplab.experiment.snapshot import grid_resolution

MAC_SECONDS = 0.5e-9  # one multiply-add in a matrix product
ACTIVATION_SECONDS = 10e-9  # one activation value (tanh, exp)
CALL_SECONDS = 3e-6  # one NumPy call on small arrays


def point_seconds(sizes: Sequence[int]) -> float:
    """CPU time per point of a forward pass through the net (over many points)."""
    macs = sum(a * b for a, b in itertools.pairwise(sizes))
    return macs * MAC_SECONDS + sum(sizes[1:]) * ACTIVATION_SECONDS


def forward_seconds(sizes: Sequence[int], points: int) -> float:
    """CPU time of one forward pass of ``points`` points through the net."""
    return points * point_seconds(sizes) + 3 * (len(sizes) - 1) * CALL_SECONDS


def grids_seconds(sizes: Sequence[int]) -> float:
    """CPU time of a whole set of snapshot grids (what ``make_snapshot`` computes)."""
    res = grid_resolution(list(sizes))
    cost = forward_seconds(sizes, res * res)
    if res != GRID_RESOLUTION:
        cost += forward_seconds(sizes, GRID_RESOLUTION**2)
    return cost


def evaluation_seconds(session: Session) -> float:
    """CPU time of evaluating the whole training and test sets once."""
    tr = session.trainer
    points = len(tr.train.x) + (len(tr.test.x) if tr.test is not None else 0)
    return forward_seconds(session.network.sizes, points)


def epoch_seconds(session: Session) -> float:
    """CPU time of one epoch of training and the evaluation that may end it."""
    tr = session.trainer
    sizes = session.network.sizes
    steps = math.ceil(len(tr.train.x) / tr.batch_size)
    # A step: the forward pass, the backward pass (about twice its arithmetic) and
    # the update, a dozen NumPy calls per layer.
    step = 3 * forward_seconds(sizes, tr.batch_size) + 12 * (len(sizes) - 1) * CALL_SECONDS
    return steps * step + evaluation_seconds(session)
