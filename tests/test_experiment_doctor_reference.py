"""The doctor's reference weights are the last sound ones: weights on their way to infinity
are no reference (a weight grown by too high a rate would pass for an edited one)."""

from __future__ import annotations

import numpy as np

from bplab.experiment import Architecture, Session, default_experiment
from bplab.experiment.doctor import Doctor


def _lr10_session() -> Session:
    exp = default_experiment()
    exp.architecture = Architecture([4, 2], ["tanh", "tanh"], "linear")
    exp.training.learning_rate = 10.0
    s = Session(exp)
    s.trainer.record()
    return s


def test_a_run_followed_frame_by_frame_names_the_learning_rate():
    s, doctor = _lr10_session(), Doctor()
    findings, epochs = [], 0
    while not findings and epochs < 50:
        doctor.remember(s)  # each frame while training, as the window's worker does
        findings = [f for f in doctor.examine(s) if f.kind == "divergence"]
        s.trainer.run_epochs(1)
        epochs += 1
    (f,) = findings
    assert f.message_id.startswith("divergence.learning_rate"), f.message()
    assert "The learning rate 10 is too high" in f.message()
    assert "was it edited?" not in f.message()


def test_weights_of_a_diverging_loss_are_not_remembered():
    s, doctor = _lr10_session(), Doctor()
    doctor.remember(s)
    sound = [w.copy() for w in doctor.reference[0]]
    h = s.trainer.history
    h.append(1, {"train_loss": 100 * h.train_loss[0], "test_loss": np.nan,
                 "train_accuracy": 0.5, "test_accuracy": np.nan})
    s.network.W[0][0, 0] = 1e4  # grown, finite
    doctor.remember(s)
    assert all(np.array_equal(a, b) for a, b in zip(doctor.reference[0], sound, strict=True))
