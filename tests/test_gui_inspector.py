"""The step-through inspector panel (offscreen, pytest-qt)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from bplab.experiment import Session, examples_dir, load_experiment
from bplab.experiment.walkthrough import explain_step, num
from bplab.gui.inspector import PAUSE_TEXT, InspectorPanel, math_html
from bplab.gui.worker import TrainingController

pytestmark = pytest.mark.gui


def xor_session() -> Session:
    return Session(load_experiment(examples_dir() / "article-xor.json"))


@pytest.fixture
def session() -> Session:
    return xor_session()


@pytest.fixture
def panel(qtbot, session: Session) -> InspectorPanel:
    p = InspectorPanel(session)
    qtbot.addWidget(p)
    p.resize(700, 800)
    p.show()  # showing explains the next step
    return p


def test_the_panel_shows_the_article_symbols_and_the_engines_numbers(
        panel: InspectorPanel, session: Session) -> None:
    assert panel.objectName() == "inspectorPanel"
    wt = panel.walkthrough
    assert wt is not None and wt.step == 0
    text = panel.browser.toPlainText()
    for heading in ("Forward pass", "Loss", "Backward pass", "Gradients", "Update"):
        assert heading in text
    for symbol in ("net₁", "h₁", "ŷ", "δ", "δ₁", "∂L/∂w₁₂", "∂L/∂b₁", "w₁₁x₁ + w₁₂x₂ + b₁",
                   "η"):
        assert symbol in text, symbol
    net = session.network
    fp = net.forward(session.trainer.train.x)
    bp = net.backward(fp, session.trainer.train.t)
    for value in (fp.net[0][0, 0], fp.h[1][0, 1], fp.y_hat[0, 0], bp.delta[0][0, 0],
                  bp.dW[0][1, 0], bp.db[1][0], net.loss_value(fp, session.trainer.train.t)):
        assert num(value) in text, value
    assert "exp(−net₁)" in text  # e^(…) written so that it stays readable
    assert "sum over 4 samples" in text


def test_buttons_are_disabled_while_training_runs(qtbot, session: Session) -> None:
    running = [True]
    p = InspectorPanel(session, lambda: running[0])
    qtbot.addWidget(p)
    p.show()
    p.set_running(True)
    assert not p.explain_button.isEnabled()
    assert not p.apply_button.isEnabled()
    assert not p.sample_spin.isEnabled()
    assert p.status.text() == PAUSE_TEXT and p.status.isVisibleTo(p)
    assert p.walkthrough is None and not p.apply()
    running[0] = False
    p.set_running(False)  # paused: the panel explains the step at once
    assert p.explain_button.isEnabled() and p.apply_button.isEnabled()
    assert p.status.text() == ""
    assert p.walkthrough is not None


def test_set_running_alone_is_enough(qtbot, session: Session) -> None:
    p = InspectorPanel(session)
    qtbot.addWidget(p)
    p.set_running(True)
    assert not p.apply_button.isEnabled() and p.status.text() == PAUSE_TEXT
    p.set_running(False)
    assert p.explain_button.isEnabled()


def test_apply_performs_the_shown_update_and_emits_step_applied(
        qtbot, panel: InspectorPanel, session: Session) -> None:
    wt = panel.walkthrough
    shown = [ln for ln in panel.lines() if ln.kind == "update"]
    with qtbot.waitSignal(panel.stepApplied, timeout=1000):
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    net = session.network
    assert session.trainer.step == 1
    for line in shown:
        now = (net.W[line.layer - 1][line.source, line.neuron] if line.param == "w"
               else net.b[line.layer - 1][line.neuron])
        assert line.value == now
    assert all(np.array_equal(a, b) for a, b in zip(wt.new_W, net.W, strict=True))
    assert panel.walkthrough.step == 1  # already explaining the step after
    assert "Step 1 applied" in panel.status.text()


def test_a_changed_network_is_explained_again_instead_of_applied(
        qtbot, panel: InspectorPanel, session: Session) -> None:
    session.network.W[0][0, 0] = 0.25
    with qtbot.assertNotEmitted(panel.stepApplied):
        assert not panel.apply()
    assert session.trainer.step == 0
    assert "changed since" in panel.status.text()
    assert panel.walkthrough.is_current(session)
    assert num(0.25) in panel.browser.toPlainText()


def test_the_sample_selector_follows_another_sample(panel: InspectorPanel) -> None:
    assert panel.sample_spin.maximum() == 4
    assert panel.sample_spin.text() == "sample 1 of 4"
    panel.sample_spin.setValue(3)
    assert panel.walkthrough.sample == 2
    assert "Following sample 3 of 4" in panel.browser.toPlainText()


def test_selecting_or_hovering_a_line_emits_highlight(qtbot, panel: InspectorPanel) -> None:
    lines = panel.lines()
    index = next(i for i, ln in enumerate(lines) if ln.symbol == "δ₂")
    with qtbot.waitSignal(panel.highlight, timeout=1000) as blocker:
        panel.select_line(index)
    assert blocker.args == ["backward", 1, 1]
    assert repr(lines[index].value) in panel.exact.text()  # full precision on demand
    index = next(i for i, ln in enumerate(lines) if ln.symbol == "∂L/∂w₁₂")
    with qtbot.waitSignal(panel.highlight, timeout=1000) as blocker:
        panel.browser.highlighted.emit(QUrl(f"line:{index}"))  # what hovering a line does
    assert blocker.args == ["gradient", 1, 0]
    with qtbot.waitSignal(panel.highlight, timeout=1000) as blocker:
        panel.browser.anchorClicked.emit(QUrl("line:0"))
    assert blocker.args == ["forward", 0, 0]


def test_moving_the_mouse_onto_a_line_highlights_it(qtbot, panel: InspectorPanel) -> None:
    index = next(i for i, ln in enumerate(panel.lines()) if ln.symbol == "h₁")
    doc, position = panel.browser.document(), None
    block = doc.begin()
    while block.isValid() and position is None:  # the first character linked to the line
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().anchorHref() == f"line:{index}":
                position = it.fragment().position() + 1
                break
            it += 1
        block = block.next()
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    with qtbot.waitSignal(panel.highlight, timeout=1000) as blocker:
        QTest.mouseMove(panel.browser.viewport(), panel.browser.cursorRect(cursor).center())
    assert blocker.args == ["forward", 1, 0]
    assert panel.exact.text().startswith("h₁ = ")


def test_hovering_off_the_lines_clears_the_highlight(qtbot, panel: InspectorPanel) -> None:
    with qtbot.waitSignal(panel.highlightCleared, timeout=1000):
        panel.browser.highlighted.emit(QUrl())
    assert panel.exact.text() == ""


def test_with_the_training_controller(qtbot, session: Session) -> None:
    controller = TrainingController(session)
    p = InspectorPanel(lambda: controller.session, controller.is_running)
    qtbot.addWidget(p)
    controller.runningChanged.connect(p.set_running)
    p.stepApplied.connect(controller.publish)
    p.show()
    try:
        controller.start()
        assert not p.apply_button.isEnabled() and p.status.text() == PAUSE_TEXT
        controller.pause()
        assert p.apply_button.isEnabled()
        step = session.trainer.step
        wt = p.walkthrough
        assert wt.step == step  # explained for the state training was paused in
        with qtbot.waitSignal(controller.snapshotReady, timeout=2000) as blocker:
            assert p.apply()
        assert blocker.args[0].step == step + 1
        assert all(np.array_equal(a, b) for a, b in zip(wt.new_W, session.network.W,
                                                        strict=True))
    finally:
        controller.shutdown()


def test_other_examples_render(qtbot) -> None:
    for name in ("circle", "gauss3-multiclass", "spiral", "plane-regression"):
        session = Session(load_experiment(examples_dir() / f"{name}.json"))
        p = InspectorPanel(session)
        qtbot.addWidget(p)
        wt = p.explain()
        assert wt is not None and len(p.lines()) == len(explain_step(session).lines())
        assert "Update" in p.browser.toPlainText()


def test_math_html() -> None:
    assert math_html("1 / (1 + e^(−(−2.302)))") == "1 / (1 + exp(−(−2.302)))"
    assert math_html("e^net₁ / (e^net₁ + e^0.5)") == "exp(net₁) / (exp(net₁) + exp(0.5))"
    assert math_html("a < b") == "a &lt; b"


def test_the_window_step_through_action_pauses_and_applies_one_step(qtbot) -> None:
    from gui_helpers import close_window, open_window
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QPushButton

    window = open_window(qtbot)
    try:
        window.findChild(QAction, "actionPlay").trigger()
        qtbot.waitUntil(lambda: window.session.trainer.step > 20, timeout=10_000)
        window.findChild(QAction, "actionInspect").trigger()
        assert not window.is_running()
        assert window.inspector.isVisible() and window.network_view.isVisible()
        step = window.session.trainer.step
        window.inspector.findChild(QPushButton, "applyStepButton").click()
        assert window.session.trainer.step == step + 1
        qtbot.waitUntil(lambda: window.last_snapshot.step == step + 1, timeout=5_000)
    finally:
        close_window(window)


@pytest.mark.parametrize("field", ["batch", "learning_rate"])
def test_a_setting_changed_while_paused_is_explained_at_once(qtbot, field: str) -> None:
    """Settings that apply without new weights change the next step: the page follows."""
    from gui_helpers import close_window, open_window
    from PySide6.QtGui import QAction

    window = open_window(qtbot)
    try:
        window.findChild(QAction, "actionInspect").trigger()
        before = window.inspector.walkthrough
        assert before is not None and before.batch_size == 10
        training = window.form.training
        if field == "batch":
            training.batch.setValue(7)
        else:
            training.learning_rate.setCurrentText("0.3")
            training.learning_rate.commit()
        wt = window.inspector.walkthrough
        assert wt is not before and wt.is_current(window.session)
        if field == "batch":
            assert wt.batch_size == 7
        else:
            assert window.session.trainer.optimizer.learning_rate == 0.3
    finally:
        close_window(window)
