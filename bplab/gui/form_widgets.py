"""Small widgets the architecture form is built from."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap, QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QWidget

from bplab.data import GENERATORS, generate
from bplab.engine.optimizers import MAX_LEARNING_RATE, MIN_LEARNING_RATE
from bplab.gui.i18n import Retranslatable
from bplab.gui.views.colors import NEGATIVE, NEUTRAL, POSITIVE, class_color

LEARNING_RATES = ("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3",
                  "10")  # TF Playground's list
MAX_SEED = 2**31 - 1
THUMBNAIL = 40  # pixels per side of a data-set preview


COMBO_CHARS = 9  # a form combo asks for this many characters, not for its longest item


def compact(combo: QComboBox, chars: int = COMBO_CHARS) -> QComboBox:
    """Let ``combo`` be narrower than its longest item (its list still shows it whole),
    so the form fits a small window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class ErrorLabel(QLabel):
    """A red line under a field saying why a value was refused; hidden when empty."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828; font-size: 11px;")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


def seed_spin(object_name: str, tooltip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(object_name)
    spin.setRange(0, MAX_SEED)
    spin.setKeyboardTracking(False)  # one change per edit, not one per keystroke
    spin.setToolTip(tooltip)
    return spin


def percent_spin(object_name: str, lo: int, hi: int, tooltip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(object_name)
    spin.setRange(lo, hi)
    spin.setSuffix(" %")
    spin.setKeyboardTracking(False)
    spin.setToolTip(tooltip)
    return spin


class SciSpinBox(QDoubleSpinBox):
    """A spin box that shows values like 1e-08 and steps by factors of 10."""

    def __init__(self, lo: float, hi: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(15)  # keeps tiny values such as Adam's eps exactly
        self.setRange(lo, hi)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value() or self.minimum() or 1e-8
        self.setValue(min(self.maximum(), max(self.minimum(), value * 10.0**steps)))


def parse_learning_rate(text: str) -> tuple[float | None, str]:
    """(value, "") for a valid learning rate, else (None, the reason)."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None, QCoreApplication.translate("LearningRateCombo",
                                                "“{0}” is not a number").format(text)
    if not (math.isfinite(value) and MIN_LEARNING_RATE <= value <= MAX_LEARNING_RATE):
        return None, QCoreApplication.translate(
            "LearningRateCombo", "The learning rate must be between {0} and {1}").format(
            f"{MIN_LEARNING_RATE:g}", f"{MAX_LEARNING_RATE:g}")
    return value, ""


class LearningRateCombo(Retranslatable, QComboBox):
    """Editable combo with TF Playground's rates; emits ``committed`` for valid values only."""

    committed = Signal(float)
    refused = Signal(str)  # why a typed value was refused; "" when it is fine again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learningRateCombo")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(LEARNING_RATES)
        self._value = 0.03
        self.lineEdit().editingFinished.connect(self.commit)
        self.currentIndexChanged.connect(lambda _i: self.commit())
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Step size η of gradient descent. Changes apply at once, "
                                "without a reset ({0} … {1}).").format(
            f"{MIN_LEARNING_RATE:g}", f"{MAX_LEARNING_RATE:g}"))

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting."""
        self._value = float(value)
        self.blockSignals(True)
        self.setEditText(f"{value:g}")
        self.blockSignals(False)
        self.refused.emit("")

    def commit(self) -> None:
        text = self.currentText()
        value, reason = parse_learning_rate(text)
        if value is None:
            # The field goes back to the rate in force; the message keeps what was typed.
            self.blockSignals(True)
            self.setEditText(f"{self._value:g}")
            self.blockSignals(False)
            self.refused.emit(self.tr("“{0}” was not applied. {1}; it stays {2}.")
                              .format(text.strip(), reason, f"{self._value:g}"))
            return
        if value != self._value:  # (the rate in force again says nothing new: a message
            self.refused.emit("")  # about a refused value stays true, so it stays)
            self._value = value
            self.committed.emit(value)


# -- data-set previews ----------------------------------------------------------
def _extent(x: np.ndarray, name: str) -> tuple[float, float, float, float]:
    if name == "article_xor":
        return -0.5, 1.5, -0.5, 1.5
    return -6.0, 6.0, -6.0, 6.0


def _value_color(v: float, scale: float) -> QColor:
    t = max(-1.0, min(1.0, v / scale if scale else 0.0))
    lo, hi = (QColor(NEUTRAL), QColor(POSITIVE)) if t >= 0 else (QColor(NEUTRAL), QColor(NEGATIVE))
    a = abs(t)
    return QColor(round(lo.red() + (hi.red() - lo.red()) * a),
                  round(lo.green() + (hi.green() - lo.green()) * a),
                  round(lo.blue() + (hi.blue() - lo.blue()) * a))


@cache  # each preview is drawn once per process
def dataset_icon(name: str) -> QIcon:
    """A small picture of a generator's points, coloured like the views colour them.

    Drawn when first painted or asked for: the window starts with the data-set list
    closed, showing one of them (drawing them all took a noticeable share of start-up).
    """
    return QIcon(_PreviewEngine(name))


class _PreviewEngine(QIconEngine):
    """An icon engine that draws the preview the first time it is needed, then hands every
    request (size, mode such as Disabled) to an ordinary icon of that picture."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def _icon(self) -> QIcon:
        return _preview_icon(self._name)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size.boundedTo(QSize(THUMBNAIL, THUMBNAIL))  # as a THUMBNAIL pixmap's icon

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._icon().pixmap(size, mode, state)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        self._icon().paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def clone(self) -> QIconEngine:
        return _PreviewEngine(self._name)


@cache
def _preview_icon(name: str) -> QIcon:
    info = GENERATORS[name]
    ds = generate(name, min(info.default_points, 300), 0.0, 0)
    pix = QPixmap(THUMBNAIL, THUMBNAIL)
    pix.fill(QColor("#ffffff"))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#b0b0b0"))
    painter.drawRect(QRectF(0.5, 0.5, THUMBNAIL - 1, THUMBNAIL - 1))
    painter.setPen(Qt.PenStyle.NoPen)
    x0, x1, y0, y1 = _extent(ds.x, name)
    radius = 3.0 if len(ds.x) < 10 else 1.3
    scale = float(np.max(np.abs(ds.y))) if info.task == "regression" else 1.0
    for (px, py), y in zip(ds.x, ds.y, strict=True):
        color = (class_color(int(y)) if info.task == "classification"
                 else _value_color(float(y), scale))
        painter.setBrush(QColor(color))
        u = (px - x0) / (x1 - x0) * (THUMBNAIL - 4) + 2
        v = (1 - (py - y0) / (y1 - y0)) * (THUMBNAIL - 4) + 2  # y grows upwards
        painter.drawEllipse(QPointF(u, v), radius, radius)
    painter.end()
    return QIcon(pix)
