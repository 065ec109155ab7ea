"""Training at a chosen pace: so many epochs per second, for learning you can watch.

``TrainingLoop`` (``bplab.experiment.training_loop``) trains as fast as it can
when the pace is 0 ("Max"), and hands over to ``paced_snapshots`` otherwise.
That one trains a unit of work (an epoch; a single mini-batch at the slowest
paces) and rests until the next unit is due on a fixed schedule, resting with
``trainer.stop.wait`` so a pause answers at once.  Never a busy wait.

* Up to ``EVERY_EPOCH_DRAWN`` epochs per second every epoch gets its own
  snapshot, and the loop waits for the consumer to take it: no frame is skipped.
* Up to ``BATCH_PACE`` epochs per second with several mini-batches an epoch,
  each mini-batch is a unit, and snapshots carry the indices of the batch just
  learned from (``Snapshot.batch``), so the window can point at those points;
  a batch is drawn when the consumer is ready for it (it is not waited for).
* Faster paces snapshot at most ``Pace.max_snapshots_per_second`` times a second.

Qt-free: the window's worker and the tests drive it alike.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Generator
from typing import TYPE_CHECKING

from bplab.experiment.snapshot import Snapshot

if TYPE_CHECKING:
    from bplab.experiment.training_loop import TrainingLoop

PACES = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 0.0)  # offered epochs per second; 0: Max
MAX_PACE = 0.0  # as fast as possible
DEFAULT_PACE = 30.0  # one epoch per drawn frame, like TF Playground's one per animation frame
EVERY_EPOCH_DRAWN = 32.0  # at or below this pace every epoch is drawn
BATCH_PACE = 3.0  # at or below this pace each mini-batch is a unit of its own, highlighted
PACE_CHECK = 0.05  # s: while resting, a change of pace is noticed within this time
MAX_LAG = 0.1  # s: later than this (or one unit) behind the schedule, it starts afresh


class PaceSetting:
    """The pace the worker trains at, changed from any thread.

    One float attribute: assigning it is atomic, and the loop reads it between
    units of work (and every ``PACE_CHECK`` while it rests).
    """

    def __init__(self, epochs_per_second: float = MAX_PACE) -> None:
        self.epochs_per_second = float(epochs_per_second)

    def set(self, epochs_per_second: float) -> None:
        if not (math.isfinite(epochs_per_second) and epochs_per_second >= 0):
            raise ValueError(f"the pace must be a number of epochs per second of at least 0 "
                             f"(0: as fast as possible), not {epochs_per_second!r}")
        self.epochs_per_second = float(epochs_per_second)


def pace_label(epochs_per_second: float) -> str:
    """'30 epochs/s', '1 epoch/s' or 'Max' (English; the window translates its own)."""
    if epochs_per_second <= 0:
        return "Max"
    unit = "epoch" if epochs_per_second == 1 else "epochs"
    return f"{epochs_per_second:g} {unit}/s"


def paced_snapshots(loop: TrainingLoop) -> Generator[Snapshot, None, bool]:
    """Train at ``loop.epoch_pace``'s pace; True when the pace changed (the caller goes on),
    False when training ended (stopped, a stop rule, divergence or no progress)."""
    session, clock = loop.session, loop.clock
    tr = session.trainer
    eps = loop.epoch_pace.epochs_per_second
    per_epoch = tr.steps_per_epoch()
    by_batch = eps <= BATCH_PACE and per_epoch > 1  # each mini-batch a unit (highlighted)
    period = 1.0 / (eps * (per_epoch if by_batch else 1))  # seconds per unit
    every_epoch = eps <= EVERY_EPOCH_DRAWN
    frame = 1.0 / loop.pace.max_snapshots_per_second
    due = clock()  # when the next unit starts: the first one at once
    last_emit, steps_at_emit = -math.inf, tr.step
    while not tr.stop.is_set():
        if not _rest_until(loop, due, eps):
            return loop.epoch_pace.epochs_per_second != eps and not tr.stop.is_set()
        loop.edits.apply(session)
        batch = tr.next_batch()[0].copy() if by_batch else None
        n = 1 if by_batch else per_epoch - math.ceil(tr.position / tr.batch_size)
        left = loop.watch.steps_left() if loop.watch is not None else None
        if left is not None:
            if left == 0:
                loop.watch.check_epoch()
                return False
            n = min(n, left)
        done = tr.run_steps(max(1, n))
        if tr.status == "diverged" or done == 0:
            return False
        if loop.watch is not None and tr.position == 0:
            loop.watch.check_epoch()
        now = clock()
        due += period
        if now - due > max(period, MAX_LAG):
            due = now  # far behind (a stall, or a pace this net cannot reach): no burst
        epoch_end = tr.position == 0
        # Every epoch is drawn at these paces: wait for the consumer rather than skip one.
        # A mini-batch within an epoch is drawn when the consumer is ready, never waited
        # for, so a busy machine slows the drawing, not the pace.
        must = epoch_end and every_epoch
        may = (epoch_end or by_batch) and now - last_emit >= frame and loop.consumed.is_set()
        if not (must or may):
            continue
        if must and not _wait_consumed(loop):
            return False
        sps = (tr.step - steps_at_emit) / (now - last_emit) if now > last_emit else 0.0
        loop.consumed.clear()
        snap = loop.take(sps if math.isfinite(last_emit) else 0.0, running=True)
        if batch is not None:
            snap = dataclasses.replace(snap, batch=batch)
        last_emit, steps_at_emit = now, tr.step
        yield snap
    return False


def _rest_until(loop: TrainingLoop, due: float, eps: float) -> bool:
    """Rest until ``due``; False if training stopped or the pace changed meanwhile."""
    tr = loop.session.trainer
    while True:
        if tr.stop.is_set() or loop.epoch_pace.epochs_per_second != eps:
            return False
        left = due - loop.clock()
        if left <= 0:
            return True
        loop.sleep(min(left, PACE_CHECK))


def _wait_consumed(loop: TrainingLoop) -> bool:
    """Wait until the consumer took the last snapshot; False if training stopped meanwhile."""
    stop = loop.session.trainer.stop
    while not loop.consumed.wait(PACE_CHECK):
        if stop.is_set():
            return False
    return not stop.is_set()
