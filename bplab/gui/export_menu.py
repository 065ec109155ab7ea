"""File ▸ Export and the views' right-click menus: pictures, tables, weights and scripts.

``ExportActions`` is a mixin of ``MainWindow``.  The kinds of export are listed
once, in ``bplab.export.kinds`` (the keys of ``bplab export --what``), and each
has one code path, ``write_export``, used by the File menu, the context menus
and the tests.  Pictures come from ``bplab.gui.pictures``; data and scripts from
``bplab.export``, read while training is paused so that the file describes one
moment.
"""

from __future__ import annotations

import math
import os
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from bplab.export import kinds
from bplab.export.kinds import BY_KEY, KINDS, ExportKind
from bplab.gui import dialogs, names, pictures
from bplab.gui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from bplab.gui.main_window import MainWindow

FILE_FILTERS = {  # translated where shown (file_filter)
    "png": QT_TRANSLATE_NOOP("ExportActions", "PNG image (*.png)"),
    "svg": QT_TRANSLATE_NOOP("ExportActions", "SVG vector image (*.svg)"),
    "csv": QT_TRANSLATE_NOOP("ExportActions", "CSV table (*.csv)"),
    "npz": QT_TRANSLATE_NOOP("ExportActions", "NumPy arrays (*.npz)"),
    "py": QT_TRANSLATE_NOOP("ExportActions", "Python script (*.py)"),
}
SCALE_KEY = "export/pngScale"
FOLDER_KEY = "export/folder"
MENU_GROUPS = (("loss-png", "loss-svg", "loss-csv"), ("boundary-png", "boundary-svg"),
               ("network-png", "network-svg"), ("window-png",),
               ("history-csv", "runs-csv", "data-csv", "weights-npz"),
               ("numpy-script", "torch-script"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def action_name(kind: ExportKind) -> str:
    """The File ▸ Export action's objectName: 'loss-png' -> 'actionExportLossPng'."""
    return "actionExport" + "".join(p.capitalize() for p in kind.key.split("-"))


def menu_label(kind: ExportKind) -> str:
    return names.shown(kind.title) + "…"


def context_label(kind: ExportKind) -> str:
    return QCoreApplication.translate("ExportActions", "Export as {format}…").format(
        format=kind.fmt.upper())


def file_filter(kind: ExportKind) -> str:
    return _tr(FILE_FILTERS[kind.fmt])


def slug(text: str) -> str:
    """A file-name friendly form of an experiment's name: 'Circle (TF)' -> 'circle-tf'."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return s[:60] or "untitled"


class ExportActions:
    """Mixin: the Export submenu, the views' context menus and the exports themselves."""

    def _init_exports(self: MainWindow) -> None:
        self.export_menu = QMenu(self)  # texts: _retranslate_exports
        self.export_menu.setObjectName("menuExport")
        self.export_actions: dict[str, QAction] = {}
        for n, group in enumerate(MENU_GROUPS):
            if n:
                self.export_menu.addSeparator()
            for key in group:
                kind = BY_KEY[key]
                action = QAction(self)
                action.setObjectName(action_name(kind))
                action.triggered.connect(lambda _=False, k=key: self.export(k))
                self.export_menu.addAction(action)
                self.export_actions[key] = action
        self.view_menus: dict[str, QMenu] = {}
        for name, view in self._export_views().items():
            menu = QMenu(view)
            menu.setObjectName(f"{name}ContextMenu")
            for kind in KINDS:
                if kind.view == name:
                    action = menu.addAction("")
                    action.setData(kind.key)
                    action.setObjectName(f"context{action_name(kind).removeprefix('action')}")
                    action.triggered.connect(lambda _=False, k=kind.key: self.export(k))
            self.view_menus[name] = menu
            # The pyqtgraph items ignore right-clicks (their own menus are off), so the
            # context-menu event reaches the view widget, which shows this menu.
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, m=menu, v=view: self._show_view_menu(m, v, pos))

    def _retranslate_exports(self: MainWindow) -> None:
        self.export_menu.setTitle(self.tr("&Export"))
        for key, action in self.export_actions.items():
            action.setText(menu_label(BY_KEY[key]))
        for menu in self.view_menus.values():
            for action in menu.actions():
                action.setText(context_label(BY_KEY[action.data()]))

    def _export_views(self: MainWindow) -> dict[str, QWidget]:
        return pictures.view_widgets(self)

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
            self._show_error(self.tr("Nothing to export"),
                             self.tr("This data has no 2-D plane, so there is no decision "
                                     "boundary to export."))
            return False
        if kind.fmt == "png" and scale is None:
            scale = self._ask_png_scale(self.picture_size(kind.view or "window"))
            if scale is None:
                return False
        if path is None:
            suggested = os.path.join(self._export_folder(), self._suggested_stem() + kind.suffix)
            path = self._ask_save_path(names.shown(kind.title), suggested, file_filter(kind))
            if not path:
                return False
            QSettings(*self._settings_names).setValue(
                FOLDER_KEY, os.path.dirname(os.path.abspath(path)))
        try:
            self.write_export(key, path, dialogs.DEFAULT_PNG_SCALE if scale is None else scale)
        except (OSError, ValueError) as exc:
            self._show_error(self.tr("Export failed"),
                             self.tr("Could not write {0}:\n{1}").format(path, exc))
            return False
        self.statusBar().showMessage(self.tr("Exported {0}").format(os.path.basename(path)),
                                     4000)
        return True

    def write_export(self: MainWindow, key: str, path: str, scale: float = 2.0) -> None:
        """Write one export without asking anything; raises OSError or ValueError."""
        if BY_KEY[key].is_picture:
            pictures.write_picture(self, key, path, scale)
        else:  # tables, weights, scripts: from the session, as `bplab export` writes them
            # bplab.export reads the live session: it must not train meanwhile.
            with self.controller.paused():
                kinds.write_export(key, self.session, path)
