"""The code view: the experiment as NumPy code, in step with the graph and the equations.

For the article's XOR example the dock shows the article's own program,
corrected, with the corrected lines marked and a note on what the article
printed, why that fails and what changed; for any other experiment it shows
the NumPy script export.  ``CodeSync`` ties it to the step-through: the lines
computing the stage shown on the graph are highlighted, a click on an
equation or on a graph element points at the line computing it, a click on a
line moves the stage (graph and equations follow), and hovering a variable
shows its value in the explained step (``bplab.export.code_values``).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QScrollArea, QSplitter, QWidget

from bplab.experiment.session import Session
from bplab.experiment.step_stages import Stage
from bplab.experiment.walkthrough import Walkthrough
from bplab.export.article_program import ArticleProgram, article_program, is_article_setup
from bplab.export.code_lines import CodeMap, article_map, generated_map, stage_index
from bplab.export.code_values import CodeValue, code_value, compact
from bplab.export.numpy_script import numpy_script
from bplab.gui.code_editor import CodeEditor
from bplab.gui.i18n import Retranslatable
from bplab.gui.inspector import InspectorPanel
from bplab.gui.stage_stepper import StageStepper
from bplab.gui.views.network_view import NetworkView

CODE_SHARE = 0.34  # of the window's height the dock takes when opened
NOTE_SHARE = 0.36  # of the dock's width the note beside the code takes
SHORT_WINDOW = 700  # px: a shorter window opens the code beside the form, not under the graph
SIDE_SHARE = 0.36  # … taking this share of the window's width


class CodeView(Retranslatable, QDockWidget):
    """The dock: a read-only, numbered, coloured code page with a note beside it."""

    languageChanged = Signal()  # the note and the tooltips are to be written again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self.note = QLabel()
        self.note.setObjectName("codeNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setStyleSheet("color: #3c4043; background: #fef7e0; padding: 6px;")
        self.note_area = QScrollArea()  # beside the code, so the graph keeps its height
        self.note_area.setWidgetResizable(True)
        self.note_area.setWidget(self.note)
        self.note_area.setMinimumWidth(180)
        self.note_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor = CodeEditor()
        self.editor.tooltip_for = self.tooltip_text
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.note_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setWidget(self.splitter)
        self.code_map: CodeMap | None = None
        self._walkthrough: Walkthrough | None = None
        self._stage: Stage | None = None
        self.sync: CodeSync | None = None  # set by install_code_view
        # whether the walkthrough still describes the session (no values once it moved on)
        self.values_current: Callable[[], bool] = lambda: True
        self.retranslate()

    # -- content ------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Code"))
        self.toggleViewAction().setToolTip(self.tr(
            "The experiment as NumPy code, in step with the graph and the equations"))
        self.languageChanged.emit()

    def show_program(self, code_map: CodeMap, note: str) -> None:
        self.code_map = code_map
        self.editor.set_code(code_map.text, code_map.corrected)
        self.note.setText(note)
        self.note_area.setVisible(bool(note))
        self.show_stage(self._stage)

    def set_walkthrough(self, wt: Walkthrough | None) -> None:
        self._walkthrough = wt

    def show_stage(self, stage: Stage | None) -> None:
        """Highlight the lines computing ``stage`` (none for None)."""
        self._stage = stage
        lines = () if stage is None or self.code_map is None else self.code_map.stage_lines(stage)
        if lines != self.editor.stage_lines() or stage is None:
            self.editor.set_stage_lines(lines)

    def stage(self) -> Stage | None:
        return self._stage

    # -- hover ---------------------------------------------------------------------------
    def value_of(self, name: str) -> CodeValue | None:
        """What ``name`` holds in the explained step, at the stage shown."""
        if (self._walkthrough is None or self.code_map is None or not name
                or not self.values_current()):
            return None
        kind = self._stage.kind if self._stage is not None else ""
        return code_value(name, self._walkthrough, self.code_map.article, kind)

    def tooltip_text(self, name: str) -> str:
        value = self.value_of(name)
        if value is None:
            return ""
        shape = "×".join(str(n) for n in value.array.shape)
        step = self.tr("training step {0}").format(self._walkthrough.step + 1)
        return (f"<b>{html.escape(name)}</b> ({shape}) · {html.escape(self.describe(value))}"
                f" · {html.escape(step)}<pre>{html.escape(compact(value.array))}</pre>")

    def describe(self, v: CodeValue) -> str:
        k = v.layer
        texts = {
            "input": self.tr("the mini-batch's inputs, one row per point"),
            "target": self.tr("the mini-batch's targets y"),
            "net": self.tr("net of layer {0}, one row per point").format(k),
            "h": self.tr("h = f(net) of layer {0}, one row per point").format(k),
            "output": self.tr("the output ŷ, one row per point"),
            "error": self.tr("y − ŷ, the article's error"),
            "delta": self.tr("δ of layer {0} = ∂L/∂net").format(k),
            "article_delta": self.tr("the article's delta: −δ of layer {0}, because its "
                                     "error is y − ŷ").format(k),
            "dW": self.tr("∂L/∂W{0} of the mini-batch").format(k),
            "db": self.tr("∂L/∂b{0} of the mini-batch").format(k),
            "loss": self.tr("each point's loss L of the mini-batch"),
        }
        if v.what in ("weight", "bias"):
            name = f"W{k}" if v.what == "weight" else f"b{k}"
            return (self.tr("{0} after this step's update").format(name) if v.updated
                    else self.tr("{0} before this step's update").format(name))
        return texts.get(v.what, "")

    # -- notes ---------------------------------------------------------------------------
    def article_note(self, program: ArticleProgram) -> str:
        printed = "<br>".join(f"<code>{html.escape(line)}</code>"
                              for line in program.printed_lines)
        return (
            self.tr("<b>The article's program, corrected.</b> The article prints:")
            + f"<br>{printed}<br>"
            + self.tr("Its weights are drawn as (n_in, n_out): np.random.randn(2, 2) and "
                      "(2, 1). The first product runs but uses W1 turned over; the second "
                      "stops the program in its first epoch, before anything is printed:")
            + f" <code>{html.escape(program.error)}</code><br>"
            + self.tr("The fix keeps the shapes and drops the transposes; the hidden delta "
                      "then takes W2.T. The marked lines (●) are the only changes. Its "
                      "delta2 and delta1 are −δ (error = y − ŷ), so it adds η·layerᵀ·delta "
                      "where the equations subtract η·∂L/∂w."))

    def generated_note(self) -> str:
        return self.tr("This experiment as the NumPy script export writes it: the article's "
                       "steps in the engine's order, W_l of shape (n_in, n_out).")


class CodeSync(QObject):
    """Keeps the code view on the step-through's stage and numbers; see the module doc."""

    def __init__(self, view: CodeView, inspector: InspectorPanel, stepper: StageStepper,
                 network_view: NetworkView, session: Callable[[], Session],
                 is_running: Callable[[], bool],
                 show_equations: Callable[[], None] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self._inspector = inspector
        self._stepper = stepper
        self._network = network_view
        self._session = session
        self._is_running = is_running
        self._show_equations = show_equations
        self._article: ArticleProgram | None = None
        self._source: tuple[str, int] | None = None  # what the text was made from
        inspector.explained.connect(self.refresh)
        inspector.lineClicked.connect(self._on_equation_clicked)
        stepper.stageShown.connect(self._on_stage_shown)
        network_view.elementClicked.connect(self._on_element_clicked)
        view.editor.lineClicked.connect(self._on_code_clicked)
        view.visibilityChanged.connect(self._on_visibility)
        view.values_current = self._values_current

    def on_language_change(self) -> None:
        """The note again in the new language: now if shown, else when shown next."""
        if self.view.isVisible():
            self.refresh()
        else:
            self.view.note.clear()  # refresh() writes it when the view opens

    def _values_current(self) -> bool:
        wt = self._inspector.walkthrough
        return (not self._is_running() and wt is not None
                and wt.is_current(self._session()))

    def refresh(self, *_args: object) -> None:
        """Show the program for the session and the walkthrough as they are now."""
        view = self.view
        if not view.isVisible() or self._is_running():
            return  # the worker owns the session while it runs
        session = self._session()
        wt = self._inspector.walkthrough
        if is_article_setup(session):
            if self._article is None:
                self._article = article_program()
            view.show_program(article_map(self._article), view.article_note(self._article))
        else:
            text = numpy_script(session)
            view.show_program(generated_map(text, session.network.n_layers),
                              view.generated_note())
        view.set_walkthrough(wt)
        self._on_stage_shown(self._stepper.index)

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            self.refresh()

    # -- stage → code --------------------------------------------------------------------
    def _on_stage_shown(self, index: int) -> None:
        stage = self._stepper.stage() if index >= 0 and self._stepper.overlay.active() else None
        self.view.show_stage(stage)

    # -- clicks elsewhere → code ---------------------------------------------------------
    def _on_equation_clicked(self, index: int) -> None:
        code_map, lines = self.view.code_map, self._inspector.lines()
        if code_map is None or not 0 <= index < len(lines):
            return
        line = lines[index]
        target = stage_index(self._stepper.stages(), code_map.equation_stage(line))
        if target is not None:
            self._stepper.go_to(target)
        self.view.editor.point_at(code_map.equation_line(line))

    def _on_element_clicked(self, kind: str, layer: int, index: int, _j: int) -> None:
        stage, code_map = self._stepper.stage(), self.view.code_map
        if stage is None or code_map is None or not self._stepper.overlay.active():
            return
        self.view.editor.point_at(code_map.element_line(stage, kind, layer, index))

    # -- code → stage, graph and equations -----------------------------------------------
    def _on_code_clicked(self, line: int) -> None:
        code_map = self.view.code_map
        if code_map is None or self._is_running():
            return
        key = code_map.stage_of_line(line)
        target = stage_index(self._stepper.stages(), key)
        if target is None:
            return
        if not self._inspector.isVisible() and self._show_equations is not None:
            self._show_equations()
        self._stepper.go_to(target)
        equations = self._inspector.lines()
        same = [k for k, eq in enumerate(equations) if code_map.equation_stage(eq) == key]
        exact = [k for k in same if code_map.equation_line(equations[k]) == line]
        chosen = (exact or same or [None])[0]
        if chosen is not None:
            self._inspector.select_line(chosen)
            self._inspector.scroll_to_line(chosen)
        self.view.editor.point_at(line)


def install_code_view(window: QMainWindow, inspector: InspectorPanel, stepper: StageStepper,
                      network_view: NetworkView, session: Callable[[], Session],
                      is_running: Callable[[], bool],
                      show_equations: Callable[[], None],
                      beside: QDockWidget | None = None,
                      changed: SignalInstance | None = None,
                      form: QDockWidget | None = None) -> CodeView:
    """Add the dock, closed, to the bottom of ``window`` (a tab beside ``beside`` if that
    dock is there); opening it opens the equations too.  ``changed`` tells of a new
    state of the session (a snapshot), for when the equations are closed; in a short
    window the code opens as a tab beside ``form``."""
    view = CodeView(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, view)
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    if beside is not None and window.dockWidgetArea(beside) == bottom:
        window.tabifyDockWidget(beside, view)
    view.hide()
    view.sync = CodeSync(view, inspector, stepper, network_view, session, is_running,
                         show_equations)
    if changed is not None:
        changed.connect(view.sync.refresh)
    view.languageChanged.connect(view.sync.on_language_change)
    action = view.toggleViewAction()
    action.setObjectName("actionShowCode")

    def opened(on: bool) -> None:
        if not on:
            return
        show_equations()  # graph, equations and code together
        if form is not None and window.height() < SHORT_WINDOW and not view.isFloating():
            # A short window has no height to spare under the graph: the code takes
            # the form's place on the left (a tab beside it), the note under the code.
            window.tabifyDockWidget(form, view)
            view.splitter.setOrientation(Qt.Orientation.Vertical)
            view.raise_()
            window.resizeDocks([view], [max(form.width(), int(SIDE_SHARE * window.width()))],
                               Qt.Orientation.Horizontal)
            height = max(view.height(), 300)
            view.splitter.setSizes([height - int(NOTE_SHARE * height),
                                    int(NOTE_SHARE * height)])
            return
        view.raise_()
        window.resizeDocks([view], [int(CODE_SHARE * window.height())],
                           Qt.Orientation.Vertical)
        width = max(view.width(), 400)
        view.splitter.setSizes([width - int(NOTE_SHARE * width), int(NOTE_SHARE * width)])

    action.triggered.connect(opened)
    return view
