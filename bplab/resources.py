"""Files shipped in ``resources/``: found the same way from source and from a PyInstaller build.

Importing this module does not import Qt (the headless commands use it too);
``app_icon`` imports QtGui when it is called.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

ICON_SIZES = (16, 32, 48, 64, 128, 256)  # the PNGs packaging/make_icons.py renders


def resources_root() -> Path:
    """The ``resources`` folder: in the bundle (``sys._MEIPASS``) or the repository root."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's boot loader
    if frozen is not None:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"  # bplab/resources.py -> repo


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/``, e.g. ``resource_path("icons", "bplab.svg")``."""
    return resources_root().joinpath(*parts)


def app_icon() -> QIcon:
    """The application icon, from the PNGs of every size (the SVG if they are missing)."""
    from PySide6.QtGui import QIcon

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
