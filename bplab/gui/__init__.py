"""The Qt desktop application: the only package that imports PySide6 or pyqtgraph.

``run_gui`` is the entry point; importing this package does not import Qt
(``bplab.gui.app`` imports it when ``run_gui`` is called).
"""

from bplab.gui.app import run_gui

__all__ = ["run_gui"]
