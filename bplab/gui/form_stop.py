"""Form section for the stop rules: stop at an epoch, at a train loss, or early (patience).

Each field's lowest value means "never" (the rule is off).  Changes apply to
the running trainer without new weights (``edited(False)``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from bplab.experiment import Experiment
from bplab.experiment.model import StopRules
from bplab.gui.form_widgets import SciSpinBox
from bplab.gui.i18n import Retranslatable

MAX_STOP_EPOCH = 100_000_000
MAX_PATIENCE = 1_000_000
MAX_STOP_LOSS = 1e6
FIRST_STOP_LOSS = 0.01  # where stepping up from "never" lands
SMALLEST_STOP_LOSS = 1e-9  # stepping below this goes back to "never"


class StopLossSpin(SciSpinBox):
    """A loss limit: 0 shows "never"; the arrows step by factors of 10."""

    def stepBy(self, steps: int) -> None:
        value = self.value()
        if value == 0:
            if steps > 0:
                self.setValue(FIRST_STOP_LOSS)
            return
        new = value * 10.0**steps
        self.setValue(0.0 if new < SMALLEST_STOP_LOSS else min(new, self.maximum()))


def _count_spin(name: str, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(0, maximum)
    spin.setKeyboardTracking(False)
    return spin


class StopRulesSection(Retranslatable, QGroupBox):
    """Stop at epoch N, at train loss x, after k epochs without a better test loss."""

    edited = Signal(bool)  # needs_rebuild (always False)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exp = Experiment()
        self.at_epoch = _count_spin("stopAtEpoch", MAX_STOP_EPOCH)
        self.at_loss = StopLossSpin(0.0, MAX_STOP_LOSS)
        self.at_loss.setObjectName("stopAtLoss")
        self.patience = _count_spin("stopPatience", MAX_PATIENCE)
        self.restore_best = QCheckBox()
        self.restore_best.setObjectName("restoreBestCheck")
        self._labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout(self)
        form.addRow(self._labels[0], self.at_epoch)
        form.addRow(self._labels[1], self.at_loss)
        form.addRow(self._labels[2], self.patience)
        form.addRow(self.restore_best)
        self.at_epoch.valueChanged.connect(self._on_change)
        self.at_loss.valueChanged.connect(self._on_change)
        self.patience.valueChanged.connect(self._show_patience_unit)
        self.patience.valueChanged.connect(self._on_change)
        self.restore_best.toggled.connect(self._on_change)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Stop rules"))
        never = self.tr("never")
        for spin in (self.at_epoch, self.at_loss, self.patience):
            spin.setSpecialValueText(never)
        self.at_epoch.setToolTip(
            self.tr("Stop when this many epochs are done (\u201cnever\u201d: no limit)"))
        self.at_loss.setToolTip(self.tr(
            "Stop when the train loss reaches this value or less (\u201cnever\u201d: no limit)"))
        self.patience.setToolTip(
            self.tr("Early stopping: stop when the test loss (the train loss if there is no "
                    "test set) has not improved for this many epochs"))
        self._show_patience_unit(self.patience.value())
        self.restore_best.setText(self.tr("Go back to the best weights"))
        self.restore_best.setToolTip(self.tr(
            "After an early stop, put back the weights of the epoch with the best loss"))
        for label, text in zip(self._labels, (self.tr("Stop at epoch"), self.tr("Stop at loss"),
                                              self.tr("Patience")), strict=True):
            label.setText(text)

    def _show_patience_unit(self, n: int) -> None:
        """ " epochs" or " epoch" after the count ("%n" only chooses the form; the box shows n)."""
        self.patience.setSuffix(self.tr("%n epoch(s)", "", n).replace(str(n), "", 1))

    def fill(self, exp: Experiment) -> None:
        """Show ``exp``'s rules (kept by reference and edited in place) without emitting."""
        self._exp = exp
        rules = exp.stop
        widgets = (self.at_epoch, self.at_loss, self.patience, self.restore_best)
        for w in widgets:
            w.blockSignals(True)
        self.at_epoch.setValue(rules.at_epoch or 0)
        self.at_loss.setValue(rules.at_loss or 0.0)
        self.patience.setValue(rules.patience or 0)
        self.restore_best.setChecked(rules.restore_best)
        for w in widgets:
            w.blockSignals(False)
        self._show_patience_unit(self.patience.value())
        self.restore_best.setEnabled(rules.patience is not None)

    def rules(self) -> StopRules:
        return StopRules(at_epoch=self.at_epoch.value() or None,
                         at_loss=self.at_loss.value() or None,
                         patience=self.patience.value() or None,
                         restore_best=self.restore_best.isChecked())

    def _on_change(self, *_args: object) -> None:
        rules = self.rules()
        self.restore_best.setEnabled(rules.patience is not None)
        if rules == self._exp.stop:
            return
        self._exp.stop = rules
        self.edited.emit(False)
