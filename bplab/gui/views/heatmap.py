"""A heatmap as a plain Qt pixmap item, for the views' per-frame images.

The views colour their grids with NumPy (``colors.heatmap_pixels``, several
heatmaps in one pass) and hand the pixels to a ``HeatmapItem``, a
QGraphicsPixmapItem with nothing overridden in Python.  Qt paints it, and asks
for its bounds, without calling into Python: unlike pyqtgraph's ImageItem,
which rescales, looks up and paints each image in Python, it takes no time
from the training thread's GIL while the window draws.  ``image`` and
``levels`` keep what is shown, as ImageItem's attributes do.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsPixmapItem


class HeatmapItem(QGraphicsPixmapItem):
    """Ready-made pixels stretched over a rectangle (nearest neighbour, as ImageItem)."""

    def __init__(self) -> None:
        super().__init__()
        self.image: np.ndarray | None = None  # the values shown, (h, w); row 0 = ymin
        self.levels: tuple[float, float] | None = None  # values at the colour map's ends
        self._rect = QRectF()
        self._size = (0, 0)  # pixels (w, h) the transform was set for

    def setRect(self, rect: QRectF) -> None:
        """Show the pixels over ``rect`` (view units): row 0 along its top edge, which
        a view with y pointing up shows at the bottom (so row 0 is ymin)."""
        self._rect = QRectF(rect)
        self._size = (0, 0)
        self._fit()

    def set_pixels(self, values: np.ndarray, levels: tuple[float, float],
                   pixels: np.ndarray) -> None:
        """Show ``pixels`` ((h, w, 4) uint8 from heatmap_pixels, C-contiguous) for
        ``values`` drawn with ``levels``."""
        h, w = pixels.shape[:2]
        self.image, self.levels = values, levels
        image = QImage(pixels.data, w, h, pixels.strides[0],
                       QImage.Format.Format_ARGB32_Premultiplied)
        self.setPixmap(QPixmap.fromImage(image))  # a copy: ``pixels`` may go
        if (w, h) != self._size:  # (asking the pixmap its size costs more, every frame)
            self._fit()

    def clear(self) -> None:
        self.image = self.levels = None
        self.setPixmap(QPixmap())

    def _fit(self) -> None:
        pixmap = self.pixmap()
        size = (pixmap.width(), pixmap.height())
        if size == self._size or not all(size):
            return
        self._size = size
        r = self._rect
        self.setTransform(QTransform.fromScale(r.width() / size[0], r.height() / size[1]))
        self.setPos(r.topLeft())
