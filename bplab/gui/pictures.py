"""Picture exports: the views as PNG or SVG and the whole window as PNG.

The one home of pictures, for File ▸ Export, the views' right-click menus and
``bplab export`` (which builds the window unseen with ``export_picture``).
Which pictures there are is listed in ``bplab.export.kinds``.
"""

from __future__ import annotations

import math
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, qInstallMessageHandler
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from bplab.export.kinds import get_kind

if TYPE_CHECKING:
    from bplab.experiment import Experiment
    from bplab.gui.main_window import MainWindow

WINDOW_SIZE = (1400, 900)  # the window `bplab export` takes pictures from, in pixels


def view_widgets(window: MainWindow) -> dict[str, QWidget]:
    """The views that pictures are taken of, by the name ``ExportKind.view`` uses."""
    return {"loss": window.loss_plot, "boundary": window.boundary_view,
            "network": window.network_view}


def render_png(widget: QWidget, path: str, scale: float) -> None:
    """Paint ``widget`` (and its children) into a ``scale``× image and save it as PNG."""
    size = widget.size()
    image = QImage(math.ceil(size.width() * scale), math.ceil(size.height() * scale),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)  # widgets paint in their own units, Qt scales up
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()
    if not image.save(path, "PNG"):
        raise OSError(f"could not write the picture {path}")


def write_picture(window: MainWindow, key: str, path: str, scale: float) -> None:
    """Write one picture of ``window`` without asking anything; raises OSError or ValueError."""
    kind = get_kind(key)
    if not kind.is_picture or kind.view is None:
        raise ValueError(f"{key} is not a picture")
    if kind.view == "window":
        window.flush_views()  # loss points and link styles held back while training
        render_png(window, path, scale)
    else:
        view_widgets(window)[kind.view].export(path, kind.fmt, scale)


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _quiet_platform_notes(mode: object, context: object, message: str) -> None:
    # The offscreen platform reports every window it cannot resize to hints: noise here.
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def export_picture(experiment: Experiment, file: str, key: str, out: str, scale: float) -> None:
    """Build the window for ``experiment`` unseen, draw one snapshot and write one picture."""
    if sys.platform.startswith("linux") and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt aborts without a display
    from bplab.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    previous = qInstallMessageHandler(_quiet_platform_notes)
    window = MainWindow(experiment, file, remember_layout=False)
    try:
        if get_kind(key).view == "boundary" and window.session.plane is None:
            raise ValueError(f"{file} has {window.session.dataset.x.shape[1]} input columns; "
                             "a decision boundary needs 2-D data")
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # no flash
        window.resize(*WINDOW_SIZE)
        window.show()
        app.processEvents()
        window.controller.publish()
        for _ in range(3):  # let layouts and plots settle at their final sizes
            app.processEvents()
        write_picture(window, key, out, scale)
    finally:
        window.close()
        app.processEvents()
        qInstallMessageHandler(previous)
