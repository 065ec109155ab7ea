"""The hidden space: the training points and the input grid as a hidden layer sees them."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.data import Dataset
from bplab.experiment import Architecture, DataSpec, Experiment, Session, TrainingSettings
from bplab.experiment.adapt import experiment_for_points, fit_output_to_data


def spiral(standardize: bool = False, hidden: tuple[int, ...] = (6, 5)) -> Session:
    exp = Experiment(
        data=DataSpec(generator="spiral", n_classes=3, n_points=150, noise=0.1,
                      features=["x1", "x2", "x1_x2"], standardize=standardize),
        architecture=Architecture(hidden=list(hidden), activations=["tanh"] * len(hidden)),
        training=TrainingSettings(optimizer="adam", learning_rate=0.02, seed=3),
    )
    fit_output_to_data(exp)
    session = Session(exp)
    session.trainer.run_epochs(4)
    return session


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize(("layer", "neurons"), [(1, (0, 4)), (2, (3, 1))])
def test_the_points_are_the_engines_activations_of_the_chosen_neurons(standardize, layer,
                                                                      neurons):
    session = spiral(standardize)
    space = session.hidden_space(layer, neurons)
    h = session.network.forward(session.trainer.train.x).h[layer]
    np.testing.assert_array_equal(space.points, h[:, list(neurons)])
    np.testing.assert_array_equal(space.labels, session.train_set.y)
    a, b = neurons
    assert space.axis_names == (f"h{layer},{a + 1}", f"h{layer},{b + 1}")


def test_the_input_grid_is_mapped_through_the_layers_below():
    session = spiral(standardize=True)
    space = session.hidden_space(2, (0, 2))
    assert space.grid_lines.shape == space.input_lines.shape == (22, 60, 2)
    lines = space.input_lines
    # 11 lines of constant x1 across the whole plane, then 11 of constant x2
    assert np.all(lines[:11, :, 0] == lines[:11, :1, 0])
    assert np.all(lines[11:, :, 1] == lines[11:, :1, 1])
    assert (lines[..., 0].min(), lines[..., 0].max()) == (-6.0, 6.0)
    # each sample point is the layer's output at that point of the plane
    x = lines[4, 17]
    features = np.array([x[0], x[1], x[0] * x[1]])
    h = (features - session.scaling.mean) / session.scaling.std
    for W, b in zip(session.network.W[:2], session.network.b[:2], strict=True):
        h = np.tanh(h @ W + b)
    np.testing.assert_allclose(space.grid_lines[4, 17], h[[0, 2]], rtol=1e-12)


def test_principal_components_of_the_training_points():
    session = spiral()
    space = session.hidden_space(1)
    h = session.network.forward(session.trainer.train.x).h[1]
    centred = h - h.mean(axis=0)
    # independently: eigenvectors of the covariance, largest eigenvalues first
    values, vectors = np.linalg.eigh(centred.T @ centred)
    order = np.argsort(values)[::-1][:2]
    expected = centred @ vectors[:, order]
    for c in range(2):  # a component's sign is a convention
        sign = np.sign(expected[:, c] @ space.points[:, c])
        np.testing.assert_allclose(space.points[:, c], sign * expected[:, c], atol=1e-10)
    shares = values[order] / values.sum()
    np.testing.assert_allclose(space.projection.explained, shares, rtol=1e-9)
    assert space.axis_names == ("PC 1", "PC 2")
    # the projection of one call is applied to the grid lines of that call
    first = space.grid_lines[0, 0]
    np.testing.assert_allclose(
        first, space.projection.apply(session.network.forward(
            session.inputs(space.input_lines[0, :1])).h[1])[0], rtol=1e-12)


def test_a_kept_projection_keeps_the_axes_still():
    session = spiral()
    first = session.hidden_space(2)
    session.trainer.run_epochs(3)
    kept = session.hidden_space(2, projection=first.projection)
    assert kept.projection is first.projection
    h = session.network.forward(session.trainer.train.x).h[2]
    np.testing.assert_allclose(kept.points, (h - first.projection.origin) @ first.projection.axes,
                               rtol=1e-12)
    with pytest.raises(ValueError, match="layer 2 of 5 neurons, not layer 1"):
        session.hidden_space(1, projection=first.projection)


def test_a_one_neuron_layer_and_data_that_is_not_two_d():
    session = spiral(hidden=(1,))
    space = session.hidden_space(1)
    assert np.all(space.points[:, 1] == 0.0)  # one neuron: one component
    x = np.random.default_rng(1).normal(size=(40, 3))
    exp = experiment_for_points(Experiment(), Dataset(x, (x[:, 0] > 0).astype(np.int64),
                                                      "classification", 2))
    space = Session(exp).hidden_space(2, (0, 1))
    assert space.points.shape == (len(Session(exp).train_set.y), 2)
    assert space.grid_lines.shape == (0, 60, 2)  # no input plane to draw


@pytest.mark.parametrize(("layer", "neurons", "words"), [
    (0, None, "from 1 to 2"), (3, None, "from 1 to 2"), (1, (2, 2), "two different neurons"),
    (2, (0, 5), "from 0 to 4"),
])
def test_bad_choices(layer, neurons, words):
    with pytest.raises(ValueError, match=words):
        spiral().hidden_space(layer, neurons)


def test_no_hidden_layer():
    exp = Experiment(architecture=Architecture(hidden=[], activations=[]))
    with pytest.raises(ValueError, match="no hidden layer"):
        Session(exp).hidden_space(1)
