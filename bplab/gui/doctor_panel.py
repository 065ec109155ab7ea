"""The training doctor's list: each finding once, with its numbers and a one-click fix.

The panel only shows and asks.  The findings come with the worker's snapshots
(``bplab.experiment.run_watch``) or from "Examine now"; a finding seen again
(same id) updates its row's numbers instead of adding a row.  Pressing a
fix button emits ``fixRequested(Fix)``: the window applies it as a new run.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bplab.experiment.doctor import Finding, Fix
from bplab.experiment.doctor_messages import FIX_MESSAGES, MESSAGES, render
from bplab.gui.i18n import Retranslatable


def finding_text(finding: Finding) -> str:
    """The finding's message, translated, with its numbers."""
    return render(QCoreApplication.translate("doctor", MESSAGES[finding.message_id]),
                  finding.params)


def fix_text(fix: Fix) -> str:
    """The suggested change, translated, with its numbers."""
    return render(QCoreApplication.translate("doctor", FIX_MESSAGES[fix.kind]), fix.params)


class FindingRow(Retranslatable, QFrame):
    """One finding: its text and, when it has one, the button applying its fix."""

    def __init__(self, finding: Finding, on_fix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctorFinding")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setObjectName("doctorFindingText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.setObjectName("doctorFixButton")
        self.button.clicked.connect(lambda: on_fix(self.finding))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        lay.addLayout(row)
        self.set_finding(finding)

    def retranslate(self) -> None:
        self.set_finding(self.finding)

    def set_finding(self, finding: Finding) -> None:
        self.finding = finding
        self.label.setText(finding_text(finding))
        fix = finding.fix
        self.button.setVisible(fix is not None)
        if fix is not None:
            text = fix_text(fix)
            self.button.setText(self.tr("Try: {0}").format(text))
            self.button.setToolTip(self.tr(
                "Start a new run with this change, from the same seed, to compare"))


class DoctorPanel(Retranslatable, QWidget):
    """The doctor's findings for the current run; see the module docstring."""

    fixRequested = Signal(object)  # Fix
    examineRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctorPanel")
        self.summary = QLabel()
        self.summary.setObjectName("doctorSummary")
        self.summary.setWordWrap(True)
        self.examine_button = QPushButton()
        self.examine_button.setObjectName("doctorExamineButton")
        self.examine_button.clicked.connect(self.examineRequested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.examine_button)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(scroll, 1)
        self.rows: dict[str, FindingRow] = {}  # by finding id, in the order found
        self._examined = False
        self.retranslate()

    def retranslate(self) -> None:
        self.examine_button.setText(self.tr("Examine now"))
        self.examine_button.setToolTip(self.tr(
            "Run the doctor's checks on the network as it is now (while paused)"))
        self._update_summary()

    def clear(self) -> None:
        """A new run: no findings yet."""
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        self._examined = False
        self._update_summary()

    def show_findings(self, findings: Iterable[Finding]) -> list[Finding]:
        """Add the findings not listed yet, refresh the numbers of the others; the new ones."""
        self._examined = True
        new = []
        for f in findings:
            row = self.rows.get(f.id)
            if row is None:
                row = FindingRow(f, self._on_fix)
                self._list_layout.insertWidget(self._list_layout.count() - 1, row)
                self.rows[f.id] = row
                new.append(f)
            else:
                row.set_finding(f)
        self._update_summary()
        return new

    def findings(self) -> list[Finding]:
        return [row.finding for row in self.rows.values()]

    def set_running(self, running: bool) -> None:
        self.examine_button.setEnabled(not running)

    def _on_fix(self, finding: Finding) -> None:
        if finding.fix is not None:
            self.fixRequested.emit(finding.fix)

    def _update_summary(self) -> None:
        n = len(self.rows)
        if n:
            text = self.tr("%n finding(s) in this run", "", n)
        elif self._examined:
            text = self.tr("No problem found so far")
        else:
            text = self.tr("The doctor looks at the run while it trains")
        self.summary.setText(text)
