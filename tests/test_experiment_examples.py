"""The shipped examples: they load, train, and the article's XOR is reproduced exactly."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from article_code import article_loop

from bplab.experiment import Session, examples_dir, list_examples, load_experiment
from bplab.experiment.io import experiment_to_text

EXPECTED = {"article-xor", "article-regression", "circle", "spiral", "gauss", "xor",
            "plane-regression", "gauss3-multiclass"}
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


# -- the article's section 4.1 -----------------------------------------------------------------
def test_the_section_4_1_example_is_the_articles_model():
    exp = load_experiment(examples_dir() / "article-regression.json")
    arch, tr = exp.architecture, exp.training
    # inputs → one sigmoid hidden layer → one linear output, squared error, regression data
    assert (len(arch.hidden), arch.activations, arch.output_activation) == (1, ["sigmoid"],
                                                                            "linear")
    assert tr.loss == "squared_error" and exp.data.points.task == "regression"
    assert len(exp.data.points.y) <= 50  # a small data set
    # its description quotes the equations it illustrates
    for equation in ("net_j = Σ_i w_ji x_i + b_j", "h_j = f(net_j) = 1 / (1 + e^(−net_j))",
                     "ŷ = f(net) = net", "L = ½(y − ŷ)²", "δ = ∂L/∂net = (ŷ − y) f'(net)",
                     "f'(net) = 1", "δ_j = ∂L/∂net_j = δ w_j f'(net_j)"):
        assert equation in exp.description
    s = Session(exp)
    s.trainer.run_epochs(300)
    h = s.trainer.history
    assert h.epoch[0] == 0 and s.trainer.status == "ready"
    assert h.train_loss[-1] < 0.05 * h.train_loss[0]  # it learns the bump


def test_the_section_4_1_step_through_writes_the_articles_linear_output():
    from bplab.experiment.walkthrough import explain_step

    wt = explain_step(Session(load_experiment(examples_dir() / "article-regression.json")))
    forward = wt.lines("forward")
    output = forward[-1]
    assert (output.symbol, output.formula) == ("ŷ", "net")  # ŷ = f(net) = net
    assert output.value == forward[-2].value  # the linear output passes net on
    delta = wt.lines("backward")[0]
    assert delta.symbol == "δ" and delta.formula == "(ŷ − y)"  # one sample, summed: no 1/N
    assert "f′(net) = 1" in delta.comment
    notes = " ".join(n for sec in wt.sections for n in sec.notes)
    assert "f′(net) = 1" in notes and "ŷ = f(net) = net" in notes
    hidden = wt.lines("backward")[1]
    assert hidden.formula == "δ w₁ · h₁(1 − h₁)"  # the article's δⱼ = δ wⱼ f′(netⱼ)
