"""Saving and loading experiments: exact round trips and seamless continuation."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from bplab.data import parse_csv_text
from bplab.engine import OPTIMIZERS
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    Points,
    Session,
    TrainingSettings,
    default_experiment,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)
from bplab.experiment.io import experiment_to_text


def small(optimizer: str = "sgd", dtype: str = "float64", **training) -> Experiment:
    """A fast experiment whose batches do not divide the training set evenly."""
    return Experiment(
        name="small", description="für Tests — ünïcode",
        data=DataSpec(generator="circle", n_points=46, noise=0.1, seed=3),
        architecture=Architecture(hidden=[3, 2], activations=["tanh", "relu"],
                                  output_activation="tanh"),
        training=TrainingSettings(optimizer=optimizer, learning_rate=0.05, batch_size=7,
                                  shuffle=True, seed=5, dtype=dtype, regularization="l2",
                                  regularization_rate=0.001, **training),
    )


def assert_same_run(a: Session, b: Session) -> None:
    """Bit-for-bit equality of everything that decides the rest of a run."""
    ta, tb = a.trainer, b.trainer
    for x, y in zip(a.network.W + a.network.b, b.network.W + b.network.b, strict=True):
        assert x.dtype == y.dtype
        assert np.array_equal(x, y)
    assert ta.optimizer.t == tb.optimizer.t
    assert set(ta.optimizer.state) == set(tb.optimizer.state)
    for slot in ta.optimizer.state:
        for x, y in zip(ta.optimizer.state[slot], tb.optimizer.state[slot], strict=True):
            assert np.array_equal(x, y)
    assert (ta.epoch, ta.step, ta.position) == (tb.epoch, tb.step, tb.position)
    assert np.array_equal(ta.order, tb.order)
    assert ta.rng.bit_generator.state == tb.rng.bit_generator.state
    assert ta.optimizer.learning_rate == tb.optimizer.learning_rate
    ha, hb = ta.history.as_columns(), tb.history.as_columns()
    for key in ha:
        np.testing.assert_array_equal(np.array(ha[key], float), np.array(hb[key], float))


def reopen(session: Session, tmp_path, name: str = "run.json") -> Session:
    path = tmp_path / name
    save_experiment(session.to_experiment(), path)
    return Session(load_experiment(path))


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_round_trip_is_exact(optimizer, tmp_path):
    s = Session(small(optimizer))
    s.trainer.run_epochs(3)
    s.trainer.run_steps(2)  # stop mid-epoch
    exp = s.to_experiment()
    save_experiment(exp, tmp_path / "e.json")
    back = load_experiment(tmp_path / "e.json")
    # The JSON documents compare every setting and every float exactly.
    assert experiment_to_json(back) == experiment_to_json(exp)
    for x, y in zip(exp.state.weights + exp.state.biases,
                    back.state.weights + back.state.biases, strict=True):
        assert np.array_equal(x, y)
    assert back.state.rng_state == exp.state.rng_state
    assert back.state.optimizer_t == exp.state.optimizer_t > 0
    assert set(back.state.optimizer_state) == set(OPTIMIZERS[optimizer].slots)
    assert back.training == exp.training
    assert back.architecture == exp.architecture
    assert back.name == exp.name and back.description == exp.description
    assert_same_run(s, Session(back))


@pytest.mark.parametrize(("optimizer", "dtype"),
                         [("sgd", "float64"), ("momentum", "float64"), ("adam", "float64"),
                          ("rmsprop", "float32")])
def test_save_load_then_continue_equals_uninterrupted(optimizer, dtype, tmp_path):
    straight = Session(small(optimizer, dtype))
    straight.trainer.run_epochs(5)

    first = Session(small(optimizer, dtype))
    first.trainer.run_epochs(3)
    second = reopen(first, tmp_path)
    second.trainer.run_epochs(2)
    assert_same_run(straight, second)


@pytest.mark.parametrize("optimizer", ["sgd", "nesterov", "adam"])
def test_save_in_the_middle_of_an_epoch(optimizer, tmp_path):
    straight = Session(small(optimizer))
    per_epoch = straight.trainer.steps_per_epoch()
    straight.trainer.run_steps(5 * per_epoch)

    first = Session(small(optimizer))
    first.trainer.run_steps(3 * per_epoch + 2)
    assert first.trainer.position > 0
    second = reopen(first, tmp_path)
    assert second.trainer.position == first.trainer.position
    second.trainer.run_steps(2 * per_epoch - 2)
    assert_same_run(straight, second)
    # and twice in a row, with run_epochs after a mid-epoch stop
    third = Session(small(optimizer))
    third.trainer.run_steps(per_epoch + 3)
    third = reopen(reopen(third, tmp_path, "a.json"), tmp_path, "b.json")
    third.trainer.run_epochs(4)
    assert_same_run(straight, third)


def test_fresh_experiment_round_trip(tmp_path):
    exp = default_experiment()
    save_experiment(exp, tmp_path / "fresh.json")
    back = load_experiment(tmp_path / "fresh.json")
    assert back.state is None
    assert experiment_to_json(back) == experiment_to_json(exp)
    assert back == exp  # dataclass equality: no arrays in a fresh generated experiment


def test_history_nan_is_null_and_comes_back(tmp_path):
    # The article's XOR has no test set, so every test value is NaN.
    exp = Experiment(data=DataSpec(generator="article_xor"),
                     architecture=Architecture([2], ["sigmoid"], "sigmoid"),
                     training=TrainingSettings(batch_size=4, shuffle=False))
    s = Session(exp)
    s.trainer.run_epochs(3)
    save_experiment(s.to_experiment(), tmp_path / "x.json")
    doc = json.loads((tmp_path / "x.json").read_text())
    assert doc["state"]["history"]["test_loss"] == [None, None, None, None]
    assert doc["state"]["history"]["epoch"] == [0, 1, 2, 3]  # 0: the initial weights
    back = load_experiment(tmp_path / "x.json")
    assert all(math.isnan(v) for v in back.state.history.test_accuracy)
    assert back.state.history.train_loss == s.trainer.history.train_loss


def test_text_is_readable_json_without_nan(tmp_path):
    s = Session(small("adam"))
    s.trainer.run_epochs(1)
    text = experiment_to_text(s.to_experiment())
    assert text.startswith('{\n  "format": "bplab-experiment",\n  "version": 3,\n')
    assert "NaN" not in text and "Infinity" not in text
    assert "ünïcode" in text  # written as UTF-8, not \u escapes
    # one line per bias vector
    assert any(line.strip().startswith("[") and line.count(",") == 2 for line in
               text.splitlines())
    assert json.loads(text) == experiment_to_json(s.to_experiment())


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_points_data_round_trip(task, tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 3))
    y = (x[:, 0] > 0).astype(int) if task == "classification" else x.sum(axis=1)
    text = "a,b,c,label\n" + "\n".join(",".join(map(repr, [*r, v])) for r, v in
                                        zip(x.tolist(), y.tolist(), strict=True))
    ds = parse_csv_text(text, task=task)
    mask = np.arange(30) % 3 != 0
    exp = Experiment(
        data=DataSpec(source="points", points=Points(ds.x, ds.y, ds.task, ds.n_classes,
                                                     is_train=mask, columns=["a", "b", "c"])),
        architecture=Architecture([4], ["tanh"],
                                  "tanh" if task == "classification" else "linear"))
    s = Session(exp)
    s.trainer.run_epochs(2)
    save_experiment(s.to_experiment(), tmp_path / "p.json")
    back = load_experiment(tmp_path / "p.json")
    p = back.data.points
    assert np.array_equal(p.x, ds.x) and np.array_equal(p.y, ds.y)
    assert p.y.dtype == ds.y.dtype
    assert np.array_equal(p.is_train, mask) and p.columns == ["a", "b", "c"]
    assert_same_run(s, Session(back))


def test_experiment_from_json_does_not_change_its_input():
    doc = experiment_to_json(small())
    doc["version"] = 0
    doc["training"]["lr"] = doc["training"].pop("learning_rate")
    before = json.dumps(doc, sort_keys=True)
    experiment_from_json(doc, "mem")
    assert json.dumps(doc, sort_keys=True) == before


def _columns_experiment(columns: list[str], features: list[str], d: int = 0) -> Experiment:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(40, d or len(columns)))
    return Experiment(
        data=DataSpec(source="points", features=features,
                      points=Points(x, (x[:, 0] > 0).astype(np.int64), "classification", 2,
                                    columns=columns)),
        architecture=Architecture([3], ["tanh"], "tanh"),
        training=TrainingSettings(batch_size=7, optimizer="momentum", seed=2))


def test_columns_only_data_saves_without_features_and_continues_exactly(tmp_path):
    # Data that is not 2-D feeds its columns; its features are unused and may be empty.
    s = Session(_columns_experiment(["a", "b", "c"], []))
    s.trainer.run_epochs(2)
    s.trainer.run_steps(2)  # in the middle of an epoch
    save_experiment(s.to_experiment(), tmp_path / "abc.json")
    back = load_experiment(tmp_path / "abc.json")
    assert back.data.features == [] and back.data.points.columns == ["a", "b", "c"]
    reopened = Session(back)
    assert_same_run(s, reopened)
    for run in (s, reopened):
        run.trainer.run_epochs(3)
    assert_same_run(s, reopened)


def test_features_are_still_required_where_they_feed_the_network(tmp_path):
    for exp in (_columns_experiment(["a", "b"], []), Experiment(data=DataSpec(features=[]))):
        doc = experiment_to_json(exp)
        with pytest.raises(ValueError, match="no input feature is chosen"):
            experiment_from_json(doc, "mem")


def test_inputs_are_named_by_the_data_columns():
    wide = Session(_columns_experiment(["a", "b", "c"], ["x1", "x2"]))
    assert wide.feature_names == wide.input_names == ["a", "b", "c"]
    assert wide.network.sizes[0] == 3
    plane = Session(_columns_experiment(["age", "body mass"], ["x1", "x1_sq", "x1_x2"]))
    assert plane.feature_names == ["x1", "x1_sq", "x1_x2"]  # what the network computes
    assert plane.input_names == ["age", "age²", "age·(body mass)"]
    unnamed = Session(_columns_experiment([], ["x1"], d=2))
    assert unnamed.input_names == unnamed.feature_names == ["x1"]
    generated = Session(default_experiment())
    assert generated.input_names == generated.feature_names == ["x1", "x2"]
