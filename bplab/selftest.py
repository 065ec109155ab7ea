"""``bplab --self-test`` and ``bplab --startup-time``: smoke checks of a source or frozen install.

The self-test opens the real main window on the circle example, trains a
few hundred steps in the training process (pressing Play, as a user would),
saves and reloads the experiment, and exports pictures.  Each check prints
``ok: …``; the first failure prints ``FAIL: <reason>`` and the exit code is 1.
It is what packaging/build.sh runs against the PyInstaller build, so it
touches every piece a build can lose: data files, Qt plugins, threads, I/O.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXAMPLE = "circle.json"
STEPS = 300  # mini-batch updates to train: about 12 epochs of the circle example
TRAIN_TIMEOUT_S = 60.0  # generous: a loaded CI machine still trains 300 steps in well under 1 s
DATA_DIR_ENV = "BPLAB_DATA_DIR"  # the GUI's data folder override (bplab.gui.recovery)


class SelfTestFailure(Exception):
    """A check that did not hold; its message is the reason printed after FAIL."""


def _check(condition: object, reason: str) -> None:
    if not condition:
        raise SelfTestFailure(reason)


def use_offscreen_without_display() -> None:
    """On Linux without a display, Qt would abort; its offscreen platform needs none."""
    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("bplab")
    app.setOrganizationName("bplab")
    return app


def _wait_until(app: Any, done: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``done()`` or the timeout; True if done."""
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


# -- the checks ---------------------------------------------------------------------
def _check_resources(say: Callable[[str], None]) -> Path:
    from bplab.experiment import examples_dir
    from bplab.resources import resources_origin, resources_root, runtime_files

    example = examples_dir() / EXAMPLE
    _check(example.is_file(), f"example {example} is missing")
    root = resources_root()
    files = runtime_files(root)
    missing = [name for name in files if not (root / name).is_file()]
    _check(not missing, f"missing in {root}: {', '.join(missing)}")
    say(f"ok: {len(files)} resource files found in the {resources_origin()} ({root})")
    return example


def _check_qt(app: Any, say: Callable[[str], None]) -> None:
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QImageReader

    from bplab.gui.icon import app_icon

    icon = app_icon()
    sizes = sorted(s.width() for s in icon.availableSizes())
    _check(not icon.isNull() and sizes, "the application icon did not load")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    _check("png" in formats, f"Qt cannot read PNG images (formats: {sorted(formats)})")
    app.setWindowIcon(icon)
    say(f"ok: Qt {qVersion()} on the '{app.platformName()}' platform; "
        f"icon sizes {sizes}; image formats include png{', svg' if 'svg' in formats else ''}")


def _check_translations(say: Callable[[str], None]) -> None:
    """Chinese loads: bplab's catalogue and Qt's own (a bundle that pruned them would not)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from bplab.gui import i18n

    try:
        missing = i18n.install_language("zh_CN")
        _check(not missing, f"translations missing: {', '.join(missing)}")
        ours = QCoreApplication.translate("MainWindow", "Model")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qts = buttons.buttons()[0].text()
        buttons.deleteLater()
        _check(ours != "Model" and qts != "Cancel",
               f"the Chinese catalogues did not translate: {ours!r}, {qts!r}")
    finally:
        i18n.install_language("en")
    say("ok: translations load: bplab's and Qt's Chinese catalogues, and English plurals")


def _open_window(app: Any, example: Path, say: Callable[[str], None]) -> Any:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from bplab.experiment import examples_dir, load_experiment
    from bplab.gui.main_window import MainWindow

    window = MainWindow(load_experiment(example), str(example), remember_layout=False)
    window.resize(1200, 800)
    window.show()
    _wait_until(app, window.isVisible, 5.0)
    app.processEvents()
    names = ("actionPlay", "actionStep", "actionReset", "actionSave", "actionOpen")
    lost = [n for n in names if window.findChild(QAction, n) is None]
    _check(not lost, f"the window lacks the actions {lost}")
    _check(window.isVisible(), "the main window did not become visible")
    _check(not window.windowIcon().isNull(), "the main window has no icon")
    # File ▸ Examples: one entry per example file (an install that lost them shows none).
    files = sorted(f"example_{p.stem}" for p in examples_dir().glob("*.json"))
    menu = window.findChild(QMenu, "menuExamples")
    listed = sorted(a.objectName() for a in menu.actions()) if menu is not None else []
    _check(files and listed == files,
           f"File ▸ Examples lists {listed}, expected one entry for each of {files}")
    say(f"ok: main window opened on {example.name}: '{window.windowTitle().replace('[*]', '')}'"
        f"; File ▸ Examples lists {len(listed)} examples")
    return window


def _train(app: Any, window: Any, say: Callable[[str], None]) -> None:
    from PySide6.QtGui import QAction

    tr = window.session.trainer
    before = tr.evaluate()["train_loss"]
    first_step = tr.step
    play = window.findChild(QAction, "actionPlay")
    start = time.perf_counter()
    play.trigger()  # what a click on Play does: training starts
    _check(window.is_running(), "pressing Play did not start training")
    trained = _wait_until(app, lambda: tr.step - first_step >= STEPS, TRAIN_TIMEOUT_S)
    play.trigger()  # pause
    seconds = time.perf_counter() - start
    _check(trained, f"training made only {tr.step - first_step} of {STEPS} steps "
                    f"in {TRAIN_TIMEOUT_S:.0f} s")
    _check(_wait_until(app, lambda: not window.is_running(), 5.0),
           "training did not pause when Play was pressed again")
    app.processEvents()  # deliver the last snapshot
    after = tr.evaluate()["train_loss"]
    _check(after < before, f"the loss did not decrease: {before:.4g} -> {after:.4g}")
    snap = window.last_snapshot
    _check(snap is not None and snap.step > first_step,
           "the views received no snapshot from the training thread")
    from bplab.gui.worker import process_wanted

    where = "the worker thread"
    if process_wanted():  # a build that lost what the training process needs shows here
        _check(window.controller.uses_process(),
               "Play could not start the training process (see the message above)")
        where = "the training process"
    say(f"ok: trained {tr.step - first_step} steps ({tr.epoch} epochs) in {where} "
        f"in {seconds:.2f} s; train loss {before:.4f} -> {after:.4f}")


def _weights_equal(a: Any, b: Any) -> bool:
    import numpy as np

    return (len(a.W) == len(b.W)
            and all(np.array_equal(x, y) for x, y in zip(a.W, b.W, strict=True))
            and all(np.array_equal(x, y) for x, y in zip(a.b, b.b, strict=True)))


def _save_and_reload(window: Any, folder: Path, say: Callable[[str], None]) -> None:
    from bplab.experiment import Session, load_experiment, save_experiment

    path = folder / "selftest.json"
    with window.controller.paused():
        exp = window.session.to_experiment()
    save_experiment(exp, path)
    _check(path.is_file() and path.stat().st_size > 0, f"{path} was not written")
    reloaded = Session(load_experiment(path))
    net = window.session.network
    _check(_weights_equal(net, reloaded.network), "reloaded weights differ from the saved ones")
    _check(reloaded.trainer.step == window.session.trainer.step,
           "the reloaded experiment has another step count")
    # The window's own loading path must give the very same network back.  (Not
    # open_file: that would add a temporary file to the user's recent-files list.)
    _check(window.load_experiment(load_experiment(path), str(path)),
           f"the window could not open {path}")
    _check(_weights_equal(net, window.session.network),
           "weights differ after reopening the file in the window")
    n = sum(w.size + b.size for w, b in zip(net.W, net.b, strict=True))
    say(f"ok: saved, reloaded and reopened {path.name} ({path.stat().st_size:,} bytes); "
        f"all {n} weights and biases identical")


def _check_png(path: Path, what: str) -> tuple[int, int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    _check(not image.isNull(), f"{what}: {path} does not decode as an image")
    w, h = image.width(), image.height()
    _check(w > 0 and h > 0, f"{what}: the image is empty")
    step_x, step_y = max(1, w // 40), max(1, h // 40)
    colours = {image.pixel(x, y) for x in range(0, w, step_x) for y in range(0, h, step_y)}
    _check(len(colours) > 2, f"{what}: the image is blank ({len(colours)} colours)")
    return w, h


def _export(app: Any, window: Any, folder: Path, say: Callable[[str], None]) -> None:
    window.controller.publish()
    app.processEvents()
    shot = folder / "window.png"
    _check(window.grab().save(str(shot)), f"could not save the window picture {shot}")
    w, h = _check_png(shot, "window picture")
    say(f"ok: window picture {shot.name}: {w}×{h} pixels")
    for view, name in ((window.boundary_view, "boundary"), (window.loss_plot, "loss")):
        out = folder / f"{name}.png"
        view.export(str(out), "png")
        w, h = _check_png(out, f"{name} view export")
        say(f"ok: {name} view exported through pyqtgraph: {out.name}, {w}×{h} pixels")


def _check_about(say: Callable[[str], None]) -> None:
    from PySide6.QtCore import qVersion

    from bplab.gui.about import about_text

    text = about_text()
    _check(f"Qt {qVersion()}" in text, "the About text lacks the Qt version")
    say("ok: About text: " + "; ".join(text.splitlines()[3:9]).strip("; "))


def _close(app: Any, window: Any, say: Callable[[str], None]) -> None:
    window.setWindowModified(False)  # saved above: closing must not ask about changes
    window.close()
    app.processEvents()
    _check(not window.is_running(), "training still runs after the window closed")
    thread = window.controller._thread  # the worker thread must be gone, not just paused
    _check(not thread.isRunning(), "the training thread survived closing the window")
    say("ok: window closed; the training thread stopped")


def run_self_test(say: Callable[[str], None] = print) -> int:
    """Run every check; 0 if all pass, else 1 after printing ``FAIL: <reason>``."""
    use_offscreen_without_display()
    start = time.perf_counter()
    window = None
    app = None
    count = 0

    def counted(text: str) -> None:
        nonlocal count
        count += 1
        say(text)

    tmp = tempfile.TemporaryDirectory(prefix="bplab-selftest-")
    folder = Path(tmp.name)
    # Autosaves of this window go to the scratch folder, not the user's data folder.
    old_data_dir = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(folder / "data")
    try:
        from bplab import __version__
        from bplab.resources import resources_origin

        origin = {"bundle": "frozen", "installed package": "installed"}.get(
            resources_origin(), "from source")
        counted(f"ok: bplab {__version__}, Python {sys.version.split()[0]}, {origin}")
        example = _check_resources(counted)
        app = _application()
        _check_qt(app, counted)
        _check_translations(counted)
        window = _open_window(app, example, counted)
        _train(app, window, counted)
        _save_and_reload(window, folder, counted)
        _export(app, window, folder, counted)
        _check_about(counted)
        _close(app, window, counted)
        window = None
    except SelfTestFailure as failure:
        say(f"FAIL: {failure}")
        return 1
    except Exception as exc:  # an unexpected error is a failure too, with its traceback
        traceback.print_exc(file=sys.stderr)
        say(f"FAIL: {type(exc).__name__}: {exc}")
        return 1
    finally:
        if window is not None:  # never leave the training thread running
            window.controller.shutdown(2000)
            window.setWindowModified(False)
            window.close()
        if old_data_dir is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = old_data_dir
        tmp.cleanup()
    say(f"self-test passed: {count} checks in {time.perf_counter() - start:.1f} s")
    return 0


# -- startup time -------------------------------------------------------------------
def process_age() -> float | None:
    """Seconds since this process started (Linux: from /proc, 10 ms resolution), else None."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat[stat.rindex(")") + 2:].split()[19])  # field 22: starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def measure_startup(file: str | None = None, say: Callable[[str], None] = print) -> int:
    """Start the GUI as ``bplab [FILE]`` does; leave its event loop at the first paint.

    Prints ``shown-at: <time.time()>`` (for packaging/startup_time.py, which
    knows when it launched us) and the seconds since process start.
    """
    use_offscreen_without_display()
    app = _application()  # run_gui reuses this application object
    from PySide6.QtCore import QEvent, QObject, QTimer

    from bplab.gui.app import run_gui

    shown: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not shown and event.type() == QEvent.Type.Paint:
                shown["wall"] = time.time()
                shown["age"] = process_age() or float("nan")
                # After this paint has finished.  exit(), not quit(): quit() would also
                # close every window and leave Qt refusing to show new ones in this process.
                QTimer.singleShot(0, lambda: app.exit(0))
            return False

    # On the main window alone: a filter on the whole application would run Python for
    # each of the tens of thousands of events of start-up, adding that to the time measured.
    watcher = FirstPaint()
    windows: list[QObject] = []

    def watch(window: QObject) -> None:
        windows.append(window)
        window.installEventFilter(watcher)

    guard = QTimer()  # never hang a build script
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: app.exit(1))
    guard.start(30_000)
    code = run_gui(file=file, screenshot=None, epochs=0, before_show=watch)
    guard.stop()
    for window in windows:
        window.removeEventFilter(watcher)
    if not shown:
        say("FAIL: the main window was never painted")
        return 1
    say(f"shown-at: {shown['wall']:.6f}")
    say(f"startup: main window painted {shown['age']:.3f} s after process start")
    return code
