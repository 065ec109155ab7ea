"""The step-through animated on the graph: stages, overlay texts, controls, clicks."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSlider

from bplab.experiment import examples_dir, load_experiment
from bplab.experiment.walkthrough import num
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot) -> MainWindow:
    w = MainWindow(load_experiment(examples_dir() / "article-xor.json"), remember_layout=False)
    qtbot.addWidget(w)
    w.resize(780, 560)
    w.show()
    qtbot.waitExposed(w)
    w.controller.run_epochs_now(50)
    w.inspect()  # pauses and opens the step-through page
    yield w
    w.setWindowModified(False)
    w.close()


def engine_pass(window: MainWindow) -> tuple:
    """The engine's own forward and backward pass for the trainer's next mini-batch."""
    session = window.session
    _idx, x, t = session.trainer.next_batch()
    fp = session.network.forward(x)
    return fp, session.network.backward(fp, t)


def lines_of(text: str) -> list[str]:
    return [t for t in re.split(r"[\n\u2028\u2029]", text) if t]


def controls(window: MainWindow) -> tuple[QPushButton, QPushButton, QPushButton, QSlider,
                                          QLabel]:
    return (window.findChild(QPushButton, "stagePrevButton"),
            window.findChild(QPushButton, "stageNextButton"),
            window.findChild(QPushButton, "stagePlayButton"),
            window.findChild(QSlider, "stageSpeedSlider"),
            window.findChild(QLabel, "stageLabel"))


def go_to(window: MainWindow, kind: str, layer: int) -> None:
    stepper = window.stage_stepper
    stepper.go_to([(s.kind, s.layer) for s in stepper.stages()].index((kind, layer)))


def click_view(qtbot, window: MainWindow, x: float, y: float) -> None:
    """A real left click on the network graph at view coordinates (x, y)."""
    nv = window.network_view
    glw = nv._glw
    scene_pt = nv.view_box().mapViewToScene(QPointF(x, y))
    pos = glw.mapFromScene(scene_pt)
    qtbot.mouseClick(glw.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_next_and_previous_walk_the_stages_and_name_them(window: MainWindow) -> None:
    prev, nxt, _play, _slider, label = controls(window)
    assert window.stage_stepper.index == -1 and not window.stage_stepper.overlay.active()
    assert not prev.isEnabled() and nxt.isEnabled()
    names = []
    while nxt.isEnabled():
        nxt.click()
        names.append(label.text())
    assert names == ["Forward: layer 1 of 2", "Forward: layer 2 of 2", "Loss",
                     "Backward: layer 2", "Backward: layer 1", "Update"]
    assert window.stage_stepper.overlay.active()
    prev.click()
    prev.click()
    assert label.text() == "Backward: layer 2"
    assert window.stage_stepper.overlay.stage.kind == "backward"


def test_forward_and_backward_overlay_texts_are_the_engines_numbers(window: MainWindow) -> None:
    fp, bp = engine_pass(window)
    overlay = window.stage_stepper.overlay
    go_to(window, "forward", 1)
    for j in range(2):
        assert lines_of(overlay.node_text(1, j)) == [f"net = {num(fp.net[0][0, j])}",
                                                     f"h = {num(fp.h[1][0, j])}"]
        assert overlay.stage.node(1, j).value("net") == fp.net[0][0, j]  # bit for bit
    assert lines_of(overlay.node_text(0, 1)) == [f"x = {num(fp.h[0][0, 1])}"]
    assert overlay.node_text(2, 0) == ""  # the output's turn comes later
    go_to(window, "backward", 1)
    for j in range(2):
        assert lines_of(overlay.node_text(1, j)) == [f"δ = {num(bp.delta[0][0, j])}"]
        assert overlay.stage.node(1, j).value("δ") == bp.delta[0][0, j]
    # The links of the layer are drawn by their gradient, in the stage's own colours.
    texts = overlay.extra_texts()  # labels that would cover a stronger one are left out
    gradients = bp.dW[0].ravel()
    assert texts and set(texts) <= {num(g) for g in gradients}
    assert num(gradients[np.argmax(np.abs(gradients))]) in texts
    assert "∂L/∂w" in overlay.legend_text()
    colors = {c.name() for c in overlay.links.colors()}
    assert colors and colors.isdisjoint({"#f59322", "#0877bd"})  # not the weights' colours
    widths = overlay.links.widths()
    strongest = int(np.argmax(np.abs(bp.dW[0].ravel())))
    assert widths[strongest] == max(widths)
    go_to(window, "loss", 2)
    assert any(num(window.session.network.loss_value(fp, window.session.trainer.next_batch()[2]))
               in t for t in overlay.extra_texts())


def test_play_moves_through_the_stages_at_the_chosen_speed(qtbot, window: MainWindow) -> None:
    _prev, _nxt, play, slider, label = controls(window)
    slider.setValue(10)
    assert window.stage_stepper.interval_ms() == 400
    slider.setValue(1)
    assert window.stage_stepper.interval_ms() == 4000
    slider.setValue(10)
    play.click()
    assert play.isChecked() and label.text() == "Forward: layer 1 of 2"
    qtbot.waitUntil(lambda: label.text() == "Forward: layer 2 of 2", timeout=2000)
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=5000)  # stops at the last stage
    assert label.text() == "Update"


def test_leaving_the_page_or_training_removes_the_overlay(window: MainWindow) -> None:
    overlay = window.stage_stepper.overlay
    scene_items = window.network_view.view_box().scene().items
    go_to(window, "backward", 2)
    items = overlay.items()
    assert items and all(i in scene_items() for i in items)
    window.side_tabs.setCurrentIndex(0)  # the output and loss page
    assert overlay.items() == [] and not any(i in scene_items() for i in items)
    assert window.network_view.edits_on_click
    window.show_inspector(True)
    assert overlay.items() and overlay.stage.kind == "backward"
    window.stage_stepper.set_running(True)  # as the controller says when Play is pressed
    assert overlay.items() == [] and window.stage_stepper.index == -1
    assert not controls(window)[1].isEnabled()
    window.stage_stepper.set_running(False)


def test_another_network_while_stepping_draws_its_own_stages(window: MainWindow) -> None:
    window.load_experiment(load_experiment(examples_dir() / "gauss3-multiclass.json"))
    window.inspector.explain()
    go_to(window, "forward", 1)  # the 2-6-3 net's six hidden neurons
    assert window.stage_stepper.overlay.node_text(1, 5)
    # A net as deep but narrower: its layout comes before its stages, and must not
    # be drawn with the old stage's six neurons.
    window.load_experiment(load_experiment(examples_dir() / "article-xor.json"))
    window.inspector.explain()
    overlay = window.stage_stepper.overlay
    assert overlay.stage.kind == "forward" and len(overlay.stage.nodes) == 2 + 2
    assert overlay.node_text(1, 1) and not overlay.node_text(1, 5)


@pytest.mark.parametrize("width", [780, 690])
def test_the_legend_wraps_inside_a_narrow_view(qtbot, window: MainWindow, width: int) -> None:
    """The forward stage's legend, one long sentence, stays inside the graph however
    narrow the view (the same in every language: its words are what they are)."""
    window.resize(width, 560)
    qtbot.wait(20)
    for kind in ("forward", "backward"):
        go_to(window, kind, 1)
        overlay = window.stage_stepper.overlay
        assert overlay.legend_text()
        assert overlay.legend_fits(), (kind, width, window.network_view.view_box().width())
