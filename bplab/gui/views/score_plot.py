"""Accuracy (or R² for regression) over epochs, under the loss curve.

Fed with each snapshot's history rows, turned into scores by
``bplab.experiment.scores.ScoreCurve``.  Its epoch axis is linked to the loss
plot's, so the two curves line up.  It holds one point per history row: the history
itself is bounded (``bplab.engine.history``), and so is this.  The plot is made
when first shown (it is hidden until the user asks for it; a plot is a noticeable
share of the window's start-up).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bplab.experiment.scores import ScoreCurve
from bplab.gui.i18n import Retranslatable

TRAIN_PEN = pg.mkPen("#3c4043", width=1)  # as the loss plot's curves
TEST_PEN = pg.mkPen("#d93025", width=1)


class ScorePlot(Retranslatable, QWidget):
    """Train and test score per history entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorePlot")
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._plot_widget: pg.PlotWidget | None = None  # made by _make_plot
        self._x_link: pg.PlotItem | None = None
        self._curve: ScoreCurve | None = None
        self._data = np.empty((3, 0))  # epoch, train, test
        self._task = ""

    def _make_plot(self) -> pg.PlotItem:
        if self._plot_widget is not None:
            return self._plot
        self._plot_widget = pg.PlotWidget(background="w")
        plot = self._plot = self._plot_widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for side in ("bottom", "left"):
            plot.getAxis(side).enableAutoSIPrefix(False)
            plot.getAxis(side).setPen("#9aa0a6")
            plot.getAxis(side).setTextPen("#3c4043")
        plot.setMouseEnabled(x=False, y=False)  # the x axis follows the loss plot's
        self._train = plot.plot(pen=TRAIN_PEN, connect="finite")
        self._test = plot.plot(pen=TEST_PEN, connect="finite")
        if self._x_link is not None:
            plot.setXLink(self._x_link)
        self._lay.addWidget(self._plot_widget)
        self._plot_widget.show()  # now, not queued: made while the view is being shown
        self.retranslate()
        return plot

    def retranslate(self) -> None:
        if self._plot_widget is None:
            return  # its texts are written when it is made
        self._plot.setLabel("bottom", self.tr("epoch"))
        if self._task:
            self._plot.setLabel("left", self.tr("R²") if self._task == "regression"
                                else self.tr("accuracy"))

    def link_x(self, plot: pg.PlotItem) -> None:
        """Follow the epoch range of ``plot`` (the loss plot)."""
        self._x_link = plot
        if self._plot_widget is not None:
            self._plot.setXLink(plot)

    def set_curve(self, curve: ScoreCurve) -> None:
        """A new session: its way of scoring; the points so far are dropped."""
        self._curve = curve
        self._data = np.empty((3, 0))
        if curve.task != self._task:
            self._task = curve.task
            self.retranslate()
        self._redraw()

    def replace_from(self, start: int, history: dict[str, np.ndarray]) -> None:
        """Keep the first ``start`` rows received, then these rows instead of the rest.

        The protocol of ``Snapshot.history_start``: rows of the newest history bucket
        may change, so a snapshot resends them.
        """
        if self._curve is None:
            return
        self._data = self._data[:, :max(0, start)]
        if len(history.get("epoch", ())):
            train, test = self._curve.scores(history)
            new = np.vstack([np.asarray(history["epoch"], float), train, test])
            self._data = np.hstack([self._data, new])
        if self.isVisible():
            self._redraw()

    def showEvent(self, event) -> None:
        self._make_plot()
        super().showEvent(event)
        self._redraw()

    def _redraw(self) -> None:
        if self._plot_widget is None:
            return  # drawn when shown
        epochs, train, test = self._data
        self._train.setData(epochs, train)
        if np.isfinite(test).any():
            self._test.setData(epochs, test)
        else:
            self._test.setData([], [])
        # Accuracy spans 0 to 1; R² is at most 1 and, for a network worse than the
        # mean, below 0 without bound: the view stops at −1.
        low = 0.0
        if self._task == "regression":
            finite = self._data[1:][np.isfinite(self._data[1:])]
            low = max(-1.0, float(finite.min())) if len(finite) else 0.0
            low = min(low, 0.0)
        self._plot.setYRange(low, 1.0, padding=0.02)

    # -- access ------------------------------------------------------------------------
    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Copies of the epochs and the train and test scores held."""
        return self._data[0].copy(), self._data[1].copy(), self._data[2].copy()

    def plot_item(self) -> pg.PlotItem:
        return self._make_plot()
