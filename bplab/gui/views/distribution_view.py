"""Per-layer histograms of the weights, biases and activations, as TensorBoard's distributions.

One row per layer, one small histogram per quantity: the entries of ``W``,
of ``b``, and the outputs ``h`` (or net inputs ``net``) of the layer's
neurons over the training points.  The worker computes them
(``bplab.experiment.distributions``) only while this page is shown; their
bins stay still between frames, so the x axes change only when the values
leave them.  Items are made once per architecture and fed with setData; a
hidden page makes them when first shown or asked for (nine small plots per
three layers take a good share of the window's start-up).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from bplab.experiment.distributions import Distribution, Distributions
from bplab.gui.i18n import Retranslatable
from bplab.gui.names import shown_key

COLUMNS = ("weights", "biases", "outputs")
COLORS = {"weights": "#1a73e8", "biases": "#8430ce", "outputs": "#e8710a"}
ROW_HEIGHT = 110  # px per layer; deeper nets scroll


class DistributionView(Retranslatable, QWidget):
    """Histograms of W, b and h per layer; see the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("distributionView")
        self.output_kind = QComboBox()
        self.output_kind.setObjectName("distributionOutputKind")
        self.output_kind.addItem("", "activations")  # item texts: retranslate()
        self.output_kind.addItem("", "nets")
        self.output_kind.currentIndexChanged.connect(self._on_kind_changed)
        self.note = QLabel()
        self.note.setObjectName("distributionNote")
        self.note.setStyleSheet("color: #5f6368;")
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.plots)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.column_label = QLabel()
        self.column_label.setObjectName("distributionColumnLabel")
        top = QHBoxLayout()
        top.addWidget(self.column_label)
        top.addWidget(self.output_kind)
        top.addStretch(1)
        top.addWidget(self.note)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.scroll, 1)
        self._curves: dict[tuple[int, str], pg.PlotDataItem] = {}  # (layer, column) → bars
        self._plot_items: dict[tuple[int, str], pg.PlotItem] = {}
        self._rows_pending = False  # set_network's rows are still to be made
        self._ranges: dict[tuple[int, str], tuple[float, float]] = {}  # x range shown
        self._activations: list[str] = []
        self.last: Distributions | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.output_kind.setItemText(0, self.tr("outputs h"))
        self.output_kind.setItemText(1, self.tr("net inputs net"))
        self.output_kind.setToolTip(self.tr(
            "What the third column shows for each layer's neurons over the training points"))
        self.column_label.setText(self.tr("Third column:"))
        self._label_plots()
        if self.last is not None:  # the note and the histograms' tooltips
            self.update_distributions(self.last)

    @property
    def curves(self) -> dict[tuple[int, str], pg.PlotDataItem]:
        self._make_rows()
        return self._curves

    @property
    def plot_items(self) -> dict[tuple[int, str], pg.PlotItem]:
        self._make_rows()
        return self._plot_items

    def showEvent(self, event: QShowEvent) -> None:
        self._make_rows()
        super().showEvent(event)

    # -- the window's side ----------------------------------------------------------------
    def set_network(self, activation_names: list[str]) -> None:
        """A new architecture (one activation per layer): one row of empty histograms per
        layer, made now if the page is shown, else when it is first shown or asked for."""
        self.plots.clear()
        self._curves.clear()
        self._plot_items.clear()
        self._ranges.clear()
        self._activations = list(activation_names)
        self.last = None
        self.note.clear()
        self._rows_pending = True
        if self.isVisible():
            self._make_rows()

    def _make_rows(self) -> None:
        if not self._rows_pending:
            return
        self._rows_pending = False
        n = len(self._activations)
        for k in range(1, n + 1):
            for col, column in enumerate(COLUMNS):
                plot = self.plots.addPlot(row=k - 1, col=col)
                plot.setMenuEnabled(False)
                plot.setMouseEnabled(x=False, y=False)
                plot.hideButtons()
                for axis in ("left", "bottom"):
                    plot.getAxis(axis).setStyle(tickFont=_small_font())
                plot.getAxis("left").setWidth(34)
                plot.addItem(pg.InfiniteLine(0.0, angle=90, pen=pg.mkPen("#bdc1c6", width=1)))
                color = pg.mkColor(COLORS[column])
                fill = pg.mkColor(COLORS[column])
                fill.setAlpha(110)
                curve = plot.plot([0.0, 1.0], [0.0], stepMode="center", fillLevel=0,
                                  pen=pg.mkPen(color, width=1.2), brush=pg.mkBrush(fill))
                plot.enableAutoRange(x=False, y=True)
                self._curves[(k, column)] = curve
                self._plot_items[(k, column)] = plot
        self.plots.setMinimumHeight(ROW_HEIGHT * max(1, n))
        self._label_plots()

    def _label_plots(self) -> None:
        """The columns' titles over the first row and each row's layer at its left."""
        titles = {"weights": self.tr("weights w"), "biases": self.tr("biases b"),
                  "outputs": self._output_title()}
        n = len(self._activations)
        for (k, column), plot in self._plot_items.items():  # (rows not made yet: none)
            if k == 1:
                plot.setTitle(titles[column], size="9pt")
            if column == COLUMNS[0]:
                name = (self.tr("output layer") if k == n
                        else self.tr("hidden layer {0}").format(k))
                plot.setLabel("left", f"{name} · {shown_key(self._activations[k - 1])}",
                              **{"font-size": "8pt"})

    def clear(self) -> None:
        self.set_network(self._activations)

    def update_distributions(self, dist: Distributions) -> None:
        """Draw one frame's histograms (from the snapshot)."""
        if len(dist.layers) != len(self._activations):
            return  # an older architecture's frame still in flight
        self.last = dist
        kind = str(self.output_kind.currentData())
        for layer in dist.layers:
            parts = {"weights": layer.weights, "biases": layer.biases,
                     "outputs": getattr(layer, kind)}
            for column, part in parts.items():
                self._draw(layer.layer, column, part)
        self.note.setText(self.tr("%n training point(s)", "", dist.n_points))

    def shown(self, layer: int, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(edges, counts) drawn for node layer ``layer`` (1 … L) and a column of COLUMNS."""
        x, y = self.curves[(layer, column)].getData()
        return np.asarray(x), np.asarray(y)

    # -- drawing ---------------------------------------------------------------------------
    def _draw(self, layer: int, column: str, part: Distribution) -> None:
        self.curves[(layer, column)].setData(part.edges, part.counts.astype(float))
        value_range = part.range
        if self._ranges.get((layer, column)) != value_range:  # only when the bins change
            self._ranges[(layer, column)] = value_range
            self.plot_items[(layer, column)].setXRange(*value_range, padding=0.02)
        tip = self.tr("%n value(s); {0} not finite", "", part.total).format(part.nonfinite) \
            if part.nonfinite else self.tr("%n value(s)", "", part.total)
        self.plot_items[(layer, column)].setToolTip(tip)

    def _output_title(self) -> str:
        return (self.tr("outputs h") if self.output_kind.currentData() == "activations"
                else self.tr("net inputs net"))

    def _on_kind_changed(self, _index: int) -> None:
        self._label_plots()
        self._ranges = {key: r for key, r in self._ranges.items() if key[1] != "outputs"}
        if self.last is not None:
            self.update_distributions(self.last)


def _small_font() -> QFont:
    font = QFont()
    font.setPointSize(7)
    return font

