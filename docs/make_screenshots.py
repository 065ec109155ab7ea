"""Regenerate the README's screenshots on the offscreen platform.

Run from the repository root: ``python docs/make_screenshots.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def window_shots() -> None:
    for name, example, epochs in [("circle", None, 200), ("spiral", "spiral.json", 600)]:
        args = [sys.executable, "-m", "bplab"]
        if example:
            args.append(str(ROOT / "resources" / "examples" / example))
        args += ["--screenshot", str(OUT / f"{name}.png"), "--epochs", str(epochs)]
        subprocess.run(args, check=True)


def inspector_shot() -> None:
    """The article's XOR net with the step-through inspector open."""
    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = _app()
    path = ROOT / "resources" / "examples" / "article-xor.json"
    window = MainWindow(load_experiment(path), str(path), remember_layout=False)
    window.resize(1600, 950)
    window.show()
    window.controller.run_epochs_now(1000)
    window.inspect()
    window.flush_views()  # the loss plot coalesces redraws; draw the latest now
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(OUT / "inspector.png"))
    window.setWindowModified(False)
    window.close()


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _settle(app, window) -> None:
    window.flush_views()  # the loss plot coalesces redraws; draw the latest now
    for _ in range(5):
        app.processEvents()


def runs_shot() -> None:
    """Three runs on the circle from the same start, learning rates 0.003, 0.03 and 0.3,
    the earlier two laid over the loss plot."""
    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = _app()
    path = ROOT / "resources" / "examples" / "circle.json"
    window = MainWindow(load_experiment(path), None, remember_layout=False)
    window.resize(1500, 980)
    window.show()
    for k, lr in enumerate((0.003, 0.03, 0.3)):
        if k:
            window.restart()
        exp = window.form.experiment()
        exp.training.learning_rate = lr
        window.form.set_experiment(exp)
        window._on_form_changed(window.form.experiment(), False)
        window.controller.run_epochs_now(300)
    for run in window.runs:
        if not run.current:
            window.runs_panel.set_ticked(run.number, True)
    window.loss_plot.log_scale.setChecked(True)  # for every run's curves
    _settle(app, window)
    window.grab().save(str(OUT / "runs.png"))
    window.setWindowModified(False)
    window.close()


def pace_shot() -> None:
    """Training at 3 epochs/s: the pace list open, the mini-batch being learned ringed."""
    import time

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = _app()
    path = ROOT / "resources" / "examples" / "circle.json"
    window = MainWindow(load_experiment(path), None, remember_layout=False)
    window.resize(1500, 980)
    window.show()
    window.controller.run_epochs_now(12)
    combo = window.pace_control
    combo.setCurrentIndex(combo.findData(3.0))
    window.play()
    end = time.perf_counter() + 1.2
    while time.perf_counter() < end or window.boundary_view.batch_rows() is None:
        app.processEvents()
        time.sleep(0.01)
    _settle(app, window)
    picture = window.grab()
    window.pause()
    combo.showPopup()
    for _ in range(5):
        app.processEvents()
    popup = combo.view().window()
    where = combo.mapTo(window, QPoint(0, combo.height()))
    painter = QPainter(picture)
    painter.drawPixmap(where, popup.grab())
    painter.end()
    combo.hidePopup()
    picture.save(str(OUT / "pace.png"))
    window.setWindowModified(False)
    window.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Pictures independent of the settings of whoever runs this (pace, layout, recent files).
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="bplab-screenshots-")
    OUT.mkdir(parents=True, exist_ok=True)
    window_shots()
    inspector_shot()
    runs_shot()
    pace_shot()
    print(f"screenshots written to {OUT}")
