"""The worker's schedule without Qt: chunks, due times, the stop flag, edits, divergence.

A fake clock makes the timing exact: every step costs ``PER_STEP`` seconds
and every snapshot ``cost`` seconds of CPU, all powers of two so that no
rounding blurs the comparisons (a step is 3/256 of a frame interval, so a
schedule that drifts shows up).
"""

from __future__ import annotations

import numpy as np

from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.model import Architecture, DataSpec
from bplab.experiment.session import GRID_RESOLUTION
from bplab.experiment.snapshot import grid_resolution, make_snapshot, take_snapshot
from bplab.experiment.training_loop import Pace, TrainingLoop

PER_STEP = 3 * 2.0**-13  # seconds per mini-batch step
PACE = Pace(chunk_seconds=2.0**-7, max_snapshots_per_second=32.0, snapshot_share=0.25)
FULL_CHUNK = 21  # int(PACE.chunk_seconds / PER_STEP)
INTERVAL = 1 / 32


class FakeTime:
    """Wall and CPU clocks that move only when the loop trains or takes a snapshot."""

    def __init__(self, session: Session, snapshot_cost: float = 0.0) -> None:
        self.now = 0.0
        self.cpu = 0.0
        self.snapshot_cost = snapshot_cost
        self.requests: list[int] = []  # n of each run_steps call
        self.before_step = None  # called before each run_steps call
        tr = session.trainer
        real = tr.run_steps

        def run_steps(n: int) -> int:
            if self.before_step is not None:
                self.before_step()
            self.requests.append(n)
            done = real(n)
            self.now += done * PER_STEP
            return done

        tr.run_steps = run_steps  # this trainer only

    def snapshot(self, session: Session, start: int, sps: float, running: bool):
        self.now += self.snapshot_cost
        self.cpu += self.snapshot_cost
        return take_snapshot(session, start, sps, with_grids=False, running=running)


def timed_loop(session: Session, edits: ParameterEdits | None = None,
               snapshot_cost: float = 0.0) -> tuple[TrainingLoop, FakeTime]:
    fake = FakeTime(session, snapshot_cost)
    loop = TrainingLoop(session, edits or ParameterEdits(), pace=PACE, clock=lambda: fake.now,
                        cpu_clock=lambda: fake.cpu, snapshot=fake.snapshot)
    return loop, fake


def take(loop: TrainingLoop, n: int) -> list[tuple[float, object]]:
    """The first n snapshots with the fake time they left at; consumed at once."""
    out = []
    for snap in loop.snapshots():
        out.append((loop._clock(), snap))
        loop.consumed.set()
        if len(out) == n:
            break
    return out


def test_chunks_double_up_to_the_target_duration():
    session = Session(default_experiment())
    loop, fake = timed_loop(session)
    take(loop, 8)
    req = fake.requests
    assert req[:6] == [1, 2, 4, 8, 16, FULL_CHUNK]  # 2× per chunk, never a jump
    assert max(req) == FULL_CHUNK  # …and no longer than chunk_seconds
    assert min(req) >= 1


def test_snapshots_leave_on_a_fixed_grid_cut_to_the_step():
    session = Session(default_experiment())
    loop, _ = timed_loop(session)
    times = [t for t, _ in take(loop, 20)]
    for k, t in enumerate(times, start=1):
        # Each chunk ends at the first step past the due time, not a whole chunk later.
        assert k * INTERVAL <= t < k * INTERVAL + PER_STEP, (k, t)


def test_snapshots_keep_to_their_share_of_the_time():
    session = Session(default_experiment())
    cost = 2.0**-5  # 31 ms of CPU per snapshot: at a 25% share, one every 125 ms
    loop, _ = timed_loop(session, snapshot_cost=cost)
    times = [t for t, _ in take(loop, 6)]
    gaps = np.diff(times)
    assert np.all(gaps >= cost / PACE.snapshot_share - PER_STEP)
    assert np.all(gaps <= cost / PACE.snapshot_share + cost + PER_STEP)


def test_work_that_keeps_to_its_own_share_does_not_space_out_the_frames():
    """A snapshot that also ran the doctor (RunWatch.last_cost) is not charged for it: the
    frames after it keep their cadence."""
    session = Session(default_experiment())
    cost = 2.0**-5  # 31 ms per snapshot, all of it the doctor's own, self-limited work
    loop, _ = timed_loop(session, snapshot_cost=cost)
    loop.self_limited = lambda: cost
    times = [t for t, _ in take(loop, 6)]
    gaps = np.diff(times)
    assert np.all(gaps <= INTERVAL + cost + PER_STEP)  # not cost / share (125 ms)


def test_a_steps_per_second_figure_follows_the_clock():
    session = Session(default_experiment())
    loop, _ = timed_loop(session)
    snaps = [s for _, s in take(loop, 5)]
    for snap in snaps[1:]:
        assert abs(snap.steps_per_second - 1 / PER_STEP) / (1 / PER_STEP) < 0.01


def test_the_stop_flag_ends_the_run_between_chunks():
    session = Session(default_experiment())
    loop, fake = timed_loop(session)
    tr = session.trainer
    gen = loop.snapshots()
    for _ in range(3):
        next(gen)
        loop.consumed.set()
    tr.stop.set()  # as TrainingController.pause does from the GUI thread
    calls, step = len(fake.requests), tr.step
    assert next(gen, None) is None
    assert len(fake.requests) == calls and tr.step == step  # not one more step


def test_the_stop_flag_ends_a_chunk_early():
    session = Session(default_experiment())
    loop, fake = timed_loop(session)
    tr = session.trainer
    fake.before_step = lambda: tr.stop.set() if len(fake.requests) == 5 else None
    assert list(loop.snapshots()) == []  # stopped before the first frame was due
    assert len(fake.requests) == 6 and tr.step == 1 + 2 + 4 + 8 + 16  # none in the 6th


def test_no_snapshot_while_the_consumer_has_not_taken_the_last():
    session = Session(default_experiment())
    loop, fake = timed_loop(session)
    tr = session.trainer
    fake.before_step = lambda: tr.stop.set() if len(fake.requests) >= 300 else None
    snaps = []
    for snap in loop.snapshots():
        snaps.append(snap)  # never marked consumed
    assert len(snaps) == 1
    assert fake.now > 10 * INTERVAL  # many frames were due meanwhile
    final = loop.final_snapshot()
    assert final.step == tr.step and final.steps_per_second == 0.0


def test_edits_are_applied_between_chunks_while_it_runs():
    session = Session(default_experiment())
    edits = ParameterEdits()
    loop, fake = timed_loop(session, edits)
    net, tr = session.network, session.trainer
    seen: list[tuple[float, float]] = []  # (weight, bias) as each chunk starts
    fake.before_step = lambda: seen.append((float(net.W[1][0, 0]), float(net.b[2][0])))
    gen = loop.snapshots()
    next(gen)
    loop.consumed.set()
    edits.put_weight(1, 0, 0, 7.5)
    edits.put_bias(2, 0, -3.0)
    calls = len(fake.requests)
    next(gen)  # the run goes on…
    assert seen[calls] == (7.5, -3.0)  # …and the very next chunk starts from the edits
    assert seen[calls - 1] != (7.5, -3.0)
    assert not tr.stop.is_set()
    assert len(fake.requests) > calls + 1  # several chunks trained on from the edited values


def test_history_is_handed_over_once():
    session = Session(default_experiment())
    session.trainer.record()
    loop, _ = timed_loop(session)
    snaps = [s for _, s in take(loop, 10)]
    session.trainer.stop.set()
    snaps.append(loop.final_snapshot())
    epochs = np.concatenate([s.history["epoch"] for s in snaps])
    assert epochs.tolist() == session.trainer.history.epoch
    assert snaps[0].history_start == 0


def test_divergence_ends_the_run_by_itself():
    exp = Experiment(data=DataSpec(generator="plane"),
                     architecture=Architecture(hidden=[4, 2], activations=["tanh", "tanh"],
                                               output_activation="linear"))
    exp.training.learning_rate = 10.0
    session = Session(exp)
    loop = TrainingLoop(session, ParameterEdits())
    for _ in loop.snapshots():
        loop.consumed.set()
    tr = session.trainer
    assert tr.status == "diverged" and not np.isfinite(tr.history.train_loss[-1])
    assert loop.final_snapshot().status == "diverged"
    assert list(TrainingLoop(session, ParameterEdits()).snapshots()) == []  # never restarts


def test_real_clock_run_trains_and_publishes():
    session = Session(default_experiment())
    loop = TrainingLoop(session, ParameterEdits())
    snaps = []
    for snap in loop.snapshots():
        snaps.append(snap)
        loop.consumed.set()
        if len(snaps) == 3:
            break
    assert snaps[-1].step > snaps[0].step > 0
    assert snaps[0].grids  # the real snapshot maker draws the grids


def test_parameter_edits_are_ordered():
    session = Session(default_experiment())
    edits = ParameterEdits()
    edits.put_weight(0, 0, 0, 1.0)
    edits.put_weight(0, 0, 0, 2.0)
    edits.put_bias(0, 3, 0.5)
    assert edits.apply(session) == 3
    assert session.network.W[0][0, 0] == 2.0 and session.network.b[0][3] == 0.5
    assert edits.apply(session) == 0


def test_big_networks_keep_a_full_decision_boundary():
    """Only the neuron thumbnails get coarser; the boundary stays at least 100×100."""
    assert grid_resolution([2, 4, 2, 1]) == GRID_RESOLUTION
    assert GRID_RESOLUTION >= 100
    exp = default_experiment()
    exp.architecture.hidden = [256] * 10
    exp.architecture.activations = ["relu"] * 10
    session = Session(exp)
    sizes = session.network.sizes
    assert grid_resolution(sizes) < GRID_RESOLUTION  # hidden neurons: coarser thumbnails
    snap = make_snapshot(session, 0, 0.0)
    assert len(snap.grids) == len(sizes)
    out = snap.grids[-1]
    assert out.shape == (sizes[-1], GRID_RESOLUTION, GRID_RESOLUTION)
    # The same values as the full-resolution neuron grids would give.
    full = session.neuron_grids(GRID_RESOLUTION)[-1]
    np.testing.assert_allclose(out, full, rtol=1e-5, atol=1e-6)
    assert snap.grids[1].shape[1] == grid_resolution(sizes)


def test_divergence_after_an_edit_by_hand_names_the_edit():
    exp = Experiment(data=DataSpec(generator="plane"),
                     architecture=Architecture(hidden=[4, 2], activations=["linear", "linear"],
                                               output_activation="linear"))
    session = Session(exp)
    tr = session.trainer
    tr.record()
    tr.run_epochs(3)
    edits = ParameterEdits()
    edits.put_weight(1, 0, 0, 1e6)
    loop = TrainingLoop(session, edits)
    for _ in loop.snapshots():  # the edit goes in with the first chunk
        loop.consumed.set()
    assert tr.status == "diverged"
    assert ("the weight from neuron 1 of hidden layer 1 to neuron 1 of hidden layer 2, set by "
            "hand to 1e+06 at epoch 3") in tr.message
    assert "learning rate (" not in tr.message
