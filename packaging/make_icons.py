"""Render resources/icons/bplab.svg to the PNG sizes desktops and installers ask for.

Run from anywhere: ``python packaging/make_icons.py`` (needs PySide6; works
without a display).  Writes ``bplab-<size>.png`` next to the SVG, plus
``bplab.ico`` for the Windows build.  The PNGs are committed so builds and
the running app never need to render the SVG themselves.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256)
ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICON_DIR / "bplab.svg"


def png_path(size: int) -> Path:
    return ICON_DIR / f"bplab-{size}.png"


def render(size: int):
    """The SVG drawn on a transparent size×size image (a QImage)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"{SVG}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # fonts, image I/O
    images = {}
    for size in SIZES:
        images[size] = render(size)
        if not images[size].save(str(png_path(size)), "PNG"):
            print(f"could not write {png_path(size)}", file=sys.stderr)
            return 1
        print(f"wrote {png_path(size)}")
    # Qt has no ICO writer without the optional plugin; a PNG-compressed ICO is simple.
    ico = ICON_DIR / "bplab.ico"
    ico.write_bytes(ico_bytes([png_path(s).read_bytes() for s in SIZES], SIZES))
    print(f"wrote {ico}")
    return 0


def ico_bytes(pngs: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """A Windows .ico holding PNG images (allowed since Vista)."""
    import struct

    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for data, size in zip(pngs, sizes, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


if __name__ == "__main__":
    raise SystemExit(main())
