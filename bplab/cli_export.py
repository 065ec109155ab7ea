"""``bplab export FILE --what KIND --out PATH``: the window's exports, without the window.

Tables, weights and scripts (``QT_FREE``) are written from a ``Session`` with
``bplab.export`` and never import Qt; the window uses the very same
``write_session_export``.  Pictures build the main window for the experiment
without showing it (offscreen when there is no display), publish one
snapshot, and export the view as File ▸ Export does.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from bplab.engine.trainer import History
from bplab.experiment.io import load_experiment
from bplab.experiment.session import Session
from bplab.export.atomic import atomic_text

PICTURES = ("loss-png", "loss-svg", "boundary-png", "boundary-svg", "network-png", "network-svg")
QT_FREE = ("loss-csv", "history-csv", "data-csv", "weights-npz", "numpy-script", "torch-script")
WHAT = (*PICTURES[:2], "loss-csv", *PICTURES[2:], *QT_FREE[1:])
DEFAULT_SCALE = 2.0
MAX_SCALE = 8.0  # 8× a 1400×900 window is already a 100-megapixel picture
WINDOW_SIZE = (1400, 900)  # the window the pictures are taken from, in pixels


class ExportUsageError(ValueError):
    """Bad arguments for ``bplab export``: one line on stderr, exit code 2."""


# -- Qt-free exports (shared with the window) ---------------------------------------
def _cell(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ""  # NaN: no test set


def loss_csv(history: History, path: str | os.PathLike[str]) -> None:
    """epoch,train_loss,test_loss for every recorded epoch (empty cell = no value)."""
    cols = history.as_columns()
    with atomic_text(path, newline="") as f:
        f.write("epoch,train_loss,test_loss\n")
        for e, a, b in zip(cols["epoch"], cols["train_loss"], cols["test_loss"], strict=True):
            f.write(f"{int(e)},{_cell(a)},{_cell(b)}\n")


def write_session_export(key: str, session: Session, path: str | os.PathLike[str]) -> None:
    """Write one of ``QT_FREE`` for ``session``; the caller keeps training paused meanwhile."""
    from bplab import export

    if key == "loss-csv":
        loss_csv(session.trainer.history, path)
    elif key == "history-csv":
        export.history_csv(session.trainer.history, path)
    elif key == "data-csv":
        export.data_csv(session, path)
    elif key == "weights-npz":
        export.weights_npz(session, path)
    elif key == "numpy-script":
        export.write_text(path, export.numpy_script(session))
    elif key == "torch-script":
        export.write_text(path, export.torch_script(session))
    else:
        raise ValueError(f"unknown export {key!r}; choose one of {', '.join(QT_FREE)}")


# -- pictures (Qt) ----------------------------------------------------------------------
def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def export_picture(file: str, key: str, out: str, scale: float) -> None:
    """Build the window for ``file`` unseen, draw one snapshot and export one view."""
    if sys.platform.startswith("linux") and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt aborts without a display
    experiment = load_experiment(file)  # before Qt: a bad file fails fast
    try:
        from PySide6.QtCore import Qt, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        import bplab.gui  # noqa: F401  (sets up Qt bindings before the first Qt call)
        from bplab.gui.main_window import MainWindow
    except ImportError as err:
        raise ExportUsageError(f"pictures need PySide6 and pyqtgraph ({err}); the table and "
                               f"script kinds work without them: {', '.join(QT_FREE)}") from None
    app = QApplication.instance() or QApplication(sys.argv[:1])
    previous = qInstallMessageHandler(_quiet_platform_notes)
    window = MainWindow(experiment, file, remember_layout=False)
    try:
        if key.startswith("boundary") and window.session.plane is None:
            raise ExportUsageError(f"{file} has {window.session.dataset.x.shape[1]} input "
                                   "columns; a decision boundary needs 2-D data")
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # no flash
        window.resize(*WINDOW_SIZE)
        window.show()
        app.processEvents()
        window.controller.publish()
        for _ in range(3):  # let layouts and plots settle at their final sizes
            app.processEvents()
        window.write_export(key, out, scale)
    finally:
        window.close()
        app.processEvents()
        qInstallMessageHandler(previous)


def _quiet_platform_notes(mode: object, context: object, message: str) -> None:
    # The offscreen platform reports every window it cannot resize to hints: noise here.
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


# -- the command ---------------------------------------------------------------------
def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not 0 < value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"expected more than 0 and at most {MAX_SCALE:g}, "
                                         f"found {text}")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``export`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "export", help="write a picture, table, weights or script of an experiment",
        description="Write what File ▸ Export writes, without the window. Pictures: "
                    "loss-png, loss-svg, boundary-png, boundary-svg, network-png, network-svg "
                    "(PNG at --scale times the on-screen size). Tables and scripts (no Qt "
                    "needed): loss-csv, history-csv, data-csv, weights-npz, numpy-script, "
                    "torch-script.")
    p.add_argument("file", metavar="FILE", help="experiment (.json)")
    p.add_argument("--what", required=True, choices=WHAT, metavar="KIND",
                   help="what to write: " + ", ".join(WHAT))
    p.add_argument("--out", required=True, metavar="PATH", help="file to write")
    p.add_argument("--scale", type=_scale, default=DEFAULT_SCALE, metavar="S",
                   help=f"PNG size as a multiple of the on-screen size (default "
                        f"{DEFAULT_SCALE:g}; 1, 2 or 3 in the window)")
    p.set_defaults(run=run_export)


def _check_out(path: Path) -> None:
    if path.is_dir():
        raise ExportUsageError(f"cannot write {path}: that is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportUsageError(f"cannot write {path}: the folder {path.parent} does not exist")


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out(out)
    if args.what in QT_FREE:
        write_session_export(args.what, Session(load_experiment(args.file)), out)
    else:
        export_picture(args.file, args.what, str(out), args.scale)
    print(f"saved {args.what} to {out}")
    return 0
