"""The history in experiment files: bounded size, exact continuation, and older files."""

from __future__ import annotations

import copy
import json
import math
import random

import numpy as np
import pytest

from bplab.engine import AUTO_RECORD, History
from bplab.engine.history import MAX_ROWS
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    ExperimentFileError,
    Session,
    TrainingSettings,
    examples_dir,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)


def article(record_every: int = AUTO_RECORD) -> Experiment:
    exp = load_experiment(examples_dir() / "article-xor.json")
    exp.training.record_every = record_every
    return exp


def momentum_circle(record_every: int = AUTO_RECORD) -> Experiment:
    return Experiment(data=DataSpec(generator="circle", n_points=40, seed=3),
                      architecture=Architecture([3], ["tanh"], "tanh"),
                      training=TrainingSettings(optimizer="momentum", batch_size=7, seed=2,
                                                learning_rate=0.02, record_every=record_every))


def assert_same(a: Session, b: Session) -> None:
    for x, y in zip(a.network.W + a.network.b, b.network.W + b.network.b, strict=True):
        assert np.array_equal(x, y)
    ta, tb = a.trainer, b.trainer
    for slot in ta.optimizer.state:
        for x, y in zip(ta.optimizer.state[slot], tb.optimizer.state[slot], strict=True):
            assert np.array_equal(x, y)
    assert (ta.epoch, ta.step, ta.position) == (tb.epoch, tb.step, tb.position)
    assert ta.rng.bit_generator.state == tb.rng.bit_generator.state
    assert ta.history == tb.history and len(ta.history) == len(tb.history)


# -- continuing ------------------------------------------------------------------------
@pytest.mark.parametrize(("make", "first", "then", "merged"), [
    (lambda: article(1), 1_500, 4_000, True),  # past the head, into merged buckets
    (article, 2_500, 40_000, True),  # the automatic schedule, full batch
    (lambda: momentum_circle(1), 1_300, 700, True),  # shuffled mini-batches
    (momentum_circle, 1_200, 900, False),
])
def test_continuing_a_saved_run_equals_an_uninterrupted_one(make, first, then, merged,
                                                            tmp_path) -> None:
    uninterrupted = Session(make())
    uninterrupted.trainer.run_epochs(first)
    uninterrupted.trainer.run_steps(3)  # saved in the middle of an epoch (or just after one)
    path = tmp_path / "run.json"
    save_experiment(uninterrupted.to_experiment(), path)
    continued = Session(load_experiment(path))
    assert_same(continued, uninterrupted)
    for s in (uninterrupted, continued):
        s.trainer.run_epochs(then)
    assert_same(continued, uninterrupted)
    assert (continued.trainer.history.layout()["bucket_epochs"] > 1) == merged


# -- size --------------------------------------------------------------------------------
def test_a_million_epochs_of_the_article_save_under_two_megabytes(tmp_path) -> None:
    """Worst case: every recorded value different, so each bucket keeps all it may."""
    s = Session(article())
    s.trainer.run_epochs(3)
    rng = random.Random(0)
    h = History()
    for epoch in range(1, 1_000_001):
        loss = rng.random()
        h.append(epoch, {"train_loss": loss, "test_loss": math.nan,
                         "train_accuracy": rng.choice((0.25, 0.5, 0.75, 1.0)),
                         "test_accuracy": math.nan, "train_loss_sum": 4 * loss,
                         "test_loss_sum": math.nan})
    exp = s.to_experiment()
    exp.state.history = h
    exp.state.epoch = 1_000_000
    path = tmp_path / "million.json"
    save_experiment(exp, path)
    assert path.stat().st_size < 2_000_000
    back = load_experiment(path)
    assert back.state.history == h and len(back.state.history) == 1_000_000
    assert back.state.history.row_count() <= MAX_ROWS


# -- older files -----------------------------------------------------------------------------
def version_1(exp: Experiment, epochs: int) -> tuple[dict, Session]:
    """A version-1 document of ``exp`` trained ``epochs``, every epoch in its history,
    each loss as the reduction made it (the sum for "sum")."""
    s = Session(exp)
    s.trainer.record_every = 1
    s.trainer.run_epochs(epochs)
    doc = experiment_to_json(s.to_experiment())
    doc["version"] = 1
    doc["training"]["record_every"] = 1
    h = s.trainer.history
    reduced = "_sum" if exp.training.reduction == "sum" else ""
    # version 1 kept every record: rebuild them all from a twin run recording everything
    twin = Session(exp)
    twin.trainer.record_every = 1
    every = History(head_limit=10**9)
    twin.trainer.history = every
    twin.trainer.run_epochs(epochs)
    cols = every.as_columns()
    doc["state"]["history"] = {
        "epoch": cols["epoch"],
        "train_loss": cols["train_loss" + reduced],
        "test_loss": [None if math.isnan(v) else v for v in cols["test_loss" + reduced]],
        "train_accuracy": cols["train_accuracy"],
        "test_accuracy": [None if math.isnan(v) else v for v in cols["test_accuracy"]],
    }
    assert len(h) == len(cols["epoch"])
    return doc, s


def test_a_version_1_sum_history_becomes_per_point_and_sum() -> None:
    doc, s = version_1(article(), 40)
    old = copy.deepcopy(doc["state"]["history"])
    exp = experiment_from_json(doc, "old.json")
    h = exp.state.history
    assert h.train_loss_sum == old["train_loss"]  # the article's ½Σ(y − ŷ)², unchanged
    assert h.train_loss == [v / 4 for v in old["train_loss"]]  # per point of its 4 points
    # what this bplab records for the same run, but for the article's MSE, which version 1
    # did not keep: absent (NaN), not invented
    ours = s.trainer.history
    assert h == History.from_rows([r[:-1] for r in ours.rows()], **ours.layout())
    assert h.epoch[0] == 0 and all(math.isnan(v) for v in h.as_columns()["article_mse"])
    assert exp.training.record_every == AUTO_RECORD
    assert experiment_to_json(exp)["version"] == 3


def test_a_version_1_mean_history_keeps_its_losses_and_gains_sums() -> None:
    exp = momentum_circle()
    doc, s = version_1(exp, 5)
    old = copy.deepcopy(doc["state"]["history"])
    h = experiment_from_json(doc, "old.json").state.history
    n_train, n_test = len(s.train_set.y), len(s.test_set.y)
    assert h.train_loss == old["train_loss"] and h.test_loss == old["test_loss"]
    assert h.train_loss_sum == [v * n_train for v in old["train_loss"]]
    assert h.test_loss_sum == [v * n_test for v in old["test_loss"]]
    np.testing.assert_allclose(h.test_loss_sum, s.trainer.history.test_loss_sum, rtol=1e-14)


def test_a_version_1_record_every_other_than_1_is_kept() -> None:
    doc, _ = version_1(momentum_circle(), 2)
    doc["training"]["record_every"] = 25
    assert experiment_from_json(doc).training.record_every == 25


def test_an_old_file_with_a_long_full_history_loads_bounded(tmp_path) -> None:
    doc, _ = version_1(article(), 2)
    n = 150_000
    epochs = list(range(1, n + 1))
    doc["state"]["history"] = {"epoch": epochs, "train_loss": [1.0 / e for e in epochs],
                               "test_loss": [None] * n, "train_accuracy": [0.5] * n,
                               "test_accuracy": [None] * n}
    doc["state"]["epoch"] = doc["state"]["step"] = n
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    h = load_experiment(path).state.history
    assert len(h) == n and h.row_count() <= MAX_ROWS
    assert h.train_loss_sum[:3] == [1.0, 0.5, 1 / 3]
    assert h.epoch[-1] == n
    save_experiment(load_experiment(path), tmp_path / "new.json")
    assert (tmp_path / "new.json").stat().st_size < path.stat().st_size / 10


def test_a_hand_written_history_may_give_either_pair_of_losses() -> None:
    doc, _ = version_1(article(), 3)
    doc["version"] = 2
    h = doc["state"]["history"]
    h["train_loss_sum"], h["test_loss_sum"] = h.pop("train_loss"), h.pop("test_loss")
    got = experiment_from_json(doc).state.history
    assert got.train_loss == [v / 4 for v in h["train_loss_sum"]]
    del h["train_loss_sum"]
    with pytest.raises(ExperimentFileError, match="the history has no losses"):
        experiment_from_json(doc, "hand.json")


@pytest.mark.parametrize(("layout", "words"), [
    ({"head": 7}, "the head holds 7 rows but there are 4"),  # epochs 0 to 3
    ({"head": 1, "recorded": 2}, "4 rows cannot come from 2 records"),
    ({"head": 1, "bucket_epochs": 0}, "expected a whole number from 1"),
    ({"head": 1, "bucket_origin": 3}, "lies before the first bucket"),
])
def test_a_history_layout_that_does_not_fit_is_named(layout: dict, words: str) -> None:
    s = Session(article())
    s.trainer.run_epochs(3)
    doc = experiment_to_json(s.to_experiment())
    doc["state"]["history"].update(layout)
    with pytest.raises(ExperimentFileError, match=r"state\.history") as info:
        experiment_from_json(doc, "bad.json")
    assert words in str(info.value)


def test_a_history_without_epoch_0_loads_without_one() -> None:
    """Files written before epoch 0 was recorded: the absence stays an absence."""
    s = Session(article())
    s.trainer.run_epochs(5)
    doc = experiment_to_json(s.to_experiment())
    h = doc["state"]["history"]
    assert h["epoch"][0] == 0
    old = {k: (v[1:] if isinstance(v, list) else v) for k, v in h.items()
           if k != "article_mse"}
    old["recorded"] -= 1
    old["head"] -= 1
    doc["state"]["history"] = old
    loaded = Session(experiment_from_json(doc, "old.json")).trainer.history
    assert loaded.epoch == [1, 2, 3, 4, 5]  # no epoch 0 made up
    assert all(math.isnan(v) for v in loaded.as_columns()["article_mse"])
    assert loaded.train_loss == s.trainer.history.train_loss[1:]


def test_a_new_session_has_epoch_0_before_any_training() -> None:
    s = Session(momentum_circle())
    h = s.trainer.history
    assert h.epoch == [0] and s.trainer.epoch == 0
    assert h.train_loss[0] == s.trainer.evaluate()["train_loss"]  # the initial weights
    s.trainer.run_epochs(2)
    assert h is s.trainer.history and h.epoch[:2] == [0, 1]  # recorded once, not again
