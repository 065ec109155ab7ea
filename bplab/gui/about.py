"""The About box: what bplab is, its license, and the versions it runs on."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from bplab import __version__
from bplab.crash import component_versions, report_dir
from bplab.gui.i18n import QT_TRANSLATE_NOOP

LICENSE = "MIT"
SUMMARY = QT_TRANSLATE_NOOP("about", "A desktop training lab for seeing forward and backward "
                                     "propagation in small neural networks.")
_RUNTIME = ("Qt", "PySide6", "pyqtgraph", "NumPy", "Python")  # the order shown

_open: list[QMessageBox] = []  # parentless boxes, kept alive while shown


def about_text() -> str:
    """Plain text of the About box, in English: what 'copy' gives a bug report."""
    v = component_versions(load_qt=True)
    lines = [f"bplab {__version__}", SUMMARY, f"License: {LICENSE}", ""]
    lines += [f"{name} {v[name]}" for name in _RUNTIME]
    lines += ["", f"Crash reports: {report_dir()}"]
    return "\n".join(lines)


def _about_html() -> str:
    v = component_versions(load_qt=True)
    rows = "".join(f"<tr><td>{escape(n)}&nbsp;&nbsp;</td><td>{escape(v[n])}</td></tr>"
                   for n in _RUNTIME)
    summary = QCoreApplication.translate("about", SUMMARY)
    license_ = QCoreApplication.translate("about", "License: {0}").format(LICENSE)
    reports = QCoreApplication.translate("about", "Crash reports: {0}").format(
        escape(str(report_dir())))
    return (f"<h3>bplab {escape(__version__)}</h3><p>{escape(summary)}</p>"
            f"<p>{escape(license_)}</p><table>{rows}</table>"
            f"<p><small>{reports}</small></p>")


def about_dialog(parent: QWidget | None = None) -> QMessageBox:
    """The About box, built but not shown."""
    from bplab.gui.icon import app_icon

    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(QCoreApplication.translate("about", "About bplab"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(_about_html())
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    icon = app_icon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(96, 96))
    return box


def show_about(parent: QWidget | None = None) -> None:
    """Show the About box without blocking (window-modal over ``parent`` when given)."""
    box = about_dialog(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _open.append(box)
        box.finished.connect(lambda _=0: _open.remove(box) if box in _open else None)
    box.open()  # not exec(): tests and the training timer keep running
