"""Per-layer histograms of weights, biases and activations (bplab.experiment.distributions)."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.engine.network import Network
from bplab.experiment import Experiment, Session, default_experiment
from bplab.experiment.distributions import (
    BINS,
    DistributionTracker,
    round_range,
    stable_range,
)
from bplab.experiment.view_requests import ViewRequest, ViewRequests

Array = np.ndarray


def _relu_session(hidden: list[int], epochs: int = 3) -> Session:
    exp = Experiment()
    exp.architecture.hidden = hidden
    exp.architecture.activations = ["relu"] * len(hidden)
    session = Session(exp)
    session.trainer.run_epochs(epochs)
    return session


def _counts(values: Array, edges: Array) -> Array:
    return np.histogram(np.asarray(values, float).ravel(), bins=edges)[0]


def test_the_counts_are_numpy_s_histograms_of_the_network_s_values():
    session = _relu_session([5, 3])
    net, x = session.network, session.trainer.train.x
    dist = DistributionTracker().measure(net, x)
    fp = net.forward(x)
    assert dist.n_points == len(x) and len(dist.layers) == net.n_layers
    for k, layer in enumerate(dist.layers):
        assert layer.layer == k + 1 and layer.activation == net.activation_names[k]
        for part, values in ((layer.weights, net.W[k]), (layer.biases, net.b[k]),
                             (layer.activations, fp.h[k + 1]), (layer.nets, fp.net[k])):
            assert len(part.counts) == BINS and len(part.edges) == BINS + 1
            np.testing.assert_array_equal(part.counts, _counts(values, part.edges))
            assert part.total == np.size(values) and part.nonfinite == 0  # every value binned


def test_a_dead_relu_layer_has_all_its_mass_at_zero():
    session = _relu_session([6, 4], epochs=0)
    session.network.b[0][:] = -1e3  # no training point gets through layer 1
    dist = DistributionTracker().measure(session.network, session.trainer.train.x)
    h = dist.layers[0].activations
    zero_bin = int(np.searchsorted(h.edges, 0.0, side="right")) - 1
    assert h.counts[zero_bin] == h.total == 6 * len(session.trainer.train.x)
    nets = dist.layers[0].nets  # what killed them: net inputs far below 0
    assert nets.range[1] < 0 and nets.total == h.total


def test_the_bins_stay_still_while_the_values_move_a_little():
    session = _relu_session([5], epochs=0)
    tracker = DistributionTracker()
    first = tracker.measure(session.network, session.trainer.train.x)
    session.network.W[0] *= 1.01  # a training step's worth of change
    again = tracker.measure(session.network, session.trainer.train.x)
    for a, b in zip(first.layers, again.layers, strict=True):
        np.testing.assert_array_equal(a.weights.edges, b.weights.edges)
        np.testing.assert_array_equal(a.activations.edges, b.activations.edges)
    # values that leave the range get new bins that hold them
    session.network.W[0] *= 10
    moved = tracker.measure(session.network, session.trainer.train.x).layers[0].weights
    assert moved.total == session.network.W[0].size
    assert moved.range[1] >= session.network.W[0].max()


def test_stable_range_keeps_its_range_then_narrows_and_widens():
    kept = round_range(-1.0, 1.0)
    assert kept[0] <= -1.0 and kept[1] >= 1.0
    assert stable_range(-0.9, 0.95, kept) == kept
    assert stable_range(-0.1, 0.1, kept) != kept  # the values shrank to a sliver of it
    wider = stable_range(-3.0, 1.0, kept)
    assert wider[0] <= -3.0 and wider[1] >= 1.0
    assert round_range(0.0, 2.0)[0] == 0.0  # ReLU outputs: no room below 0
    assert round_range(0.0, 0.0) == (-0.5, 0.5)


def test_bounded_outputs_keep_their_range_and_nan_is_counted_apart():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], "squared_error")
    rng = np.random.default_rng(0)
    net.set_parameters([rng.normal(size=(2, 3)), rng.normal(size=(3, 1))],
                       [np.zeros(3), np.zeros(1)])
    x = rng.normal(size=(40, 2))
    dist = DistributionTracker().measure(net, x)
    assert dist.layers[0].activations.range == (-1.0, 1.0)
    assert dist.layers[1].activations.range == (0.0, 1.0)
    net.W[0][0, 0] = np.nan
    net.b[0][1] = 1e200  # a diverged net: no finite bins span it
    dist = DistributionTracker().measure(net, x)
    assert dist.layers[0].weights.nonfinite == 1 and dist.layers[0].weights.total == 5
    assert dist.layers[0].biases.nonfinite == 1


@pytest.mark.parametrize("asked", [False, True])
def test_the_snapshot_carries_the_distributions_only_when_asked(asked):
    session = Session(default_experiment())
    requests = ViewRequests()
    requests.set(ViewRequest(distributions=asked))
    snap = requests.make_snapshot(session, 0, 0.0)
    if not asked:
        assert snap.distributions is None
        return
    net = session.network
    w = snap.distributions.layers[0].weights
    np.testing.assert_array_equal(w.counts, _counts(net.W[0], w.edges))
    assert not w.counts.flags.writeable  # shared with the GUI thread
    # the bins stay those of the last frame of the same session
    again = requests.make_snapshot(session, 0, 0.0).distributions.layers[0].weights
    np.testing.assert_array_equal(again.edges, w.edges)
