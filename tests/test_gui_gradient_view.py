"""The gradient-flow view: links coloured and sized by the last epoch's mean |∂L/∂w|."""

from __future__ import annotations

import numpy as np
from gui_helpers import make_window, step_and_wait
from PySide6.QtGui import QAction

from bplab.engine.gradient_flow import GradientAccumulator
from bplab.experiment import Architecture, Session, default_experiment
from bplab.gui.views import gradient_flow as gf


def deep_sigmoid():
    exp = default_experiment()
    exp.architecture = Architecture([8] * 10, ["sigmoid"] * 10, "tanh")
    return exp


def engine_magnitudes(exp, epochs: int) -> np.ndarray:
    """The engine's mean |∂L/∂w| over the last epoch's mini-batches, for a twin run."""
    s = Session(exp)
    s.trainer.record()
    acc = GradientAccumulator(s.network)
    acc.attach(s.trainer)
    s.trainer.run_epochs(epochs)
    return np.concatenate([w.ravel() for w in acc.last.weights])


def test_the_gradient_view_shows_the_engines_averaged_gradients(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    action = window.findChild(QAction, "actionGradientView")
    assert action is not None and action.isCheckable()
    action.trigger()
    assert window.network_view.gradient_view
    step_and_wait(qtbot, window)
    step_and_wait(qtbot, window)
    nv = window.network_view
    nv.flush()
    expected = engine_magnitudes(deep_sigmoid(), 2)
    np.testing.assert_array_equal(nv.gradient_magnitudes, expected)
    # log scale: the first layer's links are decades fainter and thinner than the last's
    low, high = gf.log_range(expected)
    assert high - low == gf.DECADES and 10.0 ** (high - 1) <= expected.max() <= 10.0 ** high
    assert nv._gradient_legend.labels() == (gf.power_text(low), gf.power_text(high))
    links = nv._links
    first, last = 0, len(expected) - 1
    assert links.width_of(first) < links.width_of(last)
    assert links.color_of(last).name() != links.color_of(first).name()
    action.trigger()  # back to weights
    nv.flush()
    assert not nv.gradient_view and nv.gradient_magnitudes is None
    assert window.session.trainer.gradient_observer is None
    window.close()


def test_the_worker_carries_the_gradients_while_training(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    window.set_gradient_view(True)
    window.play()
    qtbot.waitUntil(lambda: window.last_snapshot is not None
                    and window.last_snapshot.gradients is not None, timeout=10000)
    window.pause()
    snap = window.last_snapshot
    acc_last = window.controller.watch.accumulator.last
    assert snap.gradients.epoch <= acc_last.epoch
    window.network_view.flush()
    flat = window.network_view.gradient_magnitudes
    assert flat is not None and flat.shape == (sum(w.size for w in snap.weights),)
    np.testing.assert_array_equal(flat, gf.link_magnitudes(snap.gradients))
    window.close()


def test_scale_positions_are_logarithmic():
    mags = np.array([1e-9, 1e-6, 1e-3, 1e-2, 0.0, np.nan])
    low, high = gf.log_range(mags)
    assert (low, high) == (-8, -2)
    np.testing.assert_allclose(gf.scale_position(mags, low, high),
                               [0.0, 2 / 6, 5 / 6, 1.0, 0.0, 0.0])
