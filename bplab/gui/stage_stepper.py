"""The step-through's stages on the graph: Previous/Next/Play controls and their overlay.

The inspector writes one training step out as equations; this row of
controls (in the inspector's page) walks the same step on the network graph
stage by stage: forward layer by layer, the loss, backward layer by layer,
the update (``bplab.experiment.step_stages``).  While a stage is shown, a
click on a node, link or bias of the graph scrolls the equations to the line
that explains it, highlights that line, and marks the element on the graph.

The overlay goes away when the inspector's page is left or training runs,
and comes back with the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from bplab.experiment.step_stages import Stage, build_stages, line_index
from bplab.gui.i18n import Retranslatable
from bplab.gui.inspector import InspectorPanel
from bplab.gui.views.network_view import NetworkView
from bplab.gui.views.stage_overlay import StageOverlay

PLAY_MS = 4000  # a stage lasts PLAY_MS / speed milliseconds while playing
DEFAULT_SPEED = 4  # of 1 … 10: one stage a second


class StageStepper(Retranslatable, QWidget):
    """Stage controls for an inspector and the overlay they drive on a network view."""

    stageShown = Signal(int)  # the stage drawn on the graph now (-1: none)

    def __init__(self, inspector: InspectorPanel, view: NetworkView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageStepper")
        self._inspector = inspector
        self._view = view
        self.overlay = StageOverlay(view, self)
        self._stages: list[Stage] = []
        self._index = -1  # the stage shown; -1: none yet
        self._running = False

        # Their texts: retranslate().
        self.prev_button = QPushButton()
        self.prev_button.setObjectName("stagePrevButton")
        self.prev_button.clicked.connect(self.previous)
        self.next_button = QPushButton()
        self.next_button.setObjectName("stageNextButton")
        self.next_button.clicked.connect(self.next)
        self.play_button = QPushButton()
        self.play_button.setObjectName("stagePlayButton")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("stageSpeedSlider")
        self.speed_slider.setRange(1, 10)
        self.speed_slider.setValue(DEFAULT_SPEED)
        self.speed_slider.setMaximumWidth(90)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        self.label = QLabel()
        self.label.setObjectName("stageLabel")
        self.label.setStyleSheet("font-weight: bold; color: #3c4043;")
        # A narrow page wraps the stage's name rather than cutting it off.
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(80)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        self._on_speed_changed(self.speed_slider.value())

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        row.addWidget(self.play_button)
        row.addWidget(self.speed_slider)
        row.addWidget(self.label, 1)

        inspector.explained.connect(self._on_explained)
        inspector.installEventFilter(self)  # its page shown or left
        view.elementClicked.connect(self._on_element_clicked)
        self._on_explained()
        self.retranslate()

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("◀ Previous stage"))
        self.prev_button.setToolTip(self.tr("Show the stage before this one on the graph"))
        self.next_button.setText(self.tr("Next stage ▶"))
        self.next_button.setToolTip(self.tr(
            "Animate the step on the graph: forward layer by layer, the loss, backward "
            "layer by layer, the update"))
        self.play_button.setText(self.tr("Play stages"))
        self.play_button.setToolTip(self.tr("Show the stages one after another"))
        self.speed_slider.setToolTip(self.tr("Play speed: slower to the left, faster to the "
                                             "right"))
        self._show()  # the stage's name, and the overlay's words on the graph

    # -- state -------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    def stages(self) -> list[Stage]:
        return list(self._stages)

    def stage(self) -> Stage | None:
        return self._stages[self._index] if 0 <= self._index < len(self._stages) else None

    def stage_name(self, stage: Stage | None) -> str:
        if stage is None:
            return self.tr("Next stage animates this step on the graph")
        if stage.kind == "forward":
            return self.tr("Forward: layer {0} of {1}").format(stage.layer, stage.n_layers)
        if stage.kind == "loss":
            return self.tr("Loss")
        if stage.kind == "backward":
            return self.tr("Backward: layer {0}").format(stage.layer)
        return self.tr("Update")

    # -- actions ---------------------------------------------------------------------
    @Slot()
    def next(self) -> None:
        self.go_to(self._index + 1)

    @Slot()
    def previous(self) -> None:
        self.go_to(self._index - 1)

    def go_to(self, index: int) -> None:
        """Show stage ``index`` (-1: none) on the graph."""
        if self._running or not self._stages:
            return
        self._index = max(-1, min(index, len(self._stages) - 1))
        self._show()

    @Slot(bool)
    def set_running(self, running: bool) -> None:
        """Training runs: the stages are of a step that is no more; the overlay goes."""
        self._running = running
        if running:
            self.play_button.setChecked(False)
            self._index = -1
        self._show()

    # -- drawing -----------------------------------------------------------------------
    def _shown(self) -> bool:
        return self._inspector.isVisible() and not self._running

    def _show(self) -> None:
        stage = self.stage() if self._shown() else None
        self.overlay.show_stage(stage)
        self._view.edits_on_click = stage is None  # clicks explain rather than edit
        self.label.setText(self.stage_name(self.stage()))
        self.label.setToolTip("" if stage is None else self.tr("Stage {0} of {1}").format(
            self._index + 1, len(self._stages)))
        last = len(self._stages) - 1
        usable = not self._running and bool(self._stages)
        self.prev_button.setEnabled(usable and self._index >= 0)
        self.next_button.setEnabled(usable and self._index < last)
        self.play_button.setEnabled(usable)
        self.stageShown.emit(self._index if stage is not None else -1)

    def _on_explained(self) -> None:
        wt = self._inspector.walkthrough
        self._stages = build_stages(wt) if wt is not None and wt.arrays is not None else []
        if self._index >= len(self._stages):
            self._index = -1
        self._show()

    # -- play ------------------------------------------------------------------------
    def _on_play_toggled(self, on: bool) -> None:
        if on:
            if self._index >= len(self._stages) - 1:
                self.go_to(-1)  # from the start again
            self.next()
            self._timer.start()
        else:
            self._timer.stop()

    def _on_tick(self) -> None:
        if self._index >= len(self._stages) - 1 or self._running:
            self.play_button.setChecked(False)
            return
        self.next()
        if self._index >= len(self._stages) - 1:
            self.play_button.setChecked(False)  # the update was the last stage

    def _on_speed_changed(self, speed: int) -> None:
        self._timer.setInterval(int(PLAY_MS / max(1, speed)))

    def interval_ms(self) -> int:
        return self._timer.interval()

    # -- clicks on the graph ---------------------------------------------------------
    def _on_element_clicked(self, kind: str, layer: int, index: int, j: int) -> None:
        stage = self.stage()
        if stage is None or not self.overlay.active():
            return
        self.overlay.select(kind, layer, index, j)
        line = line_index(stage, self._inspector.lines(), kind, layer, index, j)
        if line is not None:
            self._inspector.select_line(line)
            self._inspector.scroll_to_line(line)
            self._view.leave()  # the ring marks the element; no hover card over its numbers

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # While the window is torn down the filter can run once this object's Python
        # attributes are gone: then there is nothing left to show or hide.
        inspector = getattr(self, "_inspector", None)
        if inspector is not None and obj is inspector and event.type() in (
                QEvent.Type.Show, QEvent.Type.Hide):
            if event.type() == QEvent.Type.Hide:
                self.play_button.setChecked(False)
            self._show()
        return super().eventFilter(obj, event)
