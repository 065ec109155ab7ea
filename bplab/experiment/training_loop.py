"""The training schedule behind the window, without Qt: chunks of steps, snapshots on time.

``TrainingLoop(session, edits).snapshots()`` is a generator.  Each ``next()``
trains in short chunks until a snapshot is due and the consumer has taken the
previous one, then yields it.  It ends when ``session.trainer.stop`` is set,
when training diverges, when a stop rule fires (``watch``), or when a chunk
runs no step.  Weight edits queued in ``edits`` are written into the network
between chunks.  With an ``epoch_pace`` above 0 it trains at that many epochs
per second instead (``bplab.experiment.pacing``).

The GUI's worker is a thin ``QObject`` that emits what this yields; tests
drive it with a fake clock.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bplab.experiment.edits import ParameterEdits
from bplab.experiment.pacing import PaceSetting, paced_snapshots
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot, make_snapshot
from bplab.experiment.stop_rules import StopReason, StopWatch

SnapshotMaker = Callable[..., Snapshot]  # (session, history_start, steps/s, running=…)


@dataclass(frozen=True)
class Pace:
    """How the loop shares its time between training and snapshots."""

    chunk_seconds: float = 0.0075  # target duration of one run_steps call (5-10 ms)
    # DESIGN: "about 30 per second at most".  A little above 30 so that a frame that
    # comes late now and then (the GUI thread busy, a GIL hand-over) still leaves 30 a second.
    max_snapshots_per_second: float = 32.0
    snapshot_share: float = 0.2  # at most this share of the CPU time goes to snapshots


class TrainingLoop:
    """One run of a session's trainer, from start until stop, divergence or no progress."""

    def __init__(self, session: Session, edits: ParameterEdits, history_start: int = 0, *,
                 consumed: threading.Event | None = None, pace: Pace = Pace(),
                 clock: Callable[[], float] = time.perf_counter,
                 cpu_clock: Callable[[], float] = time.thread_time,
                 snapshot: SnapshotMaker = make_snapshot,
                 epoch_pace: PaceSetting | None = None, watch: StopWatch | None = None,
                 sleep: Callable[[float], object] | None = None,
                 self_limited: Callable[[], float] = lambda: 0.0) -> None:
        self.session = session
        self.edits = edits
        self.sent = history_start  # history entries the consumer already has
        if consumed is None:
            consumed = threading.Event()
            consumed.set()
        # Set by the consumer once it has used the last snapshot: at most one is
        # in flight, so a slow consumer (a busy GUI) never gets a backlog.
        self.consumed = consumed
        self.pace = pace
        self._clock = clock  # wall time: the schedule
        self._cpu_clock = cpu_clock  # this thread's CPU time: what a snapshot costs
        self._snapshot = snapshot
        self.epoch_pace = epoch_pace or PaceSetting()  # epochs per second; 0: as fast as possible
        self.watch = watch  # the stop rules of this session, if any
        # Rests between paced epochs: the stop flag's wait, so a pause ends it at once.
        self.sleep = sleep or session.trainer.stop.wait
        self.stop_reason: StopReason | None = None  # the stop rule that ended the run
        # CPU seconds of the last snapshot's work that keeps to a share of its own
        # (RunWatch.last_cost), left out of the snapshot's cost.
        self.self_limited = self_limited

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock

    def snapshots(self) -> Iterator[Snapshot]:
        """Snapshots until training stops, at the pace in force (which may change meanwhile).

        A stop rule that fires ends the run; its reason is ``stop_reason``, and
        the best weights are back (if the rule says so) before this returns.
        """
        tr = self.session.trainer
        watch = self.watch if self.watch is not None and self.watch.active else None
        self.watch = watch
        if watch is None:
            yield from self._until_stopped()
            return
        with watch.attached():
            try:
                yield from self._until_stopped()
            finally:
                if tr.status != "diverged":
                    self.stop_reason = watch.finish()

    def _until_stopped(self) -> Iterator[Snapshot]:
        tr = self.session.trainer
        go_on = True
        while go_on and not tr.stop.is_set() and tr.status != "diverged":
            if self.epoch_pace.epochs_per_second > 0:
                go_on = yield from paced_snapshots(self)
            else:
                go_on = yield from self._fast_snapshots()

    def _fast_snapshots(self) -> Iterator[Snapshot]:
        """Train in chunks; yield a snapshot on a fixed schedule while the consumer keeps up.

        Snapshots are due every ``interval`` seconds on a fixed grid (a late one
        does not push the later ones back), and each chunk is cut at the step
        estimated to reach the next due time, so frames leave on time rather than
        up to a whole chunk late.

        Returns True when the pace changes from Max (the caller goes on at it), else False.
        """
        session, pace, clock, watch = self.session, self.pace, self._clock, self.watch
        tr = session.trainer
        if tr.status == "diverged":
            return False
        chunk = 1  # most steps per run_steps call, adapted to take pace.chunk_seconds
        per_step = 0.0  # wall seconds per step, measured on the last full chunk
        interval = 1.0 / pace.max_snapshots_per_second
        last_emit = clock()
        due = last_emit + interval  # when the next snapshot should leave
        steps_at_emit = tr.step
        while not tr.stop.is_set():
            if self.epoch_pace.epochs_per_second > 0:
                return True
            self.edits.apply(session)
            n = chunk
            left = due - clock()
            if per_step and left > 0:  # stop at the due time (past it: waiting for the consumer)
                n = max(1, min(chunk, math.ceil(left / per_step)))
            limit = watch.steps_left() if watch is not None else None
            if limit is not None:  # a stop at epoch N: never a step past it
                if limit == 0:
                    watch.check_epoch()
                    return False
                n = min(n, limit)
            t0 = clock()
            done = tr.run_steps(n)
            elapsed = clock() - t0
            if tr.status == "diverged" or done == 0:
                return False
            if limit is not None and done == limit:
                watch.check_epoch()
            if done == chunk or not per_step:
                # Measured on full chunks only: in a chunk of a few steps cut short
                # before a due time, the call's own overhead would inflate it.
                per_step = elapsed / done
                # Grow at most 2× per chunk so one slow step cannot make chunks huge.
                chunk = max(1, min(2 * chunk, int(pace.chunk_seconds / per_step) if per_step
                                   else 2 * chunk))
            now = clock()
            if now >= due and self.consumed.is_set():
                sps = (tr.step - steps_at_emit) / (now - last_emit) if now > last_emit else 0.0
                self.consumed.clear()
                # CPU time, not wall time: waiting for the GIL while the GUI thread
                # draws is not a cost of the snapshot and must not slow the cadence.
                c0 = self._cpu_clock()
                snap = self.take(sps, running=True)
                # The doctor's and the layer statistics' occasional work keeps to its own
                # share (RunWatch): it must not space out the frames that follow it.
                cost = max(0.0, self._cpu_clock() - c0 - self.self_limited())
                # Keep snapshots (grids are the expensive part) to a small share of the time.
                interval = max(1.0 / pace.max_snapshots_per_second, cost / pace.snapshot_share)
                due = max(due + interval, now)  # a fixed schedule; no backlog after a stall
                last_emit, steps_at_emit = now, tr.step
                yield snap
        return False

    def one_epoch(self, report_seconds: float = 0.1) -> Iterator[tuple[int, int]]:
        """Step: train until the current epoch ends, in short chunks (as ``snapshots``
        does), so that ``trainer.stop`` cancels it within a chunk.

        Yields (mini-batches done, mini-batches in all) now and then (every
        ``report_seconds``) and once at the end.  A completed epoch is recorded as
        ``Trainer.run_epochs(1)`` records it, and the arithmetic is the same: the
        chunks are consecutive ``run_steps`` calls.  Cancelled, the trainer stays
        where it stopped, inside the epoch; the next Step finishes that epoch.
        """
        session, pace, clock = self.session, self.pace, self._clock
        tr = session.trainer
        if tr.status == "diverged":
            return
        target = tr.epoch + 1
        total = tr.steps_per_epoch() - math.ceil(tr.position / tr.batch_size)
        done = 0
        chunk = 1
        reported = clock()
        yield 0, total
        while tr.epoch < target and not tr.stop.is_set() and tr.status != "diverged":
            self.edits.apply(session)
            n = max(1, min(chunk, total - done))
            t0 = clock()
            ran = tr.run_steps(n)
            elapsed = clock() - t0
            if ran == 0:
                break
            done += ran
            if ran == chunk:  # as in snapshots(): grow at most 2× per chunk
                per_step = elapsed / ran
                chunk = max(1, min(2 * chunk, int(pace.chunk_seconds / per_step) if per_step
                                   else 2 * chunk))
            if clock() - reported >= report_seconds:
                reported = clock()
                yield done, total
        if tr.epoch == target and tr.status != "diverged":
            tr.record()  # the end of a Step is always in the history, as run_epochs does
        yield done, total

    def final_snapshot(self) -> Snapshot:
        """The snapshot that ends a run: edits still queued are applied first."""
        self.edits.apply(self.session)
        return self.take(0.0, running=False)

    def take(self, steps_per_second: float, running: bool) -> Snapshot:
        """A snapshot with the history the consumer does not have yet."""
        snap = self._snapshot(self.session, self.sent, steps_per_second, running=running)
        self.sent = len(self.session.trainer.history)
        return snap
