"""The architecture and training form (left of the window).

The form edits its own copy of an ``Experiment`` and emits
``experimentChanged(experiment, needs_rebuild)`` with a fresh copy after each
accepted edit.  ``needs_rebuild`` is True when the change needs new weights
(data, features, layers, output, loss, initializer, weight seed); the other
settings (learning rate, batch size, optimizer, regularization, reduction,
stop rules) apply to the running trainer.  Values are refused where they are typed, with
a visible reason, so the window only ever receives valid experiments.
"""

from __future__ import annotations

import copy
import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QVBoxLayout, QWidget

from bplab.experiment import Experiment, default_experiment
from bplab.experiment.adapt import fit_output_to_data
from bplab.gui.form_data import DataSection, FeaturesSection
from bplab.gui.form_layers import HiddenLayersEditor
from bplab.gui.form_stop import StopRulesSection
from bplab.gui.form_training import OutputSection, TrainingSection
from bplab.gui.form_widgets import compact
from bplab.gui.i18n import Retranslatable


def spec_copy(exp: Experiment) -> Experiment:
    """A deep copy without the training state and the runs (weights, history and earlier
    runs are not the form's)."""
    return copy.deepcopy(dataclasses.replace(exp, state=None, runs=[]))


class ArchitectureForm(Retranslatable, QWidget):
    experimentChanged = Signal(object, bool)  # (Experiment copy, needs_rebuild)

    def __init__(self, experiment: Experiment | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("architectureForm")
        self.data = DataSection()
        self.features = FeaturesSection()
        self.layers = HiddenLayersEditor()
        layers_box = self.layers_box = QGroupBox()
        QVBoxLayout(layers_box).addWidget(self.layers)
        self.output = OutputSection()
        self.training = TrainingSection()
        self.stop = StopRulesSection()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for w in (self.data, self.features, layers_box, self.output, self.training, self.stop):
            layout.addWidget(w)
        layout.addStretch(1)
        for combo in self.findChildren(QComboBox):
            if combo.parent() is not self.layers:  # (layer rows: short names already)
                compact(combo)

        self.data.edited.connect(self._on_data)
        self.features.edited.connect(lambda: self._emit(True))
        self.layers.changed.connect(self._on_layers)
        self.output.edited.connect(self._emit)
        self.training.edited.connect(self._emit)
        self.stop.edited.connect(self._emit)
        self._exp = Experiment()
        self.set_experiment(experiment or default_experiment())
        self.retranslate()

    def retranslate(self) -> None:
        self.layers_box.setTitle(self.tr("Hidden layers"))

    # -- public -------------------------------------------------------------
    def set_experiment(self, exp: Experiment) -> None:
        """Show ``exp`` without emitting (no echo back to the window)."""
        self._exp = spec_copy(exp)
        self._fill()

    def experiment(self) -> Experiment:
        return spec_copy(self._exp)

    # -- internals ------------------------------------------------------------
    def _fill(self) -> None:
        exp = self._exp
        self.data.fill(exp)
        self.features.fill(exp)
        self.layers.set_layers(exp.architecture.hidden, exp.architecture.activations)
        self.output.fill(exp)
        self.training.fill(exp)
        self.stop.fill(exp)

    def _on_data(self) -> None:
        exp = self._exp
        fit_output_to_data(exp)  # e.g. three classes force a softmax output
        if not exp.data.features:  # e.g. a file whose other data needed none
            exp.data.features = ["x1", "x2"]
        self.features.fill(exp)
        self.output.fill(exp)
        self.training.sync_batch_range()  # the training set may have shrunk
        self._emit(True)

    def _on_layers(self) -> None:
        hidden, activations = self.layers.layers()
        self._exp.architecture.hidden = hidden
        self._exp.architecture.activations = activations
        self._emit(True)

    def _emit(self, needs_rebuild: bool) -> None:
        # A message about a value refused earlier is stale once another edit is accepted.
        self.training.lr_error.clear_error()
        self.experimentChanged.emit(self.experiment(), needs_rebuild)
