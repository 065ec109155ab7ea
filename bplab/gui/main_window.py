"""The main window: form on the left, network in the middle, boundary and loss on the right.

The window owns one ``Session`` at a time through a ``TrainingController``;
snapshots from the worker arrive as signals and are drawn here, on the GUI
thread.  Anything that changes the session (rebuild, step, weight edit,
save, export) happens while the worker is paused.  The File menu lives in
``file_actions`` (files, autosave, recovery) and ``export_menu`` (exports).
"""

from __future__ import annotations

import dataclasses
import math
import random
import time

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bplab.engine.gradcheck import check_next_batch
from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.doctor import Finding, Fix
from bplab.experiment.input_pair import raw_column_names
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.spec_change import replay_change
from bplab.experiment.view_requests import ViewRequest
from bplab.gui import i18n
from bplab.gui.code_view import install_code_view
from bplab.gui.doctor_panel import DoctorPanel
from bplab.gui.draw_data import DataDrawing
from bplab.gui.experiment_name import (
    derived_name,
    file_stem,
    is_automatic,
    shape_of,
    shown_name,
)
from bplab.gui.export_menu import ExportActions
from bplab.gui.figure_tabs import FigureTabs
from bplab.gui.file_actions import FILE_FILTER, FileActions
from bplab.gui.form import ArchitectureForm, spec_copy
from bplab.gui.form_widgets import MAX_SEED
from bplab.gui.gradient_check_view import GradientCheckView
from bplab.gui.i18n import QT_TRANSLATE_NOOP
from bplab.gui.inspector import InspectorPanel
from bplab.gui.pace_control import PaceControl, remember_pace, remembered_pace
from bplab.gui.play_key import PlayKeyGuard
from bplab.gui.runs_actions import RunsActions
from bplab.gui.stage_stepper import StageStepper
from bplab.gui.status import (
    MessageBanner,
    SpeedMeter,
    StatusNotice,
    StepProgress,
    accuracy_text,
    article_mse_text,
    epoch_text,
    figures_tip,
    loss_text,
)
from bplab.gui.views import BoundaryView, LossPlot, NetworkView
from bplab.gui.views.distribution_view import DistributionView
from bplab.gui.views.layer_stats_plot import LayerStatsPlot
from bplab.gui.views.pair_chooser import PairChooser
from bplab.gui.worker import TrainingBusy, TrainingController

__all__ = ["FILE_FILTER", "SETTINGS", "MainWindow", "fresh_seed"]
SETTINGS = ("bplab", "bplab")  # QSettings organization and application
FORM_MIN_WIDTH = 220  # px; below its own minimum the form scrolls sideways
FORM_SHARE = 0.3  # the form takes at most this share of the window's width at first
NETWORK_MIN_WIDTH = 340  # px the network keeps when the inspector opens, if the window has it
QT_CLOSE_TAB = ("CloseButton", "Close Tab")  # Qt's own text for a tab's close button
INSPECTOR_WIDTH = 560  # px the inspector gets when there is room: most equations fit a line
# While training runs, the status bar's figures change at most this often: each change
# lays the status bar out and repaints it (a quarter of a frame's GUI time at 30 frames a
# second), and figures changing faster cannot be read anyway.
FIGURES_INTERVAL = 0.1  # s
WIDE_TOOLBAR = 1100  # px: from this window width the toolbar shows text beside its icons


def fresh_seed(old: int) -> int:
    """A random seed different from ``old``."""
    while (seed := random.randrange(MAX_SEED)) == old:
        pass
    return seed


class FormEdit(QUndoCommand):
    """One accepted form edit; undo shows and applies the experiment from before."""

    def __init__(self, window: MainWindow, before: Experiment, after: Experiment,
                 rebuild: bool) -> None:
        # Kept in English and translated when shown, so a language switch reaches it too.
        super().__init__(QT_TRANSLATE_NOOP("FormEdit", "Change settings"))
        self._window, self._before, self._after, self._rebuild = window, before, after, rebuild
        self._first = True  # the edit is already applied when pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._window._apply_form_change(self._before, self._after, self._rebuild)

    def undo(self) -> None:
        self._window._apply_form_change(self._after, self._before, self._rebuild)


class MainWindow(FileActions, ExportActions, RunsActions, QMainWindow):
    def __init__(self, experiment: Experiment | None = None, path: str | None = None,
                 parent: QWidget | None = None, remember_layout: bool = True) -> None:
        super().__init__(parent)
        i18n.ensure_language()  # English plural forms when built without `bplab`'s start-up
        self.setObjectName("MainWindow")
        self.resize(1400, 900)
        self.path = path  # file the experiment was opened from or saved to
        self._remember_layout = remember_layout
        self._settings_names = SETTINGS
        self._dialog: QMessageBox | None = None  # the open error dialog, if any
        self._has_test = True  # whether the data has a test set (for the status texts)
        self.last_snapshot: Snapshot | None = None  # the newest snapshot drawn
        self.figures_snapshot: Snapshot | None = None  # the one the status bar's figures show
        self._font_noted = False  # the missing-Chinese-font note was shown
        exp = experiment or default_experiment()
        # Until the user names the experiment (a file), its name follows what it is.
        self._name_given = path is not None and not is_automatic(exp)
        session = Session(exp)  # raises ValueError for an experiment that cannot be built

        self.network_view = NetworkView()
        self.boundary_view = BoundaryView()
        self.loss_plot = LossPlot()
        self.figure_tabs = FigureTabs(self.loss_plot)  # loss, confusion matrix, hidden space
        self.pair_chooser = PairChooser()  # the boundary's two inputs, for data of d > 2
        self._pair_shown: tuple[int, int] | None = None  # the pair the boundary is framed for
        self.banner = MessageBanner()
        self.form = ArchitectureForm(exp)
        self.undo_stack = QUndoStack(self)
        self._form_state = self.form.experiment()  # what the last form edit left
        self.controller = TrainingController(session, self)
        self.drawing = DataDrawing(self, self.boundary_view)  # draw mode (actionDrawData)

        self._build_layout()
        self._init_runs()
        self.code_view = install_code_view(  # the experiment as NumPy code, closed at first
            self, self.inspector, self.stage_stepper, self.network_view,
            lambda: self.controller.session, self.controller.is_running,
            lambda: self.show_inspector(True), beside=self.runs_panel,
            changed=self.controller.snapshotReady, form=self.form_dock)
        self._init_files(SETTINGS)
        self._init_exports()
        self._build_actions()
        self._build_status_bar()
        self._connect()
        self._install(session)
        self.retranslate()
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
        box_layout.setSpacing(0)
        box_layout.addWidget(self.drawing.panel)
        box_layout.addWidget(self.boundary_view)
        box_layout.addWidget(self.pair_chooser)
        box_layout.addWidget(self.boundary_note)
        self.right_splitter.addWidget(boundary_box)
        self.right_splitter.addWidget(self.figure_tabs)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        # The step-through inspector shares the right-hand side with the boundary and
        # the loss, as a second page: the network, which its equations explain, stays in
        # view beside them, and the form keeps its place on the left.
        self.inspector = InspectorPanel(lambda: self.controller.session,
                                        self.controller.is_running)
        self.gradient_check = GradientCheckView()  # under the step-through's equations
        self.inspector.layout().addWidget(self.gradient_check)
        # Above the equations: the same step animated on the graph, stage by stage.
        self.stage_stepper = StageStepper(self.inspector, self.network_view)
        self.inspector.layout().insertWidget(1, self.stage_stepper)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.setTabBarAutoHide(True)  # one page (no inspector): no tab bar
        self.side_tabs.addTab(self.right_splitter, "")  # tab texts: _retranslate_tabs()
        self.doctor_panel = DoctorPanel()
        self.side_tabs.addTab(self.doctor_panel, "")
        self.layer_stats_plot = LayerStatsPlot()
        self.side_tabs.addTab(self.layer_stats_plot, "")
        self.distribution_view = DistributionView()  # fed only while its page is shown
        self.side_tabs.addTab(self.distribution_view, "")
        self.side_tabs.setTabsClosable(True)
        for index in range(self.side_tabs.count()):  # these pages always stay
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                button = self.side_tabs.tabBar().tabButton(index, side)
                self.side_tabs.tabBar().setTabButton(index, side, None)
                if button is not None:
                    button.deleteLater()  # Qt only hides it
        self.side_tabs.tabCloseRequested.connect(
            lambda index: self.show_inspector(False)
            if self.side_tabs.widget(index) is self.inspector else None)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.network_view)
        self.main_splitter.addWidget(self.side_tabs)
        self.main_splitter.setChildrenCollapsible(False)  # no view dragged out of sight
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setSizes([500, 500])
        self.right_splitter.setSizes([500, 300])
        self._sizes_without_inspector: list[int] | None = None
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        scroll = QScrollArea()
        scroll.setObjectName("formScrollArea")
        scroll.setWidgetResizable(True)
        # Narrow windows squeeze the form to its minimum, then scroll it sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(FORM_MIN_WIDTH)
        self.form_dock = QDockWidget(self)
        self.form_dock.setObjectName("formDock")
        self.form_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                   | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                                   | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.form_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.form_dock)
        self._layout_restored = False  # a remembered layout replaces the default sizes
        self._default_sizes_done = False

    def _form_width(self) -> int:
        """The form dock's width for this window: the form's own minimum, within a share
        of the window so the views keep most of it."""
        scroll = self.form_dock.widget()
        bar = scroll.verticalScrollBar().sizeHint().width()
        wanted = self.form.minimumSizeHint().width() + bar + 6
        return max(FORM_MIN_WIDTH, min(wanted, int(FORM_SHARE * self.width())))

    def _apply_default_sizes(self) -> None:
        """Form, network and the right-hand side shares for a window shown the first time."""
        self._size_runs_panel()  # first: as a tab beside the form it takes the form's width
        self.resizeDocks([self.form_dock], [self._form_width()], Qt.Orientation.Horizontal)
        total = sum(self.main_splitter.sizes()) or self.width()
        self.main_splitter.setSizes([total // 2, total - total // 2])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow window shows the toolbar's icons alone (their tooltips name them), so
        # that the pace control at its end stays in view.
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if self.width() >= WIDE_TOOLBAR
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar = getattr(self, "toolbar", None)  # (none yet while the window is built)
        if toolbar is not None and toolbar.toolButtonStyle() != style:
            toolbar.setToolButtonStyle(style)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._default_sizes_done:
            self._default_sizes_done = True
            if not self._layout_restored:
                self._apply_default_sizes()

    # -- the step-through inspector ---------------------------------------------------
    def inspector_shown(self) -> bool:
        return self.side_tabs.indexOf(self.inspector) >= 0

    def show_inspector(self, on: bool = True) -> None:
        """Open the inspector page beside the network (making room), or close it."""
        index = self.side_tabs.indexOf(self.inspector)
        if on:
            if index < 0:
                self._sizes_without_inspector = self.main_splitter.sizes()
                index = self.side_tabs.addTab(self.inspector, "")
                self._retranslate_tabs()
                self._make_room_for_inspector()
            self.side_tabs.setCurrentIndex(index)
        elif index >= 0:
            was_current = self.side_tabs.currentIndex() == index
            self.side_tabs.removeTab(index)
            if was_current:  # back to the output and loss, not the neighbouring page
                self.side_tabs.setCurrentIndex(0)
            if self._sizes_without_inspector is not None:
                self.main_splitter.setSizes(self._sizes_without_inspector)
            self._sizes_without_inspector = None
            self.network_view.leave()
        self.action_show_inspector.blockSignals(True)
        self.action_show_inspector.setChecked(on)
        self.action_show_inspector.blockSignals(False)

    def _make_room_for_inspector(self) -> None:
        """Give the equations room to fit on their lines, never taking the network below
        NETWORK_MIN_WIDTH (or half the space, in a very small window)."""
        sizes = self.main_splitter.sizes()
        total = sum(sizes)
        want = min(INSPECTOR_WIDTH, max(total - NETWORK_MIN_WIDTH, total // 2))
        if sizes[1] < want:
            self.main_splitter.setSizes([total - want, want])

    def _on_inspector_highlight(self, _kind: str, layer: int, neuron: int) -> None:
        """Point at the neuron an equation line is about, on the graph."""
        if neuron >= 0 and 0 <= layer < len(self.session.network.sizes):
            self.network_view.hover_node(layer, neuron)
        else:
            self.network_view.leave()

    def _action(self, name: str, slot, shortcut=None, icon=None) -> QAction:
        action = QAction(self)  # its texts: retranslate()
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.action_play = self._action("actionPlay", self._on_play_toggled,
                                        Qt.Key.Key_Space, sp.SP_MediaPlay)
        self.action_play.setCheckable(True)
        self._play_key = PlayKeyGuard(self)  # Space works in text fields too
        self.action_step = self._action("actionStep", self.step, None, sp.SP_MediaSkipForward)
        self.action_reset = self._action("actionReset", self.reset, "Ctrl+R",
                                         sp.SP_BrowserReload)
        self.action_regenerate = self._action("actionRegenerate", self.regenerate, "Ctrl+G",
                                              sp.SP_DialogResetButton)
        self.action_inspect = self._action("actionInspect", self.inspect, "Ctrl+I",
                                           sp.SP_FileDialogContentsView)
        self.action_restart = self._action("actionRestart", self.restart, "Ctrl+Shift+R",
                                           sp.SP_MediaSkipBackward)
        self.action_check_gradients = self._action("actionCheckGradients",
                                                   self.check_gradients)
        self.action_gradient_view = self._action("actionGradientView", self.set_gradient_view)
        self.action_gradient_view.setCheckable(True)
        self.action_show_inspector = self._action("actionShowInspector", self.show_inspector)
        self.action_show_inspector.setCheckable(True)
        self.action_new = self._action("actionNew", self.file_new,
                                       QKeySequence.StandardKey.New, sp.SP_FileIcon)
        self.action_open = self._action("actionOpen", self.open_dialog,
                                        QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton)
        self.action_import_csv = self._action("actionImportCsv", self.import_csv_dialog)
        self.action_save = self._action("actionSave", self.save,
                                        QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton)
        self.action_save_as = self._action("actionSaveAs", self.save_as_dialog,
                                           QKeySequence.StandardKey.SaveAs)
        # Undo and redo say what they undo, in the language of the moment (retranslate).
        self.action_undo = self._action("actionUndo", self.undo_stack.undo,
                                        QKeySequence.StandardKey.Undo)
        self.action_redo = self._action("actionRedo", self.undo_stack.redo)
        for action, can in ((self.action_undo, self.undo_stack.canUndoChanged),
                            (self.action_redo, self.undo_stack.canRedoChanged)):
            action.setEnabled(False)
            can.connect(action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._set_undo_text)
        self.undo_stack.redoTextChanged.connect(self._set_redo_text)
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                      if k not in redo_keys]  # Ctrl+Y on Windows; no duplicate (ambiguous)
        self.action_redo.setShortcuts(redo_keys)
        self.action_quit = self._action("actionQuit", self.close,
                                        QKeySequence.StandardKey.Quit)
        if self.action_quit.shortcut().isEmpty():  # Windows has no standard Quit key
            self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_about = self._action("actionAbout", self._show_about)

        menus = self.menuBar()
        self.menu_file = file_menu = menus.addMenu("")
        file_menu.setObjectName("menuFile")
        self._build_file_menu(file_menu, self.export_menu)
        self.menu_edit = edit_menu = menus.addMenu("")
        edit_menu.setObjectName("menuEdit")
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.drawing.action)
        self.menu_train = train_menu = menus.addMenu("")
        train_menu.setObjectName("menuTrain")
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart,
                  self.action_regenerate, self.action_inspect, self.action_check_gradients):
            train_menu.addAction(a)
        self.menu_view = view_menu = menus.addMenu("")
        view_menu.setObjectName("menuView")
        view_menu.addAction(self.form_dock.toggleViewAction())
        view_menu.addAction(self.runs_panel.toggleViewAction())
        view_menu.addAction(self.action_show_inspector)
        view_menu.addAction(self.action_gradient_view)
        view_menu.addAction(self.code_view.toggleViewAction())
        view_menu.addSeparator()
        self._build_language_menu(view_menu)
        self.menu_help = help_menu = menus.addMenu("")
        help_menu.setObjectName("menuHelp")
        help_menu.addAction(self.action_about)

        toolbar = QToolBar()
        toolbar.setObjectName("mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.action_play, self.action_step, self.action_reset, self.action_restart,
                  self.action_regenerate, self.action_inspect):
            toolbar.addAction(a)
        toolbar.addAction(self.drawing.action)
        toolbar.addSeparator()
        self.pace_label = pace_label = QLabel()
        pace_label.setContentsMargins(4, 0, 4, 0)
        toolbar.addWidget(pace_label)
        self.pace_control = PaceControl()
        self.pace_control.paceChanged.connect(self._on_pace_changed)
        toolbar.addWidget(self.pace_control)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """View ▸ Language: the system's, English or 简体中文; switches at once."""
        self.menu_language = view_menu.addMenu("")
        self.menu_language.setObjectName("menuLanguage")
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for choice in i18n.CHOICES:
            action = self.menu_language.addAction(i18n.NATIVE_NAMES.get(choice, ""))
            action.setObjectName(f"actionLanguage_{choice}")
            action.setCheckable(True)
            action.setData(choice)
            group.addAction(action)
            action.triggered.connect(lambda _=False, c=choice: self.choose_language(c))
            self.language_actions[choice] = action
        self._check_language()

    def _check_language(self) -> None:
        choice = i18n.current_choice() or i18n.SYSTEM
        if choice in self.language_actions:
            self.language_actions[choice].setChecked(True)

    def choose_language(self, choice: str) -> None:
        """Switch the interface to ``choice`` ("system", "en", "zh_CN") and remember it."""
        i18n.choose(choice, self._settings_names)
        self._check_language()

    # -- texts ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text the window sets itself, in the current language (see bplab.gui.i18n)."""
        for action, text, tip in (
                (self.action_step, self.tr("Step"), self.tr("Train exactly one epoch")),
                (self.action_reset, self.tr("Reset"),
                 self.tr("New random weights, same data; back to epoch 0")),
                (self.action_inspect, self.tr("Step through"),
                 self.tr("Pause and write out the next training step with its numbers")),
                (self.action_show_inspector, self.tr("Step-through panel"),
                 self.tr("Show or hide the step-through beside the network")),
                (self.action_restart, self.tr("Restart"),
                 self.tr("Same initial weights and same data again, with the settings in "
                         "force: see what one change does")),
                (self.action_check_gradients, self.tr("Check gradients"),
                 self.tr("Pause and compare backpropagation's gradients with finite "
                         "differences for the next mini-batch, layer by layer")),
                (self.action_gradient_view, self.tr("Gradient flow"),
                 self.tr("Colour and size the links by their gradient, mean |∂L/∂w| over the "
                         "last epoch's mini-batches (log scale), instead of their weight")),
                (self.action_new, self.tr("&New"), ""),
                (self.action_open, self.tr("&Open…"), ""),
                (self.action_import_csv, self.tr("&Import data from CSV…"),
                 self.tr("Train on points from a CSV file: the last column is the label")),
                (self.action_save, self.tr("&Save"), ""),
                (self.action_save_as, self.tr("Save &As…"), ""),
                (self.action_quit, self.tr("&Quit"), ""),
                (self.action_about, self.tr("&About bplab"), "")):
            action.setText(text)
            action.setToolTip(tip)  # "" shows the text
        self.action_regenerate.setText(self.tr("New data"))
        self._on_running_changed(self.is_running())  # Play or Pause, and the speed
        self.action_play.setToolTip(self.tr("Train / pause (Space)"))
        self._retranslate_undo()
        for menu, title in ((self.menu_file, self.tr("&File")), (self.menu_edit, self.tr("&Edit")),
                            (self.menu_train, self.tr("&Train")),
                            (self.menu_view, self.tr("&View")),
                            (self.menu_help, self.tr("&Help")),
                            (self.menu_language, self.tr("&Language"))):
            menu.setTitle(title)
        self.language_actions[i18n.SYSTEM].setText(self.tr("System language"))
        self.toolbar.setWindowTitle(self.tr("Training"))
        self.pace_label.setText(self.tr("Pace"))
        self.drawing.retranslate()
        self._refresh_runs()  # the runs' labels and the loss plot's run names
        self.form_dock.setWindowTitle(self.tr("Model"))
        self._retranslate_tabs()
        self._retranslate_files()
        self._retranslate_exports()
        self._update_data_texts()
        self.article_mse_label.setToolTip(self.loss_plot.article_mse_tip())
        if self.last_snapshot is not None:
            self._show_figures()
        self._update_title()
        note = "" if self._font_noted else i18n.missing_font_message()
        if note:  # Chinese without a Chinese font: said once
            self._font_noted = True
            self.show_message(note, "warning")

    def _retranslate_tabs(self) -> None:
        self.side_tabs.setTabText(0, self.tr("Output and loss"))
        self._update_doctor_tab()
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.layer_stats_plot),
                                  self.tr("Layers"))
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.distribution_view),
                                  self.tr("Distributions"))
        index = self.side_tabs.indexOf(self.inspector)
        if index >= 0:
            self.side_tabs.setTabText(index, self.tr("Step through"))
            self.side_tabs.setTabToolTip(index, self.tr(
                "One training step written out with its numbers; the graph on the "
                "left shows the neuron a line is about"))
            # Qt words its close button once; its own catalogue has the words (qtbase).
            close = self.side_tabs.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
            if close is not None:
                close.setToolTip(QCoreApplication.translate(*QT_CLOSE_TAB))

    def _retranslate_undo(self) -> None:
        self._set_undo_text(self.undo_stack.undoText())
        self._set_redo_text(self.undo_stack.redoText())

    def _set_undo_text(self, text: str) -> None:
        """Undo names what it undoes, e.g. "Undo Change settings" (the stack's text is
        English: FormEdit)."""
        self.action_undo.setText(self.tr("&Undo {0}").format(
            QCoreApplication.translate("FormEdit", text)) if text else self.tr("&Undo"))

    def _set_redo_text(self, text: str) -> None:
        self.action_redo.setText(self.tr("&Redo {0}").format(
            QCoreApplication.translate("FormEdit", text)) if text else self.tr("&Redo"))

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
        self._speed = SpeedMeter()
        self.epoch_label.setMinimumWidth(110)
        # The article's printed figure, shown while the loss plot draws it too.
        self.article_mse_label = QLabel()
        self.article_mse_label.setObjectName("articleMseLabel")
        # Its tooltip: retranslate(), which runs before the loss plot's own.
        self.article_mse_label.setVisible(False)
        self.loss_plot.article_mse.toggled.connect(self.article_mse_label.setVisible)
        for label in (self.epoch_label, self.loss_label, self.accuracy_label,
                      self.article_mse_label):
            label.setContentsMargins(6, 0, 12, 0)
            bar.addWidget(label)
        # Wide enough for "1,234,567 steps/s" so the number never gets clipped.
        self.speed_label.setMinimumWidth(
            self.speed_label.fontMetrics().horizontalAdvance("0,000,000 steps/s") + 16)
        self.speed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addPermanentWidget(self.speed_label)
        self._figures_at = -math.inf  # perf_counter() of the last update of the figures
        self._figures_timer = QTimer(self)  # shows figures held back (FIGURES_INTERVAL)
        self._figures_timer.setSingleShot(True)
        self._figures_timer.timeout.connect(self._show_figures)
        self.status_notice = StatusNotice()  # e.g. "Network rebuilt: …"
        bar.addWidget(self.status_notice, 1)
        self.step_progress = StepProgress()  # a big net's Step: progress and Cancel
        bar.addPermanentWidget(self.step_progress)

    def _connect(self) -> None:
        c = self.controller
        c.snapshotReady.connect(self._on_snapshot)
        c.failed.connect(lambda text: self.show_message(text, "error"))
        c.diverged.connect(lambda text: self.show_message(text, "warning"))
        c.ruleStopped.connect(self._on_rule_stopped)
        c.runningChanged.connect(self._on_running_changed)
        c.runningChanged.connect(self.inspector.set_running)
        c.stepProgress.connect(self.step_progress.set_progress)
        c.stepFinished.connect(self._on_step_finished)
        self.step_progress.cancel.clicked.connect(c.cancel_step)
        c.runningChanged.connect(self.stage_stepper.set_running)
        c.snapshotReady.connect(lambda _snap: self.inspector.refresh())  # re-explain if stale
        self.inspector.stepApplied.connect(c.publish)  # views, status bar and title update
        self.inspector.highlight.connect(self._on_inspector_highlight)
        self.inspector.highlightCleared.connect(self.network_view.leave)
        self.form.experimentChanged.connect(self._on_form_changed)
        nv = self.network_view
        nv.nodeHovered.connect(self.boundary_view.show_neuron)
        nv.nodeLeft.connect(self.boundary_view.show_output)
        nv.weightEdited.connect(self._on_weight_edited)
        nv.biasEdited.connect(self._on_bias_edited)
        # What the figures show decides what the worker computes with each frame.
        self.figure_tabs.requestChanged.connect(self._update_view_requests)
        self.side_tabs.currentChanged.connect(lambda _i: self._update_view_requests())
        self.pair_chooser.pairChanged.connect(lambda _x, _y: self._update_view_requests())
        self.doctor_panel.fixRequested.connect(self.apply_fix)
        self.doctor_panel.examineRequested.connect(self.examine_now)
        c.runningChanged.connect(self.doctor_panel.set_running)

    # -- public API -------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.controller.session

    def is_running(self) -> bool:
        """Training runs (Play)."""
        return self.controller.is_training()

    def play(self) -> None:
        if self.drawing.refuse_empty():  # an empty drawing has nothing to train on
            self._on_running_changed(False)
            return
        self.controller.start()

    def pause(self) -> None:
        # A big net's last chunk and picture are not waited for: the Play button
        # follows when the worker stops (runningChanged).
        self.controller.request_pause()

    def step(self) -> None:
        """One epoch (pauses first if running); a big net's goes on in the worker, with
        its progress and Cancel in the status bar."""
        if self.drawing.refuse_empty():
            return
        if self.controller.is_stepping():
            return  # one at a time: Cancel stops it
        epoch = self.session.trainer.epoch + 1
        try:
            self.controller.step_epoch()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            return
        if self.controller.is_stepping():
            self.step_progress.begin(epoch)
        self.setWindowModified(True)

    def _on_step_finished(self, completed: bool) -> None:
        self.step_progress.end()
        tr = self.session.trainer
        if not completed and tr.status != "diverged":
            self.status_notice.show_notice(self.tr(
                "Step cancelled inside epoch {0}: the next Step finishes it").format(tr.epoch + 1))

    def inspect(self) -> None:
        """Pause and show the next training step written out, in the inspector dock."""
        self.controller.pause()
        self.show_inspector(True)
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

    def apply_fix(self, fix: Fix) -> bool:
        """Start a new run with the doctor's suggested change (asking first if unsaved)."""
        def run() -> bool:
            return self._confirm_discard() and self._rebuild(
                fix.apply(self.session.experiment), update_form=True)
        return self._paused_while_asking(run)

    def set_gradient_view(self, on: bool) -> None:
        """Links by gradient (accumulated by the worker from the next step on) or by weight."""
        self.controller.watch.want_gradients(on)
        self.network_view.set_gradient_view(on)
        if self.action_gradient_view.isChecked() != on:
            self.action_gradient_view.setChecked(on)

    def check_gradients(self) -> None:
        """Pause, then show the gradient check of the next mini-batch in the step-through."""
        try:
            self.controller.require_paused()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            return
        self.show_inspector(True)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            t0 = time.perf_counter()
            checks = check_next_batch(self.session.trainer)
            seconds = time.perf_counter() - t0
        finally:
            QApplication.restoreOverrideCursor()
        self.gradient_check.show_checks(checks, seconds, self.session.trainer.step)

    def examine_now(self) -> None:
        """The doctor's checks on the network as it is (training pauses first)."""
        try:
            self.controller.require_paused()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            return
        self._show_findings(self.controller.watch.examine(self.session))

    def _show_findings(self, findings: tuple[Finding, ...]) -> None:
        self.doctor_panel.show_findings(findings)
        self.network_view.set_findings(self.doctor_panel.findings())
        self._update_doctor_tab()

    def _update_doctor_tab(self) -> None:
        """The doctor's page title says how many findings it lists."""
        n = len(self.doctor_panel.rows)
        index = self.side_tabs.indexOf(self.doctor_panel)
        self.side_tabs.setTabText(index, self.tr("Doctor ({0})").format(n) if n
                                  else self.tr("Doctor"))

    def show_message(self, text: str, kind: str = "error") -> None:
        """Non-modal message in the banner above the views."""
        self.banner.show_message(text, kind)

    def _refuse_busy(self, exc: TrainingBusy) -> None:
        """Say that a change was not made because training would not pause."""
        self.show_message(self.tr("Not changed: {0}.").format(exc), "error")

    def load_experiment(self, exp: Experiment, path: str | None = None,
                        session: Session | None = None) -> bool:
        """Replace the whole experiment (weights and history included when it has them).

        False, with a message, when nothing was replaced.
        """
        try:
            self.controller.require_paused()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            return False
        session = session or self._make_session(exp)
        if session is None:
            return False
        self.path = path
        self._name_given = path is not None and not is_automatic(exp)
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
            self.show_message(self.tr("Cannot build this network: {0}").format(exc), "error")
            return None
        return session

    def _rebuild(self, exp: Experiment, update_form: bool = False) -> bool:
        """Stop training and start over with new weights for ``exp``'s spec."""
        try:
            self.controller.require_paused()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            self.form.set_experiment(self.session.experiment)  # show what is really trained
            return False
        spec = spec_copy(exp)
        spec.name = self._name_for(spec)
        session = self._make_session(spec)
        if session is None:
            self.form.set_experiment(self.session.experiment)  # show what is really trained
            return False
        if update_form:
            self.form.set_experiment(exp)
            self._form_state = self.form.experiment()
        self._carry_runs(self.session, session)  # the run so far is kept; a new one begins
        self._install(session)
        self.setWindowModified(True)
        return True

    def _rebuild_for_form(self, exp: Experiment) -> None:
        """A form change that needs new weights: rebuild, say so, and keep playing."""
        was_running, tr = self.controller.is_training(), self.session.trainer
        progressed = tr.step > 0
        if not self._rebuild(exp):
            return
        if was_running:
            self.controller.start()
        if was_running or progressed:
            self.status_notice.show_notice(
                self.tr("Network rebuilt: training restarts from epoch 0"))

    def _name_for(self, exp: Experiment) -> str:
        """The name ``exp`` goes by: the one given, or one saying what it now is."""
        current = self.session.experiment
        if self._name_given or shape_of(exp) == shape_of(current):
            return current.name  # named by the user, or still what the name says
        return derived_name(exp)

    def _shown_name(self) -> str:
        return shown_name(self.session.experiment)

    def save_file(self, path: str) -> bool:
        """Save (see FileActions.save_file); an experiment not yet named takes the file's
        name, which then sticks."""
        if self.drawing.refuse_empty():  # the points are gone: nothing to save yet
            return False
        exp, old = self.session.experiment, self.session.experiment.name
        if not self._name_given:
            exp.name = file_stem(path)
        if not super().save_file(path):
            exp.name = old
            self._update_title()
            return False
        self._name_given = True
        self._update_title()
        return True

    def _install(self, session: Session, same_network: bool = False) -> None:
        """Show and train ``session``; ``same_network``: its network has the shape of the one
        shown (drawn data that kept the weights), so the graph's items are kept too."""
        if not len(session.trainer.history):
            session.trainer.record()  # an epoch-0 entry: the loss before training
        self.controller.set_session(session)
        self.doctor_panel.clear()
        self.layer_stats_plot.clear(len(session.network.sizes) - 1)
        self.distribution_view.set_network(session.network.activation_names)
        self.gradient_check.clear()
        self.network_view.set_findings(())
        self._update_doctor_tab()
        self.banner.hide()
        # Fixed points (the article's four, CSV or drawn data) have no seed to redraw from.
        spec = session.experiment.data
        fixed = spec.source == "points" or spec.generator == "article_xor"
        self.action_regenerate.setEnabled(not fixed)
        nv, bv = self.network_view, self.boundary_view
        acts = session.network.activation_names
        if not same_network:
            nv.set_architecture(session.network.sizes, session.input_names, acts)
        ds = session.dataset
        if session.plane is not None:
            bv.set_plane(session.plane, ds.task, ds.n_classes, acts[-1],
                         hidden_activations=acts[:-1], input_labels=session.input_names,
                         axis_labels=ds.columns)
            bv.set_points(session.train_set.x, session.train_set.y,
                          session.test_set.x, session.test_set.y)
        d = ds.x.shape[1]
        self._pair_shown = None  # data of d > 2: framed by the first pair grid
        if session.plane is None and d > 2:
            names = raw_column_names(session)
            old = self.pair_chooser.pair()
            self.pair_chooser.set_columns(names, old if max(old) < d else (0, 1))
        bv.setVisible(session.plane is not None or d > 2)
        self.pair_chooser.setVisible(session.plane is None and d > 2)
        self.boundary_note.setVisible(d < 2)
        self._update_data_texts()
        self.loss_plot.clear_history()
        self.figure_tabs.install(session)
        self.drawing.on_install()
        self._update_view_requests(publish=False)
        self._has_test = session.trainer.test is not None
        self.accuracy_label.setVisible(ds.task == "classification")
        self._update_export_actions()
        self._apply_pace(session)
        self.controller.publish()
        self._install_runs(session)
        self._update_title()

    def _update_data_texts(self) -> None:
        """The texts that say something about the data: New data's tip, the boundary note."""
        session = self.session
        spec = session.experiment.data
        fixed = spec.source == "points" or spec.generator == "article_xor"
        self.action_regenerate.setToolTip(
            self.tr("These points are fixed: there is no new data to draw") if fixed
            else self.tr("New data from a fresh data seed; same architecture, fresh weights"))
        d = session.dataset.x.shape[1]
        self.boundary_note.setText(self.tr(
            "No decision boundary to draw: the data has %n input column(s), and the "
            "boundary view needs points in a 2-D plane.", "", d))

    # -- slots --------------------------------------------------------------------
    def flush_views(self) -> None:
        """Draw what the views hold back while training runs (loss points, link styles)."""
        self.network_view.flush()
        self.loss_plot.flush()

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.network_view.update_snapshot(snap)
        if snap.findings is not None:
            self._show_findings(snap.findings)
        if snap.layer_stats is not None:
            self.layer_stats_plot.add(*snap.layer_stats)
        if snap.distributions is not None:
            self.distribution_view.update_distributions(snap.distributions)
        if self.gradient_check.checks and snap.step != self.gradient_check.step:
            self.gradient_check.clear()  # it was about weights that have moved on
        if self.session.plane is not None:
            self.boundary_view.update_snapshot(snap)
        elif snap.pair_grid is not None:
            self._show_pair_grid(snap)
        h = snap.history
        self.loss_plot.replace_from(snap.history_start, h["epoch"], h["train_loss"],
                                    h["test_loss"], h.get("article_mse"))
        self.figure_tabs.show_snapshot(snap)
        self.last_snapshot = snap
        # A frame of running training (it has a speed) may wait for the next update of
        # the figures; any other (paused, a Step, an edit) shows them at once.
        wait = self._figures_at + FIGURES_INTERVAL - time.perf_counter()
        if snap.steps_per_second > 0 and wait > 0:
            if not self._figures_timer.isActive():
                self._figures_timer.start(max(1, round(wait * 1000)))
        else:
            self._show_figures()
        self._note_progress(snap.step)
        self._runs_on_snapshot(snap)

    def _show_figures(self) -> None:
        """The status bar's epoch, loss, accuracy and speed, from the newest snapshot."""
        self._figures_timer.stop()
        snap = self.last_snapshot
        if snap is None:
            return
        self._figures_at = time.perf_counter()
        self.figures_snapshot = snap
        self.epoch_label.setText(epoch_text(snap))
        self.loss_label.setText(loss_text(snap, self._has_test))
        self.accuracy_label.setText(accuracy_text(snap, self._has_test))
        self.article_mse_label.setText(article_mse_text(snap))
        tip = figures_tip(snap)
        self.loss_label.setToolTip(tip)
        self.accuracy_label.setToolTip(tip)
        self.speed_label.setText(self._speed.text(self.is_running(), snap.steps_per_second,
                                                  snap.step, self._figures_at))

    def _update_view_requests(self, publish: bool = True) -> None:
        """Tell the worker what the figures shown need with each frame; redraw them now if
        training is paused."""
        figures_shown = self.side_tabs.currentIndex() == 0
        session = self.session
        pair = self.pair_chooser.pair() if session.plane is None and session.dataset.x.shape[
            1] > 2 else None
        self.controller.requests.set(ViewRequest(
            metrics=figures_shown and self.figure_tabs.wants_metrics(),
            pair=pair,
            hidden=self.figure_tabs.hidden_request() if figures_shown else None,
            distributions=self.side_tabs.currentWidget() is self.distribution_view))
        if publish:
            self.controller.publish()  # (running: the worker's next frame brings them)

    def _show_pair_grid(self, snap: Snapshot) -> None:
        """The boundary of data with more than two inputs: the output over the chosen pair,
        the other inputs held at their mean."""
        grid, session, bv = snap.pair_grid, self.session, self.boundary_view
        assert grid is not None
        if grid.pair != self._pair_shown:  # a new pair: frame it and show its points
            ds, acts = session.dataset, session.network.activation_names
            bv.set_plane(grid.plane, ds.task, ds.n_classes, acts[-1],
                         hidden_activations=acts[:-1], axis_labels=grid.names, others_held=True)
            bv.set_points(grid.train_points, session.train_set.y, grid.test_points,
                          session.test_set.y)
            self.pair_chooser.show_held(grid.held)
            self._pair_shown = grid.pair
        bv.update_snapshot(dataclasses.replace(snap, grids=(grid.values,)))

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
        self.action_play.setText(self.tr("Pause") if running else self.tr("Play"))
        if running:
            self._speed.started(self.session.trainer.step, time.perf_counter())
        self.speed_label.setText(self._speed.text(running, 0.0, self.session.trainer.step,
                                                  time.perf_counter()))

    def _on_form_changed(self, exp: Experiment, rebuild: bool) -> None:
        before, self._form_state = self._form_state, exp
        self.undo_stack.push(FormEdit(self, before, exp, rebuild))
        self._apply_spec(exp, rebuild)

    def _apply_form_change(self, old: Experiment, new: Experiment, rebuild: bool) -> None:
        """Undo/redo: change what the edit changed from ``old`` to ``new``, keeping what
        changed since (a Reset's weight seed, New data's seed), show it and apply it."""
        self.form.set_experiment(replay_change(self.form.experiment(), old, new))
        # What the form shows, as it shows it (e.g. a batch clamped to the training set).
        self._form_state = self.form.experiment()
        self._apply_spec(self.form.experiment(), rebuild)

    def _apply_spec(self, exp: Experiment, rebuild: bool) -> None:
        if rebuild:
            self._rebuild_for_form(exp)
            return
        old, new = self.session.experiment.training, exp.training
        try:
            if exp.stop != self.session.experiment.stop:
                self.controller.set_stop_rules(dataclasses.replace(exp.stop))
            if dataclasses.replace(old, learning_rate=new.learning_rate) == new:
                self.controller.set_learning_rate(new.learning_rate)  # live, no pause
            else:
                self.controller.apply_training_settings(new)
        except ValueError as exc:
            self.show_message(self.tr("Setting refused: {0}").format(exc), "error")
            self.form.set_experiment(self.session.experiment)  # show the values in force
            self._form_state = self.form.experiment()
            return
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            self.form.set_experiment(self.session.experiment)  # show what is really in force
            return
        self.inspector.refresh()  # the next step changed with the setting: explain it again
        self.setWindowModified(True)
        self._relabel_current_run()

    # -- the pace ----------------------------------------------------------------------
    def _apply_pace(self, session: Session) -> None:
        """Train ``session`` at its own pace, or at the one chosen last."""
        view = session.experiment.view
        if view.pace is None:
            view.pace = remembered_pace(self._settings_names)
        self.pace_control.set_pace(view.pace)
        self.controller.set_pace(view.pace)

    def _on_pace_changed(self, pace: float) -> None:
        self.controller.set_pace(pace)  # applies at once, also while playing
        self.session.experiment.view.pace = pace
        remember_pace(self._settings_names, pace)
        self.setWindowModified(True)

    def _on_weight_edited(self, layer: int, i: int, j: int, value: float) -> None:
        try:
            self.controller.edit_weight(layer, i, j, value)
        except ValueError as exc:
            self.show_message(self.tr("Weight not changed: {0}").format(exc), "error")
            return
        self.setWindowModified(True)

    def _on_bias_edited(self, layer: int, j: int, value: float) -> None:
        try:
            self.controller.edit_bias(layer, j, value)
        except ValueError as exc:
            self.show_message(self.tr("Bias not changed: {0}").format(exc), "error")
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
                self._layout_restored = True

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
