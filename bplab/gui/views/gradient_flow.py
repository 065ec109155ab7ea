"""The network view's gradient-flow mode: links coloured and sized by mean |∂L/∂w|.

The magnitudes are the worker's ``EpochGradients`` (the mean over the last
epoch's mini-batches of |∂L/∂w| per link), on a log scale: the top of the
scale is the decade above the largest magnitude, and ``DECADES`` decades
below it everything is the faintest grey.  The colour scheme (grey to
purple) differs from the weights' orange-blue, and has its own legend.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QGraphicsWidget, QSizePolicy

from bplab.engine.gradient_flow import EpochGradients
from bplab.gui.views.colors import LUT_SIZE

DECADES = 6  # the log scale spans this many powers of ten
LOW_COLOR = "#dadce0"  # the faintest gradient
HIGH_COLOR = "#7b1fa2"  # the strongest
GRADIENT_LUT: np.ndarray = pg.ColorMap(
    pos=np.array([0.0, 1.0]), color=[pg.mkColor(LOW_COLOR), pg.mkColor(HIGH_COLOR)]
).getLookupTable(0.0, 1.0, LUT_SIZE, alpha=True).astype(np.uint8)
GRADIENT_LUT.setflags(write=False)
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def link_magnitudes(gradients: EpochGradients) -> np.ndarray:
    """Mean |∂L/∂w| of every link, flat in the order the view draws links (W by W, raveled)."""
    return np.concatenate([np.asarray(w, float).ravel() for w in gradients.weights])


def log_range(magnitudes: np.ndarray) -> tuple[int, int]:
    """(lowest, highest) power of ten of the scale for these magnitudes."""
    finite = magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]
    top = math.ceil(math.log10(float(finite.max()))) if finite.size else 0
    return top - DECADES, top


def scale_position(magnitudes: np.ndarray, low: int, high: int) -> np.ndarray:
    """Each magnitude's place on the log scale, 0 (10^low or less) … 1 (10^high)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(np.isfinite(magnitudes), magnitudes, 0.0))
    return np.clip((np.nan_to_num(logs, neginf=low) - low) / (high - low), 0.0, 1.0)


def power_text(exponent: int) -> str:
    return f"10{str(exponent).translate(SUPERSCRIPT)}"


class GradientLegend(QGraphicsWidget):
    """Colour bar of the gradient scale: 10^low … 10^high, log scale."""

    HEIGHT = 34.0

    def __init__(self) -> None:
        super().__init__()
        self.low, self.high = -DECADES, 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setPreferredSize(QSizeF(300, self.HEIGHT))
        self.setMinimumHeight(self.HEIGHT)
        self.setMaximumHeight(self.HEIGHT)

    @property
    def caption(self) -> str:
        """Translated when painted, so a language switch shows at the next repaint."""
        return QCoreApplication.translate("GradientLegend", "mean |∂L/∂w|, last epoch (log scale)")

    def set_range(self, low: int, high: int) -> None:
        if (low, high) != (self.low, self.high):
            self.low, self.high = low, high
            self.update()

    def labels(self) -> tuple[str, str]:
        return power_text(self.low), power_text(self.high)

    def paint(self, p: QPainter, *args: object) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(p.font())
        font.setPointSizeF(8.5)
        p.setFont(font)
        fm = p.fontMetrics()
        cap_w = fm.horizontalAdvance(self.caption) + 10
        room = self.size().width() - 16
        bar_w = max(60.0, min(160.0, room - cap_w - 8))
        caption = self.caption if cap_w + bar_w <= room else ""
        total = (cap_w if caption else 0.0) + bar_w
        x = max(8.0, (self.size().width() - total) / 2)
        y, bar_h = 6.0, 9.0
        p.setPen(QColor("#444"))
        if caption:
            p.drawText(QRectF(x, y - 2, cap_w, bar_h + 4), Qt.AlignmentFlag.AlignVCenter, caption)
            x += cap_w
        grad = QLinearGradient(x, 0, x + bar_w, 0)
        grad.setColorAt(0.0, QColor(LOW_COLOR))
        grad.setColorAt(1.0, QColor(HIGH_COLOR))
        p.setPen(QPen(QColor("#9aa0a6"), 0.8))
        p.setBrush(QBrush(grad))
        p.drawRect(QRectF(x, y, bar_w, bar_h))
        p.setPen(QColor("#444"))
        for frac, text in zip((0.0, 1.0), self.labels(), strict=True):
            tx = x + frac * bar_w
            p.drawLine(QPointF(tx, y + bar_h), QPointF(tx, y + bar_h + 3))
            tw = fm.horizontalAdvance(text)
            p.drawText(QPointF(tx - tw / 2, y + bar_h + 4 + fm.ascent()), text)
