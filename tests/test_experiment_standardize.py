"""Standardised inputs: statistics from the training split, stored with the state, and used by
the session, by `bplab predict`, and by the weights export."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bplab.cli import main
from bplab.data import feature_matrix
from bplab.data.scaling import fit_scaling
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    ExperimentFileError,
    Points,
    Session,
    TrainingSettings,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)
from bplab.export import weights_arrays

FEATURES = ["x1", "x2", "x1_sq", "sin_x2"]


def circle() -> Experiment:
    return Experiment(
        data=DataSpec(generator="circle", n_points=120, noise=0.1, seed=2, features=FEATURES,
                      standardize=True),
        architecture=Architecture(hidden=[5], activations=["tanh"]),
        training=TrainingSettings(learning_rate=0.05, batch_size=8),
    )


def wide_points() -> Experiment:
    """Three columns on very different scales, the middle one constant."""
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.normal(1000, 200, 60), np.full(60, 7.5), rng.normal(0, 0.01, 60)])
    y = (x[:, 0] > 1000).astype(np.int64)
    return Experiment(
        data=DataSpec(source="points", standardize=True,
                      points=Points(x, y, "classification", 2, columns=["big", "flat", "tiny"])),
        architecture=Architecture(hidden=[4], activations=["relu"]),
    )


def test_statistics_come_from_the_training_inputs():
    session = Session(circle())
    raw = feature_matrix(session.train_set.x, FEATURES)
    np.testing.assert_array_equal(session.scaling.mean, raw.mean(axis=0))
    np.testing.assert_array_equal(session.scaling.std, raw.std(axis=0))
    x = session.trainer.train.x
    np.testing.assert_array_equal(x, (raw - raw.mean(axis=0)) / raw.std(axis=0))
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(x.std(axis=0), 1, atol=1e-12)
    # the test points use the training statistics, not their own
    test_raw = feature_matrix(session.test_set.x, FEATURES)
    np.testing.assert_array_equal(session.trainer.test.x,
                                  (test_raw - raw.mean(axis=0)) / raw.std(axis=0))


def test_a_constant_column_keeps_std_one():
    session = Session(wide_points())
    assert session.scaling.std[1] == 1.0
    assert np.all(session.trainer.train.x[:, 1] == 0.0)
    assert np.all(np.abs(session.trainer.train.x) < 10)  # 1000s and 0.01s alike near 1
    with pytest.raises(ValueError, match="at least one point"):
        fit_scaling(np.zeros((0, 2)))


def test_off_by_default_and_for_old_files():
    exp = Experiment()
    assert not exp.data.standardize
    session = Session(exp)
    assert session.scaling is None
    doc = experiment_to_json(session.to_experiment())
    assert "standardize" not in doc["data"] and "input_mean" not in doc["state"]


def test_statistics_are_saved_with_the_state_and_used_on_loading(tmp_path):
    session = Session(circle())
    session.trainer.run_epochs(3)
    path = tmp_path / "std.json"
    save_experiment(session.to_experiment(), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["data"]["standardize"] is True
    assert doc["state"]["input_mean"] == session.scaling.mean.tolist()
    assert doc["state"]["input_std"] == session.scaling.std.tolist()
    again = Session(load_experiment(path))
    assert again.scaling.same_as(session.scaling)
    # the stored numbers are the ones used, even where they differ from the data's own
    doc["state"]["input_mean"] = [0.5, -0.5, 10.0, 0.0]
    doc["state"]["input_std"] = [2.0, 2.0, 5.0, 1.0]
    path.write_text(json.dumps(doc), encoding="utf-8")
    edited = Session(load_experiment(path))
    np.testing.assert_array_equal(edited.scaling.mean, [0.5, -0.5, 10.0, 0.0])
    raw = feature_matrix(edited.train_set.x, FEATURES)
    np.testing.assert_array_equal(edited.trainer.train.x, (raw - [0.5, -0.5, 10, 0]) / [2, 2, 5, 1])
    # and a state restored later brings its statistics along
    fresh = Session(circle())
    fresh.restore(edited.capture())
    np.testing.assert_array_equal(fresh.trainer.train.x, edited.trainer.train.x)
    assert fresh.trainer.evaluate() == edited.trainer.evaluate()


def test_a_state_without_statistics_computes_them():
    session = Session(circle())
    doc = experiment_to_json(session.to_experiment())
    del doc["state"]["input_mean"], doc["state"]["input_std"]
    assert Session(experiment_from_json(doc)).scaling.same_as(session.scaling)


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["data"].update(standardize=False), "state.input_mean",
     "data.standardize is off"),
    (lambda d: d["state"].pop("input_std"), "state.input_std", "without state.input_std"),
    (lambda d: d["state"]["input_mean"].pop(), "state.input_mean", "expected 4 means"),
    (lambda d: d["state"]["input_std"].__setitem__(2, 0.0), "state.input_std[2]", "above 0"),
    (lambda d: d["data"].update(standardize="yes"), "data.standardize", "true or false"),
])
def test_bad_statistics_in_a_file(change, field, words):
    doc = experiment_to_json(Session(circle()).to_experiment())
    change(doc)
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "s.json")
    assert info.value.field == field and words in str(info.value)


def test_predict_applies_the_stored_statistics(tmp_path, capsys):
    session = Session(wide_points())
    session.trainer.run_epochs(20)
    path = tmp_path / "wide.json"
    save_experiment(session.to_experiment(), path)
    points = np.array([[1200.0, 7.5, 0.02], [800.0, 7.5, -0.01], [1000.0, 3.0, 0.0]])
    csv = tmp_path / "points.csv"
    rows = "".join(f"{a!r},{b!r},{c!r}\n" for a, b, c in points.tolist())
    csv.write_text("big,flat,tiny\n" + rows, encoding="utf-8")
    assert main(["predict", str(path), "--input", str(csv)]) == 0
    rows = capsys.readouterr().out.splitlines()
    # independently: the stored statistics from the file, the weights, a forward pass
    state = json.loads(path.read_text(encoding="utf-8"))["state"]
    h = (points - state["input_mean"]) / np.array(state["input_std"])
    W, b = state["weights"], state["biases"]
    h = np.maximum(h @ np.array(W[0]) + b[0], 0.0)
    score = np.tanh(h @ np.array(W[1]) + b[1])[:, 0]
    assert rows[0] == "class,score"
    for row, s in zip(rows[1:], score, strict=True):
        cls, value = row.split(",")
        assert int(cls) == int(s > 0) and float(value) == pytest.approx(s, rel=1e-12)


def test_the_weights_export_carries_the_statistics():
    session = Session(wide_points())
    arrays = weights_arrays(session)
    np.testing.assert_array_equal(arrays["input_mean"], session.scaling.mean)
    np.testing.assert_array_equal(arrays["input_std"], session.scaling.std)
    assert "input_mean" not in weights_arrays(Session(Experiment()))
