"""The modal questions of the File menu, in one place.

The window asks through its own small methods (``_ask_unsaved_changes``,
``_ask_save_path``, …), which call these functions; tests replace those
methods, so no test ever opens a modal dialog.

On the offscreen and minimal platforms nobody can see a dialog, and a modal
one would wait for ever: there the questions answer by themselves with the
choice that keeps a script going (Discard, no path, the default scale) and
say so on stderr.
"""

from __future__ import annotations

import os
import re
import sys

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

Button = QMessageBox.StandardButton
PNG_SCALES = (1, 2, 3)  # the resolutions offered for PNG exports
DEFAULT_PNG_SCALE = 2  # "for slides": sharp on a projector and on high-DPI screens
HEADLESS_PLATFORMS = ("offscreen", "minimal")


def can_ask() -> bool:
    """Whether a person can see and answer a dialog on this Qt platform."""
    return QGuiApplication.platformName() not in HEADLESS_PLATFORMS


def _unseen(question: str, answer: str) -> None:
    print(f"bplab: no display to ask {question!r}; answering {answer}", file=sys.stderr)


def unsaved_changes(parent: QWidget, name: str) -> Button:
    """Save, Discard or Cancel for the unsaved changes of ``name``."""
    if not can_ask():
        _unseen(f"Save the changes to {name}?", "Discard")  # stderr: stays English
        return Button.Discard
    text = QCoreApplication.translate("dialogs", "Save the changes to {0}?").format(name)
    box = QMessageBox(QMessageBox.Icon.Warning,
                      QCoreApplication.translate("dialogs", "Unsaved changes"), text,
                      Button.Save | Button.Discard | Button.Cancel, parent)
    box.setObjectName("unsavedChangesDialog")
    box.setInformativeText(QCoreApplication.translate(
        "dialogs", "Training progress, weight edits and settings that are not saved will be "
                   "lost if you discard them."))
    box.setDefaultButton(Button.Save)
    return Button(box.exec())


def restore_recovered(parent: QWidget, text: str) -> bool | None:
    """Yes: restore the autosaved experiment; No: delete it; None: nobody could answer."""
    if not can_ask():
        _unseen("restore the autosaved experiment?", "later (the file is kept)")
        return None
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("dialogs", "Restore unsaved work?"), text,
                      Button.Yes | Button.No, parent)
    box.setObjectName("restoreDialog")
    box.button(Button.Yes).setText(QCoreApplication.translate("dialogs", "Restore"))
    box.button(Button.No).setText(QCoreApplication.translate("dialogs", "Delete it"))
    box.setDefaultButton(Button.Yes)
    return box.exec() == Button.Yes


def open_path(parent: QWidget, folder: str, file_filter: str,
              title: str | None = None) -> str | None:
    if not can_ask():
        _unseen("which file to open?", "none")
        return None
    title = QCoreApplication.translate("dialogs", "Open experiment") if title is None else title
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter,
                                          options=QFileDialog.Option.DontUseNativeDialog)
    return path or None


def save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str | None:
    """A file name to write, with the filter's extension added when none was typed."""
    if not can_ask():
        _unseen(title, "none")
        return None
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter,
                                          options=QFileDialog.Option.DontUseNativeDialog)
    if not path:
        return None
    if not os.path.splitext(path)[1]:
        ext = default_extension(file_filter)
        path += ext
    return path


def default_extension(file_filter: str) -> str:
    """'.png' for "PNG image (*.png)": the first pattern of the first filter."""
    found = re.search(r"\(\*(\.\w+)", file_filter)
    return found.group(1) if found else ""


class ScaleDialog(QDialog):
    """1×, 2× or 3× the on-screen size, with the pixel size each gives."""

    def __init__(self, size: QSize, default: int = DEFAULT_PNG_SCALE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pngScaleDialog")
        self.setWindowTitle(self.tr("PNG resolution"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Size of the picture:")))
        self.group = QButtonGroup(self)
        for scale in PNG_SCALES:
            text = (self.tr("{0}× — for slides   ({1} × {2} pixels)") if scale == DEFAULT_PNG_SCALE
                    else self.tr("{0}×   ({1} × {2} pixels)"))
            button = QRadioButton(text.format(scale, size.width() * scale,
                                              size.height() * scale))
            button.setObjectName(f"scale{scale}Radio")
            button.setChecked(scale == default)
            self.group.addButton(button, scale)
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def scale(self) -> int:
        return self.group.checkedId()


def png_scale(parent: QWidget, size: QSize, default: int) -> int | None:
    """The chosen scale, or None if cancelled."""
    if not can_ask():
        _unseen("PNG resolution?", f"{default}×")
        return default
    dialog = ScaleDialog(size, default, parent)
    return dialog.scale() if dialog.exec() == QDialog.DialogCode.Accepted else None
