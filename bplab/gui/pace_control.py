"""The toolbar's pace control: how many epochs a second training runs at while playing.

A combo box (``speedControl``) whose items carry the pace as item data, in
epochs per second, 0 meaning as fast as possible ("Max").  The worker keeps
the pace (``bplab.experiment.pacing``); this only offers and remembers it:
QSettings keeps the last choice for experiments that carry none.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from bplab.experiment.pacing import DEFAULT_PACE, MAX_PACE, PACES
from bplab.gui.i18n import Retranslatable

PACE_KEY = "training/pace"  # QSettings: the pace chosen last


class PaceControl(Retranslatable, QComboBox):
    """1, 3, 10, 30, 100, 300 epochs/s and Max; ``paceChanged`` when the user picks one."""

    paceChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speedControl")
        for pace in PACES:
            self.addItem(self.label(pace), pace)
        self.setCurrentIndex(self.findData(DEFAULT_PACE))
        self.currentIndexChanged.connect(lambda _i: self.paceChanged.emit(self.pace()))
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr(
            "Pace: epochs trained per second while playing. At 30 epochs/s and below every "
            "epoch is drawn; at 1 and 3 each mini-batch is, with its points ringed. Max "
            "trains as fast as the machine can."))
        for index in range(self.count()):
            self.setItemText(index, self.label(float(self.itemData(index))))

    def label(self, pace: float) -> str:
        if pace <= MAX_PACE:
            return self.tr("Max")
        if pace == 1:
            return self.tr("1 epoch/s")
        return self.tr("{0} epochs/s").format(f"{pace:g}")

    def pace(self) -> float:
        return float(self.currentData())

    def set_pace(self, pace: float) -> None:
        """Show ``pace`` without emitting; a pace not offered (from a file) gets an item."""
        index = self.findData(float(pace))
        if index < 0:
            self.addItem(self.label(pace), float(pace))
            index = self.count() - 1
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)


def remembered_pace(settings: tuple[str, str]) -> float:
    """The pace chosen last (for experiments that carry none), or DEFAULT_PACE."""
    value = QSettings(*settings).value(PACE_KEY)
    try:
        pace = float(value) if value is not None else DEFAULT_PACE
    except (TypeError, ValueError):
        return DEFAULT_PACE
    return pace if pace >= 0 else DEFAULT_PACE


def remember_pace(settings: tuple[str, str], pace: float) -> None:
    QSettings(*settings).setValue(PACE_KEY, float(pace))
