"""Regenerate the README's screenshots on the offscreen platform.

Run from the repository root: ``python docs/make_screenshots.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
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


def gradient_flow_shot() -> None:
    """A 10-layer sigmoid net in the gradient-flow view, with the doctor's finding."""
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import Architecture, default_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    exp = default_experiment()
    exp.architecture = Architecture([8] * 10, ["sigmoid"] * 10, "tanh")
    window = MainWindow(exp, remember_layout=False)
    window.resize(1600, 950)
    window.show()
    window.set_gradient_view(True)
    for _ in range(20):
        window.step()
    window.side_tabs.setCurrentWidget(window.doctor_panel)
    window.flush_views()
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(OUT / "gradient-flow.png"))
    window.setWindowModified(False)
    window.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    OUT.mkdir(parents=True, exist_ok=True)
    window_shots()
    inspector_shot()
    gradient_flow_shot()
    print(f"screenshots written to {OUT}")
