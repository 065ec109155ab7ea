"""Space plays and pauses wherever the focus is in the window, text fields included.

A focused line edit or spin box claims every printable key (Qt's
ShortcutOverride), so without this Space would type a blank into the learning
rate instead of pausing, although the toolbar promises "Train / pause (Space)".
No field of the window takes a blank: numbers, seeds and combo boxes only.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# Widgets that would keep Space for themselves; views and plots are not watched, so
# their frequent paint events never pass through a Python event filter.
KEY_TAKERS = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit, QAbstractButton)


class PlayKeyGuard(QObject):
    """Watches the focused field of ``window`` and leaves Space to the window's shortcut."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            with contextlib.suppress(RuntimeError):  # the widget is gone (rebuilt rows)
                self._watched.removeEventFilter(self)
            self._watched = None
        if new is not None and isinstance(new, KEY_TAKERS) and new.window() is self._window:
            new.installEventFilter(self)  # dialogs (other windows) keep their keys
            self._watched = new

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Space
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            event.ignore()  # not claimed by the field: the Space shortcut runs
            return True
        return False
