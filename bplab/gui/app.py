"""Starting the GUI: ``run_gui`` for the command line, and headless screenshots."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

SCREENSHOT_SIZE = (1600, 1000)  # window size of --screenshot images, in pixels
PROCESS_WARMUP_MS = 1000  # the training process starts this long after the window shows


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(file: str | None = None, screenshot: str | None = None, epochs: int = 0,
            lang: str | None = None, before_show: Callable[[Any], None] | None = None) -> int:
    """Show the main window for ``file`` (or the default experiment); returns an exit code.

    ``lang`` ("en" or "zh_CN") sets the interface's language for this run; without it the
    one chosen in View ▸ Language is used, else the system's.  ``before_show`` is called
    with the main window just before it is shown (``--startup-time`` watches it).

    With ``screenshot``, train ``epochs`` epochs synchronously, save a PNG of
    the whole window to that path and return without entering the event loop
    (works without a display).  A file that cannot be opened gives exit code 2.
    """
    if screenshot and not _has_display() and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt is imported only here, so `bplab train` and friends never load it.
    from PySide6.QtWidgets import QApplication

    from bplab.engine.blas import limit_blas_threads
    from bplab.experiment import default_experiment

    # One BLAS thread in the GUI process: the small nets gain nothing from more, and a
    # second OpenBLAS thread spinning after every snapshot's grid matmul takes CPU from
    # the training and GUI threads (see limit_blas_threads).
    limit_blas_threads()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("bplab")
    app.setOrganizationName("bplab")
    from bplab.gui.icon import app_icon

    app.setWindowIcon(app_icon())
    from bplab.gui import i18n

    choice = lang or i18n.saved_choice()
    i18n.install_language(i18n.resolve(choice), choice)
    from bplab.crash import install_crash_handler

    # After QApplication exists, so errors in worker threads can show a dialog too.
    install_crash_handler(show_dialog=not screenshot)
    if file:
        from bplab.experiment.io import ExperimentFileError, load_experiment

        try:
            experiment = load_experiment(file)
        except (ExperimentFileError, OSError, ValueError) as exc:
            print(f"bplab: cannot open {file}: {exc}", file=sys.stderr)
            return 2
    else:
        experiment = default_experiment()

    from bplab.gui.main_window import MainWindow

    try:
        window = MainWindow(experiment, file, remember_layout=not screenshot)
    except ValueError as exc:  # the file parsed but describes a network that cannot be built
        print(f"bplab: cannot open {file}: {exc}", file=sys.stderr)
        return 2
    if before_show is not None:
        before_show(window)
    if not screenshot:
        window.show()
        # Once the window is up: a crashed session's autosave is offered for restoring.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.offer_recovery)
        # Soon after: the training process starts in the background, so the first Play
        # does not wait for it (and the window's startup does not either).
        QTimer.singleShot(PROCESS_WARMUP_MS, window.controller.prepare_process)
        return app.exec()
    return _screenshot(app, window, screenshot, epochs)


def _screenshot(app, window, path: str, epochs: int) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    if epochs > 0:
        window.controller.run_epochs_now(epochs)  # synchronous: no thread, deterministic
    else:
        window.controller.publish()
    window.flush_views()  # nothing held back (views redraw some parts less often)
    for _ in range(3):  # let layouts and plots settle at the final size
        app.processEvents()
    ok = window.grab().save(path)
    window.setWindowModified(False)  # a picture run has nothing worth saving: close quietly
    window.close()
    if not ok:
        print(f"bplab: could not write the screenshot {path}", file=sys.stderr)
        return 1
    return 0
