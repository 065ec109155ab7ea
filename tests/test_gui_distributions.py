"""The distributions page: per-layer histograms of W, b and h, fed only while shown."""

from __future__ import annotations

import numpy as np
from gui_helpers import make_window
from PySide6.QtWidgets import QApplication

from bplab.experiment import Architecture, default_experiment
from bplab.gui.views.distribution_view import DistributionView


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def relu_net():
    exp = default_experiment()
    exp.architecture = Architecture([6, 4], ["relu", "relu"], "tanh")
    return exp


def counts(values, edges):
    return np.histogram(np.asarray(values, float).ravel(), bins=edges)[0]


def test_the_histograms_are_those_of_the_network_and_follow_training(qtbot):
    window = make_window(qtbot, relu_net())
    view = window.findChild(DistributionView, "distributionView")
    assert view is not None and len(view.curves) == 3 * 3  # 3 layers × (W, b, h)
    assert window.controller.requests.request.distributions is False  # not shown: not asked
    assert view.last is None
    window.side_tabs.setCurrentWidget(view)
    settle()
    assert window.controller.requests.request.distributions is True
    window.controller.run_epochs_now(3)
    settle()
    s = window.session
    net = s.network
    h = net.forward(s.trainer.train.x).h
    for k in range(1, net.n_layers + 1):
        for column, values in (("weights", net.W[k - 1]), ("biases", net.b[k - 1]),
                               ("outputs", h[k])):
            edges, drawn = view.shown(k, column)
            np.testing.assert_array_equal(drawn, counts(values, edges))
            assert drawn.sum() == np.size(values)
    # the net inputs instead of the outputs
    view.output_kind.setCurrentIndex(view.output_kind.findData("nets"))
    fp = net.forward(s.trainer.train.x)
    edges, drawn = view.shown(1, "outputs")
    np.testing.assert_array_equal(drawn, counts(fp.net[0], edges))
    window.side_tabs.setCurrentIndex(0)
    settle()
    assert window.controller.requests.request.distributions is False
    before = view.last
    window.controller.run_epochs_now(2)
    settle()
    assert view.last is before  # hidden: no new histograms made or drawn
    window.setWindowModified(False)
    window.close()


def test_a_dead_relu_layer_shows_its_mass_at_zero(qtbot):
    window = make_window(qtbot, relu_net())
    view = window.distribution_view
    window.side_tabs.setCurrentWidget(view)
    window.session.network.b[0][:] = -100.0  # every unit of layer 1 is off on every point
    window.controller.publish()
    settle()
    edges, drawn = view.shown(1, "outputs")
    zero = int(np.searchsorted(edges, 0.0, side="right")) - 1
    n = len(window.session.trainer.train.x)
    assert drawn[zero] == drawn.sum() == 6 * n
    edges, drawn = view.shown(2, "outputs")  # so layer 2 sees only its biases: one value per unit
    assert drawn.sum() == 4 * n
    window.setWindowModified(False)
    window.close()


def test_a_hidden_page_makes_its_histograms_only_when_shown(qtbot):
    """The nine small plots of a 3-layer net are a good share of the window's start-up: a
    page not shown makes none of them until it is shown (or they are asked for)."""
    window = make_window(qtbot, relu_net())
    view = window.distribution_view
    assert not view.isVisible()
    assert len(view.plots.ci.items) == 0  # nothing made yet
    window.side_tabs.setCurrentWidget(view)
    settle()
    assert len(view.plots.ci.items) == 3 * 3
    titles = [view.plot_items[(1, column)].titleLabel.text for column in ("weights", "biases")]
    assert all(titles), titles
    # A new architecture while shown: its rows are made at once.
    view.set_network(["relu", "tanh"])
    assert len(view.plots.ci.items) == 2 * 3
    window.setWindowModified(False)
    window.close()
