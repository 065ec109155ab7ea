"""The code view in the window: in step with the graph's stages and the equations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDockWidget, QToolTip
from test_code_lines import ARTICLE_STAGES

from bplab.experiment import examples_dir, load_experiment
from bplab.export.code_values import compact
from bplab.gui.code_editor import MARKED_BG, POINTED_BG, STAGE_BG
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui



def open_window(qtbot, name: str) -> MainWindow:
    w = MainWindow(load_experiment(examples_dir() / name), remember_layout=False)
    qtbot.addWidget(w)
    w.resize(800, 760)  # inside the offscreen screen (800×800), where tooltips show
    w.show()
    qtbot.waitExposed(w)
    w.controller.run_epochs_now(20)
    return w


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot, "article-xor.json")
    w.code_view.toggleViewAction().trigger()  # as View ▸ Code does
    yield w
    w.setWindowModified(False)
    w.close()


def go_to(window: MainWindow, kind: str, layer: int) -> None:
    stepper = window.stage_stepper
    stepper.go_to([(s.kind, s.layer) for s in stepper.stages()].index((kind, layer)))


def shown_stage(window: MainWindow) -> tuple[str, int]:
    stage = window.stage_stepper.stage()
    assert stage is not None and window.stage_stepper.overlay.active()
    return stage.kind, stage.layer


def line_texts(window: MainWindow, lines) -> list[str]:
    return [window.code_view.editor.line_text(k).strip() for k in lines]


def engine_pass(window: MainWindow) -> tuple:
    session = window.session
    _idx, x, t = session.trainer.next_batch()
    fp = session.network.forward(x)
    return fp, session.network.backward(fp, t)


def tooltip_over(qtbot, window: MainWindow, line: int, word: str) -> str:
    """A real tooltip event over ``word`` on ``line`` of the code; the tooltip's text."""
    editor = window.code_view.editor
    editor.scroll_to_line(line)
    block = editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index(word) + 1)
    rect = editor.cursorRect(cursor)
    pos = QPoint(rect.left() + 2, rect.center().y())
    QToolTip.hideText()  # Qt hides a tooltip after a short delay
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, editor.viewport().mapToGlobal(pos))
    QApplication.sendEvent(editor.viewport(), event)  # shows (or not) at once
    return QToolTip.text() if QToolTip.isVisible() else ""


def code_line(window: MainWindow, text: str) -> int:
    rows = window.code_view.editor.toPlainText().split("\n")
    return next(k for k, row in enumerate(rows) if row.strip().startswith(text))


def selection_colors(window: MainWindow, line: int) -> set[str]:
    editor = window.code_view.editor
    return {sel.format.background().color().name() for sel in editor.extraSelections()
            if sel.cursor.blockNumber() == line}


# -- the dock --------------------------------------------------------------------------------
def test_the_dock_starts_closed_and_opening_it_shows_the_equations_too(qtbot) -> None:
    w = open_window(qtbot, "article-xor.json")
    dock = w.findChild(QDockWidget, "codeView")
    assert dock is w.code_view and dock.isHidden()  # the graph keeps its room at first
    assert dock.toggleViewAction() in w.menuBar().actions()[3].menu().actions()  # View
    assert not w.inspector_shown()
    dock.toggleViewAction().trigger()
    assert dock.isVisible() and w.inspector.isVisible() and w.network_view.isVisible()
    assert dock.widget().width() > 0 and w.network_view.height() > 150
    w.setWindowModified(False)
    w.close()


def test_the_article_view_marks_exactly_the_corrected_lines(window: MainWindow) -> None:
    editor = window.code_view.editor
    marked = editor.marked_lines()
    assert line_texts(window, marked) == [
        "layer1 = sigmoid(np.dot(X, W1) + b1)",
        "layer2 = sigmoid(np.dot(layer1, W2) + b2)",
        "delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)"]
    tinted = {sel.cursor.blockNumber() for sel in editor.extraSelections()
              if sel.format.background().color() == QColor(MARKED_BG)}
    assert tinted == set(marked)
    assert "# 反向传播" in editor.toPlainText()  # the article's own comments
    note = window.code_view.note.text()
    assert "np.dot(X, W1.T)" in note and "np.dot(layer1, W2.T)" in note  # as printed
    assert "not aligned" in note  # NumPy's error for the printed forward pass


def test_a_generated_experiment_shows_the_script_with_nothing_marked(qtbot) -> None:
    w = open_window(qtbot, "circle.json")
    w.code_view.toggleViewAction().trigger()
    editor = w.code_view.editor
    assert editor.marked_lines() == () and "def forward(x):" in editor.toPlainText()
    w.setWindowModified(False)
    w.close()


# -- the highlighted lines follow the stages -----------------------------------------------
def test_the_highlighted_lines_are_the_stages_for_the_article(window: MainWindow) -> None:
    editor = window.code_view.editor
    assert editor.stage_lines() == ()  # no stage shown yet
    seen = []
    for index, stage in enumerate(window.stage_stepper.stages()):
        window.stage_stepper.go_to(index)
        key = (stage.kind, stage.layer)
        assert line_texts(window, editor.stage_lines()) == ARTICLE_STAGES[key], key
        assert all(STAGE_BG in selection_colors(window, k) or k in editor.marked_lines()
                   for k in editor.stage_lines())
        first = editor.stage_lines()[0]
        top = editor.firstVisibleBlock().blockNumber()
        assert top <= first < top + 12  # scrolled into view
        seen.append(key)
    assert seen == list(ARTICLE_STAGES)


def test_the_highlighted_lines_are_the_stages_for_a_generated_script(qtbot) -> None:
    w = open_window(qtbot, "circle.json")  # 2-4-2-1 tanh
    w.code_view.toggleViewAction().trigger()
    editor = w.code_view.editor
    for index, stage in enumerate(w.stage_stepper.stages()):
        w.stage_stepper.go_to(index)
        texts = line_texts(w, editor.stage_lines())
        k = stage.layer
        if stage.kind == "forward":
            prev = "x" if k == 1 else f"h{k - 1}"
            assert texts == [f"net{k} = {prev} @ W{k} + b{k}", f"h{k} = tanh(net{k})"]
        elif stage.kind == "loss":
            assert texts == ["per_point = 0.5 * ((y - y_hat) ** 2).sum(axis=1)"]
        elif stage.kind == "backward":
            assert texts[0].startswith(f"delta{k} = ")
            assert texts[-2:] == [f"dW{k} = {'x' if k == 1 else f'h{k - 1}'}.T @ delta{k}",
                                  f"db{k} = delta{k}.sum(axis=0)"]
        else:
            assert texts == [f"{p}{j} -= learning_rate * d{p}{j}" for j in (3, 2, 1)
                             for p in ("W", "b")]
    w.setWindowModified(False)
    w.close()


# -- hovering a variable ------------------------------------------------------------------
def test_hovering_shows_the_engines_numbers_at_the_stage(qtbot, window: MainWindow) -> None:
    fp, bp = engine_pass(window)
    old_W1 = window.session.network.W[0].copy()
    go_to(window, "backward", 2)
    view = window.code_view
    line = code_line(window, "delta2 =")
    assert repr(view.value_of("delta2").array) == repr(-bp.delta[1])  # error = y − ŷ
    tip = tooltip_over(qtbot, window, line, "delta2")
    assert "<b>delta2</b> (4×1)" in tip and compact(-bp.delta[1]) in tip
    line = code_line(window, "layer1 =")
    assert repr(view.value_of("layer1").array) == repr(fp.h[1])
    assert compact(fp.h[1]) in tooltip_over(qtbot, window, line, "layer1")
    assert repr(view.value_of("W1").array) == repr(old_W1)
    assert "before this step" in tooltip_over(qtbot, window, code_line(window, "W1 +="), "W1")
    go_to(window, "update", -1)
    shown = view.value_of("W1").array
    assert "after this step" in tooltip_over(qtbot, window, code_line(window, "W1 +="), "W1")
    assert window.inspector.apply()
    assert repr(shown) == repr(window.session.network.W[0])  # what the step wrote
    assert tooltip_over(qtbot, window, code_line(window, "import numpy"), "import") == ""


def test_hovering_a_generated_script_shows_the_engines_numbers(qtbot) -> None:
    w = open_window(qtbot, "circle.json")
    w.code_view.toggleViewAction().trigger()
    fp, bp = engine_pass(w)
    go_to(w, "backward", 1)
    view = w.code_view
    for name, want in [("delta2", bp.delta[1]), ("dW1", bp.dW[0]), ("h1", fp.h[1]),
                       ("W1", w.session.network.W[0])]:
        assert repr(view.value_of(name).array) == repr(want), name
    tip = tooltip_over(qtbot, w, code_line(w, "dW1 ="), "dW1")
    assert "<b>dW1</b> (2×4)" in tip and compact(bp.dW[0]) in tip
    w.setWindowModified(False)
    w.close()


# -- clicks move the other two ------------------------------------------------------------
def test_clicking_an_equation_moves_the_graph_and_the_code(window: MainWindow) -> None:
    inspector = window.inspector
    go_to(window, "forward", 1)
    lines = inspector.lines()
    k = next(i for i, ln in enumerate(lines) if ln.kind == "gradient" and ln.layer == 2
             and ln.param == "w")
    inspector.browser.anchorClicked.emit(QUrl(f"line:{k}"))  # as a click on its link does
    assert shown_stage(window) == ("backward", 2)
    editor = window.code_view.editor
    assert line_texts(window, [editor.pointed_line()]) == [
        "W2 += learning_rate * np.dot(layer1.T, delta2)"]
    assert POINTED_BG in selection_colors(window, editor.pointed_line())
    k = next(i for i, ln in enumerate(lines) if ln.kind == "forward" and ln.layer == 2)
    inspector.browser.anchorClicked.emit(QUrl(f"line:{k}"))
    assert shown_stage(window) == ("forward", 2)
    assert line_texts(window, [editor.pointed_line()]) == [
        "layer2 = sigmoid(np.dot(layer1, W2) + b2)"]


def click_graph(qtbot, window: MainWindow, x: float, y: float) -> None:
    """A real left click on the network graph at view coordinates (x, y)."""
    nv = window.network_view
    glw = nv._glw
    pos = glw.mapFromScene(nv.view_box().mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(glw.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_the_graph_moves_the_equations_and_the_code(qtbot, window: MainWindow) -> None:
    go_to(window, "backward", 1)
    lay = window.network_view._layout
    x, y = lay.centers[1][0]  # node 0 of the hidden layer
    click_graph(qtbot, window, x, y)
    editor = window.code_view.editor
    assert line_texts(window, [editor.pointed_line()]) == [
        "delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)"]
    selected = window.inspector.lines()[window.inspector._selected]
    assert (selected.kind, selected.layer, selected.neuron) == ("backward", 1, 0)
    go_to(window, "forward", 2)
    x, y = lay.centers[2][0]  # the output
    click_graph(qtbot, window, x, y)
    assert line_texts(window, [editor.pointed_line()]) == [
        "layer2 = sigmoid(np.dot(layer1, W2) + b2)"]
    selected = window.inspector.lines()[window.inspector._selected]
    assert (selected.kind, selected.layer) == ("forward", 2)


def test_clicking_a_code_line_moves_the_graph_and_the_equations(qtbot,
                                                                 window: MainWindow) -> None:
    editor = window.code_view.editor
    go_to(window, "forward", 1)
    for text, stage, equation in [
            ("delta1 =", ("backward", 1), ("backward", 1)),
            ("error = y - layer2", ("loss", 2), ("loss", 2)),
            ("b2 +=", ("update", -1), ("update", 2)),
            ("layer1 =", ("forward", 1), ("forward", 1))]:
        line = code_line(window, text)
        editor.scroll_to_line(line)
        block = editor.document().findBlockByNumber(line)
        rect = editor.cursorRect(QTextCursor(block))
        qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 30, rect.center().y()))
        assert shown_stage(window) == stage, text
        assert window.stage_stepper.overlay.stage.kind == stage[0]
        selected = window.inspector.lines()[window.inspector._selected]
        assert (selected.kind, selected.layer) == equation, text
        assert editor.pointed_line() == line
    clicked = window.inspector.lines()[window.inspector._selected]
    assert clicked.symbol.startswith("net")  # the line's first equation: net₁ = …


def test_the_code_follows_another_experiment_and_drops_stale_values(qtbot) -> None:
    w = open_window(qtbot, "circle.json")
    w.code_view.toggleViewAction().trigger()
    assert w.code_view.value_of("W1") is not None
    w.show_inspector(False)  # the equations closed: the code still follows the session
    w.controller.run_epochs_now(1)
    assert w.code_view.value_of("W1") is None  # that step's numbers are no more
    w.load_experiment(load_experiment(examples_dir() / "article-xor.json"))
    assert w.code_view.editor.marked_lines()  # the article's program now
    assert "layer1 = sigmoid(np.dot(X, W1) + b1)" in w.code_view.editor.toPlainText()
    w.setWindowModified(False)
    w.close()


def test_a_short_window_opens_the_code_beside_the_form_not_under_the_graph(qtbot) -> None:
    w = MainWindow(load_experiment(examples_dir() / "article-xor.json"), remember_layout=False)
    qtbot.addWidget(w)
    w.resize(780, 560)
    w.show()
    qtbot.waitExposed(w)
    graph_height = w.network_view.height()
    w.code_view.toggleViewAction().trigger()
    qtbot.wait(10)
    assert w.dockWidgetArea(w.code_view) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert w.code_view in w.tabifiedDockWidgets(w.form_dock)
    assert w.code_view.isVisible() and w.inspector.isVisible()
    assert w.code_view.editor.height() > 150
    assert w.network_view.height() >= graph_height - 5  # the graph kept its height
    w.setWindowModified(False)
    w.close()
