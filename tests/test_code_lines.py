"""The code view's model: the article's program and its correction, which line computes
which stage, and the values a hovered variable shows (no Qt)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bplab.experiment import examples_dir, load_experiment
from bplab.experiment.session import Session
from bplab.experiment.step_stages import build_stages
from bplab.experiment.walkthrough import apply_step, explain_step
from bplab.export.article_program import (
    CORRECTIONS,
    article_program,
    is_article_setup,
    printed_text,
)
from bplab.export.code_lines import article_map, generated_map, stage_index
from bplab.export.code_values import code_value
from bplab.export.numpy_script import numpy_script

STAGE_KEYS_2 = [("forward", 1), ("forward", 2), ("loss", 2), ("backward", 2), ("backward", 1),
                ("update", -1)]


ARTICLE_STAGES = {  # the article's corrected lines for each stage, as it writes them
    ("forward", 1): ["layer1 = sigmoid(np.dot(X, W1) + b1)"],
    ("forward", 2): ["layer2 = sigmoid(np.dot(layer1, W2) + b2)"],
    ("loss", 2): ["error = y - layer2"],
    ("backward", 2): ["delta2 = error * sigmoid_derivative(layer2)",
                      "W2 += learning_rate * np.dot(layer1.T, delta2)",
                      "b2 += learning_rate * np.sum(delta2, axis=0)"],
    ("backward", 1): ["delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)",
                      "W1 += learning_rate * np.dot(X.T, delta1)",
                      "b1 += learning_rate * np.sum(delta1, axis=0)"],
    ("update", -1): ["W2 += learning_rate * np.dot(layer1.T, delta2)",
                     "b2 += learning_rate * np.sum(delta2, axis=0)",
                     "W1 += learning_rate * np.dot(X.T, delta1)",
                     "b1 += learning_rate * np.sum(delta1, axis=0)"],
}


def session_of(name: str, **training) -> Session:
    exp = load_experiment(examples_dir() / name)
    for key, value in training.items():
        setattr(exp.training, key, value)
    return Session(exp)


def texts(code_map, lines) -> list[str]:
    rows = code_map.text.split("\n")
    return [rows[k].strip() for k in lines]


# -- the article's program -----------------------------------------------------------------
def test_the_shipped_program_is_the_articles_own_text() -> None:
    text = printed_text()
    assert "# Sigmoid激活函数及其导数" in text and "# 反向传播" in text  # its comments kept
    for fix in CORRECTIONS:
        assert text.count(fix.printed) == 1


def test_the_correction_changes_exactly_three_lines_and_nothing_else() -> None:
    program = article_program()
    printed, corrected = program.printed.split("\n"), program.corrected.split("\n")
    assert len(printed) == len(corrected)
    differ = tuple(k for k, (a, b) in enumerate(zip(printed, corrected, strict=True)) if a != b)
    assert differ == program.changed and len(differ) == 3
    assert [corrected[k].strip() for k in differ] == [
        "layer1 = sigmoid(np.dot(X, W1) + b1)",
        "layer2 = sigmoid(np.dot(layer1, W2) + b2)",
        "delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)"]
    assert program.printed_lines == tuple(printed[k].strip() for k in differ)


def run_program(text: str, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "program.py"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=120)


def test_the_printed_program_fails_with_the_error_the_note_quotes(tmp_path) -> None:
    program = article_program()
    printed = run_program(program.printed, tmp_path)
    assert printed.returncode != 0 and printed.stdout == ""  # nothing printed at all
    assert printed.stderr.strip().splitlines()[-1] == program.error
    corrected = run_program(program.corrected, tmp_path)
    assert corrected.returncode == 0, corrected.stderr
    assert corrected.stdout.startswith("Epoch 0: Loss = ")


def test_the_article_setup_is_recognised_and_any_change_leaves_it() -> None:
    assert is_article_setup(session_of("article-xor.json"))
    assert not is_article_setup(session_of("article-xor.json", learning_rate=0.2))
    assert not is_article_setup(session_of("article-xor.json", seed=2))
    assert not is_article_setup(session_of("xor.json"))


def test_the_articles_lines_for_each_stage() -> None:
    m = article_map(article_program())
    assert m.stage_keys() == STAGE_KEYS_2
    want = ARTICLE_STAGES
    for key, lines in want.items():
        assert texts(m, m.key_lines(*key)) == lines, key
    # a click on a line goes to its stage; the update lines go to the update
    for key in STAGE_KEYS_2:
        first = m.key_lines(*key)[0]
        assert m.stage_of_line(first) == key
    assert m.stage_of_line(0) is None  # import numpy as np


# -- the generated script -----------------------------------------------------------------
@pytest.mark.parametrize("optimizer,regularization", [
    ("sgd", "none"), ("adam", "l2"), ("momentum", "l1"), ("rmsprop", "none")])
def test_the_scripts_lines_for_each_stage(optimizer: str, regularization: str) -> None:
    s = session_of("circle.json", optimizer=optimizer, regularization=regularization,
                   regularization_rate=0.001 if regularization != "none" else 0.0)
    assert list(s.network.sizes) == [2, 4, 2, 1]
    m = generated_map(numpy_script(s), 3)
    keys = m.stage_keys()
    assert keys == [("forward", 1), ("forward", 2), ("forward", 3), ("loss", 3),
                    ("backward", 3), ("backward", 2), ("backward", 1), ("update", -1)]
    for k in (1, 2, 3):
        prev = "x" if k == 1 else f"h{k - 1}"
        assert texts(m, m.key_lines("forward", k)) == [f"net{k} = {prev} @ W{k} + b{k}",
                                                       f"h{k} = tanh(net{k})"]
        back = texts(m, m.key_lines("backward", k))
        assert back[0].startswith(f"delta{k} = ")
        assert f"dW{k} = {prev}.T @ delta{k}" in back and f"db{k} = delta{k}.sum(axis=0)" in back
        if regularization != "none":
            assert any(t.startswith(f"dW{k} += ") for t in back)
    assert texts(m, m.key_lines("loss", 3)) == ["per_point = 0.5 * ((y - y_hat) ** 2).sum(axis=1)"]
    update = texts(m, m.key_lines("update", -1))
    if optimizer == "sgd":
        assert update == [f"{p}{k} -= learning_rate * d{p}{k}" for k in (3, 2, 1)
                          for p in ("W", "b")]
    else:
        assert update[0].startswith(("grads = ", "t += 1"))
        assert update[-1].startswith("p -= learning_rate")
    for key in keys:  # every stage's lines lead back to it
        assert all(m.stage_of_line(k) == key for k in m.key_lines(*key)), key


def test_the_scripts_loss_lines_for_cross_entropy() -> None:
    s = session_of("gauss3-multiclass.json")
    m = generated_map(numpy_script(s), s.network.n_layers)
    lines = texts(m, m.key_lines("loss", s.network.n_layers))
    assert [t.split(" = ")[0] for t in lines] == ["top", "log_sum_exp", "per_point"]


# -- clicks: from graph elements and equations to the line ------------------------------------
def test_graph_elements_and_equations_lead_to_the_line_computing_them() -> None:
    s = session_of("circle.json")
    wt = explain_step(s)
    stages = build_stages(wt)
    m = generated_map(numpy_script(s), 3)
    at = {(st.kind, st.layer): st for st in stages}
    row = m.text.split("\n")

    def line(stage, *target) -> str:
        return row[m.element_line(stage, *target)].strip()

    assert line(at["forward", 2], "node", 2, 1).startswith("net2 = ")
    assert line(at["forward", 2], "link", 1, 3).startswith("net2 = ")  # W2 feeds layer 2
    assert line(at["loss", 3], "node", 3, 0).startswith("per_point = ")
    assert line(at["backward", 1], "node", 1, 0).startswith("delta1 = ")
    assert line(at["backward", 1], "link", 0, 1) == "dW1 = x.T @ delta1"
    assert line(at["backward", 2], "bias", 1, 0) == "db2 = delta2.sum(axis=0)"
    assert line(at["update", -1], "link", 2, 0) == "W3 -= learning_rate * dW3"
    assert line(at["update", -1], "bias", 0, 0) == "b1 -= learning_rate * db1"
    for eq in wt.lines():
        code = row[m.equation_line(eq)].strip()
        key = m.equation_stage(eq)
        assert stage_index(stages, key) is not None
        k = max(1, eq.layer)
        expected = {"forward": f"net{k} = " if eq.symbol.startswith("net") else f"h{k} = ",
                    "loss": "per_point = ", "backward": f"delta{k} = ",
                    "gradient": f"d{'b' if eq.param == 'b' else 'W'}{k} ",
                    "update": f"{'b' if eq.param == 'b' else 'W'}{k} -= "}[eq.kind]
        if eq.kind == "forward" and eq.layer == 0:
            expected = "x, y = X_train[batch]"
        assert code.startswith(expected), (eq.symbol, code)


# -- hovered values ---------------------------------------------------------------------
def test_article_variables_hold_the_engines_numbers_with_the_articles_sign() -> None:
    s = session_of("article-xor.json")
    wt = explain_step(s)
    _idx, x, t = s.trainer.next_batch()
    fp = s.network.forward(x)
    bp = s.network.backward(fp, t)
    old_W = [w.copy() for w in s.network.W]

    def value(name: str, kind: str = "backward") -> np.ndarray:
        return code_value(name, wt, article=True, stage_kind=kind).array

    assert repr(value("X")) == repr(x) and repr(value("y")) == repr(t)
    assert repr(value("layer1")) == repr(fp.h[1]) and repr(value("layer2")) == repr(fp.h[2])
    assert repr(value("delta2")) == repr(-bp.delta[1])  # error = y − ŷ: the article's −δ
    assert repr(value("delta1")) == repr(-bp.delta[0])
    assert repr(value("error")) == repr(t - fp.h[2])
    assert repr(value("W1")) == repr(old_W[0])
    after = value("W1", "update")
    apply_step(s, wt)
    assert repr(after) == repr(s.network.W[0])  # the update stage shows what the step writes
    assert code_value("learning_rate", wt, True, "update") is None


def test_the_articles_delta_is_its_own_program_bit_for_bit() -> None:
    s = session_of("article-xor.json")
    wt = explain_step(s)
    W1, b1, W2, b2 = (a.copy() for a in (*wt.arrays.old_W[:1], *wt.arrays.old_b[:1],
                                         wt.arrays.old_W[1], wt.arrays.old_b[1]))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0], [1], [1], [0]])
    layer1 = 1 / (1 + np.exp(-(np.dot(X, W1) + b1)))
    layer2 = 1 / (1 + np.exp(-(np.dot(layer1, W2) + b2)))
    delta2 = (y - layer2) * (layer2 * (1 - layer2))
    delta1 = np.dot(delta2, W2.T) * (layer1 * (1 - layer1))
    assert repr(code_value("delta2", wt, True).array) == repr(delta2)
    assert repr(code_value("delta1", wt, True).array) == repr(delta1)


def test_script_variables_hold_the_engines_numbers() -> None:
    s = session_of("circle.json")
    wt = explain_step(s)
    _idx, x, t = s.trainer.next_batch()
    fp = s.network.forward(x)
    bp = s.network.backward(fp, t)
    for name, want in [("x", x), ("y", t), ("net2", fp.net[1]), ("h3", fp.h[3]),
                       ("delta1", bp.delta[0]), ("dW2", bp.dW[1]), ("db3", bp.db[2]),
                       ("W2", s.network.W[1]), ("y_hat", fp.h[3])]:
        assert repr(code_value(name, wt, False, "backward").array) == repr(want), name
    assert code_value("delta4", wt, False) is None and code_value("order", wt, False) is None
