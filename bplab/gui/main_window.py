"""The main window: form on the left, network in the middle, boundary and loss on the right.

The window owns one ``Session`` at a time through a ``TrainingController``;
snapshots from the worker arrive as signals and are drawn here, on the GUI
thread.  Anything that changes the session (rebuild, step, weight edit,
save, export) happens while the worker is paused.  The File menu lives in
``file_actions`` (files, autosave, recovery) and ``export_menu`` (exports).
"""

from __future__ import annotations

import dataclasses
import random

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.snapshot import Snapshot
from bplab.gui.export_menu import ExportActions
from bplab.gui.file_actions import FILE_FILTER, FileActions
from bplab.gui.form import ArchitectureForm, spec_copy
from bplab.gui.form_widgets import MAX_SEED
from bplab.gui.inspector import InspectorPanel
from bplab.gui.status import (
    MessageBanner,
    accuracy_text,
    epoch_text,
    loss_text,
    speed_text,
)
from bplab.gui.views import BoundaryView, LossPlot, NetworkView
from bplab.gui.worker import TrainingController

__all__ = ["FILE_FILTER", "SETTINGS", "MainWindow", "fresh_seed"]
SETTINGS = ("bplab", "bplab")  # QSettings organization and application


def fresh_seed(old: int) -> int:
    """A random seed different from ``old``."""
    while (seed := random.randrange(MAX_SEED)) == old:
        pass
    return seed


class FormEdit(QUndoCommand):
    """One accepted form edit; undo shows and applies the experiment from before."""

    def __init__(self, window: MainWindow, before: Experiment, after: Experiment,
                 rebuild: bool) -> None:
        super().__init__("Change settings")
        self._window, self._before, self._after, self._rebuild = window, before, after, rebuild
        self._first = True  # the edit is already applied when pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._window._apply_form_state(self._after, self._rebuild)

    def undo(self) -> None:
        self._window._apply_form_state(self._before, self._rebuild)


class MainWindow(FileActions, ExportActions, QMainWindow):
    def __init__(self, experiment: Experiment | None = None, path: str | None = None,
                 parent: QWidget | None = None, remember_layout: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.resize(1400, 900)
        self.path = path  # file the experiment was opened from or saved to
        self._remember_layout = remember_layout
        self._settings_names = SETTINGS
        self._dialog: QMessageBox | None = None  # the open error dialog, if any
        self._has_test = True  # whether the data has a test set (for the status texts)
        self.last_snapshot: Snapshot | None = None  # the newest snapshot drawn
        exp = experiment or default_experiment()
        session = Session(exp)  # raises ValueError for an experiment that cannot be built

        self.network_view = NetworkView()
        self.boundary_view = BoundaryView()
        self.loss_plot = LossPlot()
        self.banner = MessageBanner()
        self.form = ArchitectureForm(exp)
        self.undo_stack = QUndoStack(self)
        self._form_state = self.form.experiment()  # what the last form edit left
        self.controller = TrainingController(session, self)

        self._build_layout()
        self._init_files(SETTINGS)
        self._init_exports()
        self._build_actions()
        self._build_status_bar()
        self._connect()
        self._install(session)
        if remember_layout:
            self._restore_layout()
        app = QApplication.instance()
        if app is not None:  # quitting without closing the window must stop the thread too
            app.aboutToQuit.connect(self.controller.shutdown)

    # -- construction ---------------------------------------------------------
    def _build_layout(self) -> None:
        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("rightSplitter")
        # The boundary needs a 2-D input plane; other data shows a short note instead.
        self.boundary_note = QLabel()
        self.boundary_note.setObjectName("boundaryNote")
        self.boundary_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.boundary_note.setWordWrap(True)
        self.boundary_note.setStyleSheet("color: #5f6368; background: white;")
        boundary_box = QWidget()
        box_layout = QVBoxLayout(boundary_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.boundary_view)
        box_layout.addWidget(self.boundary_note)
        self.right_splitter.addWidget(boundary_box)
        self.right_splitter.addWidget(self.loss_plot)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.network_view)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setSizes([500, 500])
        self.right_splitter.setSizes([500, 300])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        scroll = QScrollArea()
        scroll.setObjectName("formScrollArea")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(self.form.sizeHint().width() + 24)
        self.form_dock = QDockWidget("Model", self)
        self.form_dock.setObjectName("formDock")
        self.form_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                   | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                                   | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.form_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.form_dock)

        # The step-through inspector: hidden until "Step through" asks for it.
        self.inspector = InspectorPanel(lambda: self.controller.session,
                                        self.controller.is_running)
        self.inspector_dock = QDockWidget("Step through one training step", self)
        self.inspector_dock.setObjectName("inspectorDock")
        self.inspector_dock.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.inspector_dock.hide()

    def _action(self, name: str, text: str, slot, shortcut=None, icon=None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.action_play = self._action("actionPlay", "Play", self._on_play_toggled,
                                        Qt.Key.Key_Space, sp.SP_MediaPlay,
                                        "Train / pause (Space)")
        self.action_play.setCheckable(True)
        self.action_step = self._action("actionStep", "Step", self.step, None,
                                        sp.SP_MediaSkipForward, "Train exactly one epoch")
        self.action_reset = self._action("actionReset", "Reset", self.reset, "Ctrl+R",
                                         sp.SP_BrowserReload,
                                         "New random weights, same data; back to epoch 0")
        self.action_regenerate = self._action("actionRegenerate", "New data", self.regenerate,
                                              "Ctrl+G", sp.SP_DialogResetButton,
                                              "Draw new data with a new seed; fresh weights")
        self.action_inspect = self._action("actionInspect", "Step through", self.inspect,
                                           "Ctrl+I", sp.SP_FileDialogContentsView,
                                           "Pause and write out the next training step "
                                           "with its numbers")
        self.action_new = self._action("actionNew", "&New", self.file_new,
                                       QKeySequence.StandardKey.New, sp.SP_FileIcon)
        self.action_open = self._action("actionOpen", "&Open…", self.open_dialog,
                                        QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton)
        self.action_import_csv = self._action("actionImportCsv", "&Import data from CSV…",
                                              self.import_csv_dialog,
                                              tip="Train on points from a CSV file: the last "
                                              "column is the label")
        self.action_save = self._action("actionSave", "&Save", self.save,
                                        QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton)
        self.action_save_as = self._action("actionSaveAs", "Save &As…", self.save_as_dialog,
                                           QKeySequence.StandardKey.SaveAs)
        self.action_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.action_undo.setObjectName("actionUndo")
        self.action_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.action_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.action_redo.setObjectName("actionRedo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                      if k not in redo_keys]  # Ctrl+Y on Windows; no duplicate (ambiguous)
        self.action_redo.setShortcuts(redo_keys)
        self.action_quit = self._action("actionQuit", "&Quit", self.close,
                                        QKeySequence.StandardKey.Quit)
        if self.action_quit.shortcut().isEmpty():  # Windows has no standard Quit key
            self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.setObjectName("menuFile")
        self._build_file_menu(file_menu, self.export_menu)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        train_menu = menus.addMenu("&Train")
        for a in (self.action_play, self.action_step, self.action_reset, self.action_regenerate,
                  self.action_inspect):
            train_menu.addAction(a)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.form_dock.toggleViewAction())
        view_menu.addAction(self.inspector_dock.toggleViewAction())
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self._action("actionAbout", "&About bplab", self._show_about))

        toolbar = QToolBar("Training")
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.action_play, self.action_step, self.action_reset, self.action_regenerate,
                  self.action_inspect):
            toolbar.addAction(a)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.epoch_label = QLabel()
        self.epoch_label.setObjectName("epochLabel")
        self.loss_label = QLabel()
        self.loss_label.setObjectName("lossLabel")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.epoch_label.setMinimumWidth(110)
        for label in (self.epoch_label, self.loss_label, self.accuracy_label):
            label.setContentsMargins(6, 0, 12, 0)
            bar.addWidget(label)
        # Wide enough for "1,234,567 steps/s" so the number never gets clipped.
        self.speed_label.setMinimumWidth(
            self.speed_label.fontMetrics().horizontalAdvance("0,000,000 steps/s") + 16)
        self.speed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addPermanentWidget(self.speed_label)

    def _connect(self) -> None:
        c = self.controller
        c.snapshotReady.connect(self._on_snapshot)
        c.failed.connect(lambda text: self.show_message(text, "error"))
        c.diverged.connect(lambda text: self.show_message(text, "warning"))
        c.runningChanged.connect(self._on_running_changed)
        c.runningChanged.connect(self.inspector.set_running)
        c.snapshotReady.connect(lambda _snap: self.inspector.refresh())  # re-explain if stale
        self.inspector.stepApplied.connect(c.publish)  # views, status bar and title update
        self.form.experimentChanged.connect(self._on_form_changed)
        nv = self.network_view
        nv.nodeHovered.connect(self.boundary_view.show_neuron)
        nv.nodeLeft.connect(self.boundary_view.show_output)
        nv.weightEdited.connect(self._on_weight_edited)
        nv.biasEdited.connect(self._on_bias_edited)

    # -- public API -------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.controller.session

    def is_running(self) -> bool:
        return self.controller.is_running()

    def play(self) -> None:
        self.controller.start()

    def pause(self) -> None:
        self.controller.pause()

    def step(self) -> None:
        """One epoch (pauses first if running)."""
        self.controller.step_epoch()
        self.setWindowModified(True)

    def inspect(self) -> None:
        """Pause and show the next training step written out, in the inspector dock."""
        self.controller.pause()
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.inspector.explain()

    def reset(self) -> None:
        """New weights from a fresh seed, same data, history cleared."""
        exp = self.form.experiment()
        exp.training.seed = fresh_seed(exp.training.seed)
        self._rebuild(exp, update_form=True)

    def regenerate(self) -> None:
        """New data from a fresh data seed; same architecture, fresh weights."""
        exp = self.form.experiment()
        exp.data.seed = fresh_seed(exp.data.seed)
        self._rebuild(exp, update_form=True)

    def show_message(self, text: str, kind: str = "error") -> None:
        """Non-modal message in the banner above the views."""
        self.banner.show_message(text, kind)

    def load_experiment(self, exp: Experiment, path: str | None = None,
                        session: Session | None = None) -> bool:
        """Replace the whole experiment (weights and history included when it has them)."""
        self.controller.pause()
        session = session or self._make_session(exp)
        if session is None:
            return False
        self.path = path
        self.form.set_experiment(exp)
        self._form_state = self.form.experiment()
        self.undo_stack.clear()
        self._install(session)
        self.setWindowModified(False)
        return True

    # -- session lifecycle --------------------------------------------------------
    def _make_session(self, exp: Experiment) -> Session | None:
        try:
            session = Session(exp)
        except ValueError as exc:
            self.show_message(f"Cannot build this network: {exc}", "error")
            return None
        return session

    def _rebuild(self, exp: Experiment, update_form: bool = False) -> bool:
        """Stop training and start over with new weights for ``exp``'s spec."""
        self.controller.pause()
        session = self._make_session(spec_copy(exp))
        if session is None:
            self.form.set_experiment(self.session.experiment)  # show what is really trained
            return False
        if update_form:
            self.form.set_experiment(exp)
            self._form_state = self.form.experiment()
        self._install(session)
        self.setWindowModified(True)
        return True

    def _install(self, session: Session) -> None:
        if not len(session.trainer.history):
            session.trainer.record()  # an epoch-0 entry: the loss before training
        self.controller.set_session(session)
        self.banner.hide()
        # Fixed points (the article's four, CSV or drawn data) have no seed to redraw from.
        spec = session.experiment.data
        fixed = spec.source == "points" or spec.generator == "article_xor"
        self.action_regenerate.setEnabled(not fixed)
        self.action_regenerate.setToolTip(
            "These points are fixed: there is no new data to draw" if fixed
            else "New data from a fresh data seed; same architecture, fresh weights")
        nv, bv = self.network_view, self.boundary_view
        acts = session.network.activation_names
        nv.set_architecture(session.network.sizes, session.feature_names, acts)
        ds = session.dataset
        if session.plane is not None:
            bv.set_plane(session.plane, ds.task, ds.n_classes, acts[-1],
                         hidden_activations=acts[:-1], input_labels=session.feature_names)
            bv.set_points(session.train_set.x, session.train_set.y,
                          session.test_set.x, session.test_set.y)
        bv.setVisible(session.plane is not None)
        self.boundary_note.setVisible(session.plane is None)
        self.boundary_note.setText(
            f"No decision boundary to draw: the data has {ds.x.shape[1]} input columns, "
            "and the boundary view needs points in a 2-D plane.")
        self.loss_plot.clear_history()
        self._has_test = session.trainer.test is not None
        self.accuracy_label.setVisible(ds.task == "classification")
        self._update_export_actions()
        self.controller.publish()
        self._update_title()

    # -- slots --------------------------------------------------------------------
    def flush_views(self) -> None:
        """Draw what the views hold back while training runs (loss points, link styles)."""
        self.network_view.flush()
        self.loss_plot.flush()

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.network_view.update_snapshot(snap)
        if self.session.plane is not None:
            self.boundary_view.update_snapshot(snap)
        h = snap.history
        if len(h.get("epoch", ())):
            self.loss_plot.append(h["epoch"], h["train_loss"], h["test_loss"])
        self.epoch_label.setText(epoch_text(snap))
        self.loss_label.setText(loss_text(snap, self._has_test))
        self.accuracy_label.setText(accuracy_text(snap, self._has_test))
        self.speed_label.setText(speed_text(snap.steps_per_second, self.is_running()))
        self.last_snapshot = snap
        self._note_progress(snap.step)

    def _on_play_toggled(self, checked: bool) -> None:
        if checked:
            self.play()  # unsaved once it makes progress (see _note_progress)
        else:
            self.pause()

    def _on_running_changed(self, running: bool) -> None:
        self.action_play.blockSignals(True)
        self.action_play.setChecked(running)
        self.action_play.blockSignals(False)
        sp = QStyle.StandardPixmap
        self.action_play.setIcon(self.style().standardIcon(
            sp.SP_MediaPause if running else sp.SP_MediaPlay))
        self.action_play.setText("Pause" if running else "Play")
        if not running:
            self.speed_label.setText(speed_text(0.0, False))

    def _on_form_changed(self, exp: Experiment, rebuild: bool) -> None:
        before, self._form_state = self._form_state, exp
        self.undo_stack.push(FormEdit(self, before, exp, rebuild))
        self._apply_spec(exp, rebuild)

    def _apply_form_state(self, exp: Experiment, rebuild: bool) -> None:
        """Undo/redo: show ``exp`` in the form and apply it."""
        self.form.set_experiment(exp)
        self._form_state = self.form.experiment()
        self._apply_spec(exp, rebuild)

    def _apply_spec(self, exp: Experiment, rebuild: bool) -> None:
        if rebuild:
            self._rebuild(exp)
            return
        old, new = self.session.experiment.training, exp.training
        try:
            if dataclasses.replace(old, learning_rate=new.learning_rate) == new:
                self.controller.set_learning_rate(new.learning_rate)  # live, no pause
            else:
                self.controller.apply_training_settings(new)
        except ValueError as exc:
            self.show_message(f"Setting refused: {exc}", "error")
            return
        self.inspector.refresh()  # the next step changed with the setting: explain it again
        self.setWindowModified(True)

    def _on_weight_edited(self, layer: int, i: int, j: int, value: float) -> None:
        try:
            self.controller.edit_weight(layer, i, j, value)
        except ValueError as exc:
            self.show_message(f"Weight not changed: {exc}", "error")
            return
        self.setWindowModified(True)

    def _on_bias_edited(self, layer: int, j: int, value: float) -> None:
        try:
            self.controller.edit_bias(layer, j, value)
        except ValueError as exc:
            self.show_message(f"Bias not changed: {exc}", "error")
            return
        self.setWindowModified(True)

    def _show_about(self) -> None:
        from bplab.gui.about import show_about

        show_about(self)

    # -- layout memory --------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = QSettings(*SETTINGS)
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/mainSplitter", self.main_splitter.restoreState),
                             ("window/rightSplitter", self.right_splitter.restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))

    def _save_layout(self) -> None:
        s = QSettings(*SETTINGS)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/mainSplitter", self.main_splitter.saveState())
        s.setValue("window/rightSplitter", self.right_splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_requested(event):  # Save / Discard / Cancel with unsaved changes
            return
        if self._remember_layout:
            self._save_layout()
        self.controller.shutdown(1000)
        super().closeEvent(event)
