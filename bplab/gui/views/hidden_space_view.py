"""The hidden space: the training points as a chosen hidden layer sees them, with the image of a
regular grid of the input plane (ConvNetJS's 2-D demo).

Two coordinates per point: the outputs of two chosen neurons of the layer, or
the layer's first two principal components (whose axes stay still while the
network trains, until Refit).  The arrays come with each snapshot
(``Snapshot.hidden_space``, computed by the worker); the view asks for them
through ``request()`` and only draws.  Watching it while training runs shows
the layers bending the plane until the classes can be cut apart by the
output layer.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bplab.experiment.hidden_space import HiddenSpace
from bplab.experiment.view_requests import HiddenRequest
from bplab.gui.i18n import Retranslatable
from bplab.gui.views.colors import DIVERGING_LUT, class_color, lut_index
from bplab.gui.views.levels import fixed_levels

POINT_SIZE = 6  # px
POINT_OUTLINE = pg.mkPen("w", width=1)
GRID_PEN = pg.mkPen(color=(95, 99, 104, 110), width=1)
EDGE_PEN = pg.mkPen(color=(95, 99, 104, 220), width=1.5)  # the plane's border
PAD = 0.08  # share of the data's span left around it
SHRINK = 0.4  # the range closes in when the data takes less than this share of it


def polylines(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of many polylines (n, samples, 2) as one curve, NaN between the lines."""
    if not len(lines):
        return np.zeros(0), np.zeros(0)
    n, samples, _ = lines.shape
    out = np.full((n, samples + 1, 2), np.nan)
    out[:, :samples] = lines
    flat = out.reshape(-1, 2)
    return flat[:, 0], flat[:, 1]


class HiddenSpaceView(Retranslatable, QWidget):
    requestChanged = Signal()  # the layer or the axes changed: a new picture is wanted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenSpaceView")
        self.layer = QComboBox()
        self.layer.setObjectName("hiddenLayerCombo")
        self.axes = QComboBox()
        self.axes.setObjectName("hiddenAxesCombo")
        self.axes.addItem("", "pca")
        self.axes.addItem("", "neurons")
        self.neuron_x = QComboBox()
        self.neuron_x.setObjectName("hiddenNeuronXCombo")
        self.neuron_y = QComboBox()
        self.neuron_y.setObjectName("hiddenNeuronYCombo")
        self.refit = QPushButton()
        self.refit.setObjectName("hiddenRefitButton")
        self._refits = 0

        # The plot is made when the page is first shown or drawn on (_make_plot): it is a
        # noticeable share of the window's start-up, and most sessions never open this page.
        self._plot_widget: pg.PlotWidget | None = None
        self.note = QLabel()
        self.note.setObjectName("hiddenSpaceNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368; background: white;")
        self.note.hide()

        # Narrow combos (their lists still show whole items): the view fits a small window.
        for combo, chars in ((self.layer, 6), (self.axes, 8), (self.neuron_x, 5),
                             (self.neuron_y, 5)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(self.layer, 1)
        bar.addWidget(self.axes, 1)
        bar.addWidget(self.refit)
        # The two neurons, on a row of their own when they are the axes.
        self.neuron_row = QWidget()
        neurons = QHBoxLayout(self.neuron_row)
        neurons.setContentsMargins(6, 0, 6, 0)
        self._x_label, self._y_label = QLabel(), QLabel()
        neurons.addWidget(self._x_label)
        neurons.addWidget(self.neuron_x, 1)
        neurons.addWidget(self._y_label)
        neurons.addWidget(self.neuron_y, 1)
        lay = self._lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(bar)
        lay.addWidget(self.neuron_row)
        lay.addWidget(self.note, 1)

        self._sizes: list[int] = []
        self._activations: list[str] = []
        self._task = "classification"
        self._labels: np.ndarray | None = None  # the labels the brushes were made for
        self._brushes: list = []
        self._range: tuple[float, float, float, float] | None = None
        self._space: HiddenSpace | None = None
        self.layer.currentIndexChanged.connect(self._on_layer)
        self.axes.currentIndexChanged.connect(self._on_axes)
        self.neuron_x.currentIndexChanged.connect(self._changed)
        self.neuron_y.currentIndexChanged.connect(self._changed)
        self.refit.clicked.connect(self._on_refit)
        self._sync_controls()
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        self._make_plot()
        super().showEvent(event)

    def _make_plot(self) -> pg.PlotItem:
        if self._plot_widget is not None:
            return self._plot
        self._plot_widget = pg.PlotWidget(background="w")
        plot = self._plot = self._plot_widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for side in ("bottom", "left"):
            plot.getAxis(side).setPen("#9aa0a6")
            plot.getAxis(side).setTextPen("#3c4043")
        plot.vb.disableAutoRange()
        self._grid = plot.plot(pen=GRID_PEN, connect="finite")
        self._edges = plot.plot(pen=EDGE_PEN, connect="finite")
        self._points = pg.ScatterPlotItem(size=POINT_SIZE, pen=POINT_OUTLINE, pxMode=True)
        self._points.setZValue(5)
        self._points.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        plot.addItem(self._points)
        self._lay.insertWidget(self._lay.indexOf(self.note), self._plot_widget, 1)
        self._plot_widget.setVisible(self.layer.count() > 0)
        return plot

    def retranslate(self) -> None:
        self.layer.setToolTip(self.tr("The hidden layer whose outputs place the points"))
        self.axes.setItemText(0, self.tr("First two principal components"))
        self.axes.setItemText(1, self.tr("Two neurons"))
        self.axes.setToolTip(self.tr(
            "Principal components: the two directions in which the layer's outputs vary "
            "most. Two neurons: their outputs as they are."))
        self.neuron_x.setToolTip(self.tr("Neuron on the horizontal axis"))
        self.neuron_y.setToolTip(self.tr("Neuron on the vertical axis"))
        self.refit.setText(self.tr("Refit"))
        self.refit.setToolTip(self.tr(
            "The principal axes stay still while the network trains, so that what moves is "
            "the network; this fits them again to the outputs as they are now"))
        self._x_label.setText(self.tr("x:"))
        self._y_label.setText(self.tr("y:"))
        for k in range(self.layer.count()):
            layer = self.layer.itemData(k)
            self.layer.setItemText(k, self._layer_text(layer))
        for combo in (self.neuron_x, self.neuron_y):
            for k in range(combo.count()):
                combo.setItemText(k, self.tr("neuron {0}").format(combo.itemData(k) + 1))
        if len(self._sizes) == 2:
            self._say_no_hidden_layer()
        if self._space is not None:
            self.update_space(self._space)  # the axes' names

    def _layer_text(self, layer: int) -> str:
        return self.tr("Layer {0} · {1} neurons").format(layer, self._sizes[layer])

    def _say_no_hidden_layer(self) -> None:
        self.note.setText(self.tr("This network has no hidden layer: add one in the form "
                                  "to see the data in its space."))

    # -- setup -------------------------------------------------------------------------
    def set_network(self, sizes: list[int], activations: list[str], task: str) -> None:
        """A new network: offer its hidden layers (keeping the choice where it still fits)."""
        self._sizes, self._activations, self._task = list(sizes), list(activations), task
        self._labels, self._range, self._space = None, None, None
        n_hidden = len(sizes) - 2
        old = self.layer.currentData()
        widgets = (self.layer, self.neuron_x, self.neuron_y)
        for w in widgets:
            w.blockSignals(True)
        self.layer.clear()
        for layer in range(1, n_hidden + 1):
            self.layer.addItem(self._layer_text(layer), layer)
        if old is not None and 1 <= old <= n_hidden:
            self.layer.setCurrentIndex(old - 1)
        self._fill_neurons()
        for w in widgets:
            w.blockSignals(False)
        self._sync_controls()
        self._clear_picture()
        if n_hidden == 0:
            self._say_no_hidden_layer()

    def _fill_neurons(self) -> None:
        layer = self.layer.currentData()
        width = self._sizes[layer] if layer is not None else 0
        for combo, default in ((self.neuron_x, 0), (self.neuron_y, 1)):
            old = combo.currentIndex()
            combo.clear()
            for j in range(width):
                combo.addItem(self.tr("neuron {0}").format(j + 1), j)
            combo.setCurrentIndex(old if 0 <= old < width else min(default, width - 1))

    def _sync_controls(self) -> None:
        has_layer = self.layer.count() > 0
        neurons = self.axes.currentData() == "neurons"
        wide = has_layer and self._sizes[self.layer.currentData()] >= 2
        if not wide and neurons:
            neurons = False
        self.axes.setEnabled(wide)
        self.layer.setEnabled(has_layer)
        self.neuron_row.setVisible(neurons)
        self.refit.setVisible(has_layer and not neurons)
        if self._plot_widget is not None:
            self._plot_widget.setVisible(has_layer)
        self.note.setVisible(not has_layer)

    # -- what to compute -------------------------------------------------------------
    def request(self) -> HiddenRequest | None:
        """The hidden space to compute with each frame; None when there is no hidden layer."""
        layer = self.layer.currentData()
        if layer is None:
            return None
        neurons = None
        if self.axes.currentData() == "neurons" and self._sizes[layer] >= 2:
            a, b = self.neuron_x.currentData(), self.neuron_y.currentData()
            if a is None or b is None or a == b:
                return HiddenRequest(layer, None, self._refits)  # two different neurons only
            neurons = (int(a), int(b))
        return HiddenRequest(int(layer), neurons, self._refits)

    def _on_layer(self, _index: int) -> None:
        for w in (self.neuron_x, self.neuron_y):
            w.blockSignals(True)
        self._fill_neurons()
        for w in (self.neuron_x, self.neuron_y):
            w.blockSignals(False)
        self._changed()

    def _on_axes(self, _index: int) -> None:
        self._changed()

    def _on_refit(self) -> None:
        self._refits += 1
        self._range = None
        self.requestChanged.emit()

    def _changed(self) -> None:
        self._sync_controls()
        self._range = None  # other axes: frame the picture afresh
        self.requestChanged.emit()

    # -- drawing ---------------------------------------------------------------------------
    def update_space(self, space: HiddenSpace | None) -> None:
        """Draw a hidden space (from a snapshot); None leaves the picture as it is."""
        if space is None:
            return
        self._make_plot()
        self._space = space
        x_name, y_name = space.axis_names  # h2,1 … (symbols), or PC 1 and PC 2 (words)
        p = space.projection
        if p.neurons is None:
            x_name, y_name = (self.tr("PC {0} ({1}%)").format(k, f"{100 * share:.0f}")
                              for k, share in enumerate(p.explained, start=1))
        self._plot.setLabel("bottom", x_name)
        self._plot.setLabel("left", y_name)
        self._points.setData(x=space.points[:, 0], y=space.points[:, 1],
                             brush=self._brushes_for(space.labels))
        lines = space.grid_lines
        if len(lines):
            self._grid.setData(*polylines(lines))
            half = len(lines) // 2  # the first and last line of each direction: the border
            self._edges.setData(*polylines(lines[[0, half - 1, half, len(lines) - 1]]))
        else:
            self._grid.setData([], [])
            self._edges.setData([], [])
        self._frame(space)

    def _clear_picture(self) -> None:
        if self._plot_widget is None:
            return  # nothing drawn yet
        self._points.setData(x=[], y=[])
        self._grid.setData([], [])
        self._edges.setData([], [])

    def _brushes_for(self, labels: np.ndarray) -> list:
        if self._labels is not None and np.array_equal(labels, self._labels):
            return self._brushes
        if self._task == "regression":
            values = labels.astype(float)
            lo, hi = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
            table = [pg.mkBrush(*DIVERGING_LUT[r, :3].tolist()) for r in range(len(DIVERGING_LUT))]
            brushes = [table[r] for r in lut_index(values, lo, hi).tolist()]
        else:
            table = {}
            brushes = []
            for k in labels.astype(int).tolist():
                if k not in table:
                    table[k] = pg.mkBrush(class_color(k))
                brushes.append(table[k])
        self._labels, self._brushes = labels.copy(), brushes
        return brushes

    def _frame(self, space: HiddenSpace) -> None:
        """Bounded neurons show their whole range; anything else is framed around the data,
        moved only when the data leaves the view or takes a small part of it."""
        p = space.projection
        act = self._activations[p.layer - 1] if 0 < p.layer <= len(self._activations) else ""
        levels = fixed_levels(act) if p.neurons is not None else None
        if levels is not None:
            lo, hi = levels
            pad = (hi - lo) * 0.05
            target = (lo - pad, hi + pad, lo - pad, hi + pad)
        else:
            xy = np.concatenate([space.points, space.grid_lines.reshape(-1, 2)])
            xy = xy[np.isfinite(xy).all(axis=1)]
            if not len(xy):
                return
            lo, hi = xy.min(axis=0), xy.max(axis=0)
            span = np.maximum(hi - lo, 1e-6)
            lo, hi = lo - PAD * span, hi + PAD * span
            target = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
            shown = self._range
            if shown is not None and levels is None:
                inside = (shown[0] <= target[0] and target[1] <= shown[1]
                          and shown[2] <= target[2] and target[3] <= shown[3])
                big = ((target[1] - target[0]) >= SHRINK * (shown[1] - shown[0])
                       and (target[3] - target[2]) >= SHRINK * (shown[3] - shown[2]))
                if inside and big:
                    return
        if target != self._range:
            self._range = target
            self._plot.setRange(xRange=target[:2], yRange=target[2:], padding=0.0)

    # -- access for tests ----------------------------------------------------------------
    def points(self) -> np.ndarray:
        """(n, 2) copy of the points drawn."""
        self._make_plot()
        x, y = self._points.getData()
        return np.column_stack([x, y])

    def space(self) -> HiddenSpace | None:
        return self._space

    def plot_item(self) -> pg.PlotItem:
        return self._make_plot()
