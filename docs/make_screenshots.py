"""Regenerate the READMEs' screenshots on the offscreen platform.

Run from the repository root: ``python docs/make_screenshots.py``.  The Chinese ones
(README.zh-CN.md) need a font with Chinese characters (fonts-noto-cjk on Debian).
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


def stage_shots() -> None:
    """The article's XOR net stepped through on the graph: a forward and a backward stage."""
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
    window.flush_views()
    _settle(app)
    stepper = window.stage_stepper
    kinds = [(s.kind, s.layer) for s in stepper.stages()]
    for name, stage, click in [("stage-forward", ("forward", 1), ("node", 1, 0, -1)),
                               ("stage-backward", ("backward", 1), ("link", 0, 1, 0))]:
        stepper.go_to(kinds.index(stage))
        window.network_view.elementClicked.emit(*click)  # as a click on the graph does
        _settle(app)
        window.grab().save(str(OUT / f"{name}.png"))
    window.setWindowModified(False)
    window.close()


def code_view_shot() -> None:
    """The article's XOR net at a backward stage: graph, equations and the article's
    corrected program side by side, a link's gradient clicked."""
    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = _app()
    path = ROOT / "resources" / "examples" / "article-xor.json"
    window = MainWindow(load_experiment(path), str(path), remember_layout=False)
    window.resize(1600, 1050)
    window.show()
    window.controller.run_epochs_now(1000)
    window.code_view.toggleViewAction().trigger()  # View ▸ Code: the equations open too
    _settle(app, window)
    stepper = window.stage_stepper
    stepper.go_to([(s.kind, s.layer) for s in stepper.stages()].index(("backward", 1)))
    window.network_view.elementClicked.emit("link", 0, 1, 0)  # as a click on the graph does
    _settle(app, window)
    window.grab().save(str(OUT / "code-view.png"))
    window.setWindowModified(False)
    window.close()


def _settle(app, window=None) -> None:
    if window is not None:
        window.flush_views()  # the loss plot coalesces redraws; draw the latest now
    for _ in range(5):
        app.processEvents()


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


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


def drawn_shot() -> None:
    """Three classes drawn by hand (as sprayed strokes would leave them), trained, with the
    boundary and the confusion matrices."""
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import default_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(default_experiment(), remember_layout=False)
    window.resize(1400, 900)
    window.show()
    _settle(app)
    window.drawing.action.setChecked(True)
    window.drawing.clear()
    rng = np.random.default_rng(7)
    for k, (cx, cy) in enumerate([(-2.8, 2.0), (2.6, 2.4), (0.2, -2.8)]):
        for _stroke in range(3):  # a few strokes per class, each sprayed around a path
            start = np.array([cx, cy]) + rng.normal(scale=1.0, size=2)
            path = start + np.cumsum(rng.normal(scale=0.35, size=(9, 2)), axis=0)
            path = np.clip(path, -5.5, 5.5)  # on the plane, as the pen would be
            window.drawing.panel.set_class(k)
            window.drawing.add_points(path.tolist(), k)
    window.banner.hide()
    window.status_notice.clear()
    window.controller.run_epochs_now(300)
    window.figure_tabs.show_page("confusion")
    window.right_splitter.setSizes([520, 330])
    window.flush_views()
    _settle(app)
    window.grab().save(str(OUT / "drawn-classes.png"))
    window.setWindowModified(False)
    window.close()


def hidden_space_shot() -> None:
    """The spiral example with a last hidden layer of two neurons, trained: the points and the
    input plane's grid as those two neurons see them, where a line splits the classes."""
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    exp = load_experiment(ROOT / "resources" / "examples" / "spiral.json")
    exp.architecture.hidden = [8, 8, 2]
    exp.architecture.activations = ["tanh"] * 3
    window = MainWindow(exp, remember_layout=False)
    window.resize(1400, 900)
    window.show()
    _settle(app)
    window.controller.run_epochs_now(300)
    view = window.figure_tabs.hidden_space
    view.layer.setCurrentIndex(view.layer.count() - 1)
    view.axes.setCurrentIndex(view.axes.findData("neurons"))
    window.figure_tabs.show_page("hidden")
    window.right_splitter.setSizes([330, 520])
    window.flush_views()
    _settle(app)
    window.grab().save(str(OUT / "hidden-space.png"))


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


def distributions_shot() -> None:
    """A ReLU net on the spiral, trained: per-layer histograms of W, b and h."""
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    exp = load_experiment(ROOT / "resources" / "examples" / "spiral.json")
    exp.architecture.hidden = [8, 8, 6]
    exp.architecture.activations = ["relu"] * 3
    window = MainWindow(exp, remember_layout=False)
    window.resize(1500, 900)
    window.show()
    _settle(app)
    window.side_tabs.setCurrentWidget(window.distribution_view)
    window.controller.run_epochs_now(300)
    window.flush_views()
    _settle(app)
    window.grab().save(str(OUT / "distributions.png"))
    window.setWindowModified(False)
    window.close()


def minibatch_shot() -> None:
    """The step-through with the mini-batch view: how the ten samples of the next batch make
    one weight's gradient and update."""
    from PySide6.QtWidgets import QApplication

    from bplab.experiment import default_experiment
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(default_experiment(), remember_layout=False)
    window.resize(1500, 1000)
    window.show()
    _settle(app)
    window.controller.run_epochs_now(30)
    window.inspect()
    _settle(app)
    panel = window.inspector
    lines = panel.lines()
    index = next(k for k, line in enumerate(lines)
                 if line.kind == "gradient" and line.param == "w" and line.layer == 2)
    panel.select_line(index)
    window.flush_views()
    _settle(app)
    window.grab().save(str(OUT / "minibatch.png"))
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


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    OUT.mkdir(parents=True, exist_ok=True)
    window_shots()
    inspector_shot()
    stage_shots()
    drawn_shot()
    hidden_space_shot()
    gradient_flow_shot()
    runs_shot()
    pace_shot()
    distributions_shot()
    minibatch_shot()
    chinese_shots()
    code_view_shot()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    # Settings of their own, thrown away after: a pace or a language chosen on this
    # machine (or by a shot above, such as the pace shot) never shows in a picture.
    with tempfile.TemporaryDirectory(prefix="bplab-shots-") as config:
        os.environ["XDG_CONFIG_HOME"] = config
        main()
