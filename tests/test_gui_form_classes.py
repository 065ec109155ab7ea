"""The form's class count (spiral arms, Gaussian blobs) and standardisation switch."""

from __future__ import annotations

import pytest
from gui_helpers import make_window
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

from bplab.experiment import default_experiment

pytestmark = pytest.mark.gui


def test_class_count_and_standardisation_rebuild_the_network(qtbot):
    window = make_window(qtbot, default_experiment())
    combo = window.findChild(QComboBox, "datasetCombo")
    spin = window.findChild(QSpinBox, "classCountSpin")
    check = window.findChild(QCheckBox, "standardizeCheck")
    assert not spin.isEnabled() and spin.value() == 2  # the circle has two classes
    combo.setCurrentIndex(combo.findData("spiral"))
    assert spin.isEnabled() and spin.value() == 2
    spin.setValue(4)
    session = window.session
    assert session.experiment.data.n_classes == 4 and session.dataset.n_classes == 4
    assert session.network.sizes[-1] == 4
    assert session.network.activation_names[-1] == "softmax"
    assert session.scaling is None
    check.setChecked(True)
    assert window.session.scaling is not None and window.session.dataset.n_classes == 4
    window.undo_stack.undo()  # the switch goes through undo like any form edit
    assert window.session.scaling is None and not check.isChecked()
    combo.setCurrentIndex(combo.findData("circle"))  # a fixed count: the spin box follows
    assert not spin.isEnabled() and spin.value() == 2
    assert window.session.experiment.data.n_classes is None
    window.close()
