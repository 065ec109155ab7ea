"""The shipped examples: they load, train, and the article's XOR is reproduced exactly."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from article_code import article_loop

from bplab.experiment import Session, examples_dir, list_examples, load_experiment
from bplab.experiment.io import experiment_to_text

EXPECTED = {"article-xor", "circle", "spiral", "gauss", "xor", "plane-regression",
            "gauss3-multiclass"}
FILES = sorted(examples_dir().glob("*.json"))


def test_examples_are_all_there():
    assert {p.stem for p in FILES} >= EXPECTED


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example_loads_and_trains(path):
    exp = load_experiment(path)
    assert exp.name and exp.description
    assert exp.state is None  # fresh experiments
    s = Session(exp)
    assert s.trainer.run_epochs(3) == 3
    assert s.trainer.status == "ready"
    assert math.isfinite(s.trainer.history.train_loss[-1])
    # the files are in the canonical layout, so saving one reproduces it byte for byte
    assert experiment_to_text(exp) == path.read_text(encoding="utf-8")


def test_list_examples_titles_come_from_the_files():
    listed = list_examples()
    assert [p for _, p in listed] == FILES
    titles = dict((p.stem, t) for t, p in listed)
    assert titles["circle"] == load_experiment(examples_dir() / "circle.json").name


def test_examples_dir_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert examples_dir() == tmp_path / "resources" / "examples"
    assert list_examples() == []  # no folder there: nothing to list, no error


def test_example_kinds():
    ex = {p.stem: load_experiment(p) for p in FILES}
    assert ex["plane-regression"].architecture.output_activation == "linear"
    assert ex["plane-regression"].training.loss == "squared_error"
    assert ex["gauss3-multiclass"].architecture.output_activation == "softmax"
    assert ex["gauss3-multiclass"].training.loss == "softmax_cross_entropy"
    circle = ex["circle"]
    assert (circle.data.generator, circle.architecture.hidden, circle.training.learning_rate,
            circle.training.batch_size) == ("circle", [4, 2], 0.03, 10)


def test_article_example_reproduces_the_corrected_article_bit_for_bit():
    exp = load_experiment(examples_dir() / "article-xor.json")
    a, t = exp.architecture, exp.training
    assert (exp.data.generator, exp.data.features) == ("article_xor", ["x1", "x2"])
    assert (a.hidden, a.activations, a.output_activation) == ([2], ["sigmoid"], "sigmoid")
    assert (t.loss, t.reduction, t.optimizer, t.learning_rate, t.batch_size, t.shuffle,
            t.initializer, t.seed) == ("squared_error", "sum", "sgd", 0.1, 4, False,
                                       "article", 1)
    state = np.random.get_state()
    try:
        expected = article_loop(10_000)
    finally:
        np.random.set_state(state)  # leave other tests' global random state alone
    s = Session(exp)
    assert s.trainer.run_epochs(10_000) == 10_000
    W, b = s.network.W, s.network.b
    for got, want in zip([W[0], b[0], W[1], b[1]], expected, strict=True):
        assert got.shape == want.shape
        assert np.array_equal(got, want)
