"""The layer panel: per layer over epochs, gradient norm, mean |δ| and inactive share."""

from __future__ import annotations

import numpy as np
from gui_helpers import make_window, step_and_wait

from bplab.engine.layer_stats import layer_stats
from bplab.experiment import Architecture, Session, default_experiment
from bplab.gui.views.layer_stats_plot import LayerStatsPlot


def deep_sigmoid():
    exp = default_experiment()
    exp.architecture = Architecture([8] * 10, ["sigmoid"] * 10, "tanh")
    return exp


def test_the_layer_panel_plots_the_engines_statistics_per_layer(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    plot = window.findChild(LayerStatsPlot, "layerStatsPlot")
    assert plot is not None and len(plot.curves) == 11
    # a net this size has its idle picture made by the worker: wait for it
    qtbot.waitUntil(lambda: bool(plot.epochs))
    for _ in range(3):
        step_and_wait(qtbot, window)
    twin = Session(deep_sigmoid())
    twin.trainer.record()
    twin.trainer.run_epochs(3)
    want = layer_stats(twin.network, twin.trainer.train.x, twin.trainer.train.t)
    assert plot.epochs[0] == 0 and plot.epochs[-1] == 3
    _, first = plot.series(1)
    _, last = plot.series(11)
    assert first[-1] == want[0].gradient_norm and last[-1] == want[-1].gradient_norm
    # a 10-layer sigmoid net: the first layer's gradient orders of magnitude below the last's
    assert first[-1] < 1e-4 * last[-1]
    assert plot.plot.getPlotItem().ctrl.logYCheck.isChecked()  # log scale
    plot.quantity.setCurrentIndex(plot.quantity.findData("inactive_share"))
    _, share = plot.series(1)
    assert share[-1] == want[0].inactive_share
    assert not plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    window.reset()  # a new run: the curves start again
    qtbot.waitUntil(lambda: plot.epochs == [0])
    window.close()


def test_a_repeated_or_earlier_epoch_replaces_the_later_points(qtbot):
    plot = LayerStatsPlot()
    qtbot.addWidget(plot)
    s = Session(default_experiment())
    stats = tuple(layer_stats(s.network, s.trainer.train.x, s.trainer.train.t))
    plot.clear(len(stats))
    for epoch in (0, 1, 2, 2, 1):
        plot.add(epoch, stats)
    assert plot.epochs == [0, 1]
    plot.add(5, stats[:-1])  # another architecture: ignored
    assert plot.epochs == [0, 1]
    x, _ = plot.series(1)
    np.testing.assert_array_equal(x, [0, 1])


def test_the_plot_is_made_when_the_page_is_first_shown_with_what_came_before(qtbot):
    """A plot with its legend and curves is a noticeable share of the window's start-up: a
    page not shown has none; measurements that came before are drawn when it is made."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    window = make_window(qtbot)
    panel = window.layer_stats_plot
    assert panel.findChild(pg.PlotWidget) is None  # not shown: no plot yet
    window.controller.run_epochs_now(2)
    qtbot.waitUntil(lambda: len(panel.epochs) >= 2)  # measured while hidden
    assert panel.findChild(pg.PlotWidget) is None
    window.side_tabs.setCurrentWidget(panel)
    assert panel.findChild(pg.PlotWidget) is panel.plot and panel.plot.isVisible()
    QApplication.processEvents()
    assert len(panel.curves) == len(window.session.network.sizes) - 1
    for k, curve in enumerate(panel.curves, start=1):
        x, y = curve.xData, curve.yData  # (getData gives them on the log axis)
        want_x, want_y = panel.series(k)
        assert len(x) >= 2
        np.testing.assert_array_equal(x, want_x)
        np.testing.assert_array_equal(y, want_y)
    window.setWindowModified(False)
    window.close()
