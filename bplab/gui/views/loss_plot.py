"""Train and test loss per point, per epoch, for runs of any length in bounded memory.

The points are the rows of the run's history (``bplab.engine.history``): every
evaluation at first, then for each bucket of epochs its first, lowest and
highest rows, so a spike stays on the curve.  Snapshots bring the rows the plot
lacks with ``replace_from``: the newest bucket's rows change as records arrive,
and a merge of buckets changes all rows after the first ones.

Points live in one NumPy buffer that doubles as it grows; past ``CAP`` points
it is decimated by two (every other point kept) and from then on only every
``stride``-th incoming point is stored, so memory stays bounded however long
a run goes.  The newest point is always drawn, kept or not, so the curve never
lags behind the status bar.  pyqtgraph's peak downsampling and clip-to-view
keep drawing cheap.

While training runs the window appends ~30 times a second, but the curves are
redrawn at most every ``REDRAW_INTERVAL``: points are buffered at once and drawn
by the next redraw (an append after the interval, or a timer), so the curve is
at most about a tenth of a second behind.  ``flush`` draws at once; pictures of
the plot and ``curves`` do that first.

The plot frames its data itself instead of using pyqtgraph's auto-range, and
moves the frame only when the data leaves it: while points keep coming the
epoch axis reaches a quarter past the newest epoch (at rest, and in pictures,
it closes up to the data), the loss axis keeps the margin pyqtgraph's auto-range
would.  Most redraws then
keep the range, so the axes (whose ticks cost more to lay out than the curves
to draw) are not rebuilt ten times a second and do not jitter.  A range that
does move is applied at once with the view's transform; pyqtgraph would do both
during the paint and then paint the plot a second time.  An axis the user zooms
or pans stops following the data until the history is cleared or the log scale
toggled.

Earlier runs can be laid over the current one (``set_overlays``): one colour
per run, its train loss solid and its test loss dashed, its label in the
legend.  Their items are made once and reused; the current run's curves stay
on top, and the log scale and the frame cover them all.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from bplab.gui.i18n import Retranslatable
from bplab.gui.views.export import export_item

# No grid and 1 px pens: with 100k points a grid and 2 px lines cost ~8 ms a frame, and
# even 1.5 px lines are stroked as polygons, several times slower than 1 px ones.
TRAIN_PEN = pg.mkPen("#3c4043", width=1)
TEST_PEN = pg.mkPen("#d93025", width=1)
ARTICLE_PEN = pg.mkPen("#1a73e8", width=1, style=Qt.PenStyle.DashLine)
REDRAW_INTERVAL = 0.1  # s: appends redraw the curves at most this often
# A held-back redraw waits for the next append after REDRAW_INTERVAL (so it shares that
# frame's paint), or for this much longer if none comes, as when training stops.
FALLBACK_DELAY_MS = 50
X_HEADROOM = 0.25  # when the epochs outgrow the x range, it reaches this share further
REST_MS = 400  # no redraw for this long: the x range closes up to the data
Y_SHRINK = 0.5  # the y range is redone when the data spans less than this share of it
MIN_EPOCH_SPAN = 100.0  # the epoch axis spans at least this much (epoch 0-100 before training)
LEGEND_ROW_PX = 24  # height of the legend's row above the plot
LEGEND_COLUMNS = 3  # legend entries per row
# Colours of earlier runs, apart from the current run's grey and red; by run number.
RUN_COLORS = ("#1a73e8", "#188038", "#e37400", "#9334e6", "#12b5cb", "#e52592", "#795548",
              "#827717")
CURRENT_Z = 10  # the current run's curves are drawn over the earlier runs'


def run_color(number: int) -> str:
    return RUN_COLORS[(number - 1) % len(RUN_COLORS)]


@dataclass(frozen=True)
class Overlay:
    """An earlier run's losses to lay over the plot."""

    number: int  # the run number: picks the colour
    label: str  # shown in the legend
    epochs: np.ndarray
    train: np.ndarray
    test: np.ndarray  # NaN where there is no test loss


class LossPlot(Retranslatable, QWidget):
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
        plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" confuses
        for side in ("bottom", "left"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # "epoch (x0.001)" confuses
            plot.getAxis(side).setPen("#9aa0a6")
            plot.getAxis(side).setTextPen("#3c4043")
            # Ticks outside: reaching into the plot, an axis is repainted with every
            # redraw of the curves.
            plot.getAxis(side).setStyle(tickLength=5)
        # The legend sits in a row of its own above the plot, never over the curves
        # (a falling loss would run under a legend in either top corner of a small plot).
        legend = pg.LegendItem(colCount=LEGEND_COLUMNS, labelTextColor="#3c4043",
                               labelTextSize="9pt",
                               horSpacing=16, verSpacing=-4)
        legend.layout.setContentsMargins(2, 0, 2, 0)
        legend.setParentItem(plot)
        plot.legend = legend  # curves given a name join it
        self._legend = legend
        # Named, so they join the legend; the names are set by retranslate().
        self._train = plot.plot(pen=TRAIN_PEN, name="train", connect="finite")
        self._test = plot.plot(pen=TEST_PEN, name="test", connect="finite")
        # The article's printed figure, mean (y − ŷ)² on the training points: off by default.
        self._article = plot.plot(pen=ARTICLE_PEN, connect="finite")
        self._article.setVisible(False)
        plot.layout.setRowFixedHeight(0, LEGEND_ROW_PX)  # the title row, which holds no title
        legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 0))
        # The starting loss is a single point, which a line cannot show: dots until
        # there are two.
        self._dots = False
        self._test_in_legend = True
        for curve in (self._train, self._test, self._article):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            curve.setZValue(CURRENT_Z)
        # Earlier runs: (train, test) items made once and reused, and what they show.
        self._overlay_items: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        self._overlays: list[Overlay] = []
        self._overlay_x: tuple[float, float] | None = None  # their epoch span
        self._overlay_y = np.zeros(0)  # their finite losses, for the loss axis
        plot.disableAutoRange()  # the plot frames the data itself (_follow_data)
        plot.vb.sigRangeChangedManually.connect(self._user_moved_view)
        self._follow = [True, True]  # x, y ranges follow the data (until the user moves them)
        self._shown: list[tuple[float, float] | None] = [None, None]  # x, y ranges set
        self._drawn_at = -math.inf  # perf_counter() of the last redraw
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(REST_MS)
        self._rest_timer.timeout.connect(self._close_up)

        self.log_scale = QCheckBox()
        self.log_scale.setObjectName("logScaleCheck")
        self.log_scale.toggled.connect(self._set_log)
        self.article_mse = QCheckBox()  # its texts: retranslate()
        self.article_mse.setObjectName("articleMseCheck")
        self.article_mse.toggled.connect(self._show_article)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.log_scale)
        bar.addWidget(self.article_mse)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self._plot_widget, 1)
        lay.addLayout(bar)
        self.clear_history()
        self.retranslate()

    def retranslate(self) -> None:
        self._plot.setLabel("bottom", self.tr("epoch"))
        # Per point, so that train and test sets of different sizes compare.
        self._plot.setLabel("left", self.tr("loss per point"))
        self.log_scale.setText(self.tr("Log scale"))
        self.article_mse.setText(self.tr("Article's MSE"))
        self.article_mse.setToolTip(self.article_mse_tip())
        for curve, name in ((self._train, self.tr("Train loss")),
                            (self._test, self.tr("Test loss")),
                            (self._article, self.tr("Article's MSE (train)"))):
            curve.opts["name"] = name  # what the legend shows for it (pyqtgraph reads opts)
            for sample, label in self._legend.items:
                if sample.item is curve:
                    label.setText(name)

    def article_mse_tip(self) -> str:
        """What the article's MSE is (the checkbox's and the status bar figure's tooltip)."""
        return self.tr(
            "Also draw the figure the article's program prints: the mean of (y − ŷ)² over the "
            "training points, measured before each epoch's update (the loss curves show "
            "½(y − ŷ)² per point).")

    # -- data --------------------------------------------------------------
    @property
    def _keep(self) -> int:
        return self.CAP - 1  # one slot stays free for the newest, unkept point

    def clear_history(self) -> None:
        # rows: epoch, train loss, test loss, the article's MSE
        self._buf = np.empty((4, min(self.INITIAL, self.CAP)))
        self._n = 0  # kept points
        self._stride = 1  # keep incoming points whose index is a multiple of this
        self._seen = 0  # points received since the last clear
        self._tail = False  # slot _n holds the newest point, which was not kept
        self._has_test = False  # any finite test loss seen
        self._follow = [True, True]
        self._shown = [None, None]
        self._redraw()
        self._drawn_at = -math.inf  # the first points are drawn at once

    def set_history(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray,
                    article: np.ndarray | None = None) -> None:
        """Replace everything, e.g. after opening a file (drawn at once)."""
        self.clear_history()
        self.append(epochs, train, test, article)
        self.flush()

    def replace_from(self, start: int, epochs: np.ndarray, train: np.ndarray,
                     test: np.ndarray, article: np.ndarray | None = None) -> None:
        """Keep the first ``start`` points received, then these instead of the rest."""
        if start < self._seen:
            # Kept point r is incoming point r·stride: those before `start` stay.
            self._n = -(-max(start, 0) // self._stride)
            self._seen = max(start, 0)
            self._tail = False
            self._has_test = bool(np.isfinite(self._buf[2, :self._n]).any())
            if not len(epochs):
                self._redraw()
                return
        self.append(epochs, train, test, article)

    def append(self, epochs: np.ndarray, train: np.ndarray, test: np.ndarray,
               article: np.ndarray | None = None) -> None:
        """Add points; they are drawn at once or, if the last redraw is recent, soon.

        ``article``: the article's MSE per point (None or NaN: none recorded).
        """
        if article is None:
            article = np.full(len(np.asarray(epochs).ravel()), np.nan)
        cols = np.vstack([np.asarray(a, float).ravel() for a in (epochs, train, test, article)])
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
        wait = self._drawn_at + REDRAW_INTERVAL - time.perf_counter()
        if wait <= 0:
            self._redraw()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(math.ceil(wait * 1000) + FALLBACK_DELAY_MS)

    def flush(self) -> None:
        """Draw points whose redraw was held back, now, in a range closed up to the data."""
        if self._redraw_timer.isActive():
            self._redraw()
        self._close_up()

    # -- earlier runs ---------------------------------------------------------
    def set_overlays(self, overlays: Sequence[Overlay]) -> None:
        """Lay these runs over the current one (an empty list removes them all)."""
        self._overlays = list(overlays)
        while len(self._overlay_items) < len(self._overlays):
            pair = (self._plot.plot(connect="finite"), self._plot.plot(connect="finite"))
            for item in pair:
                item.setDownsampling(auto=True, method="peak")
                item.setClipToView(True)
                self._legend.removeItem(item)  # named below, only while in use
            self._overlay_items.append(pair)
        for item, _ in self._overlay_items:
            self._legend.removeItem(item)
        spans, values = [], []
        for k, (train_item, test_item) in enumerate(self._overlay_items):
            if k >= len(self._overlays):
                for item in (train_item, test_item):
                    item.setData([], [])
                    item.hide()
                continue
            run = self._overlays[k]
            color = run_color(run.number)
            x = np.asarray(run.epochs, float)
            train, test = np.asarray(run.train, float), np.asarray(run.test, float)
            train_item.setPen(pg.mkPen(color, width=1))
            test_item.setPen(pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine))
            train_item.setData(x, train)
            if np.isfinite(test).any():
                test_item.setData(x, test)
            else:  # no test set: nothing to draw
                test_item.setData([], [])
            for item in (train_item, test_item):
                item.show()
            self._legend.addItem(train_item, html.escape(run.label))
            if len(x):
                spans.append((float(x.min()), float(x.max())))
            values.append(np.concatenate([train, test]))
        self._overlay_x = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
        self._overlay_y = np.concatenate(values) if values else np.zeros(0)
        self._fit_legend()
        self._follow = [True, True]
        self._shown = [None, None]
        self._redraw()
        self._close_up()

    def overlays(self) -> list[Overlay]:
        return list(self._overlays)

    def set_current_name(self, name: str | None) -> None:
        """Name the current run's curves in the legend (None: "Train loss", "Test loss")."""
        train = self.tr("Train loss") if name is None else self.tr("{0}: train").format(name)
        test = self.tr("Test loss") if name is None else self.tr("{0}: test").format(
            name.split(" (")[0])
        self._train.opts["name"], self._test.opts["name"] = train, test
        for sample, label in self._legend.items:
            if sample.item is self._train:
                label.setText(html.escape(train))
            elif sample.item is self._test:
                label.setText(html.escape(test))

    def overlay_items(self) -> list[tuple[pg.PlotDataItem, pg.PlotDataItem]]:
        """(train, test) items of the overlays shown, in order."""
        return self._overlay_items[:len(self._overlays)]

    def legend_labels(self) -> list[str]:
        return [label.text for _, label in self._legend.items]

    def _fit_legend(self) -> None:
        rows = max(1, math.ceil(len(self._legend.items) / LEGEND_COLUMNS))
        self._plot.layout.setRowFixedHeight(0, LEGEND_ROW_PX * rows)

    def _ensure(self, size: int) -> None:
        if size <= self._buf.shape[1]:
            return
        cap = self._buf.shape[1]
        while cap < size:
            cap *= 2
        cap = min(cap, self.CAP)
        buf = np.empty((4, cap))
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
        self._redraw_timer.stop()
        self._drawn_at = time.perf_counter()
        k = self._n + int(self._tail)
        x, train, test = self._buf[0, :k], self._buf[1, :k], self._buf[2, :k]
        self._show_dots(k == 1)
        self._train.setData(x, train)
        if self.article_mse.isChecked():
            self._article.setData(x, self._buf[3, :k])
        if self._has_test:
            self._test.setData(x, test)
        else:
            self._test.setData([], [])  # no test set: nothing to draw
        if self._has_test != self._test_in_legend:  # nor to name in the legend
            if self._has_test:
                self._legend.addItem(self._test, html.escape(self._test.name()))
            else:
                self._legend.removeItem(self._test)
            self._test_in_legend = self._has_test
            self._fit_legend()
        self._follow_data(k)

    def _show_dots(self, on: bool) -> None:
        if on == self._dots:
            return
        self._dots = on
        for curve, pen in ((self._train, TRAIN_PEN), (self._test, TEST_PEN),
                           (self._article, ARTICLE_PEN)):
            if on:
                curve.setSymbol("o")
                curve.setSymbolSize(7)
                curve.setSymbolPen(pen)
                curve.setSymbolBrush(pen.color())
            else:
                curve.setSymbol(None)

    def _x_range(self, x0: float, x1: float, headroom: float) -> tuple[float, float]:
        """Epochs x0…x1 framed: at least MIN_EPOCH_SPAN wide, ``headroom`` (a share of the
        span) beyond the newest epoch."""
        span = max(x1 - x0, MIN_EPOCH_SPAN)
        pad = self._padding(0, x0, x0 + span)
        return x0 - pad, max(x1 + max(headroom * (x1 - x0), pad), x0 + span + pad)

    def _epoch_span(self, k: int) -> tuple[float, float] | None:
        """First and last epoch of the first ``k`` points and of the earlier runs shown."""
        spans = [s for s in (self._overlay_x,) if s is not None]
        if k:
            spans.append((float(self._buf[0, 0]), float(self._buf[0, k - 1])))
        if not spans:
            return None
        return min(a for a, _ in spans), max(b for _, b in spans)

    def _follow_data(self, k: int) -> None:
        """Move the view range if the first ``k`` points left it (see the module doc)."""
        span = self._epoch_span(k)
        if span is None:  # nothing yet: an empty epoch axis from 0, as training will fill it
            if self._follow[0] and self._shown[0] is None:
                self._set_range(self._x_range(0.0, 0.0, 0.0), None)
            return
        x_range = y_range = None
        x0, x1 = span
        shown = self._shown[0]
        if self._follow[0] and (shown is None or x0 < shown[0] or x1 > shown[1]):
            x_range = self._x_range(x0, x1, X_HEADROOM)
        if self._follow[1]:
            y_range = self._y_range(k)
        self._set_range(x_range, y_range)
        if self._follow[0]:
            self._rest_timer.start()  # (again): close up once the points stop coming

    def _set_range(self, x_range: tuple[float, float] | None,
                   y_range: tuple[float, float] | None) -> None:
        if x_range is None and y_range is None:
            return
        vb = self._plot.vb
        vb.setRange(xRange=x_range, yRange=y_range, padding=0.0, disableAutoRange=False)
        vb.updateMatrix()  # now: in the paint it would make Qt paint the plot twice
        if x_range is not None:
            self._shown[0] = x_range
        if y_range is not None:
            self._shown[1] = y_range

    def _close_up(self) -> None:
        """Fit the x range to the data, without the headroom kept for new points."""
        self._rest_timer.stop()
        span = self._epoch_span(self.point_count())
        if span is None or not self._follow[0]:
            return
        x_range = self._x_range(*span, 0.0)
        if x_range != self._shown[0]:
            self._set_range(x_range, None)

    def _y_range(self, k: int) -> tuple[float, float] | None:
        """A new loss range (in axis units, log10 on a log scale), or None to keep it."""
        rows = self._buf[1:3, :k] if self._has_test else self._buf[1:2, :k]
        if self.article_mse.isChecked():
            rows = np.vstack([rows, self._buf[3:4, :k]])
        rows = np.concatenate([rows.ravel(), self._overlay_y])
        log = self.is_log()
        with np.errstate(all="ignore"):
            values = np.log10(rows) if log else rows
        values = values[np.isfinite(values)]
        if not len(values):
            return None
        lo, hi = float(values.min()), float(values.max())
        shown = self._shown[1]
        if shown is not None and shown[0] <= lo and hi <= shown[1] and (
                hi - lo >= Y_SHRINK * (shown[1] - shown[0])):
            return None
        pad = self._padding(1, lo, hi)
        return None if (lo - pad, hi + pad) == shown else (lo - pad, hi + pad)

    def _padding(self, axis: int, lo: float, hi: float) -> float:
        """Room around the data, as pyqtgraph's auto-range leaves (a share of the span)."""
        if hi > lo:
            return self._plot.vb.suggestPadding(axis) * (hi - lo)
        return max(abs(hi) * 0.1, 0.5 if axis == 0 else 1e-3)  # one point: some room

    def _user_moved_view(self, mask: object) -> None:
        # The user zoomed or panned: these axes stay where they are put.
        for axis, moved in enumerate(mask if isinstance(mask, (list, tuple)) else (1, 1)):
            if moved:
                self._follow[axis] = False

    def _show_article(self, on: bool) -> None:
        """Show or hide the article's MSE curve, named in the legend while shown."""
        self._article.setVisible(on)
        if on:
            self._legend.addItem(self._article, self.tr("Article's MSE (train)"))
        else:
            self._legend.removeItem(self._article)
            self._article.setData([], [])
        self._shown[1] = None  # the loss range now covers (or no longer covers) it
        self._redraw()

    def article_data(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the drawn epochs and the article's MSE (NaN where none was recorded)."""
        k = self.point_count()
        return self._buf[0, :k].copy(), self._buf[3, :k].copy()

    def _set_log(self, on: bool) -> None:
        self._plot.setLogMode(y=on)
        self._follow = [True, True]
        self._shown = [None, None]
        self._follow_data(self.point_count())

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
        """The train and test curve items, with every point appended so far."""
        self.flush()
        return self._train, self._test

    def export(self, path: str, fmt: str, scale: float = 2.0) -> None:
        """Save as 'png', 'svg' or 'csv' (epoch,train_loss,test_loss; empty = no value)."""
        self.flush()
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
