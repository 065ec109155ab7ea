"""The confusion matrices of the training and test points, with per-class accuracy, or R² and
RMSE for regression.

The numbers come with each snapshot (``Snapshot.metrics``, computed by the
worker from ``bplab.experiment.metrics``); this widget only paints them.  Each
matrix has a row per true class and a column per predicted class; a cell's
shade is its share of the row, so the diagonal is dark when every class is
predicted right, and the column at the right gives each class's accuracy.
The two matrices sit side by side in a wide widget, one above the other in a
tall one.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from bplab.experiment.metrics import Metrics, SplitMetrics
from bplab.gui.views.colors import POSITIVE, class_color

SPLITS = ("train", "test")
MARGIN = 8  # px around and between the matrices
SHADE = QColor(POSITIVE)  # cells: this colour, as strong as the cell's share of its row
TEXT = QColor("#3c4043")
FAINT = QColor("#80868b")
GRID = QColor("#dadce0")


def percent(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{100 * value:.0f}%"


class ConfusionMatrixView(QWidget):
    """Train and test confusion matrices (or regression figures), painted from Metrics."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)
        self._metrics: Metrics | None = None

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 120)

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    # -- data --------------------------------------------------------------------------
    def set_metrics(self, metrics: Metrics | None) -> None:
        self._metrics = metrics
        self.update()

    def metrics(self) -> Metrics | None:
        return self._metrics

    def counts(self, split: str) -> np.ndarray | None:
        """The matrix shown for ``split`` ('train' or 'test'): rows true, columns predicted."""
        part = self._split(split)
        return None if part is None or part.confusion is None else part.confusion.copy()

    def per_class(self, split: str) -> np.ndarray | None:
        part = self._split(split)
        return None if part is None or part.per_class_accuracy is None else (
            part.per_class_accuracy.copy())

    def _split(self, split: str) -> SplitMetrics | None:
        m = self._metrics
        if m is None:
            return None
        return m.train if split == "train" else m.test

    def summary(self, split: str) -> str:
        """The heading of a split: its accuracy (or R² and RMSE) and size."""
        part = self._split(split)
        name = self.tr("Train") if split == "train" else self.tr("Test")
        if part is None:
            return self.tr("{0}: no points").format(name)
        if self._metrics is not None and self._metrics.task == "regression":
            r2 = "–" if not math.isfinite(part.r2) else f"{part.r2:.3f}"
            rmse = "–" if not math.isfinite(part.rmse) else f"{part.rmse:.4g}"
            return self.tr("{0}: R² {1} · RMSE {2} ({3} points)").format(name, r2, rmse,
                                                                        part.n_points)
        accuracy = "–" if not math.isfinite(part.accuracy) else f"{100 * part.accuracy:.1f}%"
        return self.tr("{0}: accuracy {1} ({2} points)").format(name, accuracy, part.n_points)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        m = self._metrics
        rect = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        if m is None:
            painter.setPen(FAINT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("The figures appear with the next frame of training."))
            return
        if m.task == "regression":
            self._paint_regression(painter, rect)
            return
        parts = [s for s in SPLITS if self._split(s) is not None]
        side_by_side = rect.width() >= rect.height()
        n = len(parts)
        for i, split in enumerate(parts):
            if side_by_side:
                w = (rect.width() - MARGIN * (n - 1)) / n
                area = QRectF(rect.left() + i * (w + MARGIN), rect.top(), w, rect.height())
            else:
                h = (rect.height() - MARGIN * (n - 1)) / n
                area = QRectF(rect.left(), rect.top() + i * (h + MARGIN), rect.width(), h)
            self._paint_matrix(painter, area, split)

    def _paint_regression(self, painter: QPainter, rect: QRectF) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(TEXT)
        lines = [self.summary(s) for s in SPLITS if self._split(s) is not None]
        lines.append(self.tr("R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 is perfect, 0 no better than "
                             "the mean. RMSE = √(mean of (y − ŷ)²), in the targets' unit."))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, "\n\n".join(lines))

    def _paint_matrix(self, painter: QPainter, area: QRectF, split: str) -> None:
        part = self._split(split)
        assert part is not None and part.confusion is not None
        confusion, per_class = part.confusion, part.per_class_accuracy
        k = len(confusion)
        fm = painter.fontMetrics()
        line = fm.height()
        painter.setPen(TEXT)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line),
                         Qt.AlignmentFlag.AlignLeft, self.summary(split))
        painter.setFont(self.font())
        # Room: a heading line, "predicted", the column numbers, then k rows; the row labels
        # at the left and each class's accuracy at the right.
        top = area.top() + line * 3 + 2
        label_w = fm.horizontalAdvance(self.tr("true {0}").format(0)) + 10
        acc_w = fm.horizontalAdvance("100%") + 8
        cell = min((area.width() - label_w - acc_w) / k, (area.bottom() - top) / k)
        if cell < 6:
            return  # too small to be read: the heading says the accuracy
        left = area.left() + label_w
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, min(small.pointSizeF(), cell * 0.42)))
        painter.setPen(FAINT)
        painter.drawText(QRectF(left, top - 2 * line, cell * k, line),
                         Qt.AlignmentFlag.AlignCenter, self.tr("predicted"))
        painter.drawText(QRectF(left + cell * k, top - line, acc_w, line),
                         Qt.AlignmentFlag.AlignRight, self.tr("right"))
        for j in range(k):  # the predicted class of each column, in its colour
            painter.setPen(QColor(class_color(j)))
            painter.drawText(QRectF(left + j * cell, top - line, cell, line),
                             Qt.AlignmentFlag.AlignCenter, str(j))
        totals = confusion.sum(axis=1)
        for i in range(k):
            y = top + i * cell
            painter.setPen(QColor(class_color(i)))
            painter.setFont(self.font())
            painter.drawText(QRectF(area.left(), y, label_w - 4, cell),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.tr("true {0}").format(i))
            painter.setFont(small)
            for j in range(k):
                box = QRectF(left + j * cell, y, cell, cell)
                share = confusion[i, j] / totals[i] if totals[i] else 0.0
                if confusion[i, j]:
                    fill = QColor(SHADE)
                    fill.setAlphaF(0.08 + 0.85 * share)
                    painter.fillRect(box, fill)
                painter.setPen(QPen(GRID))
                painter.drawRect(box)
                painter.setPen(QColor("white") if share > 0.55 else TEXT)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(int(confusion[i, j])))
            painter.setPen(TEXT)
            painter.setFont(self.font())
            painter.drawText(QRectF(left + k * cell, y, acc_w, cell),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             percent(float(per_class[i])) if per_class is not None else "")
