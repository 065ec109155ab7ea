"""Per-layer statistics over epochs: gradient norm, mean |δ|, share of saturated or dead units.

The worker measures ``bplab.engine.layer_stats`` on the whole training set
a few times a second (``bplab.experiment.run_watch``); each measurement is
one point per layer here.  The first two quantities span many powers of
ten in a deep net, so their axis is logarithmic; the share is 0 … 1 on a
linear axis.  Items are made once per architecture and fed with setData.
The plot itself is made when the page is first shown or asked for: the
measurements arriving before are kept and drawn then (a plot with its legend
and curves is a noticeable share of the window's start-up).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bplab.engine.layer_stats import LayerStats
from bplab.gui.i18n import Retranslatable

QUANTITIES = ("gradient_norm", "mean_abs_delta", "inactive_share")
LOG_SCALE = {"gradient_norm": True, "mean_abs_delta": True, "inactive_share": False}


def layer_pen(layer: int, n_layers: int) -> pg.QtGui.QPen:
    """First layers violet, last ones yellow (viridis), so depth reads as colour."""
    cmap = pg.colormap.get("viridis")
    color = cmap.map(0.0 if n_layers <= 1 else (layer - 1) / (n_layers - 1), mode="qcolor")
    return pg.mkPen(color, width=1.6)


class LayerStatsPlot(Retranslatable, QWidget):
    """One curve per layer of the chosen quantity over epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerStatsPlot")
        self.quantity = QComboBox()
        self.quantity.setObjectName("layerStatsQuantity")
        for key in QUANTITIES:
            self.quantity.addItem("", key)
        self.quantity.currentIndexChanged.connect(self._redraw)
        # Long item texts must not widen the right-hand side (small windows keep the network).
        self.quantity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.quantity.setMinimumContentsLength(12)
        self._plot: pg.PlotWidget | None = None  # made by _make_plot
        top = QHBoxLayout()
        self._per_layer = QLabel()
        top.addWidget(self._per_layer)
        top.addWidget(self.quantity, 1)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(4, 4, 4, 4)
        self._lay.addLayout(top)
        self.epochs: list[int] = []
        self.values: dict[str, list[list[float]]] = {q: [] for q in QUANTITIES}  # [point][layer]
        self._curves: list[pg.PlotDataItem] = []
        self._n_layers = 0
        self.retranslate()

    @property
    def plot(self) -> pg.PlotWidget:
        return self._make_plot()

    @property
    def curves(self) -> list[pg.PlotDataItem]:
        """One per weight layer (the plot is made if it was not yet)."""
        self._make_plot()
        return self._curves

    def showEvent(self, event: QShowEvent) -> None:
        self._make_plot()
        super().showEvent(event)

    def _make_plot(self) -> pg.PlotWidget:
        if self._plot is None:
            self._plot = pg.PlotWidget(background="w")
            self._plot.addLegend(offset=(-10, 10), labelTextSize="8pt")
            self._lay.addWidget(self._plot, 1)
            self._plot.show()  # now, not queued: made while the page is being shown
            self._plot.setLabel("bottom", self.tr("epoch"))
            self._make_curves()
            self._redraw()
        return self._plot

    def _make_curves(self) -> None:
        assert self._plot is not None
        self._curves = [self._plot.plot([], [], pen=layer_pen(k, self._n_layers),
                                        name=self.tr("layer {0}").format(k))
                        for k in range(1, self._n_layers + 1)]

    def retranslate(self) -> None:
        for k, text in enumerate((self.tr("Gradient norm ‖∂L/∂W‖ (log scale)"),
                                  self.tr("Mean |δ| (log scale)"),
                                  self.tr("Share of saturated or dead neurons"))):
            self.quantity.setItemText(k, text)
        self._per_layer.setText(self.tr("Per layer:"))
        if self._plot is None:
            return  # its texts are written when it is made
        self._plot.setLabel("bottom", self.tr("epoch"))
        legend = self._plot.getPlotItem().legend
        for k, curve in enumerate(self._curves, start=1):
            curve.opts["name"] = self.tr("layer {0}").format(k)
            if legend is not None:
                legend.removeItem(curve)
                legend.addItem(curve, curve.opts["name"])

    def clear(self, n_layers: int = 0) -> None:
        """A new run (of ``n_layers`` weight layers): no points; one curve per layer."""
        self.epochs = []
        self.values = {q: [] for q in QUANTITIES}
        self._n_layers = n_layers
        if self._plot is None:
            return  # the curves are made with the plot
        for curve in self._curves:
            self._plot.removeItem(curve)
        self._make_curves()
        self._redraw()

    def add(self, epoch: int, stats: tuple[LayerStats, ...]) -> None:
        """One measurement; a repeat of the last epoch replaces it."""
        if len(stats) != self._n_layers:
            return  # an older architecture's measurement still in flight
        if self.epochs and epoch <= self.epochs[-1]:
            while self.epochs and epoch <= self.epochs[-1]:  # replaced or rewound
                self.epochs.pop()
                for q in QUANTITIES:
                    self.values[q].pop()
        self.epochs.append(epoch)
        for q in QUANTITIES:
            self.values[q].append([float(getattr(s, q)) for s in stats])
        self._redraw()

    def current_quantity(self) -> str:
        return str(self.quantity.currentData())

    def series(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, values) of the shown quantity for node layer ``layer`` (1 … L)."""
        q = self.current_quantity()
        ys = np.array([row[layer - 1] for row in self.values[q]], float)
        return np.array(self.epochs, float), ys

    def _redraw(self) -> None:
        if self._plot is None:
            return  # drawn when the plot is made
        q = self.current_quantity()
        log = LOG_SCALE.get(q, False)
        self._plot.setLogMode(x=False, y=log)
        for k, curve in enumerate(self._curves, start=1):
            x, y = self.series(k)
            if log:  # zeros have no logarithm: leave them out
                keep = y > 0
                x, y = x[keep], y[keep]
            curve.setData(x, y)
