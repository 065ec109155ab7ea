"""The gradient check's result beside the step-through: the largest relative error per layer.

The window runs ``bplab.engine.gradcheck.check_next_batch`` while paused (for
the mini-batch the step-through explains) and hands the ``LayerCheck``s to
``show_checks``; this widget only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bplab.engine.gradcheck import TOLERANCE, LayerCheck
from bplab.gui.i18n import Retranslatable


def error_text(error: float) -> str:
    """A relative error to two significant digits ("3.1e-09"); NaN as "NaN"."""
    return "NaN" if error != error else f"{error:.1e}"


class GradientCheckView(Retranslatable, QWidget):
    """A table: layer, largest relative error, parameters compared, verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientCheckView")
        self.summary = QLabel()
        self.summary.setObjectName("gradientCheckSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("gradientCheckTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumHeight(160)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.table)
        self.checks: list[LayerCheck] = []
        self.step = -1  # the trainer's step the shown check was made at
        self._seconds = 0.0  # what the shown check took
        self.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Layer"), self.tr("Largest relative error"), self.tr("Compared"),
            self.tr("Result")])
        if self.checks:
            self.show_checks(self.checks, self._seconds, self.step)

    def clear(self) -> None:
        self.checks = []
        self.table.setRowCount(0)
        self.summary.setText("")
        self.setVisible(False)

    def show_checks(self, checks: Sequence[LayerCheck], seconds: float, step: int) -> None:
        self.checks, self.step, self._seconds = list(checks), step, seconds
        self.table.setRowCount(len(checks))
        for row, c in enumerate(checks):
            ok = c.passed(TOLERANCE)
            cells = (self.tr("layer {0}").format(c.layer), error_text(c.max_error),
                     self.tr("{0} of {1}").format(c.checked, c.total),
                     self.tr("agrees") if ok else self.tr("differs"))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        worst = max((c.max_error for c in checks), default=0.0)
        self.summary.setText(self.tr(
            "Gradient check on the next mini-batch: backpropagation against central "
            "finite differences, largest relative error {0} (tolerance {1}; {2:.2f} s)").format(
                error_text(worst), error_text(TOLERANCE), seconds))
        self.setVisible(True)
