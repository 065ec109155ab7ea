"""The mini-batch view in the step-through: each sample's part of one weight's gradient."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bplab.engine.contributions import next_batch_contributions
from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.walkthrough import num
from bplab.gui.inspector import InspectorPanel
from bplab.gui.minibatch_view import MiniBatchView

pytestmark = pytest.mark.gui


def session_of(**training) -> Session:
    exp: Experiment = default_experiment()
    for key, value in training.items():
        setattr(exp.training, key, value)
    session = Session(exp)
    session.trainer.run_epochs(2)
    return session


def open_panel(qtbot, session: Session) -> tuple[InspectorPanel, MiniBatchView]:
    panel = InspectorPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()  # showing explains the next step
    view = panel.findChild(MiniBatchView, "miniBatchView")
    assert view is not None and panel.walkthrough is not None
    return panel, view


def line_index(panel: InspectorPanel, kind: str, param: str, layer: int) -> int:
    for index, line in enumerate(panel.lines()):
        if line.kind == kind and line.param == param and line.layer == layer:
            return index
    raise AssertionError("no such line")


def own_gradients(session: Session, layer: int, j: int, i: int | None) -> np.ndarray:
    """Each sample of the next batch alone through the engine's backward pass."""
    _, x, t = session.trainer.next_batch()
    net, out = session.network, []
    for n in range(len(x)):
        bp = net.backward(net.forward(x[n:n + 1]), t[n:n + 1])  # one sample: mean = sum
        out.append(bp.db[layer - 1][j] if i is None else bp.dW[layer - 1][i, j])
    return np.array(out)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_the_bars_are_the_samples_gradients_and_add_up_to_the_engines(qtbot, reduction):
    session = session_of(reduction=reduction)
    panel, view = open_panel(qtbot, session)
    index = line_index(panel, "gradient", "w", 1)  # a weight of the first layer, clicked
    line = panel.lines()[index]
    panel.select_line(index)
    assert view.parameter() == (1, line.neuron, line.source)
    k, j, i = 0, line.neuron, line.source
    c = next_batch_contributions(session.trainer, 1, j, i)
    bars = view.bar_heights()
    np.testing.assert_array_equal(bars, c.per_sample)  # the engine's per-sample gradients
    np.testing.assert_allclose(bars, own_gradients(session, 1, j, i), rtol=1e-12, atol=1e-17)
    _, x, t = session.trainer.next_batch()
    exact = session.network.backward(session.network.forward(x), t).dW[k][i, j]
    assert view.gradient_line.value() == exact == line.value  # the engine's, bit for bit
    made = math.fsum(bars.tolist()) / (len(bars) if reduction == "mean" else 1)
    assert abs(made - exact) <= 1e-15 * float(np.abs(bars).sum())
    assert num(made) == num(exact)  # as printed
    text = view.text.text()
    assert f"<b>{num(exact)}</b>" in text
    assert ("(1/N)" in text) == (reduction == "mean")
    panel.close()


def test_the_update_is_the_optimizers_change_with_the_penalty(qtbot):
    session = session_of(regularization="l2", regularization_rate=0.01)
    panel, view = open_panel(qtbot, session)
    panel.select_line(line_index(panel, "update", "w", 2))
    layer, j, i = view.parameter()
    c = view.contributions
    assert c is not None and c.penalty_gradient != 0.0 and i is not None
    before = session.network.W[layer - 1][i, j]
    lr, g = session.trainer.optimizer.learning_rate, c.gradient
    assert c.gradient == c.data_gradient + c.penalty_gradient
    text = view.text.text()
    assert f"<b>{num(g)}</b>" in text and num(c.penalty_gradient) in text
    assert panel.apply()  # the optimizer takes the step
    after = session.network.W[layer - 1][i, j]
    assert after - before == c.update and after == c.new_value  # the optimizer's own change
    assert c.update == pytest.approx(-lr * g, rel=1e-12)
    assert f"<b>{num(after - before)}</b>" in text
    panel.close()


def test_a_bias_and_another_optimizer(qtbot):
    session = session_of(optimizer="adam", learning_rate=0.01)
    panel, view = open_panel(qtbot, session)
    panel.select_line(line_index(panel, "gradient", "b", 1))
    layer, j, i = view.parameter()
    assert i is None and view.source_spin.text() == view.tr("bias b")
    c = view.contributions
    np.testing.assert_allclose(view.bar_heights(), own_gradients(session, layer, j, None),
                               rtol=1e-12, atol=1e-17)
    assert c.update_shares is None and "adam" in view.text.text().lower()
    before = session.network.b[layer - 1][j]
    assert panel.apply()
    assert session.network.b[layer - 1][j] - before == c.update
    panel.close()


def test_the_followed_sample_is_marked_and_the_chooser_follows_the_network(qtbot):
    session = session_of()
    panel, view = open_panel(qtbot, session)
    assert view.parameter()[0] == session.network.n_layers  # the output layer's weight first
    panel.sample_spin.setValue(3)
    assert view.sample == 2
    view.layer_spin.setValue(1)
    view.neuron_spin.setValue(view.neuron_spin.maximum())
    assert view.parameter()[1] == session.network.sizes[1] - 1
    assert len(view.bar_heights()) == panel.walkthrough.batch_size
    panel.close()


def test_the_gradient_lines_label_stays_inside_the_chart(qtbot):
    """The label of the batch's gradient goes under its line when the line is at the top
    of the chart (one sample: the line is the top of its bar) and over it when at the
    bottom: never cut off by the chart's edge."""
    session = session_of(batch_size=1)
    panel, view = open_panel(qtbot, session)
    seen = set()
    sizes = session.network.sizes
    for layer in range(1, len(sizes)):
        for j in range(sizes[layer]):
            for i in range(sizes[layer - 1]):
                view.choose(layer, j, i)
                qtbot.wait(5)
                g = view.contributions.data_gradient
                sign = g > 0
                if g == 0 or sign in seen:
                    continue
                seen.add(sign)
                label = view.gradient_line.label
                label.updatePosition()
                vb = view.plot.getPlotItem().getViewBox()
                box, chart = label.sceneBoundingRect(), vb.sceneBoundingRect()
                assert chart.adjusted(-0.5, -0.5, 0.5, 0.5).contains(box), (g, box, chart)
    assert seen == {True, False}  # a line at the top and one at the bottom
    panel.close()


def test_the_chart_is_made_when_the_step_through_is_first_shown(qtbot):
    """The step-through is closed when the window starts, and a plot is a noticeable share
    of the start-up: the chart is made when the view is first shown."""
    import pyqtgraph as pg

    session = session_of()
    panel = InspectorPanel(session)
    qtbot.addWidget(panel)
    view = panel.findChild(MiniBatchView, "miniBatchView")
    assert view.findChild(pg.PlotWidget, "miniBatchPlot") is None
    panel.resize(700, 900)
    panel.show()
    chart = view.findChild(pg.PlotWidget, "miniBatchPlot")
    assert chart is view.plot and chart.isVisible()
    assert len(view.bar_heights()) == session.trainer.next_batch()[1].shape[0]
    layout = view.layout()  # between the chooser and the numbers, as before
    assert layout.indexOf(chart) == 1 and layout.indexOf(view.text) == 2
