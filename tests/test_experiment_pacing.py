"""Training at a chosen pace, without Qt: on a fake clock the schedule is exact.

Every mini-batch step costs ``PER_STEP`` fake seconds; resting advances the
clock by what the loop asks for, so the tests see when each epoch starts,
how long the loop rests and what each snapshot carries.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.pacing import (
    MAX_LAG,
    PACE_CHECK,
    PACES,
    PaceSetting,
    pace_label,
)
from bplab.experiment.snapshot import take_snapshot
from bplab.experiment.training_loop import TrainingLoop

PER_STEP = 2.0**-12  # fake seconds per mini-batch step


class FakeClock:
    def __init__(self, session: Session, per_step: float = PER_STEP) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.epoch_starts: list[tuple[int, float]] = []  # (epoch, time its first step began)
        tr = session.trainer
        real = tr.run_steps

        def run_steps(n: int) -> int:
            if tr.position == 0:
                self.epoch_starts.append((tr.epoch, self.now))
            done = real(n)
            self.now += done * per_step
            return done

        tr.run_steps = run_steps

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.sleeps.append(seconds)
        self.now += seconds


def paced_loop(pace: float, n_points: int = 80, batch: int = 10,
               per_step: float = PER_STEP) -> tuple[TrainingLoop, FakeClock, Session]:
    exp = default_experiment()
    exp.data.n_points = n_points
    exp.training.batch_size = batch
    session = Session(exp)
    fake = FakeClock(session, per_step)
    loop = TrainingLoop(session, ParameterEdits(), epoch_pace=PaceSetting(pace),
                        clock=lambda: fake.now, sleep=fake.sleep,
                        snapshot=lambda s, start, sps, running: take_snapshot(
                            s, start, sps, with_grids=False, running=running))
    return loop, fake, session


def take(loop: TrainingLoop, n: int) -> list:
    out = []
    for snap in loop.snapshots():
        out.append(snap)
        loop.consumed.set()
        if len(out) == n:
            break
    return out


def test_the_offered_paces_and_their_names():
    assert PACES == (1, 3, 10, 30, 100, 300, 0)
    assert [pace_label(p) for p in (1, 30, 0)] == ["1 epoch/s", "30 epochs/s", "Max"]
    with pytest.raises(ValueError, match="epochs per second"):
        PaceSetting().set(-1)


@pytest.mark.parametrize("pace", [10.0, 30.0])
def test_epochs_start_on_the_pace_s_schedule_and_each_is_drawn(pace):
    loop, fake, _ = paced_loop(pace, batch=40)  # one step an epoch: epochs are the units
    snaps = take(loop, 12)
    assert [s.epoch for s in snaps] == list(range(1, 13))  # every epoch, none skipped
    starts = [t for _, t in fake.epoch_starts]
    np.testing.assert_allclose(np.diff(starts), 1 / pace)  # exactly on the schedule
    # It rests (never spins): one rest per epoch, in slices of at most PACE_CHECK.
    assert len(fake.sleeps) >= 11 and max(fake.sleeps) <= PACE_CHECK
    assert sum(fake.sleeps) == pytest.approx(11 / pace - 11 * PER_STEP, rel=1e-6)
    assert all(s.batch is None for s in snaps)


def test_at_the_slowest_paces_each_mini_batch_is_shown_with_its_points():
    loop, fake, session = paced_loop(1.0, n_points=80, batch=10)  # 40 train points: 4 steps
    tr = session.trainer
    orders = []
    real = tr._new_order

    def new_order():
        order = real()
        orders.append(order.copy())
        return order

    first = tr.order.copy()
    tr._new_order = new_order
    snaps = take(loop, 8)  # two epochs of four mini-batches
    assert [s.step for s in snaps] == list(range(1, 9))
    assert [s.epoch for s in snaps] == [0, 0, 0, 1, 1, 1, 1, 2]
    expected = [first[i:i + 10] for i in range(0, 40, 10)] + [
        orders[0][i:i + 10] for i in range(0, 40, 10)]
    for snap, rows in zip(snaps, expected, strict=True):
        np.testing.assert_array_equal(snap.batch, rows)
    starts = [t for _, t in fake.epoch_starts]
    assert starts[1] - starts[0] == pytest.approx(1.0)  # still one epoch per second


def test_fast_paces_train_on_time_but_draw_at_most_32_frames_a_second():
    loop, fake, _ = paced_loop(300.0, batch=40)
    snaps = take(loop, 20)
    assert fake.epoch_starts[-1][0] >= 5 * len(snaps)  # many epochs per frame
    starts = [t for _, t in fake.epoch_starts]
    assert (len(starts) - 1) / (starts[-1] - starts[0]) == pytest.approx(300.0, rel=1e-6)
    frames = len(snaps) / fake.now
    assert frames <= 32.5


def test_a_net_too_slow_for_the_pace_goes_on_at_its_own_speed_without_bursts():
    # Each step costs 0.25 s: at 10 epochs/s the schedule is always behind.
    loop, fake, _ = paced_loop(10.0, batch=40, per_step=0.25)
    take(loop, 6)
    starts = [t for _, t in fake.epoch_starts]
    assert min(np.diff(starts)) == pytest.approx(0.25)  # back to back, never a burst
    assert not fake.sleeps


def test_after_a_stall_the_schedule_starts_afresh():
    loop, fake, session = paced_loop(10.0, batch=40)
    tr = session.trainer
    real = tr.run_steps

    def stall_once(n: int) -> int:
        done = real(n)
        if tr.epoch == 3:
            fake.now += 1.0  # one epoch took a second (the machine was busy)
        return done

    tr.run_steps = stall_once
    take(loop, 8)
    starts = [t for _, t in fake.epoch_starts]
    gaps = np.diff(starts)
    assert gaps[2] > 1.0 > MAX_LAG
    np.testing.assert_allclose(gaps[3:], 0.1)  # no catching up in a burst


def test_a_new_pace_applies_while_resting():
    loop, fake, _ = paced_loop(1.0, batch=40)
    pace = loop.epoch_pace
    seen = []
    for snap in loop.snapshots():
        seen.append((snap.epoch, fake.now))
        loop.consumed.set()
        if snap.epoch == 2:
            pace.set(0.0)  # Max: the rest ends at its next check
        if len(seen) == 6:
            break
    assert fake.now < 2.0 + 2 * PACE_CHECK + 1.0  # no second rest of a whole second


def test_pausing_ends_a_long_rest_at_once():
    """Real time: at 1 epoch/s the loop rests on the stop flag, so a pause ends it."""
    exp = default_experiment()
    exp.data.n_points = 80
    exp.training.batch_size = 40
    session = Session(exp)
    loop = TrainingLoop(session, ParameterEdits(), epoch_pace=PaceSetting(1.0))
    ended = threading.Event()
    epochs = []

    def consume():
        for snap in loop.snapshots():
            epochs.append(snap.epoch)
            loop.consumed.set()
        ended.set()

    worker = threading.Thread(target=consume)
    worker.start()
    deadline = time.monotonic() + 5
    while not epochs and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # now resting until the next epoch, ~0.9 s away
    t0 = time.perf_counter()
    session.trainer.stop.set()
    assert ended.wait(2.0)
    latency = time.perf_counter() - t0
    worker.join()
    assert epochs == [1] and latency < 0.3  # answered at once, not after the rest
