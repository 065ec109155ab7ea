"""Session.apply_training_settings: the one checked way to change settings without new weights."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bplab.experiment import Session, default_experiment


def trained_session() -> Session:
    exp = default_experiment()
    exp.training.optimizer = "momentum"
    session = Session(exp)
    session.trainer.run_epochs(2)
    return session


def test_valid_settings_apply_to_the_trainer_and_the_network():
    session = trained_session()
    tr = session.trainer
    velocity = [v.copy() for v in tr.optimizer.state["velocity"]]
    new = dataclasses.replace(session.experiment.training, batch_size=7, regularization="l2",
                              regularization_rate=0.01, reduction="sum", learning_rate=0.1)
    session.apply_training_settings(new)
    assert (tr.batch_size, tr.regularization, tr.regularization_rate) == (7, "l2", 0.01)
    assert session.network.reduction == "sum" and tr.optimizer.learning_rate == 0.1
    # Same optimizer and hyper-parameters: its momentum is kept.
    assert all(np.array_equal(a, b) for a, b in zip(velocity, tr.optimizer.state["velocity"],
                                                    strict=True))
    assert session.experiment.training == new and session.experiment.training is not new


def test_a_new_optimizer_starts_afresh_on_the_same_arrays():
    session = trained_session()
    new = dataclasses.replace(session.experiment.training, optimizer="adam")
    session.apply_training_settings(new)
    opt = session.trainer.optimizer
    assert opt.name == "adam" and opt.t == 0
    assert opt.params[0] is session.network.W[0]  # updates still land in the network
    W = session.network.W[0].copy()
    session.trainer.run_steps(1)
    assert not np.array_equal(W, session.network.W[0])


def test_a_batch_larger_than_the_training_set_is_clipped():
    session = trained_session()
    big = dataclasses.replace(session.experiment.training, batch_size=10_000)
    session.apply_training_settings(big)
    assert session.trainer.batch_size == len(session.trainer.train.x)


@pytest.mark.parametrize("change, words", [
    (dict(batch_size=0), "batch size"),
    (dict(batch_size=2.5), "batch size"),
    (dict(regularization="l3"), "regularization"),
    (dict(regularization_rate=float("nan")), "regularization rate"),
    (dict(reduction="median"), "reduction"),
    (dict(learning_rate=50.0), "learning rate"),
    (dict(optimizer="adamw"), "optimizer"),
    (dict(optimizer_params={"momentum": -1.0}), "momentum"),
    (dict(optimizer_params={"rho": 0.9}), "rho"),
    (dict(loss="cross_entropy"), "new weights"),
    (dict(seed=99), "new weights"),
])
def test_a_bad_setting_is_refused_and_nothing_changes(change, words):
    session = trained_session()
    tr = session.trainer
    before = (tr.batch_size, tr.regularization, tr.regularization_rate, tr.optimizer,
              tr.optimizer.learning_rate, session.network.reduction,
              dataclasses.replace(session.experiment.training))
    # Valid changes alongside the bad one must not slip through either.
    bad = dataclasses.replace(session.experiment.training, batch_size=3, reduction="sum")
    bad = dataclasses.replace(bad, **change)
    with pytest.raises(ValueError, match=words):
        session.apply_training_settings(bad)
    after = (tr.batch_size, tr.regularization, tr.regularization_rate, tr.optimizer,
             tr.optimizer.learning_rate, session.network.reduction, session.experiment.training)
    assert after == before
