"""What keeps a frame cheap while training runs: the status bar's figures change at most
ten times a second, and the boundary's axes stay out of the heatmap's way."""

from __future__ import annotations

import pytest
from gui_helpers import make_window
from PySide6.QtCore import QEventLoop, QTimer

from bplab.experiment.snapshot import make_snapshot
from bplab.gui.main_window import FIGURES_INTERVAL

pytestmark = pytest.mark.gui


def test_figures_of_running_frames_wait_but_a_paused_frame_shows_at_once(qtbot):
    window = make_window(qtbot)
    session, controller = window.session, window.controller
    label = window.epoch_label
    frames = []
    for _ in range(3):
        session.trainer.run_epochs(1)
        frames.append(make_snapshot(session, 0, 1000.0))  # a frame of running training
    qtbot.wait(int(2000 * FIGURES_INTERVAL))  # nothing shown lately
    controller.snapshotReady.emit(frames[0])
    assert label.text() == "Epoch 1"  # so the first shows at once
    controller.snapshotReady.emit(frames[1])
    controller.snapshotReady.emit(frames[2])
    assert window.last_snapshot is frames[2] and label.text() == "Epoch 1"  # held back
    qtbot.waitUntil(lambda: label.text() == "Epoch 3", timeout=int(5000 * FIGURES_INTERVAL))
    assert window.figures_snapshot is frames[2]
    session.trainer.run_epochs(1)
    paused = make_snapshot(session, 0, 0.0)  # no speed: not a frame of running training
    controller.snapshotReady.emit(paused)
    assert label.text() == "Epoch 4"  # at once
    window.close()


def test_the_boundary_axes_are_not_repainted_with_the_heatmap(qtbot):
    window = make_window(qtbot)
    qtbot.waitExposed(window)
    loop = QEventLoop()
    QTimer.singleShot(200, loop.quit)
    loop.exec()
    painted = []
    for side in ("left", "bottom"):
        axis = window.boundary_view.plot_item().getAxis(side)
        original = axis.paint
        axis.paint = lambda *a, _o=original, _s=side: (painted.append(_s), _o(*a))[1]
    session = window.session
    for k in range(6):
        if k == 1:
            painted.clear()  # the first frame sets the colour bar and places the image
        session.trainer.run_epochs(1)
        window.controller.snapshotReady.emit(make_snapshot(session, 0, 1000.0))
        loop = QEventLoop()
        QTimer.singleShot(40, loop.quit)
        loop.exec()
    assert window.boundary_view.image_item().image is not None
    assert painted == []
    window.close()
