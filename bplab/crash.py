"""Crash reports: an uncaught exception leaves a file behind instead of just vanishing.

``install_crash_handler`` replaces ``sys.excepthook`` and ``threading.excepthook``.
On an uncaught exception it still prints the usual traceback, writes a report
(time, traceback, versions, platform, argv) to ``report_dir()``, prints that
path on stderr and, when a QApplication is running, shows a non-blocking
message box saying where the report is.

Qt is never imported here unless it is already loaded: headless commands can
install the handler too.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import platform
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from bplab import __version__

MAX_REPORTS = 20  # per process: an error in a paint event would otherwise write one per frame

_written: dict[tuple[str, ...], Path] = {}  # crash signature -> its report, to skip repeats
_dialogs: list[Any] = []  # open message boxes, kept alive until closed
_notifier: Any = None  # a QObject in the GUI thread that shows dialogs for other threads
_lock = threading.Lock()


# -- versions ------------------------------------------------------------------
def _dist_version(name: str) -> str | None:
    # Imported here: importlib.metadata (with email) is a noticeable share of the
    # window's start-up, and only a crash report or --version needs it.
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def component_versions(load_qt: bool = False) -> dict[str, str]:
    """Versions of bplab and what it runs on, in display order.

    Qt, PySide6 and pyqtgraph are imported only with ``load_qt`` (or when they
    are already loaded); otherwise their installed versions are read from the
    package metadata, or reported as "not loaded".
    """
    import numpy

    v = {"bplab": __version__,
         "Python": f"{platform.python_version()} ({platform.python_implementation()})",
         "NumPy": numpy.__version__}
    if load_qt:
        import pyqtgraph  # noqa: F401  (imports PySide6 and QtCore too)
        import PySide6.QtCore  # noqa: F401
    core = sys.modules.get("PySide6.QtCore")
    pyside = sys.modules.get("PySide6")
    pg = sys.modules.get("pyqtgraph")
    v["Qt"] = core.qVersion() if core is not None else "not loaded"
    v["PySide6"] = (pyside.__version__ if pyside is not None
                    else _dist_version("PySide6-Essentials") or _dist_version("PySide6")
                    or "not installed")
    v["pyqtgraph"] = (pg.__version__ if pg is not None
                      else _dist_version("pyqtgraph") or "not installed")
    return v


# -- the report ------------------------------------------------------------------
def report_dir() -> Path:
    """Where reports go (not created here).

    ``$BPLAB_DATA_DIR/crash-reports`` when that is set (as for the GUI's
    autosaves).  Linux and other Unix: ``$XDG_DATA_HOME/bplab/crash-reports``,
    by default ``~/.local/share/bplab/crash-reports``.  macOS and Windows:
    Qt's AppDataLocation when Qt is loaded, else the platform's usual folder.
    """
    override = os.environ.get("BPLAB_DATA_DIR")
    if override:
        return Path(override) / "crash-reports"
    if sys.platform in ("darwin", "win32"):
        qt_dir = _qt_app_data()
        if qt_dir is not None:
            return qt_dir / "crash-reports"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Application Support" / "bplab" / "crash-reports"
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        root = Path(base) if base else Path.home() / "AppData" / "Local"
        return root / "bplab" / "crash-reports"
    xdg = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says to ignore a relative path.
    root = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return root / "bplab" / "crash-reports"


def _qt_app_data() -> Path | None:
    core = sys.modules.get("PySide6.QtCore")
    if core is None or core.QCoreApplication.instance() is None:
        return None  # without an application object Qt does not know bplab's name
    loc = core.QStandardPaths.writableLocation(core.QStandardPaths.StandardLocation.AppDataLocation)
    return Path(loc) if loc else None


def format_report(exc_type: type[BaseException], exc: BaseException | None,
                  tb: TracebackType | None, thread_name: str | None = None) -> str:
    """The text of a crash report."""
    now = datetime.datetime.now().astimezone()
    lines = [
        "bplab crash report",
        f"time:       {now.isoformat(timespec='seconds')}",
        f"thread:     {thread_name or threading.current_thread().name}",
        f"argv:       {sys.argv!r}",
        f"executable: {sys.executable}",
        f"frozen:     {'yes (PyInstaller)' if getattr(sys, 'frozen', False) else 'no'}",
        f"platform:   {platform.platform()} ({platform.machine()})",
        f"Qt platform plugin: {_qt_platform_name()}",
        "",
        "versions:",
    ]
    try:
        versions = component_versions()
    except Exception as err:  # a report without versions beats no report
        versions = {"(versions unavailable)": repr(err)}
    lines += [f"  {name:<10} {value}" for name, value in versions.items()]
    lines += ["", "traceback:", *"".join(traceback.format_exception(exc_type, exc, tb))
              .rstrip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def _qt_platform_name() -> str:
    gui = sys.modules.get("PySide6.QtGui")
    if gui is not None and gui.QGuiApplication.instance() is not None:
        return gui.QGuiApplication.platformName()
    return os.environ.get("QT_QPA_PLATFORM", "(no Qt application)")


def write_report(exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None, thread_name: str | None = None) -> Path:
    """Write a report for this exception into ``report_dir()`` and return its path.

    Falls back to the temporary folder when the data folder cannot be written.
    """
    text = format_report(exc_type, exc, tb, thread_name)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    name = f"crash-{stamp}-{os.getpid()}.txt"
    for folder in (report_dir(), Path(tempfile.gettempdir()) / "bplab-crash-reports"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    raise OSError("cannot write a crash report in the data folder or the temporary folder")


# -- the hooks ------------------------------------------------------------------------
def _stderr():
    # A windowed PyInstaller build on Windows or macOS has no stderr at all.
    return sys.stderr or sys.__stderr__


def _say(text: str) -> None:
    err = _stderr()
    if err is not None:
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stream
            print(text, file=err, flush=True)


def _signature(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[str, ...]:
    frames = traceback.extract_tb(tb)
    return (exc_type.__qualname__, *(f"{f.filename}:{f.lineno}" for f in frames))


def handle_exception(exc_type: type[BaseException], exc: BaseException | None,
                     tb: TracebackType | None, thread_name: str | None = None,
                     show_dialog: bool = True) -> Path | None:
    """Report one uncaught exception: the report file, stderr and maybe a dialog."""
    key = _signature(exc_type, tb)
    with _lock:
        path = _written.get(key)
        repeat = path is not None
        if path is None and len(_written) < MAX_REPORTS:
            path = write_report(exc_type, exc, tb, thread_name)
            _written[key] = path
    if path is None:
        _say("bplab: too many errors; no more crash reports are written in this session")
        return None
    if repeat:
        _say(f"bplab: the same error again (report: {path})")
        return path
    _say(f"bplab: crash report written to {path}")
    if show_dialog:
        _show_dialog(f"{exc_type.__name__}: {exc}", path)
    return path


def install_crash_handler(show_dialog: bool = True) -> None:
    """Report uncaught exceptions of any thread (see the module docstring).

    Call it after the QApplication exists, so reports from worker threads can
    be shown in a dialog too; calling it again just updates ``show_dialog``.
    """
    def excepthook(exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        _report(exc_type, exc, tb, None, show_dialog, sys.__excepthook__)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # threading ignores it too
            return
        name = args.thread.name if args.thread is not None else None
        _report(args.exc_type, args.exc_value, args.exc_traceback, name, show_dialog,
                lambda *_: threading.__excepthook__(args))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    if show_dialog:
        _make_notifier()


def _report(exc_type: type[BaseException], exc: BaseException | None,
            tb: TracebackType | None, thread_name: str | None, show_dialog: bool,
            default: Callable[..., Any]) -> None:
    # Never raise from a hook: fall back to Python's own printing.
    with contextlib.suppress(Exception):  # e.g. no stderr in a windowed build
        default(exc_type, exc, tb)  # the usual traceback on stderr first
    if issubclass(exc_type, KeyboardInterrupt):
        return
    try:
        handle_exception(exc_type, exc, tb, thread_name, show_dialog)
    except Exception as err:
        _say(f"bplab: could not write a crash report: {err!r}")


# -- the dialog ------------------------------------------------------------------------
def _make_notifier() -> None:
    """A QObject in the GUI thread: other threads emit to it to get a dialog shown."""
    global _notifier
    widgets = sys.modules.get("PySide6.QtWidgets")
    if _notifier is not None or widgets is None or widgets.QApplication.instance() is None:
        return
    from PySide6.QtCore import QObject, Qt, Signal

    class _Notifier(QObject):
        report = Signal(str, str)

    app = widgets.QApplication.instance()
    _notifier = _Notifier()
    _notifier.moveToThread(app.thread())
    # Queued: the slot runs in the GUI thread, whichever thread emits.
    _notifier.report.connect(lambda summary, path: _open_box(summary, Path(path)),
                             Qt.ConnectionType.QueuedConnection)


def _show_dialog(summary: str, path: Path) -> None:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return
    app = widgets.QApplication.instance()
    if app is None:
        return
    from PySide6.QtCore import QThread

    if QThread.currentThread() == app.thread():
        _open_box(summary, path)
    elif _notifier is not None:
        _notifier.report.emit(summary, str(path))


def _open_box(summary: str, path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    if any(box.isVisible() for box in _dialogs):
        return  # one dialog at a time; the report files list every error
    if len(summary) > 300:
        summary = summary[:300] + "…"
    # The window's language (the report file and stderr stay English, for bug reports).
    box = QMessageBox(QMessageBox.Icon.Critical,
                      QCoreApplication.translate("crash", "bplab: unexpected error"),
                      QCoreApplication.translate(
                          "crash", "bplab hit an unexpected error. The window stays open, but "
                                   "save your experiment under a new name before going on."),
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setObjectName("crashDialog")
    box.setInformativeText(QCoreApplication.translate(
        "crash", "{0}\n\nA report was saved to:\n{1}\n\nPlease attach it when you report "
                 "the problem.").format(summary, path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _dialogs[:] = [box]
    box.finished.connect(lambda _=0: _dialogs.clear())
    box.show()  # not exec(): the error may come from inside a paint or timer event
