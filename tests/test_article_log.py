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


# -- the exported NumPy script's --article-log ----------------------------------------------------
def export_script(experiment: Path, tmp_path: Path) -> Path:
    script = tmp_path / "article_numpy.py"
    run(["-m", "bplab", "export", str(experiment), "--what", "numpy-script", "--out",
         str(script)])
    return script


def test_the_exported_script_prints_the_article_log_like_bplab_train(article_printout, tmp_path):
    script = export_script(ARTICLE, tmp_path)
    printed = run([str(script), "--epochs", "10000", "--article-log"], cwd=tmp_path).stdout
    lab = run(["-m", "bplab", "train", str(ARTICLE), "--epochs", "10000", "--article-log",
               "--out", str(tmp_path / "t.json")]).stdout
    assert printed == lab == article_printout
    # without the option the script prints its own reports, as before
    plain = run([str(script), "--epochs", "3"], cwd=tmp_path).stdout
    assert plain.splitlines()[0].startswith("epoch 1: train loss ")
    assert "Epoch 0" not in plain and "Output:" not in plain


def test_the_script_and_the_lab_agree_on_a_mini_batch_experiment_too(tmp_path):
    # The section 4.1 example: one point per step, shuffled, continued from a trained state.
    session = Session(load_experiment(examples_dir() / "article-regression.json"))
    session.trainer.run_epochs(7)
    trained = tmp_path / "trained.json"
    from bplab.experiment.io import save_experiment

    save_experiment(session.to_experiment(), trained)
    script = export_script(trained, tmp_path)
    printed = run([str(script), "--epochs", "30", "--article-log"], cwd=tmp_path).stdout
    lines: list[str] = []
    train_with_article_log(session.trainer, 30, lines.append, every=1000)
    assert printed == "".join(line + "\n" for line in lines)
    assert lines[0] == "Output:"  # no multiple of 1,000 in epochs 7 to 36: just the outputs
    # and with a line every 10 epochs (the script's article_every edited to match)
    script.write_text(script.read_text().replace("article_every = 1000", "article_every = 10"))
    again = Session(load_experiment(trained))
    every_10: list[str] = []
    train_with_article_log(again.trainer, 30, every_10.append, every=10)
    printed = run([str(script), "--epochs", "30", "--article-log"], cwd=tmp_path).stdout
    assert printed == "".join(line + "\n" for line in every_10)
    assert [ln.split(":")[0] for ln in every_10[:3]] == ["Epoch 10", "Epoch 20", "Epoch 30"]


@pytest.mark.parametrize("shape", [(4, 1), (7, 2), (250, 1), (250, 3), (100_000, 1)])
def test_article_mse_is_np_mean_of_the_squared_error_bit_for_bit(shape) -> None:
    from bplab.engine.trainer import article_mse

    rng = np.random.default_rng(sum(shape))
    t, y_hat = rng.normal(size=shape), rng.normal(size=shape)
    before = t.copy(), y_hat.copy()
    assert article_mse(t, y_hat) == float(np.mean((t - y_hat) ** 2))
    assert np.array_equal(t, before[0]) and np.array_equal(y_hat, before[1])  # left alone
