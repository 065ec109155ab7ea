"""Shared pieces of the File-menu, export and recovery tests (offscreen, no modal dialogs)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from bplab.experiment import Experiment, default_experiment
from bplab.gui.main_window import MainWindow

Button = QMessageBox.StandardButton


def _modal(*args: object, **kwargs: object) -> None:
    raise AssertionError("a modal dialog was opened; tests must answer through the window's "
                         "_ask_* / _confirm_discard methods")


@pytest.fixture
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Fail on any blocking dialog, and keep autosaves in tmp_path."""
    for cls, name in ((QDialog, "exec"), (QMessageBox, "exec"), (QMenu, "exec"),
                      (QFileDialog, "getSaveFileName"), (QFileDialog, "getOpenFileName"),
                      (QInputDialog, "getDouble")):
        monkeypatch.setattr(cls, name, _modal)
    monkeypatch.setenv("BPLAB_DATA_DIR", str(tmp_path / "data"))


class Answers:
    """What the window's questions answer in a test, and what they were asked."""

    def __init__(self, window: MainWindow) -> None:
        self.unsaved = Button.Cancel
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.scale: int | None = 2
        self.restore: bool | None = True
        self.errors: list[tuple[str, str]] = []
        self.asked: list[str] = []
        window._ask_unsaved_changes = self._unsaved
        window._ask_save_path = self._save_path
        window._ask_open_path = self._open_path
        window._ask_png_scale = self._scale
        window._ask_restore = self._restore
        window._show_error = self._error

    def _unsaved(self) -> Button:
        self.asked.append("unsaved")
        return self.unsaved

    def _save_path(self, title: str, suggested_name: str, file_filter: str) -> str | None:
        self.asked.append(f"save:{title}:{suggested_name}:{file_filter}")
        return self.save_path

    def _open_path(self) -> str | None:
        self.asked.append("open")
        return self.open_path

    def _scale(self, size) -> int | None:
        self.asked.append(f"scale:{size.width()}x{size.height()}")
        return self.scale

    def _restore(self, text: str) -> bool | None:
        self.asked.append(f"restore:{text}")
        return self.restore

    def _error(self, title: str, text: str) -> None:
        self.errors.append((title, text))


def small_experiment() -> Experiment:
    exp = default_experiment()
    exp.data.n_points = 80  # quick to train and to save
    return exp


def make_window(qtbot, exp: Experiment | None = None) -> MainWindow:
    """A shown window on EXP (the default experiment), without saved layout."""
    window = MainWindow(exp or default_experiment(), remember_layout=False)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    return window


def open_window(qtbot, exp: Experiment | None = None, path: str | None = None) -> MainWindow:
    window = MainWindow(exp or small_experiment(), path, remember_layout=False)
    # pytest-qt closes the window before fixtures end: unsaved work is then discarded.
    window._ask_unsaved_changes = lambda: Button.Discard
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    return window


def close_window(window: MainWindow) -> None:
    """Close for good whatever the test left unsaved."""
    window._ask_unsaved_changes = lambda: Button.Discard
    window.close()


def state_of(window: MainWindow) -> dict:
    """Everything a failed open must leave as it was."""
    s = window.session
    return {
        "session": s,
        "W": [w.copy() for w in s.network.W],
        "b": [b.copy() for b in s.network.b],
        "history": {k: list(v) for k, v in s.trainer.history.as_columns().items()},
        "epoch": s.trainer.epoch,
        "path": window.path,
        "modified": window.isWindowModified(),
        "title": window.windowTitle(),
        "name": s.experiment.name,
    }


def assert_same_state(before: dict, window: MainWindow) -> None:
    after = state_of(window)
    assert after["session"] is before["session"]
    for key in ("W", "b"):
        assert all(np.array_equal(x, y) for x, y in zip(before[key], after[key], strict=True))
    assert after["history"].keys() == before["history"].keys()
    for key, values in before["history"].items():
        np.testing.assert_array_equal(after["history"][key], values)  # NaN == NaN here
    for key in ("epoch", "path", "modified", "title", "name"):
        assert after[key] == before[key], key


def step_and_wait(qtbot, window: MainWindow, timeout_ms: int = 30_000) -> None:
    """One Step, waited for: a net whose pictures are made a piece at a time steps in
    the worker, and its frames arrive through the event loop."""
    window.step()
    qtbot.waitUntil(lambda: not window.controller.is_stepping(), timeout=timeout_ms)
