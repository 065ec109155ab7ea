"""Stop rules: stop at epoch N, when the train loss reaches x, or when the test loss has
not improved for k epochs (early stopping, optionally going back to the best weights).

A ``StopWatch`` follows one trainer.  The loss rules are checked at each record
of the history (the trainer calls ``on_record`` through its ``record_listener``
between mini-batches, recording every epoch while one listens whatever its record
schedule, and the watch sets ``trainer.stop``); the epoch rule
bounds how many steps a caller lets the trainer run (``steps_left``), so the
run ends exactly at epoch N.  The window's worker and ``bplab train`` both use
it.  Qt-free.

A rule already met when training starts (the loss already below x, the epoch
already past N) does not stop that run: it was met before, and pressing Play
again means "train on".
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from bplab.engine.trainer import Trainer
from bplab.experiment.model import StopRules

Array = np.ndarray

EPOCH, LOSS, PATIENCE = "epoch", "loss", "patience"  # StopReason.rule


@dataclass(frozen=True)
class StopReason:
    """Which rule stopped training, with the figures the user is told."""

    rule: str  # EPOCH, LOSS or PATIENCE
    epoch: int  # completed epochs when the rule fired
    limit: float  # N, x or k: the rule's own number
    loss: float = math.nan  # LOSS: the train loss that reached the limit
    monitored: str = "test"  # PATIENCE: "test", or "train" for data without a test set
    best: float = math.nan  # PATIENCE: the best loss …
    best_epoch: int = 0  # … and the epoch it was measured at
    restored: bool = False  # PATIENCE: the best weights were put back

    def describe(self) -> str:
        """One English sentence (the window says it through its own translated texts)."""
        if self.rule == EPOCH:
            return f"Stopped: reached epoch {self.epoch}"
        if self.rule == LOSS:
            return (f"Stopped: the train loss reached {self.loss:.4g} (at most {self.limit:g}) "
                    f"at epoch {self.epoch}")
        restored = ", restored" if self.restored else ""
        return (f"Stopped: {self.monitored} loss has not improved for {int(self.limit)} epochs; "
                f"best {self.best:.4g} at epoch {self.best_epoch}{restored}")


@dataclasses.dataclass(frozen=True)
class StopWatchState:
    """A ``StopWatch``'s counting, carried between processes (``StopWatch.state``)."""

    rules: StopRules
    fired: StopReason | None
    epoch_armed: bool
    loss_armed: bool
    best: float
    best_epoch: int
    best_params: tuple[list[Array], list[Array]] | None


class StopWatch:
    """Applies ``rules`` to one trainer's run; see the module doc."""

    def __init__(self, trainer: Trainer, rules: StopRules | None = None) -> None:
        self.trainer = trainer
        self.rules = rules or StopRules()
        self.fired: StopReason | None = None  # the rule that stopped the run, until re-armed
        self._epoch_armed = False  # the epoch rule can still fire
        self._loss_armed = False  # the loss rule can still fire
        self._best = math.inf  # patience: the best monitored loss so far …
        self._best_epoch = 0  # … its epoch …
        self._best_params: tuple[list[Array], list[Array]] | None = None  # … and its weights
        self.arm()

    # -- setting up -------------------------------------------------------------
    def set_rules(self, rules: StopRules) -> None:
        """New rules, counted from now.  Call while the trainer is not running."""
        self.rules = rules
        self.arm()

    def arm(self) -> None:
        """Start watching from the trainer's current state.  Call while it is not running."""
        tr, rules = self.trainer, self.rules
        self.fired = None
        self._epoch_armed = rules.at_epoch is not None and tr.epoch < rules.at_epoch
        self._best_params = None
        self._loss_armed = False
        self._best, self._best_epoch = math.inf, tr.epoch
        if rules.at_loss is None and rules.patience is None:
            return
        metrics = tr.evaluate()  # of the weights as they are now
        if rules.at_loss is not None:
            loss = metrics["train_loss"]
            self._loss_armed = not loss <= rules.at_loss  # NaN: not reached
        if rules.patience is not None:
            value = self._monitored_value(metrics)
            if math.isfinite(value):
                self._best = value
                self._keep_best()

    def state(self) -> StopWatchState:
        """What the watch has counted so far (for a run trained in another process)."""
        best = None if self._best_params is None else (
            [w.copy() for w in self._best_params[0]], [b.copy() for b in self._best_params[1]])
        return StopWatchState(self.rules, self.fired, self._epoch_armed, self._loss_armed,
                              self._best, self._best_epoch, best)

    def load_state(self, state: StopWatchState) -> None:
        """Go on counting from ``state`` (taken with ``state()``) instead of arming afresh."""
        self.rules, self.fired = state.rules, state.fired
        self._epoch_armed, self._loss_armed = state.epoch_armed, state.loss_armed
        self._best, self._best_epoch, self._best_params = (state.best, state.best_epoch,
                                                           state.best_params)

    @property
    def active(self) -> bool:
        return self.rules.active()

    @contextmanager
    def attached(self) -> Iterator[StopWatch]:
        """Listen to the trainer's records for the duration of a run."""
        tr = self.trainer
        previous = tr.record_listener
        if self.rules.at_loss is not None or self.rules.patience is not None:
            tr.record_listener = self.on_record
        try:
            yield self
        finally:
            tr.record_listener = previous

    # -- while training -----------------------------------------------------------
    def steps_left(self) -> int | None:
        """Steps the trainer may still run before epoch N; None: no epoch limit."""
        if not self._epoch_armed or self.rules.at_epoch is None:
            return None
        tr = self.trainer
        done_in_epoch = math.ceil(tr.position / tr.batch_size)
        return max(0, (self.rules.at_epoch - tr.epoch) * tr.steps_per_epoch() - done_in_epoch)

    def epochs_left(self, wanted: int) -> int:
        """How many of ``wanted`` more epochs the epoch rule allows."""
        if not self._epoch_armed or self.rules.at_epoch is None:
            return wanted
        return max(0, min(wanted, self.rules.at_epoch - self.trainer.epoch))

    def check_epoch(self) -> bool:
        """Fire the epoch rule if epoch N is reached (the last epoch recorded); True if it did."""
        tr, rules = self.trainer, self.rules
        if not self._epoch_armed or rules.at_epoch is None or tr.epoch < rules.at_epoch:
            return False
        self._epoch_armed = False
        if self.fired is None:
            tr.record()  # the history reaches the epoch the run stops at
            self._fire(StopReason(EPOCH, tr.epoch, float(rules.at_epoch)))
        return True

    def on_record(self, epoch: int, metrics: dict[str, float]) -> None:
        """The trainer's ``record_listener``: check the loss rules on a new record."""
        rules = self.rules
        if self.fired is not None:
            return
        loss = metrics["train_loss"]
        if self._loss_armed and rules.at_loss is not None and loss <= rules.at_loss:
            self._loss_armed = False
            self._fire(StopReason(LOSS, epoch, rules.at_loss, loss=loss))
            return
        if rules.patience is None:
            return
        value = self._monitored_value(metrics)
        if value < self._best:  # NaN never improves
            self._best, self._best_epoch = value, epoch
            self._keep_best()
        elif epoch - self._best_epoch >= rules.patience and math.isfinite(self._best):
            self._fire(StopReason(PATIENCE, epoch, float(rules.patience),
                                  monitored=self._monitored_name(), best=self._best,
                                  best_epoch=self._best_epoch))

    def finish(self) -> StopReason | None:
        """After the run: put the best weights back if a patience stop asks for it.

        The restored weights get a record of their own at the current epoch, so
        the history (and the figures the window shows) describe them.  Returns
        the rule that stopped the run, if any.
        """
        reason = self.fired
        if (reason is None or reason.rule != PATIENCE or not self.rules.restore_best
                or reason.restored or self._best_params is None):
            return reason
        tr = self.trainer
        tr.network.set_parameters(*self._best_params)
        tr.history.append(tr.epoch, tr.evaluate())
        self.fired = reason = dataclasses.replace(reason, restored=True)
        return reason

    # -- internals ----------------------------------------------------------------
    def _fire(self, reason: StopReason) -> None:
        self.fired = reason
        self.trainer.stop.set()

    def _monitored_name(self) -> str:
        return "test" if self.trainer.test is not None else "train"

    def _monitored_value(self, metrics: dict[str, float]) -> float:
        return float(metrics[f"{self._monitored_name()}_loss"])

    def _keep_best(self) -> None:
        if self.rules.restore_best:
            net = self.trainer.network
            self._best_params = ([w.copy() for w in net.W], [b.copy() for b in net.b])


def rules_with(rules: StopRules, *, at_epoch: int | None = None, at_loss: float | None = None,
               patience: int | None = None, restore_best: bool | None = None) -> StopRules:
    """``rules`` with the given values put over them (None keeps a value)."""
    return StopRules(
        at_epoch=rules.at_epoch if at_epoch is None else at_epoch,
        at_loss=rules.at_loss if at_loss is None else at_loss,
        patience=rules.patience if patience is None else patience,
        restore_best=rules.restore_best if restore_best is None else restore_best)
