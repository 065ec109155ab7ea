"""The mini-batch view: how the samples of the next mini-batch make one weight's update.

A bar per sample: that sample's own gradient ``∂Lₙ/∂w = δ_j⁽ⁿ⁾ h_i⁽ⁿ⁾``, the
sample the equations follow in a darker colour.  A line at what they make
together, the engine's ``∂L/∂w`` of the batch: their mean for a ``"mean"``
loss, their sum for a ``"sum"`` loss.  Under the chart the same with
numbers: the sum, the reduction, the regularization's term, the gradient
the optimizer gets, and the update it makes (−η·g for plain gradient
descent), from the old value to the new one.

All numbers come from ``bplab.engine.contributions`` for the step the
trainer takes next; shown values are the engine's values rounded for
printing (full precision on hover).  It is computed on the GUI thread, only
while training is paused (the worker owns the session while it runs).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from bplab.engine import OPTIMIZERS
from bplab.engine.contributions import Contributions, next_batch_contributions
from bplab.experiment import Session
from bplab.experiment.walkthrough import Line, Notation, num, setting, term
from bplab.gui.i18n import Retranslatable
from bplab.gui.names import shown

BAR_COLOR = "#c26401"  # the step-through's colour of the backward pass
FOLLOWED_COLOR = "#7a3f00"  # the sample the equations follow
GRADIENT_COLOR = "#c5221f"  # the step-through's colour of gradients
PLOT_HEIGHT = 140


def update_digits(old: float, change: float) -> int:
    """Significant digits that show ``change`` in ``old + change`` (4 more than the gap)."""
    if change == 0 or not math.isfinite(change) or not math.isfinite(old) or old == 0:
        return 4
    gap = math.log10(abs(old) / abs(change)) if abs(old) > abs(change) else 0.0
    return min(17, max(4, math.ceil(gap) + 4))


class MiniBatchView(Retranslatable, QWidget):
    """Per-sample contributions to one weight's gradient; see the module docstring."""

    def __init__(self, session: Callable[[], Session],
                 is_running: Callable[[], bool] = lambda: False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("miniBatchView")
        self._session = session
        self._is_running = is_running
        self.contributions: Contributions | None = None  # what is drawn
        self.sample = 0  # the sample the equations follow (0-based), drawn darker
        self._chosen = False  # until a weight is chosen, the output layer's first one is shown
        self.title = QLabel()
        self.title.setObjectName("miniBatchTitle")
        # Prefixes and tooltips: retranslate().
        self.layer_spin = self._spin("miniBatchLayer")
        self.neuron_spin = self._spin("miniBatchNeuron")
        self.source_spin = self._spin("miniBatchSource")
        self._drawn: tuple[Contributions, Notation, str] | None = None  # redrawn on a switch
        # The chart is made when the view is first shown or drawn (_make_plot): the
        # step-through is closed at start-up, and a plot is a noticeable share of it.
        self._plot: pg.PlotWidget | None = None
        self.text = QLabel()
        self.text.setObjectName("miniBatchText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        chooser = QHBoxLayout()
        chooser.addWidget(self.title, 1)
        for spin in (self.layer_spin, self.neuron_spin, self.source_spin):
            chooser.addWidget(spin)
        lay = self._lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(chooser)
        lay.addWidget(self.text)
        self.retranslate()

    @property
    def plot(self) -> pg.PlotWidget:
        return self._make_plot()

    @property
    def bars(self) -> pg.BarGraphItem:
        self._make_plot()
        return self._bars

    @property
    def gradient_line(self) -> pg.InfiniteLine:
        self._make_plot()
        return self._gradient_line

    def showEvent(self, event: QShowEvent) -> None:
        self._make_plot()
        super().showEvent(event)

    def _make_plot(self) -> pg.PlotWidget:
        if self._plot is not None:
            return self._plot
        plot = self._plot = pg.PlotWidget(background="w")
        plot.setObjectName("miniBatchPlot")
        plot.setFixedHeight(PLOT_HEIGHT)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.addLine(y=0.0, pen=pg.mkPen("#9aa0a6", width=1))
        self._bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        plot.addItem(self._bars)
        self._gradient_line = pg.InfiniteLine(
            0.0, angle=0, pen=pg.mkPen(GRADIENT_COLOR, width=2, style=Qt.PenStyle.DashLine),
            label="", labelOpts={"position": 0.99, "color": GRADIENT_COLOR, "fill": "#ffffffc0",
                                 # under the line near the top, over it near the bottom
                                 "anchors": [(1, 0), (1, 1)]})
        plot.addItem(self._gradient_line)
        plot.setLabel("bottom", self.tr("sample n of the mini-batch"))
        self._lay.insertWidget(1, plot)
        plot.show()  # now, not queued: made while the view is being shown
        return plot

    def retranslate(self) -> None:
        self.title.setText(self.tr("<b>The mini-batch</b> for one weight:"))
        for spin, prefix, tip in (
                (self.layer_spin, self.tr("layer "),
                 self.tr("The layer of the weight (1 = the first hidden)")),
                (self.neuron_spin, self.tr("into neuron "),
                 self.tr("j: the neuron the weight leads into")),
                (self.source_spin, self.tr("from neuron "),
                 self.tr("i: the neuron it comes from in the layer before; 'bias' for the "
                         "neuron's bias b"))):
            spin.setPrefix(prefix)
            spin.setToolTip(tip)
        self.source_spin.setSpecialValueText(self.tr("bias b"))
        if self._plot is not None:
            self._plot.setLabel("bottom", self.tr("sample n of the mini-batch"))
        if self._drawn is not None:  # the same numbers in the new words (even while running)
            self._draw(*self._drawn)

    def _spin(self, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setMinimum(1)
        spin.valueChanged.connect(lambda _v: self.refresh())
        return spin

    # -- choosing ------------------------------------------------------------------
    def parameter(self) -> tuple[int, int, int | None]:
        """(node layer 1 … L, neuron j, source i or None for the bias), 0-based j and i."""
        source = self.source_spin.value()
        return (self.layer_spin.value(), self.neuron_spin.value() - 1,
                None if source == 0 else source - 1)

    def choose(self, layer: int, neuron: int, source: int | None) -> None:
        """Show the weight W[layer − 1][source, neuron] (the bias b[layer − 1][neuron] if None)."""
        self._set_ranges(layer)
        spins = (self.layer_spin, self.neuron_spin, self.source_spin)
        for spin in spins:
            spin.blockSignals(True)
        self.layer_spin.setValue(layer)
        self.neuron_spin.setValue(neuron + 1)
        self.source_spin.setValue(0 if source is None else source + 1)
        for spin in spins:
            spin.blockSignals(False)
        self.refresh()

    def choose_line(self, line: Line) -> None:
        """Follow a line of the step-through when it is about one weight or bias."""
        if line.param == "w" and line.source >= 0:
            self.choose(line.layer, line.neuron, line.source)
        elif line.param == "b":
            self.choose(line.layer, line.neuron, None)

    def _set_ranges(self, layer: int | None = None) -> None:
        sizes = self._session().network.sizes
        self.layer_spin.setMaximum(len(sizes) - 1)
        if not self._chosen:  # the article's first weight into the output: w₁
            self._chosen = True
            self.layer_spin.setValue(len(sizes) - 1)
        layer = self.layer_spin.value() if layer is None else min(layer, len(sizes) - 1)
        self.neuron_spin.setMaximum(sizes[layer])
        self.source_spin.setRange(0, sizes[layer - 1])

    # -- drawing --------------------------------------------------------------------
    def show_batch(self, sample: int = 0) -> None:
        """The step explained changed (or the sample it follows)."""
        self.sample = sample
        self.refresh()

    def refresh(self) -> None:
        if self._is_running():
            return
        for spin in (self.layer_spin, self.neuron_spin, self.source_spin):
            spin.blockSignals(True)
        self._set_ranges()
        for spin in (self.layer_spin, self.neuron_spin, self.source_spin):
            spin.blockSignals(False)
        session = self._session()
        layer, neuron, source = self.parameter()
        try:
            c = next_batch_contributions(session.trainer, layer, neuron, source)
        except ValueError as exc:
            self.contributions = None
            self._drawn = None
            self.text.setText(html.escape(str(exc)))
            return
        self.contributions = c
        self._drawn = (c, Notation(session.network.sizes), session.trainer.regularization)
        self._draw(*self._drawn)

    def bar_heights(self) -> np.ndarray:
        """The heights drawn, one per sample (each sample's own gradient)."""
        heights = self.bars.opts.get("height")
        return np.asarray(heights if heights is not None else [], float)

    def _draw(self, c: Contributions, nt: Notation, regularization: str) -> None:
        n = c.batch_size
        x = np.arange(1, n + 1, dtype=float)
        brushes = [pg.mkBrush(FOLLOWED_COLOR if k == self.sample else BAR_COLOR)
                   for k in range(n)]
        self.bars.setOpts(x=x, height=c.per_sample, width=0.7, brushes=brushes,
                          pen=pg.mkPen(None))
        self.gradient_line.setValue(c.data_gradient)
        how = self.tr("mean") if c.reduction == "mean" else self.tr("sum")
        self.gradient_line.label.setFormat(
            f"{how} = ∂L/∂{self._symbol(c, nt)} = {num(c.data_gradient)}")
        lo = min(0.0, float(np.min(c.per_sample)), c.data_gradient)
        hi = max(0.0, float(np.max(c.per_sample)), c.data_gradient)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = -1.0, 1.0
        self.plot.setXRange(0.4, n + 0.6, padding=0)
        self.plot.setYRange(lo, hi if hi > lo else lo + 1.0, padding=0.12)
        self.text.setText(self._equations(c, nt, regularization))
        self.text.setToolTip(self.tr(
            "Full precision (the engine's values): ∂L/∂w of the data = {0!r}, penalty's "
            "term = {1!r}, gradient g = {2!r}, old value = {3!r}, new value = {4!r}, "
            "change = {5!r}").format(c.data_gradient, c.penalty_gradient, c.gradient,
                                     c.old_value, c.new_value, c.update))

    @staticmethod
    def _optimizer_name(key: str) -> str:
        """The optimizer as the form names it ("momentum" → Momentum, translated)."""
        optimizer = OPTIMIZERS.get(key)
        return shown(optimizer.label) if optimizer is not None else key

    @staticmethod
    def _symbol(c: Contributions, nt: Notation) -> str:
        if c.source is None:
            return nt.node("b", c.layer, c.neuron)
        return nt.weight(c.layer, c.neuron, c.source)

    def _equations(self, c: Contributions, nt: Notation, regularization: str) -> str:
        """The bars' sum, the reduction, the penalty and the update, with numbers (HTML)."""
        w = self._symbol(c, nt)
        if c.source is None:
            own = f"{nt.node('δ', c.layer, c.neuron)}⁽ⁿ⁾"
        else:
            own = (f"{nt.node('δ', c.layer, c.neuron)}⁽ⁿ⁾ · "
                   f"{nt.out(c.layer - 1, c.source)}⁽ⁿ⁾")
        n = c.batch_size
        total = math.fsum(c.per_sample.tolist())
        e = html.escape
        rows = [self.tr("Each bar: one sample's own gradient ∂Lₙ/∂{0} = {1} (%n sample(s)).",
                        "", n).format(e(w), e(own))]
        if c.reduction == "mean":
            rows.append(self.tr("∂L/∂{0} = (1/N) Σₙ ∂Lₙ/∂{0} = {1} / {2} = <b>{3}</b>"
                                "  (the loss is the mean over the batch)")
                        .format(e(w), e(num(total)), n, e(num(c.data_gradient))))
        else:
            rows.append(self.tr("∂L/∂{0} = Σₙ ∂Lₙ/∂{0} = <b>{1}</b>"
                                "  (the loss is the sum over the batch)")
                        .format(e(w), e(num(c.data_gradient))))
        g, g_symbol = e(num(c.gradient)), e(f"∂L/∂{w}")
        if c.penalty_gradient != 0.0:
            g_symbol = "g"
            rows.append(self.tr("g = ∂L/∂{0} + the {1} penalty's term {2} = <b>{3}</b>")
                        .format(e(w), e(regularization.upper()), e(term(c.penalty_gradient)),
                                g))
        digits = update_digits(c.old_value, c.update)
        if c.update_shares is not None:
            rows.append(self.tr("Update Δ{0} = −η · {1} = −{2} × {3} = <b>{4}</b>")
                        .format(e(w), g_symbol, e(setting(c.learning_rate)), e(term(c.gradient)),
                                e(num(c.update))))
        else:
            rows.append(self.tr("Update by {0} (it mixes {1} = {2} with its own running state): "
                                "Δ{3} = <b>{4}</b>")
                        .format(e(self._optimizer_name(c.optimizer)), g_symbol, g, e(w),
                                e(num(c.update))))
        rows.append(self.tr("{0}: {1} → {2}").format(
            e(w), e(num(c.old_value, digits)), e(num(c.new_value, digits))))
        return "<br>".join(rows)
