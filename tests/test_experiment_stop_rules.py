"""Stop rules without Qt: each rule stops the window's loop at the right epoch, says why
with the right figures, and a patience stop puts the best weights back."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.edits import ParameterEdits
from bplab.experiment.model import StopRules
from bplab.experiment.pacing import PaceSetting
from bplab.experiment.stop_rules import EPOCH, LOSS, PATIENCE, StopWatch
from bplab.experiment.training_loop import TrainingLoop

PATIENCE_K = 10


def noisy_experiment() -> Experiment:
    """A small, noisy circle whose test loss stops improving within 100 epochs."""
    exp = default_experiment()
    exp.data.n_points = 100
    exp.data.noise = 0.4
    exp.training.learning_rate = 1.0
    return exp


def reference(exp: Experiment, epochs: int) -> Session:
    """A run without rules that records every epoch (as a run with loss rules does)."""
    session = Session(exp)
    session.trainer.record_every = 1
    session.trainer.record()  # epoch 0, as the window records it
    session.trainer.run_epochs(epochs)
    return session


def run_loop(exp: Experiment, rules: StopRules, pace: float = 0.0) -> tuple[Session, object]:
    """Play (as the window's worker does) until the loop ends by itself."""
    session = Session(exp)
    session.trainer.record()
    watch = StopWatch(session.trainer, rules)
    ticks = iter(range(10**9))  # a clock that moves 1 ms per reading: chunks grow as in use
    loop = TrainingLoop(session, ParameterEdits(), watch=watch, epoch_pace=PaceSetting(pace),
                        sleep=lambda s: None, clock=lambda: next(ticks) * 1e-3)
    for _ in loop.snapshots():
        loop.consumed.set()
        assert session.trainer.epoch < 10_000, "the rule never fired"
    return session, loop


@pytest.mark.parametrize("pace", [0.0, 30.0])
def test_stop_at_epoch_stops_exactly_there(pace):
    exp = default_experiment()
    exp.data.n_points = 80
    session, loop = run_loop(exp, StopRules(at_epoch=37), pace)
    tr = session.trainer
    assert tr.epoch == 37 and tr.position == 0
    assert tr.history.epoch[-1] == 37  # the history reaches the stop
    assert loop.stop_reason.rule == EPOCH and loop.stop_reason.epoch == 37
    assert loop.stop_reason.describe() == "Stopped: reached epoch 37"


def test_stop_at_loss_stops_at_the_first_epoch_at_or_below_it():
    exp = noisy_experiment()
    exp.training.learning_rate = 0.3
    exp.data.noise = 0.0
    ref = reference(exp, 300).trainer.history
    limit = 0.1
    first = next(e for e, v in zip(ref.epoch, ref.train_loss, strict=True) if v <= limit)
    session, loop = run_loop(exp, StopRules(at_loss=limit))
    reason = loop.stop_reason
    assert session.trainer.epoch == first == reason.epoch
    assert reason.rule == LOSS and reason.loss == ref.train_loss[ref.epoch.index(first)]
    assert reason.describe() == (f"Stopped: the train loss reached {reason.loss:.4g} (at most "
                                 f"0.1) at epoch {first}")


def expected_patience_stop(exp: Experiment) -> tuple[int, int, float]:
    """(stop epoch, best epoch, best test loss) from a run without rules."""
    h = reference(exp, 400).trainer.history
    best, best_epoch = math.inf, 0
    for epoch, value in zip(h.epoch, h.test_loss, strict=True):
        if value < best:
            best, best_epoch = value, epoch
        elif epoch - best_epoch >= PATIENCE_K:
            return epoch, best_epoch, best
    raise AssertionError("the reference run never stalls")


def test_patience_stops_k_epochs_after_the_best_and_restores_its_weights():
    exp = noisy_experiment()
    stop_epoch, best_epoch, best = expected_patience_stop(exp)
    assert stop_epoch > PATIENCE_K  # not a trivial case
    session, loop = run_loop(exp, StopRules(patience=PATIENCE_K))
    tr = session.trainer
    reason = loop.stop_reason
    assert (reason.rule, reason.epoch, reason.best_epoch) == (PATIENCE, stop_epoch, best_epoch)
    assert reason.best == best and reason.restored
    assert tr.epoch == stop_epoch
    at_best = reference(exp, best_epoch).network
    for mine, theirs in zip(session.network.W + session.network.b, at_best.W + at_best.b,
                            strict=True):
        np.testing.assert_array_equal(mine, theirs)
    # The restored weights are the history's newest record, at the stop epoch.
    assert tr.history.epoch[-2:] == [stop_epoch, stop_epoch]
    assert tr.history.test_loss[-1] == best
    assert reason.describe() == (f"Stopped: test loss has not improved for {PATIENCE_K} epochs; "
                                 f"best {best:.4g} at epoch {best_epoch}, restored")


def test_patience_without_restore_keeps_the_last_weights():
    exp = noisy_experiment()
    stop_epoch, best_epoch, _ = expected_patience_stop(exp)
    session, loop = run_loop(exp, StopRules(patience=PATIENCE_K, restore_best=False))
    last = reference(exp, stop_epoch).network
    np.testing.assert_array_equal(session.network.W[0], last.W[0])
    assert not loop.stop_reason.restored
    assert loop.stop_reason.describe().endswith(f"at epoch {best_epoch}")


def test_without_a_test_set_patience_watches_the_train_loss():
    exp = noisy_experiment()
    exp.data.generator = "article_xor"  # all four points train
    exp.architecture.hidden = [2]
    exp.architecture.activations = ["sigmoid"]
    session = Session(exp)
    watch = StopWatch(session.trainer, StopRules(patience=3))
    watch.on_record(5, {"train_loss": 1e9, "test_loss": math.nan})
    watch.on_record(8, {"train_loss": 1e9, "test_loss": math.nan})
    assert watch.fired is not None and watch.fired.monitored == "train"


def test_a_rule_met_before_play_does_not_stop_the_run_again():
    exp = default_experiment()
    exp.data.n_points = 80
    session = Session(exp)
    session.trainer.run_epochs(40)
    loss = session.trainer.evaluate()["train_loss"]
    watch = StopWatch(session.trainer, StopRules(at_epoch=20, at_loss=loss * 2))
    assert watch.steps_left() is None and watch.epochs_left(15) == 15
    with watch.attached():
        session.trainer.run_epochs(5)
    assert watch.fired is None and session.trainer.epoch == 45


def test_the_command_line_epoch_budget_respects_the_epoch_rule():
    session = Session(default_experiment())
    watch = StopWatch(session.trainer, StopRules(at_epoch=12))
    assert watch.epochs_left(100) == 12 and watch.epochs_left(5) == 5


def test_loss_rules_see_every_epoch_whatever_the_record_schedule():
    exp = noisy_experiment()
    exp.training.record_every = 50  # the history alone would look every 50 epochs
    session = Session(exp)
    tr = session.trainer
    seen: list[int] = []
    watch = StopWatch(tr, StopRules(patience=1000))
    with watch.attached():
        listener = tr.record_listener
        tr.record_listener = lambda epoch, metrics: (seen.append(epoch), listener(epoch, metrics))
        tr.run_epochs(7)
    assert seen == [1, 2, 3, 4, 5, 6, 7]
    seen.clear()
    tr.run_epochs(7)  # no rule listens: back to the schedule
    assert seen == []
