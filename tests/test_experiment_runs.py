"""Runs without Qt: labels, bounded summaries, Restart, restoring, and runs in files."""

from __future__ import annotations

import copy
import csv
import json
import math

import numpy as np
import pytest

from bplab.experiment import (
    Experiment,
    ExperimentFileError,
    Session,
    default_experiment,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)
from bplab.experiment.io import VERSION
from bplab.experiment.model import StopRules
from bplab.experiment.run_labels import describe_change, describe_run
from bplab.experiment.runs import (
    MAX_RUN_POINTS,
    MAX_RUNS,
    bounded_history,
    experiment_from_run,
    finish_current,
    restart_experiment,
    restore_run,
    start_run,
    with_current_run,
)
from bplab.export.runs_csv import runs_csv


def small() -> Experiment:
    exp = default_experiment()
    exp.data.n_points = 80
    return exp


def trained(exp: Experiment, epochs: int) -> Experiment:
    session = Session(exp)
    session.trainer.run_epochs(epochs)
    return session.to_experiment()


# -- labels ---------------------------------------------------------------------------
def test_a_label_names_what_differs_from_the_run_before():
    a = small()
    b = copy.deepcopy(a)
    b.training.learning_rate = 0.3
    assert describe_change(a, b) == "lr 0.3"
    c = copy.deepcopy(a)
    c.architecture.hidden, c.architecture.activations = [8, 8], ["relu", "relu"]
    assert describe_change(a, c) == "[8, 8] relu"
    d = copy.deepcopy(a)
    d.training.seed = 4
    assert describe_change(a, d) == "seed 4"
    e = copy.deepcopy(a)
    e.data.seed, e.data.noise = 7, 0.1
    assert describe_change(a, e) == "noise 10%, data seed 7"
    assert describe_change(a, copy.deepcopy(a)) == "same settings"
    f = copy.deepcopy(c)
    f.training.learning_rate, f.training.batch_size, f.training.seed = 0.1, 30, 2
    assert describe_change(a, f) == "[8, 8] relu, lr 0.1, batch 30 +1 more"
    assert describe_change(None, a) == describe_run(a) == "[4, 2] tanh, lr 0.03"


# -- summaries ------------------------------------------------------------------------
def test_a_run_s_history_is_bounded_and_keeps_its_ends():
    n = 10_007
    cols = {"epoch": list(range(n)), "train_loss": list(np.linspace(1, 0, n)),
            "test_loss": [math.nan] * n, "train_accuracy": [0.5] * n,
            "test_accuracy": [math.nan] * n}
    out = bounded_history(cols)
    assert len(out["epoch"]) == MAX_RUN_POINTS
    assert out["epoch"][0] == 0 and out["epoch"][-1] == n - 1
    assert out["train_loss"][-1] == 0.0 and math.isnan(out["test_loss"][3])
    assert bounded_history({k: v[:10] for k, v in cols.items()})["epoch"] == list(range(10))


def test_a_trained_experiment_lists_its_run():
    exp = trained(small(), 12)
    (run,) = exp.runs
    assert run.current and run.number == 1 and run.epochs == 12
    assert run.label == "[4, 2] tanh, lr 0.03"
    assert run.history["epoch"] == list(range(0, 13))  # epoch 0: the initial weights
    assert run.final["train_loss"] == exp.state.history.train_loss[-1]
    assert run.weights is None  # the state holds them
    assert with_current_run(Session(small()).to_experiment()) == []  # untrained: no run yet


def test_finishing_keeps_weights_of_small_nets_and_drops_untrained_runs(monkeypatch):
    exp = trained(small(), 5)
    runs = finish_current(exp)
    assert not runs[0].current
    np.testing.assert_array_equal(runs[0].weights[0], exp.state.weights[0])
    monkeypatch.setattr("bplab.experiment.runs.MAX_RUN_WEIGHTS", 10)
    assert finish_current(exp)[0].weights is None  # too many parameters to keep
    fresh = Session(small()).to_experiment()
    start_run(fresh.runs, fresh)
    assert finish_current(fresh) == []  # nothing trained, nothing to compare


def test_a_run_whose_weights_became_nan_is_kept_without_them(tmp_path):
    exp = trained(small(), 4)
    exp.state.weights[1][0, 0] = math.nan  # a run that diverged within an epoch
    exp.runs = finish_current(exp)
    assert exp.runs[0].weights is None and exp.runs[0].epochs == 4
    exp.state = None
    save_experiment(exp, tmp_path / "after.json")  # nothing unsaveable is kept
    assert load_experiment(tmp_path / "after.json").runs[0].epochs == 4


def test_only_the_newest_runs_are_kept_besides_the_pinned_ones():
    exp = trained(small(), 1)
    runs = []
    for k in range(MAX_RUNS + 5):
        exp.runs = runs
        runs = finish_current(exp)
        if k == 0:
            runs[0].pinned = True
    numbers = [r.number for r in runs]
    assert numbers[0] == 1  # pinned
    assert numbers[1:] == list(range(6, MAX_RUNS + 6))  # the newest MAX_RUNS of the others
    assert len(runs) == MAX_RUNS + 1


# -- Restart and restore --------------------------------------------------------------
def test_restart_gives_the_same_initial_weights_and_data():
    before = trained(small(), 20)
    again = restart_experiment(before)
    assert again.state is None and [r.current for r in again.runs] == [False, True]
    first, second = Session(small()), Session(again)
    for a, b in zip(first.network.W + first.network.b, second.network.W + second.network.b,
                    strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(first.train_set.x, second.train_set.x)
    # Two restarts with the same settings train identically.
    one, two = Session(restart_experiment(before)), Session(restart_experiment(before))
    one.trainer.run_epochs(15)
    two.trainer.run_epochs(15)
    assert one.trainer.history.train_loss == two.trainer.history.train_loss
    np.testing.assert_array_equal(one.network.W[0], two.network.W[0])


def test_a_restored_run_continues_from_its_final_weights():
    first = trained(small(), 9)
    second = restart_experiment(first)
    second.training.learning_rate = 0.3
    session = Session(second)
    session.trainer.run_epochs(4)
    back = restore_run(session.to_experiment(), 1)
    restored = Session(back)
    assert restored.trainer.epoch == 9 and back.training.learning_rate == 0.03
    np.testing.assert_array_equal(restored.network.W[1], first.state.weights[1])
    assert restored.trainer.history.train_loss == first.state.history.train_loss
    assert [(r.number, r.current, r.weights is None) for r in back.runs] == [
        (1, True, True), (2, False, False)]  # run 2 is kept, with its final weights
    with pytest.raises(ValueError, match="no run 7"):
        restore_run(back, 7)


# -- files ------------------------------------------------------------------------------
def test_runs_stop_rules_and_pace_survive_save_and_load(tmp_path):
    exp = restart_experiment(trained(small(), 7))
    exp.training.learning_rate = 0.3
    exp.stop = StopRules(at_epoch=50, at_loss=0.01, patience=20, restore_best=False)
    exp.view.pace = 3.0
    session = Session(exp)
    session.trainer.run_epochs(4)
    saved = session.to_experiment()
    path = tmp_path / "runs.bplab.json"
    save_experiment(saved, path)
    back = load_experiment(path)
    assert back.stop == exp.stop and back.view.pace == 3.0
    assert [(r.number, r.label, r.epochs, r.current) for r in back.runs] == [
        (1, "[4, 2] tanh, lr 0.03", 7, False), (2, "lr 0.3", 4, True)]
    np.testing.assert_array_equal(back.runs[0].weights[0], saved.runs[0].weights[0])
    assert back.runs[0].history == saved.runs[0].history
    assert back.runs[0].settings.training == saved.runs[0].settings.training


def test_a_version_1_file_without_runs_loads():
    doc = experiment_to_json(trained(small(), 3))
    for key in ("stop", "view", "runs"):
        del doc[key]
    doc["version"] = 1
    exp = experiment_from_json(doc)
    assert exp.runs == [] and exp.stop == StopRules() and exp.view.pace is None
    assert experiment_to_json(exp)["version"] == VERSION == 3
    assert [r.epochs for r in with_current_run(exp)] == [3]


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["runs"][0]["settings"]["training"].update(learning_rate=50),
     "runs[0].settings.training.learning_rate", "learning rate"),
    (lambda d: d["runs"][1].update(current=False) or d["runs"][0].update(current=True)
     or d["runs"][1].update(current=True), "runs[1].current", "two runs"),
    (lambda d: d["runs"][1].update(number=1), "runs[1].number", "above 1"),
    (lambda d: d["runs"][0]["weights"].pop(), "runs[0].weights", "expected 3"),
    (lambda d: d["runs"][0].update(biases=None), "runs[0].biases", "neither"),
    (lambda d: d["stop"].update(at_loss=0), "stop.at_loss", "above 0"),
    (lambda d: d["view"].update(pace=-3), "view.pace", "from 0"),
    (lambda d: d["runs"][0]["history"].update(epoch=[1]), "runs[0].history", "lengths"),
])
def test_a_bad_run_is_named_by_its_field(change, field, words):
    doc = json.loads(json.dumps(experiment_to_json(restart_experiment(trained(small(), 3)))))
    change(doc)
    with pytest.raises(ExperimentFileError) as err:
        experiment_from_json(doc, "runs.json")
    assert err.value.field == field and words in str(err.value)


def test_runs_of_loaded_points_use_the_experiment_s_points(tmp_path):
    exp = small()
    session = Session(exp)
    ds = session.dataset
    from bplab.experiment.adapt import experiment_for_points

    points = experiment_for_points(exp, ds)
    again = restart_experiment(trained(points, 3))
    path = tmp_path / "points.json"
    save_experiment(Session(again).to_experiment(), path)
    text = path.read_text()
    assert text.count('"x": [') == 1  # the points are stored once, not once per run
    back = load_experiment(path)
    restored = experiment_from_run(back.runs[0], back, back.runs)
    np.testing.assert_array_equal(restored.data.points.x, ds.x)


# -- the CSV of all runs ------------------------------------------------------------------
def test_the_runs_csv_has_every_run_s_rows(tmp_path):
    exp = restart_experiment(trained(small(), 3))
    exp.runs[0].name = "baseline"
    session = Session(exp)
    session.trainer.run_epochs(2)
    out = runs_csv(session, tmp_path / "runs.csv")
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0] == ["run", "label", "epoch", "train_loss", "test_loss", "train_accuracy",
                       "test_accuracy"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("1", "baseline", "0"), ("1", "baseline", "1"), ("1", "baseline", "2"),
        ("1", "baseline", "3"),
        ("2", "same settings", "0"), ("2", "same settings", "1"), ("2", "same settings", "2")]
    assert float(rows[-1][3]) == session.trainer.history.train_loss[-1]
