"""Train and test loss per epoch, for runs of any length in bounded memory.

Points live in one NumPy buffer that doubles as it grows; past ``CAP`` points
it is decimated by two (every other point kept) and from then on only every
``stride``-th incoming point is stored, so memory stays bounded however long
a run goes.  The newest point is always drawn, kept or not, so the curve never
lags behind the status bar.  pyqtgraph's peak downsampling and clip-to-view
keep drawing cheap.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from bplab.gui.views.export import export_item

# No grid and thin pens: with 100k points a grid and 2 px lines cost ~8 ms a frame.
TRAIN_PEN = pg.mkPen("#3c4043", width=1.5)
TEST_PEN = pg.mkPen("#d93025", width=1.5)


class LossPlot(QWidget):
    """Loss curves; ``append`` takes each snapshot's new history entries."""

    CAP = 100_000  # most points held per curve, the newest unkept one included
    INITIAL = 1024  # first buffer size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self._plot_widget = pg.PlotWidget(background="w")
        plot = self._plot = self._plot_widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("bottom", "epoch")
        plot.setLabel("left", "loss")
        plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" confuses
        for side in ("bottom", "left"):
            plot.getAxis(side).setPen("#9aa0a6")
            plot.getAxis(side).setTextPen("#3c4043")
        legend = plot.addLegend(offset=(-10, 10), brush=pg.mkBrush(255, 255, 255, 210),
                                pen=pg.mkPen("#bdc1c6"), labelTextColor="#3c4043")
        legend.setLabelTextSize("9pt")
        self._legend = legend
        self._train = plot.plot(pen=TRAIN_PEN, name="Train loss", connect="finite")
        self._test = plot.plot(pen=TEST_PEN, name="Test loss", connect="finite")
        self._test_in_legend = True
        for curve in (self._train, self._test):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        plot.enableAutoRange()

        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setObjectName("logScaleCheck")
        self.log_scale.toggled.connect(self._set_log)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.log_scale)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self._plot_widget, 1)
        lay.addLayout(bar)
        self.clear_history()

    # -- data --------------------------------------------------------------
    @property
    def _keep(self) -> int:
        return self.CAP - 1  # one slot stays free for the newest, unkept point

    def clear_history(self) -> None:
        self._buf = np.empty((3, min(self.INITIAL, self.CAP)))  # epoch, train, test rows
        self._n = 0  # kept points
        self._stride = 1  # keep incoming points whose index is a multiple of this
        self._seen = 0  # points received since the last clear
        self._tail = False  # slot _n holds the newest point, which was not kept
        self._has_test = False  # any finite test loss seen
        self._redraw()

    def set_history(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        """Replace everything, e.g. after opening a file."""
        self.clear_history()
        self.append(epochs, train, test)

    def append(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        cols = np.vstack([np.asarray(a, float).ravel() for a in (epochs, train, test)])
        m = cols.shape[1]
        if m == 0:
            return
        self._has_test = self._has_test or bool(np.isfinite(cols[2]).any())
        self._tail = False  # the old newest point is superseded by these
        pos = 0
        while pos < m:
            first = pos + (-self._seen) % self._stride  # next incoming index to keep
            picks = np.arange(first, m, self._stride)
            room = self._keep - self._n
            if len(picks) > room:
                picks = picks[:room]
            self._ensure(self._n + len(picks) + 1)
            self._buf[:, self._n:self._n + len(picks)] = cols[:, picks]
            self._n += len(picks)
            end = int(picks[-1]) + 1 if len(picks) == room and room else m
            self._seen += end - pos
            pos = end
            if self._n >= self._keep and pos < m:
                self._decimate()
        if self._n >= self._keep:
            self._decimate()  # leave room, so the next append never starts full
        # Every multiple of stride below _seen is stored; is the newest one of them?
        self._tail = (self._seen - 1) % self._stride != 0
        if self._tail:
            self._buf[:, self._n] = cols[:, -1]
        self._redraw()

    def _ensure(self, size: int) -> None:
        if size <= self._buf.shape[1]:
            return
        cap = self._buf.shape[1]
        while cap < size:
            cap *= 2
        cap = min(cap, self.CAP)
        buf = np.empty((3, cap))
        buf[:, :self._n + 1] = self._buf[:, :self._n + 1]
        self._buf = buf

    def _decimate(self) -> None:
        # Kept point r has incoming index r·stride, so the even r are exactly the
        # multiples of 2·stride: stride and stored points stay consistent.
        tail = self._buf[:, self._n].copy() if self._tail else None
        half = math.ceil(self._n / 2)
        self._buf[:, :half] = self._buf[:, :self._n:2]
        self._n = half
        self._stride *= 2
        if tail is not None:
            self._buf[:, self._n] = tail

    def _redraw(self) -> None:
        k = self._n + int(self._tail)
        x, train, test = self._buf[0, :k], self._buf[1, :k], self._buf[2, :k]
        self._train.setData(x, train)
        if self._has_test:
            self._test.setData(x, test)
        else:
            self._test.setData([], [])  # no test set: nothing to draw
        if self._has_test != self._test_in_legend:  # nor to name in the legend
            if self._has_test:
                self._legend.addItem(self._test, "Test loss")
            else:
                self._legend.removeItem(self._test)
            self._test_in_legend = self._has_test

    def _set_log(self, on: bool) -> None:
        self._plot.setLogMode(y=on)
        self._plot.enableAutoRange()

    # -- access ------------------------------------------------------------
    @property
    def stride(self) -> int:
        return self._stride

    def point_count(self) -> int:
        """Points currently drawn per curve (kept ones plus the newest)."""
        return self._n + int(self._tail)

    def buffer_length(self) -> int:
        """Allocated points per curve; never more than CAP."""
        return self._buf.shape[1]

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Copies of the drawn epochs, train and test losses."""
        k = self.point_count()
        return self._buf[0, :k].copy(), self._buf[1, :k].copy(), self._buf[2, :k].copy()

    def is_log(self) -> bool:
        return bool(self._plot.ctrl.logYCheck.isChecked())

    def plot_item(self) -> pg.PlotItem:
        return self._plot

    def curves(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        """The train and test curve items."""
        return self._train, self._test

    def export(self, path: str, fmt: str, scale: float = 2.0) -> None:
        """Save as 'png', 'svg' or 'csv' (epoch,train_loss,test_loss; empty = no value)."""
        if fmt.lower() != "csv":
            export_item(self._plot, path, fmt, scale)
            return
        if not path:
            raise ValueError("export needs a file path")
        epochs, train, test = self.data()
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write("epoch,train_loss,test_loss\n")
            for e, a, b in zip(epochs.tolist(), train.tolist(), test.tolist(), strict=True):
                fh.write(f"{e:g},{_cell(a)},{_cell(b)}\n")


def _cell(v: float) -> str:
    return repr(v) if math.isfinite(v) else ""
