"""Which two inputs the boundary view shows, for data with more than two input columns.

Two combos (the horizontal and the vertical axis) and a line saying at what
value every other input is held: its mean over the training points (from
``PairGrid.held``).  Choosing the same column for both axes swaps them
instead, so the pair is always two different columns.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bplab.gui.i18n import Retranslatable
from bplab.gui.views.labels import feature_label

MAX_HELD_SHOWN = 6  # more held inputs are summed up


class PairChooser(Retranslatable, QWidget):
    pairChanged = Signal(int, int)  # input columns on the x and y axes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairChooser")
        self.x_combo = QComboBox()
        self.x_combo.setObjectName("pairXCombo")
        self.y_combo = QComboBox()
        self.y_combo.setObjectName("pairYCombo")
        self.held = QLabel()
        self.held.setObjectName("pairHeldNote")
        self.held.setWordWrap(True)
        self.held.setTextFormat(Qt.TextFormat.PlainText)  # column names are not markup
        self.held.setStyleSheet("color: #5f6368;")
        for combo in (self.x_combo, self.y_combo):  # narrow; the lists show whole names
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.x_combo, 1)
        row.addWidget(QLabel("×"))
        row.addWidget(self.y_combo, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 0)
        lay.setSpacing(1)
        lay.addLayout(row)
        lay.addWidget(self.held)
        self._pair = (0, 1)
        self.x_combo.currentIndexChanged.connect(lambda i: self._picked(0, i))
        self.y_combo.currentIndexChanged.connect(lambda i: self._picked(1, i))
        self._held: dict[str, float] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.x_combo.setToolTip(self.tr("The input on the horizontal axis"))
        self.y_combo.setToolTip(self.tr("The input on the vertical axis"))
        self.setToolTip(self.tr("The two inputs on the boundary's axes"))
        if self.held.text():
            self.show_held(self._held)

    def set_columns(self, names: list[str], pair: tuple[int, int] = (0, 1)) -> None:
        """Offer the data's input columns, showing ``pair``; emits nothing."""
        for combo in (self.x_combo, self.y_combo):
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(feature_label(name))
        self._pair = pair
        self.x_combo.setCurrentIndex(pair[0])
        self.y_combo.setCurrentIndex(pair[1])
        for combo in (self.x_combo, self.y_combo):
            combo.blockSignals(False)
        self.held.setText("")

    def pair(self) -> tuple[int, int]:
        return self._pair

    def set_pair(self, x: int, y: int) -> None:
        """Show inputs ``x`` and ``y`` (as if chosen in the combos)."""
        self.x_combo.setCurrentIndex(x)
        self.y_combo.setCurrentIndex(y)

    def _picked(self, axis: int, index: int) -> None:
        if index < 0:
            return
        x, y = self._pair
        if axis == 0:
            x, y = index, (x if index == y else y)  # the same column twice: swap
        else:
            x, y = (y if index == x else x), index
        combos = (self.x_combo, self.y_combo)
        for combo, value in zip(combos, (x, y), strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(value)
            combo.blockSignals(False)
        if (x, y) != self._pair:
            self._pair = (x, y)
            self.pairChanged.emit(x, y)

    def show_held(self, held: dict[str, float]) -> None:
        """Say at what value the other inputs are held."""
        self._held = dict(held)
        items = [f"{feature_label(name)} = {value:.4g}"
                 for name, value in list(held.items())[:MAX_HELD_SHOWN]]
        if len(held) > MAX_HELD_SHOWN:
            items.append(self.tr("and {0} more").format(len(held) - MAX_HELD_SHOWN))
        self.held.setText(self.tr("Other inputs held at their training mean: {0}").format(
            ", ".join(items)))
        self.held.setToolTip("\n".join(f"{feature_label(n)} = {v:.6g}" for n, v in held.items()))
