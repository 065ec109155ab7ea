"""The application icon, from the PNGs and the SVG in ``resources/icons``."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from bplab.resources import ICON_SIZES, resource_path


def app_icon() -> QIcon:
    """The application icon, from the PNGs of every size (the SVG if they are missing)."""
    icon = QIcon()
    # PNGs first: they never depend on the iconengines/svg plugin being bundled.
    for size in ICON_SIZES:
        png = resource_path("icons", f"bplab-{size}.png")
        if png.is_file():
            icon.addFile(str(png))
    if icon.isNull():
        svg = resource_path("icons", "bplab.svg")
        if svg.is_file():
            icon.addFile(str(svg))
    return icon
