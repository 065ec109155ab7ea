"""What the window watches beside training: the doctor's findings and the gradient flow.

``RunWatch.snapshot`` is a drop-in for ``make_snapshot``: it makes the
snapshot, then attaches (cheaply) the latest epoch's averaged gradients when
the gradient view asked for them, and the doctor's findings at most once
every ``every_seconds`` while training (the doctor reads the whole training
set, so not on every frame) and on every snapshot taken while paused.  The
worker calls it from its thread while training and the GUI thread while
paused, never both at once (the controller pauses first).
Qt-free.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable

import numpy as np

from bplab.engine.gradient_flow import GradientAccumulator
from bplab.engine.layer_stats import LayerStats, layer_stats
from bplab.experiment.doctor import Doctor, Finding, WeightEdit
from bplab.experiment.session import Session
from bplab.experiment.snapshot import Snapshot, make_snapshot

EXAMINE_EVERY_SECONDS = 1.0  # the doctor runs at most this often while training
STATS_EVERY_SECONDS = 0.1  # per-layer statistics (one pass over the training set) this often
COST_SHARE = 0.1  # … and each at most this share of the training time (big nets: less often)


class RunWatch:
    """The doctor and the gradient accumulator of the session being trained."""

    def __init__(self, every_seconds: float = EXAMINE_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.doctor = Doctor()
        self.every_seconds = every_seconds
        self.accumulator: GradientAccumulator | None = None
        self.gradients_wanted = False  # the gradient view is on: accumulate per step
        self._clock = clock
        self._last_examined = -math.inf
        self._last_stats = -math.inf
        self._examine_cost = self._stats_cost = 0.0  # seconds the last one took
        self.last_cost = 0.0  # seconds the last add_to spent on both (see TrainingLoop)
        self._session: Session | None = None

    def start(self, session: Session) -> None:
        """A new run: forget the old one's findings, edits and gradients."""
        self.doctor.reset()
        self._last_examined = self._last_stats = -math.inf
        if self.accumulator is not None:
            self.accumulator.detach()
            self.accumulator = None
        self._session = session
        self.want_gradients(self.gradients_wanted)

    def want_gradients(self, on: bool) -> None:
        """Accumulate gradients (a little work per step) only while someone looks at them."""
        self.gradients_wanted = on
        if on and self.accumulator is None and self._session is not None:
            acc = GradientAccumulator(self._session.network)
            acc.attach(self._session.trainer)
            self.accumulator = acc
        elif not on and self.accumulator is not None:
            self.accumulator.detach()
            self.accumulator = None

    def note_edit(self, edit: WeightEdit) -> None:
        self.doctor.note_edit(edit)

    def examine(self, session: Session) -> tuple[Finding, ...]:
        """The doctor's findings now (and the weights remembered if they are sound)."""
        t0 = self._last_examined = self._clock()
        self.doctor.remember(session)
        findings = tuple(self.doctor.examine(session))
        self._examine_cost = self._clock() - t0
        return findings

    def measure_layers(self, session: Session) -> tuple[int, tuple[LayerStats, ...]] | None:
        """(epoch, per-layer statistics on the whole training set); None if not finite."""
        t0 = self._last_stats = self._clock()
        tr = session.trainer
        with np.errstate(all="ignore"):
            stats = layer_stats(session.network, tr.train.x, tr.train.t)
        self._stats_cost = self._clock() - t0
        if not all(np.isfinite(s.gradient_norm) for s in stats):
            return None
        return tr.epoch, tuple(stats)

    def snapshot(self, session: Session, history_start: int, steps_per_second: float,
                 running: bool = False) -> Snapshot:
        snap = make_snapshot(session, history_start, steps_per_second, running=running)
        return self.add_to(snap, session, running)

    def add_to(self, snap: Snapshot, session: Session, running: bool = False) -> Snapshot:
        """``snap`` with the gradients, and the findings and layer statistics when due."""
        extras: dict[str, object] = {}
        self.last_cost = 0.0
        acc = self.accumulator
        if acc is not None and acc.last is not None:
            extras["gradients"] = acc.last  # replaced, never changed: safe to share
        # Paused (the end of a run, a step, an edit): always, so the window shows the state
        # the user now looks at, e.g. a divergence reached in under a second.
        now = self._clock()
        every = max(self.every_seconds, self._examine_cost / COST_SHARE)
        if not running or now - self._last_examined >= every:
            extras["findings"] = self.examine(session)
            self.last_cost += self._examine_cost
        every = max(STATS_EVERY_SECONDS, self._stats_cost / COST_SHARE)
        if not running or now - self._last_stats >= every:
            extras["layer_stats"] = self.measure_layers(session)
            self.last_cost += self._stats_cost
        return dataclasses.replace(snap, **extras) if extras else snap
