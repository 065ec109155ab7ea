"""Undo and redo of a form edit change what that edit changed, and nothing else: a Reset
or New data in between keeps its new seed, and the undo is never refused for it."""

from __future__ import annotations

import pytest
from gui_helpers import open_window
from PySide6.QtWidgets import QSpinBox

from bplab.gui.main_window import FormEdit

pytestmark = pytest.mark.gui


def test_undo_of_a_batch_size_after_reset_keeps_the_new_weights(qtbot):
    window = open_window(qtbot)
    batch = window.findChild(QSpinBox, "batchSizeSpin")
    old_batch = window.session.experiment.training.batch_size
    batch.setValue(old_batch + 3)  # a live setting: no new weights
    window.reset()  # a fresh weight seed, outside the undo stack
    seed = window.session.experiment.training.seed
    window.controller.run_epochs_now(2)
    weights = window.session.network.W[0].copy()
    window.undo_stack.undo()
    assert window.banner.isHidden(), window.banner.message()
    s = window.session
    assert s.experiment.training.batch_size == old_batch == s.trainer.batch_size
    assert s.experiment.training.seed == seed  # Reset's seed stays
    assert s.trainer.epoch == 2 and (s.network.W[0] == weights).all()  # nothing rebuilt
    assert window.form.experiment().training == s.experiment.training
    assert batch.value() == old_batch
    window.undo_stack.redo()
    assert window.banner.isHidden(), window.banner.message()
    assert s.experiment.training.batch_size == old_batch + 3 == batch.value()
    assert s.experiment.training.seed == seed


def test_undo_of_a_layer_change_after_new_data_keeps_the_new_data(qtbot):
    window = open_window(qtbot)
    spin = window.findChild(QSpinBox, "layer1NeuronsSpin")
    neurons = spin.value()
    spin.setValue(neurons + 1)  # needs new weights
    window.regenerate()  # a fresh data seed, outside the undo stack
    data_seed = window.session.experiment.data.seed
    window.undo_stack.undo()
    s = window.session
    shown = window.findChild(QSpinBox, "layer1NeuronsSpin").value()  # (rows are rebuilt)
    assert s.network.sizes[1] == neurons == shown
    assert s.experiment.data.seed == data_seed == window.form.experiment().data.seed


def test_an_undo_applies_what_the_form_shows(qtbot):
    """A batch size larger than the training set is shown clamped by the form: the session
    gets the clamped value too, so the two never disagree."""
    window = open_window(qtbot)
    n_train = len(window.session.trainer.train.x)
    before, after = window.form.experiment(), window.form.experiment()
    before.training.batch_size = n_train + 5  # e.g. kept from data that had more points
    window.undo_stack.push(FormEdit(window, before, after, False))
    window.undo_stack.undo()
    assert window.banner.isHidden(), window.banner.message()
    assert window.form.experiment().training.batch_size == n_train
    assert window.session.experiment.training == window.form.experiment().training
