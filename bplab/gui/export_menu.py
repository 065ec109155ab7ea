"""File ▸ Export and the views' right-click menus: pictures, tables, weights and scripts.

``ExportActions`` is a mixin of ``MainWindow``.  Each kind of export has one
key (the same as ``bplab export --what``) and one code path,
``write_export``, used by the File menu, the context menus and the tests.
Pictures come from the views' own ``export`` (pyqtgraph exporters given an
explicit path); data and scripts come from ``bplab.export``, read while
training is paused so that the file describes one moment.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtWidgets import QMenu, QWidget

from bplab.cli_export import write_session_export
from bplab.gui import dialogs

if TYPE_CHECKING:
    from bplab.gui.main_window import MainWindow

PNG = "PNG image (*.png)"
SVG = "SVG vector image (*.svg)"
CSV = "CSV table (*.csv)"
NPZ = "NumPy arrays (*.npz)"
PY = "Python script (*.py)"
SCALE_KEY = "export/pngScale"
FOLDER_KEY = "export/folder"


@dataclass(frozen=True)
class ExportKind:
    key: str  # as in `bplab export --what`
    label: str  # File ▸ Export text
    short: str  # context-menu text
    file_filter: str
    suffix: str  # appended to the experiment's name for the suggested file name
    view: str | None  # "loss", "boundary", "network" or "window" for pictures

    @property
    def fmt(self) -> str:
        return self.suffix.rsplit(".", 1)[1]

    @property
    def action_name(self) -> str:
        return "actionExport" + "".join(p.capitalize() for p in self.key.split("-"))


KINDS: tuple[ExportKind, ...] = (
    ExportKind("loss-png", "Loss curve as PNG…", "Export as PNG…", PNG, "-loss.png", "loss"),
    ExportKind("loss-svg", "Loss curve as SVG…", "Export as SVG…", SVG, "-loss.svg", "loss"),
    ExportKind("loss-csv", "Loss curve as CSV…", "Export as CSV…", CSV, "-loss.csv", "loss"),
    ExportKind("boundary-png", "Decision boundary as PNG…", "Export as PNG…", PNG,
               "-boundary.png", "boundary"),
    ExportKind("boundary-svg", "Decision boundary as SVG…", "Export as SVG…", SVG,
               "-boundary.svg", "boundary"),
    ExportKind("network-png", "Network graph as PNG…", "Export as PNG…", PNG, "-network.png",
               "network"),
    ExportKind("network-svg", "Network graph as SVG…", "Export as SVG…", SVG, "-network.svg",
               "network"),
    ExportKind("window-png", "Whole window as PNG…", "", PNG, "-window.png", "window"),
    ExportKind("history-csv", "Training history as CSV…", "", CSV, "-history.csv", None),
    ExportKind("data-csv", "Data set as CSV…", "", CSV, "-data.csv", None),
    ExportKind("weights-npz", "Weights as NumPy .npz…", "", NPZ, "-weights.npz", None),
    ExportKind("numpy-script", "Standalone NumPy script…", "", PY, "_numpy.py", None),
    ExportKind("torch-script", "PyTorch script…", "", PY, "_torch.py", None),
)
BY_KEY = {k.key: k for k in KINDS}
MENU_GROUPS = (("loss-png", "loss-svg", "loss-csv"), ("boundary-png", "boundary-svg"),
               ("network-png", "network-svg"), ("window-png",),
               ("history-csv", "data-csv", "weights-npz"), ("numpy-script", "torch-script"))


def slug(text: str) -> str:
    """A file-name friendly form of an experiment's name: 'Circle (TF)' -> 'circle-tf'."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return s[:60] or "untitled"


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


class ExportActions:
    """Mixin: the Export submenu, the views' context menus and the exports themselves."""

    def _init_exports(self: MainWindow) -> None:
        self.export_menu = QMenu("&Export", self)
        self.export_menu.setObjectName("menuExport")
        self.export_actions: dict[str, QAction] = {}
        for n, group in enumerate(MENU_GROUPS):
            if n:
                self.export_menu.addSeparator()
            for key in group:
                kind = BY_KEY[key]
                action = QAction(kind.label, self)
                action.setObjectName(kind.action_name)
                action.triggered.connect(lambda _=False, k=key: self.export(k))
                self.export_menu.addAction(action)
                self.export_actions[key] = action
        self.view_menus: dict[str, QMenu] = {}
        for name, view in self._export_views().items():
            menu = QMenu(view)
            menu.setObjectName(f"{name}ContextMenu")
            for kind in KINDS:
                if kind.view == name:
                    action = menu.addAction(kind.short)
                    action.setObjectName(f"context{kind.action_name.removeprefix('action')}")
                    action.triggered.connect(lambda _=False, k=kind.key: self.export(k))
            self.view_menus[name] = menu
            # The pyqtgraph items ignore right-clicks (their own menus are off), so the
            # context-menu event reaches the view widget, which shows this menu.
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, m=menu, v=view: self._show_view_menu(m, v, pos))

    def _export_views(self: MainWindow) -> dict[str, QWidget]:
        return {"loss": self.loss_plot, "boundary": self.boundary_view,
                "network": self.network_view}

    def _show_view_menu(self: MainWindow, menu: QMenu, view: QWidget, pos: QPoint) -> None:
        self._update_export_actions()
        menu.popup(view.mapToGlobal(pos))  # popup, not exec: never blocks the event loop

    def _update_export_actions(self: MainWindow) -> None:
        has_plane = self.session.plane is not None
        for kind in KINDS:
            if kind.view == "boundary":
                self.export_actions[kind.key].setEnabled(has_plane)

    # -- names and folders -------------------------------------------------------------
    def _suggested_stem(self: MainWindow) -> str:
        if self.path:
            return os.path.splitext(os.path.basename(self.path))[0]
        return slug(self.session.experiment.name)

    def _export_folder(self: MainWindow) -> str:
        folder = QSettings(*self._settings_names).value(FOLDER_KEY, "")
        if isinstance(folder, str) and folder and os.path.isdir(folder):
            return folder
        if self.path:
            return os.path.dirname(os.path.abspath(self.path))
        return os.path.expanduser("~")

    def _ask_png_scale(self: MainWindow, size: QSize) -> int | None:
        """1, 2 or 3, or None if cancelled; the last choice is the next default."""
        settings = QSettings(*self._settings_names)
        last = settings.value(SCALE_KEY, dialogs.DEFAULT_PNG_SCALE)
        try:
            default = int(last)
        except (TypeError, ValueError):
            default = dialogs.DEFAULT_PNG_SCALE
        if default not in dialogs.PNG_SCALES:
            default = dialogs.DEFAULT_PNG_SCALE
        scale = dialogs.png_scale(self, size, default)
        if scale is not None:
            settings.setValue(SCALE_KEY, scale)
        return scale

    def picture_size(self: MainWindow, view: str) -> QSize:
        """The on-screen size of what a picture export draws, in pixels at 1×."""
        if view == "window":
            return self.size()
        item = {"loss": self.loss_plot.plot_item, "boundary": self.boundary_view.plot_item,
                "network": lambda: self.network_view._glw.ci}[view]()
        rect = item.sceneBoundingRect()
        return QSize(math.ceil(rect.width()), math.ceil(rect.height()))

    # -- exporting ----------------------------------------------------------------------
    def export(self: MainWindow, key: str, path: str | None = None,
               scale: float | None = None) -> bool:
        """Ask what is not given (scale for PNG, then the file), write, report failures."""
        kind = BY_KEY[key]
        if kind.view == "boundary" and self.session.plane is None:
            self._show_error("Nothing to export", "This data has no 2-D plane, so there is no "
                                                  "decision boundary to export.")
            return False
        if kind.fmt == "png" and scale is None:
            scale = self._ask_png_scale(self.picture_size(kind.view or "window"))
            if scale is None:
                return False
        if path is None:
            suggested = os.path.join(self._export_folder(), self._suggested_stem() + kind.suffix)
            path = self._ask_save_path(kind.label.rstrip("…"), suggested, kind.file_filter)
            if not path:
                return False
            QSettings(*self._settings_names).setValue(
                FOLDER_KEY, os.path.dirname(os.path.abspath(path)))
        try:
            self.write_export(key, path, dialogs.DEFAULT_PNG_SCALE if scale is None else scale)
        except (OSError, ValueError) as exc:
            self._show_error("Export failed", f"Could not write {path}:\n{exc}")
            return False
        self.statusBar().showMessage(f"Exported {os.path.basename(path)}", 4000)
        return True

    def write_export(self: MainWindow, key: str, path: str, scale: float = 2.0) -> None:
        """Write one export without asking anything; raises OSError or ValueError."""
        kind = BY_KEY[key]
        if kind.view == "window":
            self.flush_views()  # loss points and link styles held back while training
            render_png(self, path, scale)
        elif kind.fmt in ("png", "svg"):
            self._export_views()[kind.view].export(path, kind.fmt, scale)
        else:  # tables, weights, scripts: from the session, as `bplab export` writes them
            # bplab.export reads the live session: it must not train meanwhile.
            with self.controller.paused():
                write_session_export(key, self.session, path)

