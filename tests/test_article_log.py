"""The article's printout: `bplab train --article-log` against the corrected article program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from article_code import article_loop

from bplab.engine.trainer import AUTO_RECORD
from bplab.experiment import Session, examples_dir, load_experiment
from bplab.experiment.article_log import current_mse, loss_line, train_with_article_log

REPO = Path(__file__).resolve().parent.parent
ARTICLE_PROGRAM = Path(__file__).resolve().parent / "article_program.py"
ARTICLE = examples_dir() / "article-xor.json"
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
XOR_Y = np.array([[0], [1], [1], [0]])


def run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def article_printout() -> str:
    """What the corrected article program prints."""
    return run([str(ARTICLE_PROGRAM)]).stdout


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def test_train_article_log_prints_the_article_programs_lines_exactly(article_printout, tmp_path):
    out = tmp_path / "trained.json"
    done = run(["-m", "bplab", "train", str(ARTICLE), "--epochs", "10000", "--article-log",
                "--out", str(out)])
    assert done.stdout == article_printout  # digit for digit, line for line
    lines = article_printout.splitlines()
    assert lines[0] == "Epoch 0: Loss = 0.3672016706944875"
    assert [ln.split(":")[0] for ln in lines[:10]] == [f"Epoch {k}" for k in range(0, 10000, 1000)]
    assert lines[10] == "Output:" and len(lines) == 15
    # the usual report is not lost: it goes to standard error, and the result is saved
    assert "saved" in done.stderr and load_experiment(out).state.epoch == 10000


def test_the_printed_losses_are_the_historys_article_mse_before_each_update(tmp_path) -> None:
    session = Session(load_experiment(ARTICLE))
    session.trainer.record_every = 1000
    lines: list[str] = []
    assert train_with_article_log(session.trainer, 3000, lines.append) == 3000
    h = session.trainer.history.as_columns()
    assert h["epoch"] == [0, 1000, 2000, 3000]
    assert lines[:3] == [loss_line(e, m) for e, m in zip(h["epoch"][:3], h["article_mse"][:3],
                                                         strict=True)]
    # mean((y − ŷ)²) over the four points is the lab's ½(y − ŷ)² per point, doubled
    assert all(abs(m - 2 * loss) < 1e-15 for m, loss in zip(h["article_mse"], h["train_loss"],
                                                           strict=True))


def test_the_outputs_are_the_last_forward_pass_before_the_last_update() -> None:
    session = Session(load_experiment(ARTICLE))
    lines: list[str] = []
    train_with_article_log(session.trainer, 300, lines.append)
    W1, b1, W2, b2 = article_loop(299)  # the weights the article's last forward pass sees
    layer2 = sigmoid(np.dot(sigmoid(np.dot(XOR_X, W1) + b1), W2) + b2)
    assert lines[-2:] == ["Output:", str(layer2)]
    W1, b1, W2, b2 = article_loop(0)  # the initial weights
    error = XOR_Y - sigmoid(np.dot(sigmoid(np.dot(XOR_X, W1) + b1), W2) + b2)
    assert lines[0] == loss_line(0, float(np.mean(error**2)))
    # the run records what a plain run records: the schedule's epochs and the last one
    plain = Session(load_experiment(ARTICLE))
    assert plain.trainer.record_every == AUTO_RECORD
    plain.trainer.run_epochs(300)
    assert session.trainer.history == plain.trainer.history


def test_an_experiment_with_a_test_set_logs_its_training_points() -> None:
    session = Session(load_experiment(examples_dir() / "circle.json"))
    lines: list[str] = []
    before = current_mse(session.trainer)
    train_with_article_log(session.trainer, 2, lines.append, every=1)
    assert lines[0] == loss_line(0, before)
    assert lines[1].startswith("Epoch 1: Loss = ") and lines[2] == "Output:"
    assert session.trainer.epoch == 2
