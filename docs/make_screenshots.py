"""Regenerate the READMEs' screenshots on the offscreen platform.

Run from the repository root: ``python docs/make_screenshots.py``.  The Chinese ones
(README.zh-CN.md) need a font with Chinese characters (fonts-noto-cjk on Debian).
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


def inspector_shot(name: str = "inspector.png", size: tuple[int, int] = (1600, 950)) -> None:
    """The article's XOR net with the step-through inspector open."""
    from bplab.experiment import load_experiment

    path = ROOT / "resources" / "examples" / "article-xor.json"
    shot(name, size, 1000, load_experiment(path), str(path), inspect=True)


def shot(name: str, size: tuple[int, int], epochs: int, experiment=None, path=None,
         inspect: bool = False) -> None:
    """A picture of the window at ``size`` after ``epochs``, with the inspector or not."""
    from PySide6.QtWidgets import QApplication

    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(experiment, path, remember_layout=False)
    window.resize(*size)
    window.show()
    window.controller.run_epochs_now(epochs)
    if inspect:
        window.inspect()
    window.flush_views()  # the loss plot coalesces redraws; draw the latest now
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(OUT / name))
    window.setWindowModified(False)
    window.close()


def chinese_shots() -> None:
    """README.zh-CN.md's pictures: the window and the inspector in Chinese, at two sizes."""
    from PySide6.QtWidgets import QApplication

    from bplab.gui import i18n

    QApplication.instance() or QApplication([])
    i18n.install_language("zh_CN")
    for width, height in ((1400, 900), (1280, 800)):
        shot(f"zh-main-{width}x{height}.png", (width, height), 200)
        inspector_shot(f"zh-inspector-{width}x{height}.png", (width, height))
    i18n.install_language("en")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    OUT.mkdir(parents=True, exist_ok=True)
    window_shots()
    inspector_shot()
    chinese_shots()
    print(f"screenshots written to {OUT}")
