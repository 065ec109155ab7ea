"""The Runs panel: every run of the experiment, to compare, restore, rename, pin, delete.

A dock (``runsPanel``) with one row per run: a box that lays its loss curves
over the loss plot, its number, its label (what differs from the run before,
or the name given), the epochs trained and the final train/test loss and
accuracy, and a pin.  The current run is in bold; its curves are always the
plot's own.  Double-clicking a row asks to restore that run.  The panel only
shows and asks: the window (``bplab.gui.runs_actions``) does the work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QGridLayout,
    QHeaderView,
    QLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bplab.gui.i18n import Retranslatable
from bplab.gui.status import format_loss
from bplab.gui.views.loss_plot import run_color

SHOW, RUN, LABEL, EPOCHS, TRAIN_LOSS, TEST_LOSS, TRAIN_ACC, TEST_ACC, PIN = range(9)
NUMBER_ROLE = Qt.ItemDataRole.UserRole
TABLE_MIN_HEIGHT = 44  # px: the header and a row


@dataclass(frozen=True)
class RunRow:
    """What one row shows."""

    number: int
    label: str  # what differs from the run before
    name: str  # given by the user ("" for none)
    epochs: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    current: bool = False
    pinned: bool = False
    tip: str = ""  # the run's settings, for the tooltip


def _percent(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:.1f}%"


class RunsPanel(Retranslatable, QDockWidget):
    overlaysChanged = Signal()  # the runs ticked for the loss plot changed
    restoreRequested = Signal(int)  # run number
    renameRequested = Signal(int, str)  # run number, new name ("" goes back to the label)
    pinRequested = Signal(int, bool)
    deleteRequested = Signal(list)  # run numbers
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("runsTable")
        self.table.setHorizontalHeaderLabels([""] * 9)
        header = self.table.horizontalHeader()
        for col in range(9):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT)  # a small window keeps its views
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemDoubleClicked.connect(self._on_double_click)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.restore_button = self._button("restoreRunButton", self._restore)
        self.rename_button = self._button("renameRunButton", self._rename)
        self.delete_button = self._button("deleteRunButton", self._delete)
        self.export_button = self._button("exportRunsButton", self.exportRequested.emit)
        self._buttons = QGridLayout()
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self._button_columns = 0
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons)
        # The buttons take two rows in a narrow panel (e.g. a tab beside the form), so the
        # panel asks for no more than two buttons' width; see resizeEvent.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._place_buttons(2)
        self.setWidget(body)
        self._rows: list[RunRow] = []
        self._ticked: set[int] = set()
        self._filling = False
        self._update_buttons()
        self.retranslate()

    def _place_buttons(self, columns: int) -> None:
        """The four buttons in one row (4 columns) or in two rows of two."""
        if columns == self._button_columns:
            return
        self._button_columns = columns
        order = (self.restore_button, self.rename_button, self.delete_button,
                 self.export_button)
        for b in order:
            self._buttons.removeWidget(b)
        # One row: Restore, Rename, Delete, a stretch, Export at the far end.
        places = ([(0, 0), (0, 1), (0, 2), (0, 4)] if columns == 4
                  else [(0, 0), (0, 1), (1, 0), (1, 1)])
        for b, (row, column) in zip(order, places, strict=True):
            self._buttons.addWidget(b, row, column)
        for c in range(5):
            self._buttons.setColumnStretch(c, 1 if columns == 4 and c == 3 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_row = sum(b.sizeHint().width() for b in (
            self.restore_button, self.rename_button, self.delete_button,
            self.export_button)) + 3 * self._buttons.spacing() + 16
        self._place_buttons(4 if self.width() >= one_row else 2)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            "", self.tr("Run"), self.tr("Label"), self.tr("Epochs"), self.tr("Train loss"),
            self.tr("Test loss"), self.tr("Train acc."), self.tr("Test acc."), self.tr("Pin")])
        self.table.horizontalHeaderItem(SHOW).setToolTip(self.tr("Lay over the loss plot"))
        self.table.horizontalHeaderItem(PIN).setToolTip(self.tr(
            "Pinned runs are kept however many runs follow"))
        for button, text, tip in (
                (self.restore_button, self.tr("Restore"),
                 self.tr("Go back to the selected run: its settings and final weights")),
                (self.rename_button, self.tr("Rename"),
                 self.tr("Give the selected run a name of your own (F2)")),
                (self.delete_button, self.tr("Delete"),
                 self.tr("Forget the selected runs (not the current one)")),
                (self.export_button, self.tr("Export CSV…"),
                 self.tr("All runs in one CSV: run, label, epoch, losses, accuracies"))):
            button.setText(text)
            button.setToolTip(tip)
        self.set_rows(self._rows)  # the tooltips of the ticks and pins, and the title
        # As narrow as two buttons side by side, in this language's words.
        pairs = ((self.restore_button, self.rename_button),
                 (self.delete_button, self.export_button))
        two = max(a.minimumSizeHint().width() + b.minimumSizeHint().width() for a, b in pairs)
        self.widget().setMinimumWidth(two + self._buttons.spacing() + 8)

    def _button(self, name: str, slot) -> QPushButton:
        b = QPushButton()
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    # -- contents -----------------------------------------------------------------
    def set_rows(self, rows: list[RunRow]) -> None:
        """Show these runs (in order); ticks of runs that are gone are dropped."""
        selected = set(self.selected())
        self._rows = list(rows)
        numbers = {r.number for r in rows if not r.current}
        dropped = self._ticked - numbers
        self._ticked &= numbers
        self._filling = True
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self._fill_row(i, row)
        self._filling = False
        self.table.clearSelection()
        for i, row in enumerate(rows):
            if row.number in selected:
                self.table.selectRow(i)
        self.setWindowTitle(self.tr("Runs ({0})").format(len(rows)) if rows else self.tr("Runs"))
        self._update_buttons()
        if dropped:
            self.overlaysChanged.emit()

    def update_current(self, row: RunRow) -> None:
        """Refresh the current run's figures (cheap: while training, a few times a second)."""
        for i, old in enumerate(self._rows):
            if old.current and old.number == row.number:
                self._rows[i] = row
                self._filling = True
                self._fill_figures(i, row)
                self._filling = False
                return

    def _item(self, i: int, col: int, text: str, number: int) -> QTableWidgetItem:
        item = self.table.item(i, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(i, col, item)
        item.setText(text)
        item.setData(NUMBER_ROLE, number)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    def _fill_row(self, i: int, row: RunRow) -> None:
        show = self._item(i, SHOW, "", row.number)
        show.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | (Qt.ItemFlag.NoItemFlags if row.current
                         else Qt.ItemFlag.ItemIsUserCheckable))
        checked = row.current or row.number in self._ticked
        show.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        show.setToolTip(self.tr("The current run: always on the loss plot") if row.current
                        else self.tr("Lay this run's losses over the loss plot"))
        if not row.current:
            show.setBackground(QBrush(QColor(run_color(row.number))))
        else:
            show.setBackground(QBrush())
        number = self._item(i, RUN, str(row.number), row.number)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label = self._item(i, LABEL, row.name or row.label, row.number)
        label.setFlags(label.flags() | Qt.ItemFlag.ItemIsEditable)
        tip = row.label if not row.name else f"{row.name} — {row.label}"
        label.setToolTip("\n".join(t for t in (tip, row.tip) if t))
        pin = self._item(i, PIN, "", row.number)
        pin.setFlags(pin.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        pin.setCheckState(Qt.CheckState.Checked if row.pinned else Qt.CheckState.Unchecked)
        pin.setToolTip(self.tr("Pinned: kept however many runs follow"))
        self._fill_figures(i, row)
        font = QFont(self.table.font())
        font.setBold(row.current)
        for col in range(9):
            self.table.item(i, col).setFont(font)
        # A row that was the current run's keeps no stale tip (nor one in another language).
        number.setToolTip(self.tr("The current run: the weights shown") if row.current else "")

    def _fill_figures(self, i: int, row: RunRow) -> None:
        for col, text in ((EPOCHS, f"{row.epochs:,}"),
                          (TRAIN_LOSS, format_loss(row.train_loss)),
                          (TEST_LOSS, format_loss(row.test_loss)),
                          (TRAIN_ACC, _percent(row.train_accuracy)),
                          (TEST_ACC, _percent(row.test_accuracy))):
            item = self._item(i, col, text, row.number)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # -- what is chosen -----------------------------------------------------------------
    def rows(self) -> list[RunRow]:
        return list(self._rows)

    def ticked(self) -> list[int]:
        """Numbers of the earlier runs laid over the loss plot, in list order."""
        return [r.number for r in self._rows if r.number in self._ticked]

    def set_ticked(self, number: int, on: bool) -> None:
        for i, row in enumerate(self._rows):
            if row.number == number and not row.current:
                self.table.item(i, SHOW).setCheckState(
                    Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def selected(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self._rows[i].number for i in rows if i < len(self._rows)]

    def row_of(self, number: int) -> int:
        return next(i for i, r in enumerate(self._rows) if r.number == number)

    # -- reactions ------------------------------------------------------------------
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        number = item.data(NUMBER_ROLE)
        row = self._rows[item.row()]
        if item.column() == SHOW and not row.current:
            on = item.checkState() == Qt.CheckState.Checked
            if on != (number in self._ticked):
                (self._ticked.add if on else self._ticked.discard)(number)
                self.overlaysChanged.emit()
        elif item.column() == PIN:
            on = item.checkState() == Qt.CheckState.Checked
            if on != row.pinned:
                self.pinRequested.emit(number, on)
        elif item.column() == LABEL:
            text = item.text().strip()
            if text != (row.name or row.label):
                self.renameRequested.emit(number, "" if text == row.label else text)

    def _on_double_click(self, item: QTableWidgetItem) -> None:
        if item.column() in (SHOW, PIN):
            return
        self.restoreRequested.emit(int(item.data(NUMBER_ROLE)))

    def _restore(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.restoreRequested.emit(chosen[0])

    def _rename(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.table.editItem(self.table.item(self.row_of(chosen[0]), LABEL))

    def _delete(self) -> None:
        current = {r.number for r in self._rows if r.current}
        chosen = [n for n in self.selected() if n not in current]
        if chosen:
            self.deleteRequested.emit(chosen)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        current = {r.number for r in self._rows if r.current}
        self.restore_button.setEnabled(len(chosen) == 1 and chosen[0] not in current)
        self.rename_button.setEnabled(len(chosen) == 1)
        self.delete_button.setEnabled(any(n not in current for n in chosen))
        self.export_button.setEnabled(bool(self._rows))
