"""Snapshot grids within a budget: exact and whole for small nets, a piece at a time for
big ones, always the right values once a sweep is done; and the Step as the worker runs it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
from bplab.experiment.costs import grids_seconds
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.live_grids import GRID_SECONDS, MIN_POINTS, LiveGrids, interlaced
from bplab.experiment.session import GRID_RESOLUTION
from bplab.experiment.snapshot import (
    grid_resolution,
    link_values,
    make_snapshot,
    strongest_links,
)
from bplab.experiment.training_loop import TrainingLoop

BIG = [64, 64, 64]  # more than a snapshot may spend on grids, yet quick to test


def session_with(hidden: list[int], act: str = "tanh", **training) -> Session:
    exp = default_experiment()
    exp.architecture.hidden = list(hidden)
    exp.architecture.activations = [act] * len(hidden)
    for key, value in training.items():
        setattr(exp.training, key, value)
    session = Session(exp)
    session.trainer.record()
    return session


def exact_grids(session: Session) -> list[np.ndarray]:
    """Every grid computed whole from the live weights, as make_snapshot does."""
    return list(make_snapshot(session, 0, 0.0).grids)


def test_rows_are_visited_coarse_to_fine_and_each_once():
    order = interlaced(GRID_RESOLUTION)
    assert sorted(order) == list(range(GRID_RESOLUTION))
    assert order[:4] == [0, 64, 32, 96]
    assert interlaced(1) == [0]


def test_a_small_net_gets_exact_grids_in_every_snapshot():
    session = session_with([8, 8])
    grids = LiveGrids(session)
    assert grids.whole and grids_seconds(session.network.sizes) <= GRID_SECONDS
    for _ in range(2):
        session.trainer.run_epochs(1)
        snap = grids.snapshot(session, 0, 0.0)
        assert grids.complete() and grids.refine(snap) is None
        for ours, want in zip(snap.grids, exact_grids(session), strict=True):
            np.testing.assert_allclose(ours, want, rtol=1e-12, atol=1e-12)


def test_a_big_net_computes_a_bounded_piece_per_snapshot_and_shows_a_full_picture():
    session = session_with(BIG, "relu")
    sizes = session.network.sizes
    grids = LiveGrids(session, points=300)
    assert not grids.whole  # the cost model calls it big
    snap = grids.snapshot(session, 0, 0.0)
    res = grid_resolution(sizes)
    assert res < GRID_RESOLUTION
    assert [g.shape for g in snap.grids] == (
        [(n, res, res) for n in sizes[:-1]] + [(1, GRID_RESOLUTION, GRID_RESOLUTION)])
    # 300 points of each grid, not the whole: 3 rows of the boundary were computed.
    assert [s.fresh for s in grids._sweeps] == [300, 300]
    assert grids.sweep_fraction() == pytest.approx(300 / GRID_RESOLUTION**2)
    exact = exact_grids(session)
    out, want = snap.grids[-1][0], exact[-1][0]
    computed = [r for r in range(GRID_RESOLUTION) if np.allclose(out[r], want[r], atol=1e-9)]
    assert computed[:3] == [0, 32, 64] and len(computed) < GRID_RESOLUTION
    # ... yet every row shows something: a row not computed yet shows the one above it.
    for r in range(GRID_RESOLUTION):
        source = max(c for c in (0, 32, 64) if c <= r)
        np.testing.assert_array_equal(out[r], out[source])


def test_refining_finishes_the_grids_from_the_snapshots_own_weights():
    session = session_with(BIG, "relu")
    grids = LiveGrids(session, points=2000)
    snap = grids.snapshot(session, 0, 0.0)
    kept = [g.copy() for g in snap.grids]
    exact = exact_grids(session)
    session.trainer.run_epochs(2)  # the live net moves on: refining must not follow it
    pieces = 0
    while (refined := grids.refine(snap)) is not None:
        pieces += 1
        snap_final = refined
    assert pieces == 4  # 10,000 boundary points, 2,000 a piece, the snapshot's included
    assert grids.complete()
    for ours, want in zip(snap_final.grids, exact, strict=True):
        np.testing.assert_allclose(ours, want, rtol=1e-9, atol=1e-9)
    for before, now in zip(kept, snap.grids, strict=True):  # snapshots are never changed
        np.testing.assert_array_equal(before, now)
    assert not any(np.shares_memory(a, b) for a, b in itertools.product(
        snap_final.grids, [g for s in grids._sweeps for g in s.grids.values()]))


def test_new_weights_start_the_count_again():
    session = session_with(BIG, "relu")
    grids = LiveGrids(session, points=5000)
    snap = grids.snapshot(session, 0, 0.0)
    while grids.refine(snap) is not None:
        pass
    assert grids.complete()
    session.trainer.run_steps(1)
    grids.snapshot(session, 0, 0.0)
    assert not grids.complete()  # rows drawn from the old weights are stale now


def test_piece_sizes_follow_the_measured_cost():
    """A piece that took long makes the next one smaller, down to MIN_POINTS."""
    now = [0.0]

    def slow_clock() -> float:  # every piece seems to take a whole second
        now[0] += 0.5
        return now[0]

    session = session_with(BIG, "relu")
    grids = LiveGrids(session, clock=slow_clock)
    grids.snapshot(session, 0, 0.0)
    first = grids.sweep_fraction()
    for _ in range(6):
        grids.snapshot(session, 0, 0.0)  # the same weights: the count goes on
    sweep = grids._sweeps[-1]
    assert sweep.fresh - first * sweep.total <= 6 * MIN_POINTS * 4


def test_strongest_links_are_the_largest_weights():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(30, 40)), rng.normal(size=(40, 50)), rng.normal(size=(50, 1))]
    weights[1][3, 4] = np.nan  # counts as 0
    flat = np.concatenate([w.ravel() for w in weights])
    chosen = strongest_links(weights, 100)
    assert len(chosen) == 100 and np.all(np.diff(chosen) > 0)
    threshold = np.sort(np.abs(np.nan_to_num(flat)))[-100]
    assert np.all(np.abs(flat[chosen]) >= threshold)
    np.testing.assert_array_equal(link_values(weights, chosen), flat[chosen])
    assert strongest_links(weights, flat.size) is None  # few enough: all are drawn


def test_a_snapshot_of_a_big_net_names_its_strongest_links():
    session = session_with([64, 64])
    snap = make_snapshot(session, 0, 0.0)
    flat = np.concatenate([w.ravel() for w in session.network.W])
    assert snap.strong_links is not None and not snap.strong_links.flags.writeable
    np.testing.assert_array_equal(snap.strong_links, strongest_links(session.network.W))
    assert make_snapshot(session_with([4, 2]), 0, 0.0).strong_links is None
    assert len(flat) > len(snap.strong_links)


# -- the Step, as the worker runs it -------------------------------------------------------
def step_session() -> Session:
    return session_with([4, 2], batch_size=3)  # 84 mini-batches per epoch


def test_one_epoch_is_run_epochs_1_bit_for_bit():
    a, b = step_session(), step_session()
    a.trainer.run_epochs(2)
    b.trainer.run_epochs(1)
    reports = list(TrainingLoop(b, ParameterEdits()).one_epoch())
    total = a.trainer.steps_per_epoch()
    assert reports[0] == (0, total) and reports[-1] == (total, total)
    assert b.trainer.epoch == 2 and b.trainer.position == 0
    for x, y in zip(a.network.W + a.network.b, b.network.W + b.network.b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.trainer.history.epoch == b.trainer.history.epoch


def test_a_cancelled_step_stops_inside_the_epoch_and_the_next_one_finishes_it():
    a, b = step_session(), step_session()
    a.trainer.run_epochs(1)
    loop = TrainingLoop(b, ParameterEdits())
    steps = loop.one_epoch(report_seconds=0.0)
    next(steps)  # (0, total)
    _done, total = next(steps)  # after the first chunk
    b.trainer.stop.set()  # Cancel
    last = list(steps)[-1]
    assert 0 < last[0] < total and b.trainer.epoch == 0 and b.trainer.position > 0
    assert b.trainer.history.epoch == [0]  # nothing recorded for an unfinished epoch
    b.trainer.stop.clear()
    list(TrainingLoop(b, ParameterEdits()).one_epoch())
    assert b.trainer.epoch == 1 and b.trainer.position == 0
    for x, y in zip(a.network.W + a.network.b, b.network.W + b.network.b, strict=True):
        np.testing.assert_array_equal(x, y)
