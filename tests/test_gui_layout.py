"""Window layout at common sizes, with and without the step-through inspector.

Opening Step through at 1,400×900 used to crush the network view to about 70 px;
at 800×600 the form took half the window.  The inspector now shares the right-hand
side with the boundary and loss, so the network it explains stays beside it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from bplab.experiment import default_experiment
from bplab.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def shown_window(qtbot, width: int, height: int) -> MainWindow:
    window = MainWindow(default_experiment(), remember_layout=False)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def widths(window: MainWindow) -> dict[str, int]:
    form = window.findChild(QDockWidget, "formDock")
    return {"network": window.network_view.width(), "form": form.width(),
            "inspector": window.inspector.width() if window.inspector.isVisible() else 0,
            "boundary": window.boundary_view.width() if window.boundary_view.isVisible() else 0}


@pytest.mark.parametrize(("size", "network", "inspector"), [
    ((1400, 900), 400, 500),
    ((1280, 800), 300, 450),
    ((800, 600), 200, 240),
])
def test_the_inspector_opens_beside_a_readable_network(qtbot, size, network, inspector):
    window = shown_window(qtbot, *size)
    before = widths(window)
    window.inspect()
    settle()
    w = widths(window)
    assert window.inspector.isVisible() and window.network_view.isVisible()
    assert w["network"] >= network, w
    assert w["inspector"] >= inspector, w
    assert window.inspector.browser.toPlainText().strip()  # the step is written out
    assert window.findChild(QDockWidget, "formDock").isVisible()  # the form keeps its place
    # Its equations point at the graph: a line about a neuron highlights that neuron.
    index = next(k for k, line in enumerate(window.inspector.lines())
                 if line.layer == 1 and line.neuron == 0)
    window.inspector.select_line(index)
    assert window.network_view._nodes.highlight_node is not None
    # Closing it gives the network its room back and shows the boundary and loss again.
    window.show_inspector(False)
    settle()
    assert not window.inspector_shown() and window.boundary_view.isVisible()
    assert widths(window)["network"] == before["network"]
    assert not window.action_show_inspector.isChecked()
    window.action_show_inspector.trigger()  # View ▸ Step-through panel
    assert window.inspector_shown() and window.inspector.isVisible()
    window.setWindowModified(False)
    window.close()


def test_a_small_window_stays_usable(qtbot):
    window = shown_window(qtbot, 800, 600)
    settle()
    w = widths(window)
    assert w["form"] <= 0.32 * 800, w  # not half the window any more
    assert w["network"] >= 220 and w["boundary"] >= 220, w
    loss = window.loss_plot
    assert loss.height() >= 150
    legend = loss._legend.sceneBoundingRect()
    assert not legend.intersects(loss.plot_item().vb.sceneBoundingRect())  # off the curves
    scroll = window.findChild(QDockWidget, "formDock").widget()
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded  # not cut
    window.setWindowModified(False)
    window.close()


def test_the_default_window_gives_the_views_most_of_the_width(qtbot):
    window = shown_window(qtbot, 1400, 900)
    settle()
    w = widths(window)
    assert w["form"] <= 0.3 * 1400 and w["network"] >= 450 and w["boundary"] >= 450, w
    window.setWindowModified(False)
    window.close()
