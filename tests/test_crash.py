"""Crash reports: where they go, what they hold, and the hooks that write them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from bplab import __version__, crash


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Reports go to tmp_path; hooks and the repeat memory are restored afterwards."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("BPLAB_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash, "_written", {})
    yield


def raised(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def only_report(tmp_path: Path) -> Path:
    reports = list((tmp_path / "data" / "bplab" / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1, reports
    return reports[0]


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="XDG folders are for Linux")
def test_report_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert crash.report_dir() == tmp_path / "data" / "bplab" / "crash-reports"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert crash.report_dir() == tmp_path / "home" / ".local/share/bplab/crash-reports"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert crash.report_dir() == tmp_path / "home" / ".local/share/bplab/crash-reports"
    assert not crash.report_dir().exists()  # created on demand only


def test_report_dir_follows_the_gui_data_folder_override(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("BPLAB_DATA_DIR", str(tmp_path / "mine"))
    assert crash.report_dir() == tmp_path / "mine" / "crash-reports"


def test_write_report_has_traceback_versions_and_argv(tmp_path: Path) -> None:
    def deep_failure() -> None:
        raise ValueError("the weights went sideways")

    try:
        deep_failure()
    except ValueError:
        path = crash.write_report(*sys.exc_info())
    assert path == only_report(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "deep_failure" in text and "ValueError: the weights went sideways" in text
    assert f"bplab      {__version__}" in text
    assert f"NumPy      {np.__version__}" in text
    assert "Python     3." in text
    for name in ("Qt", "PySide6", "pyqtgraph", "platform:", "argv:", "time:"):
        assert name in text
    assert repr(sys.argv) in text


def test_write_report_falls_back_to_the_temp_folder(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    monkeypatch.setattr(crash.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    path = crash.write_report(*raised(RuntimeError("x")))
    assert path.parent == tmp_path / "tmp" / "bplab-crash-reports"
    assert "RuntimeError: x" in path.read_text(encoding="utf-8")


def test_excepthook_prints_the_report_path(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    crash.install_crash_handler(show_dialog=False)
    sys.excepthook(*raised(KeyError("missing")))
    err = capsys.readouterr().err
    path = only_report(tmp_path)
    assert "KeyError: 'missing'" in err  # the usual traceback is still printed
    assert f"bplab: crash report written to {path}" in err


def test_the_same_error_is_reported_once(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    crash.install_crash_handler(show_dialog=False)
    for _ in range(3):  # e.g. an error in a paint event, once per frame
        try:
            {}["k"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
    only_report(tmp_path)
    assert capsys.readouterr().err.count("the same error again") == 2


def test_keyboard_interrupt_writes_no_report(tmp_path: Path) -> None:
    crash.install_crash_handler(show_dialog=False)
    sys.excepthook(*raised(KeyboardInterrupt()))
    assert not (tmp_path / "data").exists()


def test_thread_exceptions_are_reported(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    crash.install_crash_handler(show_dialog=False)

    def work() -> None:
        raise OSError("disk went away")

    t = threading.Thread(target=work, name="trainer-thread")
    t.start()
    t.join()
    text = only_report(tmp_path).read_text(encoding="utf-8")
    assert "thread:     trainer-thread" in text and "OSError: disk went away" in text
    assert "crash report written to" in capsys.readouterr().err


def test_uncaught_exception_in_a_process(tmp_path: Path) -> None:
    """End to end, and without Qt: a headless command may install the handler too."""
    code = ("import sys; from bplab.crash import install_crash_handler\n"
            "install_crash_handler()\n"
            "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
            "1 / 0\n")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("BPLAB_DATA_DIR", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 1
    path = only_report(tmp_path)
    assert "ZeroDivisionError" in done.stderr
    assert f"crash report written to {path}" in done.stderr
    assert "ZeroDivisionError: division by zero" in path.read_text(encoding="utf-8")


@pytest.mark.gui
def test_dialog_shows_where_the_report_is(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    crash.install_crash_handler(show_dialog=True)
    sys.excepthook(*raised(RuntimeError("boom in a slot")))
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.objectName() == "crashDialog")
    try:
        assert box.isVisible() and not box.isModal()
        assert str(only_report(tmp_path)) in box.informativeText()
        assert "RuntimeError: boom in a slot" in box.informativeText()
    finally:
        box.close()


@pytest.mark.gui
def test_dialog_for_a_worker_thread_error_opens_in_the_gui_thread(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    crash.install_crash_handler(show_dialog=True)  # QApplication exists: the notifier is made
    t = threading.Thread(target=lambda: 1 / 0)
    t.start()
    t.join()

    def box() -> QMessageBox | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
                     and w.objectName() == "crashDialog" and w.isVisible()), None)

    qtbot.waitUntil(lambda: box() is not None, timeout=3000)
    found = box()
    assert "ZeroDivisionError" in found.informativeText()
    found.close()
